"""Family time on the home page: the coordinator's centre today and the supervisor's sessions."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_coordinator_sees_the_centre_today(client, council, centre):
    client.force_login(centre.coordinator)
    content = client.get(reverse("home")).content.decode()
    assert 'data-testid="home-family-centre"' in content
    assert "Riverside Family Centre" in content and "children on the waiting list" in content


def test_a_supervisor_sees_their_sessions_today(client, council, centre):
    client.force_login(centre.supervisor)
    content = client.get(reverse("home")).content.decode()
    assert 'data-testid="home-supervision"' in content
    assert "You have no session to supervise today." in content


def test_an_administrator_does_not_get_the_centre_card(client, council, centre):
    client.force_login(council.admin)
    assert 'data-testid="home-family-centre"' not in client.get(reverse("home")).content.decode()

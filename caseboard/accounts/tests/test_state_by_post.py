"""Opening a page never changes anything: signing out after the idle timeout and marking notifications read are POSTs.
(The link crawl in tests/test_links.py checks every page the demo roles reach writes nothing on GET.)"""

from __future__ import annotations

import pytest
from django.urls import reverse

from caseboard.accounts.models import Notification

pytestmark = pytest.mark.django_db


def test_opening_the_signed_out_address_does_not_sign_anyone_out(client, council):
    client.force_login(council.worker)
    response = client.get(reverse("accounts:timed-out"))
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("casework:my-caseload")).status_code == 200  # still signed in


def test_the_timeout_warning_signs_out_with_a_post_then_says_so(client, council):
    client.force_login(council.worker)
    page = client.get(reverse("casework:my-caseload")).content.decode()
    assert f'<form method="post" action="{reverse("accounts:timed-out")}"' in page
    assert 'id="timeout-sign-out"' in page and 'name="csrfmiddlewaretoken"' in page
    response = client.post(reverse("accounts:timed-out"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:timed-out")
    assert "_auth_user_id" not in client.session
    page = client.get(reverse("accounts:timed-out"))
    assert page.status_code == 200 and "You have been signed out" in page.content.decode()


def test_signing_out_from_the_timeout_warning_needs_the_form_token(council):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(council.worker)
    assert client.post(reverse("accounts:timed-out")).status_code == 403
    assert client.get(reverse("casework:my-caseload")).status_code == 200


def test_the_sign_out_link_in_the_navigation_is_a_post_form(client, council):
    client.force_login(council.worker)
    assert client.get("/accounts/logout/").status_code == 405
    page = client.get(reverse("casework:my-caseload")).content.decode()
    assert f'<form method="post" action="{reverse("accounts:logout")}"' in page


def test_opening_notifications_leaves_them_unread_until_marked_read(client, council):
    note = Notification.objects.create(recipient=council.worker, message="Review due")
    other = Notification.objects.create(recipient=council.manager, message="Someone else's")
    client.force_login(council.worker)
    page = client.get(reverse("accounts:notifications")).content.decode()
    assert "New</strong>" in page and "Mark all as read" in page
    note.refresh_from_db()
    assert note.read_at is None

    response = client.post(reverse("accounts:notifications"))
    assert response.status_code == 302
    note.refresh_from_db()
    other.refresh_from_db()
    assert note.read_at is not None and other.read_at is None
    page = client.get(reverse("accounts:notifications")).content.decode()
    assert "New</strong>" not in page and "Mark all as read" not in page

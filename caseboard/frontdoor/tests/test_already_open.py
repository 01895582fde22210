"""The decision page shows the concerns open and, for a child already open, the allocated worker, to whom the
contact can be sent."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from caseboard.accounts.models import Notification
from caseboard.frontdoor import services

from .conftest import record_contact

pytestmark = pytest.mark.django_db


def test_the_concerns_are_shown_open(client, council, front_door):
    contact = record_contact(front_door, children=[council.own_child])
    client.force_login(front_door.practitioner)
    content = client.get(reverse("frontdoor:decide", args=[contact.pk])).content.decode()
    assert 'data-testid="concerns"' in content and "came to school with a bruise" in content
    assert "govuk-details" not in content


def test_a_child_already_open_names_the_worker_and_the_contact_goes_to_them(client, council, front_door):
    contact = record_contact(front_door, children=[council.own_child])
    client.force_login(front_door.practitioner)
    content = client.get(reverse("frontdoor:decide", args=[contact.pk])).content.decode()
    assert 'data-testid="already-open"' in content
    assert f"Send the contact to {council.worker}" in content
    response = client.post(reverse("frontdoor:send", args=[contact.pk]), {"worker": council.worker.pk})
    assert response.status_code == 302
    notice = Notification.objects.get(recipient=council.worker)
    assert "sent you a contact about Ava Brown" in notice.message
    assert notice.link == reverse("casework:child", args=[council.own_child.pk])
    # Who sent it to whom is in the contact's audit, not only in the notification.
    entry = LogEntry.objects.get_for_object(contact).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == front_door.practitioner
    assert f"Sent to {council.worker}" in entry.changes_dict["sent_to_worker"][1]


def test_the_contact_goes_only_to_a_worker_of_its_children(client, council, front_door):
    contact = record_contact(front_door, children=[council.own_child])
    client.force_login(front_door.practitioner)
    for worker in (council.other_worker.pk, "x", ""):
        client.post(reverse("frontdoor:send", args=[contact.pk]), {"worker": worker})
    assert not Notification.objects.filter(recipient=council.other_worker).exists()
    assert not Notification.objects.exclude(recipient=front_door.practitioner).exists()


def test_only_the_front_door_sends_contacts(client, council, front_door):
    contact = record_contact(front_door, children=[council.own_child])
    client.force_login(council.colleague)
    response = client.post(reverse("frontdoor:send", args=[contact.pk]), {"worker": council.worker.pk})
    assert response.status_code in (403, 404)
    assert not Notification.objects.filter(recipient=council.worker).exists()


def test_a_new_child_has_no_banner(client, council, front_door):
    new_child = services.NewChild(first_name="Nia", last_name="Okoro", sex="F", date_of_birth=date(2013, 2, 1))
    contact = record_contact(front_door, new_children=[new_child])
    client.force_login(front_door.practitioner)
    content = client.get(reverse("frontdoor:decide", args=[contact.pk])).content.decode()
    assert 'data-testid="already-open"' not in content

"""A front-door contact sent twice (a retry, a resubmitted form) is recorded once, with its new child made once."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from caseboard.frontdoor.models import Contact
from caseboard.people.models import Child
from caseboard.testing.idempotency import api_retry_is_safe, page_resubmission_is_safe

from .test_views import CONTACT_FORM

pytestmark = pytest.mark.django_db


def test_a_contact_retried_through_the_api_is_recorded_once(council, front_door):
    api = APIClient()
    api.force_authenticate(front_door.practitioner)
    body = {
        "referrer_name": "PC Ahmed",
        "referrer_agency": "6",
        "method": "phone",
        "concerns": "Domestic incident",
        "received_at": "2026-11-24T09:00:00Z",
        "new_children": [{"first_name": "Ruby", "last_name": "Hill", "sex": "F", "date_of_birth": "2014-04-03"}],
    }
    children = Child.objects.count()
    api_retry_is_safe(api, "/api/v1/contacts/", body, Contact, {"concerns": "Another incident"})
    assert Child.objects.count() == children + 3  # one per contact recorded, none for the retry


def test_a_contact_form_sent_twice_is_recorded_once(client, council, front_door):
    client.force_login(front_door.practitioner)
    children = Child.objects.count()
    page_resubmission_is_safe(client, "/front-door/contacts/new/", CONTACT_FORM, Contact)
    assert Child.objects.count() == children + 1

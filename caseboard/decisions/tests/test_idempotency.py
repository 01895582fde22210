"""A key decision proposed twice (a retry, a resubmitted form) is recorded once."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from caseboard.decisions.models import KeyDecision
from caseboard.testing.idempotency import api_retry_is_safe, page_resubmission_is_safe

from .test_views import form_data

pytestmark = pytest.mark.django_db


def test_a_decision_retried_through_the_api_is_recorded_once(council):
    api = APIClient()
    api.force_authenticate(council.worker)
    body = {
        "children": [council.own_child.pk],
        "kind": "visit_virtual",
        "rationale": "Household isolating",
        "starts_on": str(date.today()),
    }
    api_retry_is_safe(api, "/api/v1/key-decisions/", body, KeyDecision, {"rationale": "Another reason"})


def test_a_proposal_form_sent_twice_is_recorded_once(client, council):
    client.force_login(council.worker)
    path = reverse("decisions:propose", args=[council.own_child.pk])
    page_resubmission_is_safe(client, path, form_data(), KeyDecision)

"""Partners: the directory of agencies and their people, a child's professionals, and the information sharing log on
the child's record and as a report; the rules (sharing without consent only with the reason), need to know, audit,
the API's 400 field errors and the demo step."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from caseboard.partners import services
from caseboard.partners.models import Agency, ChildProfessional, InformationShare

pytestmark = pytest.mark.django_db


def date_parts(name: str, day: date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def school(council) -> Agency:
    return services.agency_add(name="Northmoor Primary School", kind="school", recorded_by=council.worker)


def share(council, child, **changes) -> InformationShare:
    values = {
        "child": child,
        "shared_on": date(2026, 4, 1),
        "what": "Attendance since March",
        "lawful_basis": "safeguarding",
        "with_consent": False,
        "without_consent_reason": "Asking the parents would have put the child at risk",
        "shared_with": "DSL",
        "recorded_by": council.worker,
    }
    values.update(changes)
    return services.share_record(**values)


def test_sharing_without_consent_needs_the_reason_and_consent_cannot_be_the_basis(council):
    with pytest.raises(ValidationError) as refused:
        share(council, council.own_child, without_consent_reason="")
    assert refused.value.message_dict["without_consent_reason"] == [
        "Say why the information was shared without consent"
    ]
    with pytest.raises(ValidationError) as refused:
        share(council, council.own_child, lawful_basis="consent")
    assert "Consent cannot be the lawful basis" in refused.value.message_dict["lawful_basis"][0]
    assert not InformationShare.objects.exists()


def test_the_directory_refuses_a_duplicate_agency(council):
    school(council)
    with pytest.raises(ValidationError) as refused:
        services.agency_add(name="northmoor primary school", kind="school", recorded_by=council.worker)
    assert "already in the directory" in refused.value.message_dict["name"][0]


def test_directory_pages_and_a_person_added(client, council):
    agency = school(council)
    client.force_login(council.worker)
    assert "Northmoor Primary School" in client.get(reverse("partners:agencies"), {"kind": "school"}).content.decode()
    url = reverse("partners:agency", args=[agency.pk])
    assert "Enter the person" in client.post(url, {"full_name": ""}).content.decode()
    client.post(url, {"full_name": "Grace Hughes", "job_title": "Designated safeguarding lead"})
    assert "Grace Hughes" in client.get(url).content.decode()
    created = client.post(reverse("partners:agency-new"), {"name": "Hillcrest Medical Practice", "kind": "gp"})
    assert created.status_code == 302
    client.force_login(council.performance)
    assert client.post(url, {"full_name": "X"}).status_code == 403


def test_a_childs_professionals_and_sharing_on_their_record(client, council):
    agency = school(council)
    client.force_login(council.worker)
    child_url = reverse("casework:child", args=[council.own_child.pk])
    client.post(
        reverse("partners:professional-new", args=[council.own_child.pk]),
        {"role": "school", "agency": agency.pk, **date_parts("started_on", date(2025, 9, 3))},
    )
    assert ChildProfessional.objects.get().agency == agency
    bad = client.post(
        reverse("partners:share-new", args=[council.own_child.pk]),
        {
            **date_parts("shared_on", date(2026, 4, 1)),
            "direction": "shared",
            "agency": agency.pk,
            "what": "The safety plan",
            "lawful_basis": "safeguarding",
            "with_consent": "no",
        },
    )
    assert "Say why the information was shared without consent" in bad.content.decode()
    assert "The safety plan" in bad.content.decode()
    client.post(
        reverse("partners:share-new", args=[council.own_child.pk]),
        {
            **date_parts("shared_on", date(2026, 4, 1)),
            "direction": "shared",
            "agency": agency.pk,
            "what": "The safety plan",
            "lawful_basis": "safeguarding",
            "with_consent": "no",
            "without_consent_reason": "To keep the child safe",
        },
    )
    page = client.get(child_url).content.decode()
    assert 'id="professionals"' in page and "Northmoor Primary School" in page and "without consent" in page


def test_the_sharing_log_is_scoped_audited_and_downloads(client, council):
    share(council, council.own_child)
    share(council, council.other_team_child, recorded_by=council.other_worker)
    client.force_login(council.worker)
    url = reverse("partners:sharing-report")
    page = client.get(url, {"from": "2026-01-01", "to": "2026-12-31"}).content.decode()
    assert "Ava Brown" in page and "Cara Dixon" not in page
    assert LogEntry.objects.filter(object_pk=str(council.own_child.pk), action=LogEntry.Action.ACCESS).exists()
    csv = client.get(url, {"from": "2026-01-01", "to": "2026-12-31", "format": "csv"}).content.decode()
    assert "Ava Brown" in csv and "Cara Dixon" not in csv


def test_the_api_shares_the_rules_and_is_scoped(council):
    client = APIClient()
    client.force_authenticate(council.worker)
    assert client.post("/api/v1/agencies/", {"name": "Riverside Academy", "kind": "school"}).status_code == 201
    body = {"child": council.own_child.pk, "shared_on": "2026-04-01", "what": "X", "shared_with": "DSL"}
    refused = client.post(
        "/api/v1/information-shares/", {**body, "lawful_basis": "safeguarding", "with_consent": False}
    )
    assert refused.status_code == 400 and "without_consent_reason" in refused.json()
    created = client.post("/api/v1/information-shares/", {**body, "lawful_basis": "consent", "with_consent": True})
    assert created.status_code == 201, created.json()
    other = APIClient()
    other.force_authenticate(council.other_worker)
    assert other.get("/api/v1/information-shares/").json()["results"] == []
    assert other.get(f"/api/v1/information-shares/{created.json()['id']}/").status_code == 404
    assert other.post("/api/v1/information-shares/", body).status_code == 400


def test_the_demo_step_names_schools_and_gps():
    from caseboard.casework.demo import DemoBuilder
    from caseboard.partners.demo import add_demo_partners

    DemoBuilder(children=80, seed=2, today=date(2020, 6, 4)).build()
    assert "partner agencies" in add_demo_partners(2, date(2020, 6, 4))
    assert ChildProfessional.objects.filter(role="gp").exists()
    for link in ChildProfessional.objects.select_related("child"):
        assert link.child.date_of_birth is None or link.started_on >= link.child.date_of_birth


def test_the_problem_log_escalates_and_resolves_and_refuses_a_target_before_raised(client, council):
    agency = school(council)
    with pytest.raises(ValidationError) as refused:
        services.problem_raise(
            title="X",
            owner_name="Y",
            raised_on=date(2026, 4, 2),
            target_on=date(2026, 4, 1),
            recorded_by=council.worker,
        )
    assert refused.value.message_dict["target_on"] == [
        "The target date cannot be before the date the problem was raised"
    ]
    client.force_login(council.manager)
    created = client.post(
        reverse("partners:problem-new"),
        {
            "title": "School places for children moving in",
            "agency": agency.pk,
            "owner_name": "Head of admissions",
            **date_parts("raised_on", date(2026, 4, 2)),
            **date_parts("target_on", date(2026, 4, 16)),
        },
    )
    assert created.status_code == 302
    url = created["Location"]
    client.post(
        url,
        {
            "escalate": "1",
            "escalate-escalated_to": "Assistant director",
            **date_parts("escalate-escalated_on", date(2026, 4, 9)),
        },
    )
    assert "Escalated" in client.get(reverse("partners:problems")).content.decode()
    missing = client.post(url, {"resolve": "1", **date_parts("resolve-resolved_on", date(2026, 4, 10))})
    assert "Say how the problem was resolved" in missing.content.decode()
    client.post(
        url,
        {"resolve": "1", "resolve-resolution": "Places agreed", **date_parts("resolve-resolved_on", date(2026, 4, 10))},
    )
    assert "Places agreed" in client.get(url).content.decode()
    api_client = APIClient()
    api_client.force_authenticate(council.worker)
    bad = api_client.post("/api/v1/partner-problems/", {"title": "Y", "owner_name": "Z", "raised_on": "2026-04-02"})
    assert bad.status_code == 400 and bad.json()["target_on"] == ["Enter the target date"]
    assert (
        api_client.get("/api/v1/partner-problems/", {"status": "resolved"}).json()["results"][0]["status"] == "resolved"
    )

from datetime import date, timedelta

import pytest
from django.urls import reverse

from caseboard.policy import services
from caseboard.policy.models import OperatingModel, OperatingModelVersion, VersionStatus
from caseboard.policy.presets import BASELINE, COVID


def preset(name):
    return OperatingModel.objects.get(name=name).versions.get()


def date_fields(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


@pytest.mark.django_db
def test_everyone_can_read_the_rules_but_only_heads_and_admins_change_them(client, council):
    client.force_login(council.worker)
    response = client.get(reverse("policy:index"))
    assert response.status_code == 200
    assert BASELINE.encode() in response.content and b"Draft a new version" not in response.content
    assert client.get(reverse("policy:version", args=[preset(COVID).pk])).status_code == 200
    assert client.get(reverse("policy:version-new")).status_code == 403
    client.force_login(council.head)
    assert b"Draft a new version" in client.get(reverse("policy:index")).content


@pytest.mark.django_db
def test_draft_edit_and_approve_through_the_pages(client, council):
    client.force_login(council.head)
    start = date.today() + timedelta(days=7)
    response = client.post(
        reverse("policy:version-new"),
        {"copy_from": preset(COVID).pk, **date_fields("effective_from", date.today() - timedelta(days=1))},
    )
    assert b"must be today or in the future" in response.content
    response = client.post(
        reverse("policy:version-new"), {"copy_from": preset(COVID).pk, **date_fields("effective_from", start)}
    )
    draft = OperatingModelVersion.objects.get(status=VersionStatus.DRAFT)
    assert response["Location"] == reverse("policy:version-edit", args=[draft.pk])
    form = client.get(reverse("policy:version-edit", args=[draft.pk])).context["form"]
    data = {key: value for key, value in form.initial.items() if value is not None}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    data.pop("effective_from", None)
    data |= date_fields("effective_from", start) | {"assessment_working_days": "0"}
    response = client.post(reverse("policy:version-edit", args=[draft.pk]), data)
    assert b"Enter a number of 1 or more" in response.content
    data["assessment_working_days"] = "40"
    response = client.post(reverse("policy:version-edit", args=[draft.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    draft.refresh_from_db()
    assert draft.assessment_working_days == 40 and draft.edit_version == 2
    response = client.post(reverse("policy:version-approve", args=[draft.pk]))
    assert b"someone else must approve" in response.content
    client.force_login(council.admin)
    assert client.post(reverse("policy:version-approve", args=[draft.pk])).status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.APPROVED
    # Approved versions are read-only: the edit page sends you back to the version.
    assert client.get(reverse("policy:version-edit", args=[draft.pk])).status_code == 302
    assert b"Scheduled" in client.get(reverse("policy:index")).content


@pytest.mark.django_db
def test_compare_marks_differences(client, council):
    client.force_login(council.manager)
    response = client.get(reverse("policy:compare"), {"a": preset(BASELINE).pk, "b": preset(COVID).pk})
    content = response.content.decode()
    assert "Different" in content and "Virtual visits count while an approved key decision covers them" in content
    assert client.get(reverse("policy:compare"), {"a": "x"}).status_code == 404


@pytest.mark.django_db
def test_api_lists_versions(client, council):
    client.force_login(council.worker)
    rows = client.get("/api/v1/operating-model-versions/").json()["results"]
    assert {row["operating_model"] for row in rows} >= {BASELINE, COVID}


@pytest.mark.django_db
def test_api_carries_the_rules_of_practice_of_each_version(client, council, django_assert_max_num_queries):
    client.force_login(council.worker)
    rows = client.get("/api/v1/operating-model-versions/").json()["results"]
    covid = next(row for row in rows if row["operating_model"] == COVID)
    assert [q["key"] for q in covid["pre_visit_questions"]] == [
        "anyone_symptomatic",
        "anyone_isolating",
        "anyone_tested_positive",
        "anyone_clinically_vulnerable",
        "can_meet_outdoors",
    ]
    assert covid["pre_visit_questions"][0]["yes_stops_go_ahead"] is True
    assert [r["kind"] for r in covid["deviation_rules"] if r["counts_virtual_visit"]] == ["visit_virtual"]
    sections = covid["sections"]
    assert sections["survey"] == {"contact_days": 28}
    assert sections["remote_contact"]["phone_parent"] is True and sections["remote_contact"]["message"] is False
    assert sections["meeting_cancellation"]["core_group"] is True
    assert sections["meeting_cancellation"]["panel"] is False


@pytest.mark.django_db
def test_the_preview_lists_the_settings_a_draft_changes(client, council):
    from caseboard.meetings.models import CANCELLATION_SECTION
    from caseboard.policy.hooks import section_for

    draft = services.version_draft(
        copy_from=preset(BASELINE), drafted_by=council.head, effective_from=date.today(), today=date.today()
    )
    row = section_for(draft, CANCELLATION_SECTION)
    row.panel = True
    row.save()
    services.version_update(
        version=draft,
        updated_by=council.head,
        expected_edit_version=1,
        settings={},
        new_questions=["Is there a dog in the house?"],
    )
    client.force_login(council.head)
    content = client.get(reverse("policy:version-preview", args=[draft.pk])).content.decode()
    assert (
        "Meetings that need a key decision to cancel: Panel: cancelling one needs an approved key decision" in content
    )
    assert "Pre-visit check question: Is there a dog in the house?" in content

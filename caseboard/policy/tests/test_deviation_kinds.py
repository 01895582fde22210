"""Kinds of key decision are operating-model data: a council adds one to a draft, and once the version is in force a
worker proposes it, the approver role set on it approves it and its review comes due."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from caseboard.compliance.models import DueItem
from caseboard.compliance.services import due_items_recompute
from caseboard.decisions import services as decisions
from caseboard.decisions.forms import ProposeForm
from caseboard.policy import services
from caseboard.policy.selectors import (
    deviation_changes,
    deviation_kinds_in_force,
    settings_table,
    version_in_force,
    versions_with_settings,
)

TODAY = date(2026, 11, 24)
LATER = TODAY + timedelta(days=7)


def add_direct_family_time(council, **extra):
    draft = services.version_draft(
        copy_from=version_in_force(TODAY), drafted_by=council.head, effective_from=LATER, today=TODAY
    )
    values = {
        "name": "Direct family time",
        "approver_role": "team_manager",
        "review_after_days": 14,
        "allow_record_and_approve": False,
        "clock_effect": "none",
    } | extra
    return draft, services.deviation_kind_add(version=draft, added_by=council.head, **values)


@pytest.mark.django_db
def test_a_council_adds_a_kind_and_a_worker_proposes_it_once_in_force(council):
    draft, rule = add_direct_family_time(council)
    assert (rule.kind, rule.name) == ("direct_family_time", "Direct family time")
    assert "direct_family_time" not in {r.kind for r in deviation_kinds_in_force(LATER)}  # not approved yet
    with pytest.raises(ValidationError) as error:
        decisions.decision_propose(
            children=[council.own_child],
            proposed_by=council.worker,
            kind="direct_family_time",
            rationale="Mother's visits move to a contact centre",
            starts_on=TODAY,
            today=TODAY,
        )
    assert "kind" in error.value.message_dict
    services.version_approve(version=draft, approved_by=council.admin, today=TODAY)

    form = ProposeForm(siblings=council.own_child.__class__.objects.none(), can_record_and_approve=False, today=LATER)
    assert ("direct_family_time", "Direct family time") in form.fields["kind"].choices
    decision = decisions.decision_propose(
        children=[council.own_child],
        proposed_by=council.worker,
        kind="direct_family_time",
        rationale="Mother's visits move to a contact centre",
        starts_on=LATER,
        today=LATER,
    )
    assert (decision.get_kind_display(), decision.approver_role, decision.review_after_days) == (
        "Direct family time",
        "team_manager",
        14,
    )
    decisions.decision_approve(decision=decision, approved_by=council.manager, today=LATER)
    decision.refresh_from_db()
    assert decision.next_review_on == date(2026, 12, 15)  # 14 days after 1 December
    due_items_recompute(child_ids=[council.own_child.pk], today=LATER)
    review = DueItem.objects.get(child=council.own_child, kind="decision_review")
    assert review.due_on == date(2026, 12, 15) and "Direct family time" in review.basis


@pytest.mark.django_db
def test_a_kind_reserved_to_a_head_of_service_is_not_approved_by_a_team_manager(council):
    draft, _ = add_direct_family_time(council, name="Adoption introductions", approver_role="head_of_service")
    services.version_approve(version=draft, approved_by=council.admin, today=TODAY)
    decision = decisions.decision_propose(
        children=[council.own_child],
        proposed_by=council.worker,
        kind="adoption_introductions",
        rationale="Introductions to the adopters",
        starts_on=LATER,
        today=LATER,
    )
    with pytest.raises(ValidationError, match="head of service"):
        decisions.decision_approve(decision=decision, approved_by=council.manager, today=LATER)


@pytest.mark.django_db
def test_names_are_unique_in_a_version_and_slugs_stay_unique(council):
    draft, _ = add_direct_family_time(council)
    with pytest.raises(ValidationError) as error:
        services.deviation_kind_add(
            version=draft,
            added_by=council.head,
            name="direct  family time",
            approver_role="team_manager",
            review_after_days=21,
            allow_record_and_approve=False,
            clock_effect="none",
        )
    assert "already has" in error.value.message_dict["name"][0]
    other = services.deviation_kind_add(
        version=draft,
        added_by=council.head,
        name="Direct family-time!",
        approver_role="team_manager",
        review_after_days=21,
        allow_record_and_approve=False,
        clock_effect="none",
    )
    assert other.kind == "direct_family_time_2"
    with pytest.raises(ValidationError) as error:
        services.deviation_kind_add(
            version=draft,
            added_by=council.head,
            name="",
            approver_role="team_manager",
            review_after_days=21,
            allow_record_and_approve=False,
            clock_effect="none",
        )
    assert "name" in error.value.message_dict


@pytest.mark.django_db
def test_an_approved_version_takes_no_new_kind(council):
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.deviation_kind_add(
            version=version_in_force(TODAY),
            added_by=council.head,
            name="Direct family time",
            approver_role="team_manager",
            review_after_days=21,
            allow_record_and_approve=False,
            clock_effect="none",
        )


@pytest.mark.django_db
def test_compare_and_preview_show_kinds_added_removed_and_changed(council):
    draft, _ = add_direct_family_time(council)
    current = version_in_force(TODAY)
    services.version_update(
        version=draft,
        updated_by=council.head,
        expected_edit_version=draft.edit_version + 1,
        settings={},
        deviations=[{"kind": "visit_virtual", "review_after_days": 7}],
        today=TODAY,
    )
    draft, current = (versions_with_settings().get(pk=pk) for pk in (draft.pk, current.pk))
    changes = deviation_changes(current, draft)
    assert changes.added == ("Direct family time",) and changes.changed == ("Visit held virtually",)
    rows = {row.label: row for row in settings_table([current, draft])}
    assert rows["Deviation: Direct family time"].values[0] == "Not in this version"
    assert rows["Deviation: Direct family time"].differs and rows["Deviation: Visit held virtually"].differs
    assert not rows["Deviation: Visit deferred"].differs
    services.version_update(
        version=draft,
        updated_by=council.head,
        expected_edit_version=draft.edit_version,
        settings={},
        removed_kinds=["direct_family_time"],
        today=TODAY,
    )
    assert deviation_changes(current, versions_with_settings().get(pk=draft.pk)).added == ()
    with pytest.raises(ValidationError, match="used by Caseboard"):
        services.version_update(
            version=draft,
            updated_by=council.head,
            expected_edit_version=draft.edit_version + 1,
            settings={},
            removed_kinds=["meeting_cancelled"],
            today=TODAY,
        )


@pytest.mark.django_db
def test_the_api_refuses_a_kind_not_in_force_with_a_field_error(council):
    api = APIClient()
    api.force_authenticate(council.worker)
    response = api.post(
        "/api/v1/key-decisions/",
        {"children": [council.own_child.pk], "kind": "direct_family_time", "rationale": "x", "starts_on": str(TODAY)},
        format="json",
    )
    assert response.status_code == 400 and "kind" in response.json()


@pytest.mark.django_db
def test_the_pages_add_a_kind_to_a_draft(client, council):
    draft = services.version_draft(
        copy_from=version_in_force(TODAY), drafted_by=council.head, effective_from=date.today() + timedelta(days=7)
    )
    client.force_login(council.head)
    url = f"/operating-model/versions/{draft.pk}/kinds/new/"
    page = client.get(url)
    assert page.status_code == 200 and "Add a kind of decision" in page.content.decode()
    response = client.post(url, {"name": "", "approver_role": "team_manager", "review_after_days": "x"})
    assert response.status_code == 200 and "Enter the name of the kind of decision" in response.content.decode()
    assert 'value="x"' in response.content.decode()  # what was typed is kept
    response = client.post(
        url,
        {
            "name": "Direct family time",
            "approver_role": "team_manager",
            "review_after_days": "14",
            "review_cadence": "days",
            "clock_effect": "none",
        },
    )
    assert response.status_code == 302
    detail = client.get(f"/operating-model/versions/{draft.pk}/").content.decode()
    assert "Deviation: Direct family time" in detail
    edit = client.get(f"/operating-model/versions/{draft.pk}/edit/").content.decode()
    assert "dev_direct_family_time_remove" in edit and "dev_meeting_cancelled_remove" not in edit
    client.force_login(council.worker)
    assert client.get(url).status_code == 403

"""Materialised due items: recomputed on commit after a write, idempotent, shown on worklists with need to know."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from caseboard.casework import services as casework
from caseboard.casework.models import EpisodeKind
from caseboard.compliance.models import DueItem
from caseboard.compliance.services import due_items_recompute, due_items_recompute_all

TODAY = date(2026, 11, 24)


@pytest.mark.django_db
def test_recompute_is_idempotent(council):
    due_items_recompute_all(today=TODAY)
    first = sorted(DueItem.objects.values_list("child_id", "kind", "due_on", "status"))
    assert first
    due_items_recompute_all(today=TODAY)
    assert sorted(DueItem.objects.values_list("child_id", "kind", "due_on", "status")) == first


@pytest.mark.django_db
def test_cin_visit_due_from_the_episode_start_under_the_baseline(council):
    due_items_recompute(child_ids=[council.own_child.pk], today=TODAY)
    item = DueItem.objects.get(child=council.own_child, kind="cin_visit")
    # CIN episode from Mon 5 Jan 2026, no visit recorded: first visit within 20 working days = Mon 2 Feb 2026.
    assert item.due_on == date(2026, 2, 2)
    assert item.status == "overdue"
    assert "20 working days" in item.basis or "20 working days" in item.rule
    assert "Council operating model, version 1" in item.version_label


@pytest.mark.django_db
def test_a_write_recomputes_on_commit(council, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        casework.episode_open(
            child=council.own_child,
            opened_by=council.worker,
            kind=EpisodeKind.CHILD_PROTECTION,
            start_on=date(2026, 11, 2),
            initial_category_of_abuse="NEG",
        )
    kinds = set(DueItem.objects.filter(child=council.own_child).values_list("kind", flat=True))
    assert "cp_visit" in kinds and "cin_visit" not in kinds  # CIN visits give way to the CP plan's


@pytest.mark.django_db
def test_no_rows_written_when_the_write_is_rolled_back(council, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ValidationError):
        casework.episode_open(
            child=council.own_child,
            opened_by=council.worker,
            kind=EpisodeKind.CHILD_IN_NEED,
            start_on=date(2026, 2, 1),
            referral_source="6",
            primary_need="N1",
        )
    assert callbacks == [] and not DueItem.objects.exists()


@pytest.mark.django_db
def test_worklist_shows_my_childrens_items_only(client, council):
    due_items_recompute_all(today=TODAY)
    client.force_login(council.worker)
    content = client.get(reverse("compliance:my-worklist")).content.decode()
    assert "Ava Brown" in content and "Ben Clarke" not in content and "Dan Evans" not in content
    content = client.get(reverse("compliance:my-worklist"), {"kind": "cp_visit"}).content.decode()
    assert "Ava Brown" not in content


@pytest.mark.django_db
def test_team_worklist_and_dashboard_for_managers(client, council):
    due_items_recompute_all(today=TODAY)
    client.force_login(council.manager)
    content = client.get(reverse("compliance:team-worklist", args=[council.cin_team.pk])).content.decode()
    assert "Ava Brown" in content and "Ben Clarke" in content and "Cara Dixon" not in content
    assert client.get(reverse("compliance:team-worklist", args=[council.cin_team_2.pk])).status_code == 404
    content = client.get(reverse("compliance:dashboard")).content.decode()
    assert "CIN team 1" in content and "CIN team 2" not in content
    client.force_login(council.worker)
    assert client.get(reverse("compliance:dashboard")).status_code == 403


@pytest.mark.django_db
def test_child_record_explains_each_item(client, council):
    due_items_recompute_all(today=TODAY)
    client.force_login(council.worker)
    content = client.get(reverse("casework:child", args=[council.own_child.pk])).content.decode()
    assert "What is due" in content and "Why is this due?" in content and "Rule:" in content


@pytest.mark.django_db
def test_caseload_shows_the_next_due_item_with_a_fixed_number_of_queries(
    client, council, django_assert_max_num_queries
):
    due_items_recompute_all(today=TODAY)
    client.force_login(council.worker)
    content = client.get(reverse("casework:my-caseload")).content.decode()
    assert "Child in need visit" in content and "Overdue" in content


@pytest.mark.django_db
def test_due_items_api_is_scoped(client, council):
    due_items_recompute_all(today=TODAY)
    client.force_login(council.worker)
    rows = client.get("/api/v1/due-items/").json()["results"]
    assert {row["child"] for row in rows} == {council.own_child.pk, council.team_child.pk}
    assert client.get("/api/v1/due-items/", {"child": council.cp_child.pk}).json()["results"] == []
    rows = client.get("/api/v1/due-items/", {"worker": council.worker.pk}).json()["results"]
    assert {row["child"] for row in rows} == {council.own_child.pk}
    assert client.get("/api/v1/due-items/", {"team": council.cin_team_2.pk}).json()["results"] == []


@pytest.mark.django_db
def test_recompute_page_is_for_administrators(client, council):
    client.force_login(council.head)
    assert client.post(reverse("compliance:recompute")).status_code == 403
    client.force_login(council.admin)
    assert client.post(reverse("compliance:recompute")).status_code == 302
    assert DueItem.objects.exists()  # the immediate task backend ran it


@pytest.mark.django_db
def test_switching_to_the_covid_preset_matches_its_preview(db):
    """A new version from a date changes due items as its preview predicted."""
    from caseboard.accounts.models import User
    from caseboard.casework.demo import DemoBuilder
    from caseboard.policy import services as policy
    from caseboard.policy.models import OperatingModel
    from caseboard.policy.presets import COVID

    DemoBuilder(children=150, seed=3, today=TODAY).build()
    head, admin = User.objects.get(username="head"), User.objects.get(username="admin")
    due_items_recompute_all(today=TODAY)
    covid = OperatingModel.objects.get(name=COVID).versions.get()
    start = TODAY + timedelta(days=1)
    draft = policy.version_draft(copy_from=covid, drafted_by=head, effective_from=start, today=TODAY)
    policy.version_update(
        version=draft,
        updated_by=head,
        expected_edit_version=1,
        today=TODAY,
        settings={"applies_to_running_intervals": True},
        frequencies=[
            {"kind": "cin", "interval": 4, "interval_unit": "weeks", "first_within": 4, "first_within_unit": "weeks"}
        ],
    )
    preview = policy.version_preview(version=draft)
    assert preview.children_with_new_due_dates > 0
    before = {(c, k, e): d for c, k, e, d in DueItem.objects.values_list("child_id", "kind", "episode_id", "due_on")}
    due_items_recompute_all(today=start)
    before_same_day = {
        (c, k, e): d for c, k, e, d in DueItem.objects.values_list("child_id", "kind", "episode_id", "due_on")
    }
    assert before_same_day == before  # nothing changes until it is approved
    policy.version_approve(version=draft, approved_by=admin, today=TODAY)
    due_items_recompute_all(today=start)
    after = {(c, k, e): d for c, k, e, d in DueItem.objects.values_list("child_id", "kind", "episode_id", "due_on")}
    changed_children = {key[0] for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    assert len(changed_children) == preview.children_with_new_due_dates


@pytest.mark.django_db
def test_an_overdue_visit_covered_by_an_approved_deferral_says_so_and_lists_tell_it_apart(council):
    """Decisions visible on the clock: the date stays; the basis names the decision; worklists and the dashboard
    split "overdue, no decision" from "overdue, covered by a decision"."""
    from caseboard.compliance.selectors import WorklistFilter, overdue_dashboard, worklist
    from caseboard.decisions.services import decision_approve, decision_propose

    due_items_recompute(child_ids=[council.own_child.pk, council.team_child.pk], today=TODAY)
    before = DueItem.objects.get(child=council.own_child, kind="cin_visit")
    assert before.status == "overdue" and before.decision == ""
    decision = decision_propose(
        children=[council.own_child],
        proposed_by=council.worker,
        kind="visit_deferred",
        rationale="The household is isolating",
        starts_on=TODAY - timedelta(days=3),
        today=TODAY,
        notify_approvers=False,
    )
    decision_approve(decision=decision, approved_by=council.manager, today=TODAY)
    due_items_recompute(child_ids=[council.own_child.pk], today=TODAY)
    after = DueItem.objects.get(child=council.own_child, kind="cin_visit")
    assert after.due_on == before.due_on and after.status == "overdue"
    approver = council.manager.get_full_name()
    assert after.decision.startswith(f"Visit deferred by key decision approved by {approver} on ")
    assert after.basis.startswith(before.basis + ". Overdue since 3 February 2026; visit deferred by key decision")
    covered = worklist(user=council.manager, filters=WorklistFilter(status="overdue_decision"), today=TODAY)
    uncovered = worklist(user=council.manager, filters=WorklistFilter(status="overdue_no_decision"), today=TODAY)
    assert after.pk in {item.pk for item in covered}
    assert after.pk not in {item.pk for item in uncovered}
    assert DueItem.objects.get(child=council.team_child, kind="cin_visit").pk in {item.pk for item in uncovered}
    from caseboard.casework.selectors import teams_managed_by

    rows = overdue_dashboard(user=council.manager, teams=teams_managed_by(council.manager), today=TODAY)
    assert sum(row.covered for row in rows) >= 1

"""Rules of practice the visits read from the operating model in force: which case notes are remote contact (a visit
at which the child was seen always is), and which kinds of key decision make a virtual visit count. The defaults
reproduce what was fixed before; a changed version changes the behaviour."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from caseboard.compliance.models import DueItem
from caseboard.compliance.services import due_items_recompute
from caseboard.decisions import services as decisions
from caseboard.policy import services as policy
from caseboard.policy.hooks import section_for
from caseboard.policy.models import OperatingModel, OperatingModelVersion
from caseboard.policy.presets import COVID
from caseboard.policy.selectors import council_timeline, version_in_force
from caseboard.prioritisation.services import rag_rating_record
from caseboard.visits import services
from caseboard.visits.models import CONTACT_SECTION, DEFAULT_REMOTE_CONTACT_KINDS, ChildSeen
from caseboard.visits.selectors import counting_for

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 11, 16)


def covid_from(council, on, change=None):
    """The COVID-19 preset in force from ``on``; ``change(draft)`` edits the draft before approval."""
    covid = OperatingModel.objects.get(name=COVID).versions.get()
    draft = policy.version_draft(copy_from=covid, drafted_by=council.head, effective_from=on, today=on)
    if change is not None:
        change(draft)
    return policy.version_approve(version=draft, approved_by=council.admin, today=on)


def remote_contact_due(child, today):
    due_items_recompute(child_ids=[child.pk], today=today)
    return DueItem.objects.get(child=child, kind="remote_contact").due_on


def note(council, kind, on):
    return services.case_note_record(
        child=council.own_child, recorded_by=council.worker, kind=kind, occurred_on=on, text="Spoke to mum", today=on
    )


def test_every_version_counts_todays_kinds_of_case_note_as_remote_contact(council):
    for version in OperatingModelVersion.objects.all():
        assert section_for(version, CONTACT_SECTION).kinds == DEFAULT_REMOTE_CONTACT_KINDS
    assert {rules.remote_contact_kinds for rules in council_timeline()} == {DEFAULT_REMOTE_CONTACT_KINDS}


def test_which_case_notes_satisfy_remote_contact_is_the_versions_and_a_visit_always_does(council):
    covid_from(council, MONDAY)
    today = MONDAY + timedelta(days=3)
    start = remote_contact_due(council.own_child, today)
    assert start == MONDAY + timedelta(days=7)  # from the version's first day
    note(council, "message", MONDAY + timedelta(days=1))
    assert remote_contact_due(council.own_child, today) == start  # a message is not remote contact by default
    note(council, "phone_parent", MONDAY + timedelta(days=1))
    assert remote_contact_due(council.own_child, today) == MONDAY + timedelta(days=8)
    # A version that counts messages too (and no longer phone calls with a parent).
    version = version_in_force(today)
    row = section_for(version, CONTACT_SECTION)
    row.message = True
    row.phone_parent = False
    row.save()
    assert remote_contact_due(council.own_child, today) == MONDAY + timedelta(days=8)  # the message, same day
    row.message = False
    row.save()
    assert remote_contact_due(council.own_child, today) == start


def test_an_in_person_visit_is_remote_contact(council):
    from caseboard.clock.vocabulary import VisitMode
    from caseboard.visits.facts import visit_facts

    covid_from(council, MONDAY)
    check = services.pre_visit_check_record(
        children=[council.own_child],
        recorded_by=council.worker,
        asked_who="Mother",
        asked_how="phone",
        outcome="go_ahead",
        answers={
            "anyone_symptomatic": False,
            "anyone_isolating": False,
            "anyone_tested_positive": False,
            "anyone_clinically_vulnerable": False,
            "can_meet_outdoors": True,
        },
    )
    visited = MONDAY + timedelta(days=2)
    check.checked_at = check.checked_at.replace(year=visited.year, month=visited.month, day=visited.day)
    check.save()
    services.visit_record(
        children_seen=[services.ChildSeenInput(child=council.own_child, was_seen=True)],
        worker=council.worker,
        recorded_by=council.worker,
        visited_on=visited,
        mode="in_person_home",
        purpose="statutory_cin",
        pre_visit_check=check,
        today=visited,
    )
    facts = visit_facts([council.own_child.pk])[council.own_child.pk]
    assert [v.mode for v in facts["visits"]] == [VisitMode.IN_PERSON]
    assert facts["contacts"] == (visited,)
    assert remote_contact_due(council.own_child, visited + timedelta(days=1)) == visited + timedelta(days=7)


# --- which kinds of key decision make a virtual visit count ---------------------------------------------------------
def virtual_visit(council, on):
    return services.visit_record(
        children_seen=[services.ChildSeenInput(child=council.own_child, was_seen=True)],
        worker=council.worker,
        recorded_by=council.worker,
        visited_on=on,
        mode="video",
        purpose="statutory_cin",
        today=on,
    )


def approved(council, kind, on):
    decision = decisions.decision_propose(
        children=[council.own_child],
        proposed_by=council.worker,
        kind=kind,
        rationale="The household is isolating.",
        starts_on=on,
        today=on,
    )
    return decisions.decision_approve(decision=decision, approved_by=council.manager, today=on)


def counted_ids():
    from caseboard.reporting.timeliness.selectors import _counted, _Versions

    return set(ChildSeen.objects.filter(_counted(_Versions(council_timeline()))).values_list("visit_id", flat=True))


def test_by_default_a_visit_held_virtually_is_the_decision_that_makes_a_virtual_visit_count(council):
    for version in OperatingModelVersion.objects.all():
        assert [r.kind for r in version.deviation_rules.all() if r.counts_virtual_visit] == ["visit_virtual"]
    covid_from(council, MONDAY)
    rag_rating_record(
        child=council.own_child, rated_by=council.worker, rating="green", factor_codes=[], rationale="", today=MONDAY
    )
    approved(council, "visit_virtual", MONDAY)
    visit = virtual_visit(council, MONDAY)
    assert [c.counts for c in counting_for(visit)] == [True]
    assert visit.pk in counted_ids()


def test_any_kind_flagged_makes_a_virtual_visit_count_and_an_unflagged_one_does_not(council):
    def change(draft):
        policy.deviation_kind_add(
            version=draft,
            added_by=council.head,
            name="Video visit agreed",
            approver_role="team_manager",
            review_after_days=14,
            clock_effect="visits",
            counts_virtual_visit=True,
        )
        draft.refresh_from_db()
        policy.version_update(
            version=draft,
            updated_by=council.head,
            expected_edit_version=draft.edit_version,
            settings={},
            deviations=[{"kind": "visit_virtual", "counts_virtual_visit": False}],
            today=MONDAY,
        )

    covid_from(council, MONDAY, change)
    rules = version_in_force(MONDAY)
    assert {r.kind for r in rules.deviation_rules.all() if r.counts_virtual_visit} == {"video_visit_agreed"}
    rag_rating_record(
        child=council.own_child, rated_by=council.worker, rating="green", factor_codes=[], rationale="", today=MONDAY
    )
    approved(council, "visit_virtual", MONDAY)
    first = virtual_visit(council, MONDAY)
    assert [c.counts for c in counting_for(first)] == [False]
    assert first.pk not in counted_ids()
    later = MONDAY + timedelta(days=1)
    approved(council, "video_visit_agreed", later)
    second = virtual_visit(council, later)
    assert [c.counts for c in counting_for(second)] == [True]
    assert second.pk in counted_ids()
    due_items_recompute(child_ids=[council.own_child.pk], today=later)
    item = DueItem.objects.get(child=council.own_child, kind="cin_visit")
    # The clock counts the second (17 November), not the first.
    assert "last visit on 17 November 2026" in item.basis


def test_a_draft_flagging_another_kind_is_previewed_with_its_own_counting(council):
    from caseboard.clock import Timeline, compute_due_items
    from caseboard.compliance.facts import facts_for

    covid_from(council, MONDAY)
    rag_rating_record(
        child=council.own_child, rated_by=council.worker, rating="green", factor_codes=[], rationale="", today=MONDAY
    )
    approved(council, "visit_deferred", MONDAY)  # a kind that does not make a virtual visit count
    virtual_visit(council, MONDAY)
    later = MONDAY + timedelta(days=7)
    # A draft from the same day (a preview puts it after the approved version of that day).
    draft = policy.version_draft(
        copy_from=version_in_force(MONDAY), drafted_by=council.head, effective_from=MONDAY, today=MONDAY
    )
    policy.version_update(
        version=draft,
        updated_by=council.head,
        expected_edit_version=1,
        settings={},
        deviations=[{"kind": "visit_deferred", "counts_virtual_visit": True}],
        today=MONDAY,
    )
    facts = facts_for([council.own_child.pk])[0]

    def cin_due(timeline):
        return next(
            i for i in compute_due_items(facts, Timeline(timeline), later) if i.kind.value == "cin_visit"
        ).due_on

    now, proposed = cin_due(council_timeline()), cin_due(council_timeline(including=draft))
    assert now != proposed  # under the draft, the virtual visit of 16 November counts from the draft's first day

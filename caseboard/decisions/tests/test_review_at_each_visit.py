"""Seed 002: a child protection child's "no face-to-face visit" decision "must be reviewed for each scheduled visit".
Under the COVID-19 preset its review comes due on each due date of the child's visits, and it lapses if missed."""

from datetime import date, timedelta

import pytest

from caseboard.compliance.models import DueItem
from caseboard.compliance.services import due_items_recompute
from caseboard.decisions import services
from caseboard.decisions.models import DecisionStatus
from caseboard.policy import services as policy
from caseboard.policy.models import OperatingModel
from caseboard.policy.presets import COVID
from caseboard.testing.factories import EpisodeFactory, VisitFactory

TODAY = date(2026, 11, 24)


def due_on(child, kind, today):
    due_items_recompute(child_ids=[child.pk], today=today)
    return DueItem.objects.get(child=child, kind=kind).due_on


@pytest.fixture
def covid_in_force(council):
    draft = policy.version_draft(
        copy_from=OperatingModel.objects.get(name=COVID).versions.get(),
        drafted_by=council.head,
        effective_from=TODAY,
        today=TODAY,
    )
    assert draft.deviation_rules.get(kind="no_face_to_face_cp").review_cadence == "each_visit"
    policy.version_approve(version=draft, approved_by=council.admin, today=TODAY)
    EpisodeFactory(child=council.cp_child, child_protection=True, start_on=date(2026, 11, 2))
    VisitFactory.to(council.cp_child, visited_on=date(2026, 11, 20), purpose="statutory_cp")
    return council


@pytest.mark.django_db
def test_a_decision_reviewed_at_each_scheduled_visit_comes_due_on_each_visit_due_date(covid_in_force):
    council = covid_in_force
    child = council.cp_child
    first_visit_due = due_on(child, "cp_visit", TODAY)
    decision = services.decision_propose(
        children=[child],
        proposed_by=council.cp_worker,
        kind="no_face_to_face_cp",
        rationale="Household shielding; weekly video calls with the child seen alone",
        starts_on=TODAY,
        today=TODAY,
    )
    assert decision.review_at_each_visit
    decision = services.decision_approve(decision=decision, approved_by=council.cp_head, today=TODAY)
    assert decision.next_review_on == first_visit_due != services.review_date(TODAY, 21)
    assert due_on(child, "decision_review", TODAY) == first_visit_due
    review = DueItem.objects.get(child=child, kind="decision_review")
    assert "at each scheduled visit" in review.basis

    # The child is seen in the garden before the visit's due date; at that date the decision is reviewed and the next
    # review is the next visit's due date.
    VisitFactory.to(
        child, visited_on=first_visit_due - timedelta(days=1), mode="in_person_elsewhere", purpose="statutory_cp"
    )
    second_visit_due = due_on(child, "cp_visit", first_visit_due)
    assert second_visit_due > first_visit_due
    decision = services.decision_review(
        decision=decision,
        reviewed_by=council.cp_head,
        outcome="continue",
        rationale="Still shielding",
        today=first_visit_due,
    )
    assert decision.next_review_on == second_visit_due
    assert due_on(child, "decision_review", first_visit_due) == second_visit_due

    # Not reviewed at the next scheduled visit: it lapses the day after.
    assert services.decisions_expire(today=second_visit_due) == 0
    assert services.decisions_expire(today=second_visit_due + timedelta(days=1)) == 1
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.EXPIRED and decision.ends_on == second_visit_due
    assert "Not reviewed at the scheduled visit" in decision.events.order_by("-pk").first().reason


@pytest.mark.django_db
def test_the_baseline_reviews_the_same_kind_after_its_review_period(council):
    EpisodeFactory(child=council.cp_child, child_protection=True, start_on=date(2026, 11, 2))
    decision = services.decision_propose(
        children=[council.cp_child],
        proposed_by=council.cp_worker,
        kind="no_face_to_face_cp",
        rationale="Household shielding",
        starts_on=TODAY,
        today=TODAY,
    )
    decision = services.decision_approve(decision=decision, approved_by=council.cp_head, today=TODAY)
    assert not decision.review_at_each_visit and decision.next_review_on == services.review_date(TODAY, 21)

"""The current RAG rating's review as a due item: on its date, with why, only while the child has an open case."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from caseboard.clock import compute_due_items
from caseboard.clock.tests.test_engine import BOTH, CIN, busy_child, child, episode
from caseboard.clock.vocabulary import DueKind, DueStatus, RagReviewFact

AMBER = RagReviewFact(
    id=3, rating="Amber", rated_on=date(2020, 4, 30), next_review_on=date(2020, 5, 14), review_after_days=14
)


def reviews(facts, today):
    return [item for item in compute_due_items(facts, BOTH, today) if item.kind is DueKind.RAG_REVIEW]


def test_the_review_is_due_on_its_date_with_its_basis():
    (item,) = reviews(replace(busy_child(), rag_reviews=(AMBER,)), date(2020, 5, 7))
    assert item.due_on == date(2020, 5, 14) and item.status is DueStatus.DUE_SOON
    assert item.basis == "Amber rating given on 30 April 2020: review within 14 days"
    assert item.facts[0] == "RAG rating 3: Amber" and item.facts[1].startswith("Operating model: ")
    (late,) = reviews(replace(busy_child(), rag_reviews=(AMBER,)), date(2020, 5, 15))
    assert late.status is DueStatus.OVERDUE


def test_no_review_without_a_rating_or_once_the_case_is_closed():
    assert reviews(busy_child(), date(2020, 5, 7)) == []
    closed = replace(child(episode(CIN, date(2020, 3, 2), date(2020, 4, 1))), rag_reviews=(AMBER,))
    assert reviews(closed, date(2020, 5, 7)) == []
    still_open = replace(child(episode(CIN, date(2020, 3, 2))), rag_reviews=(AMBER,))
    assert len(reviews(still_open, date(2020, 5, 7))) == 1


# --- decisions visible on the clock ------------------------------------------------------------------------------


def test_an_overdue_visit_covered_by_an_approved_decision_says_so_and_keeps_its_date():
    from caseboard.clock.vocabulary import ClockEffect, DeviationFact

    facts = child(episode(CIN, date(2020, 3, 2)))
    today = date(2020, 5, 11)
    plain = next(i for i in compute_due_items(facts, BOTH, today) if i.kind is DueKind.CIN_VISIT)
    assert plain.status is DueStatus.OVERDUE and plain.decision == ""
    deferred = DeviationFact(
        id=9,
        label="Visit deferred",
        effect=ClockEffect.VISITS,
        starts_on=date(2020, 5, 4),
        ends_on=None,
        approved_by="Sam Jones",
        approved_on=date(2020, 5, 5),
        next_review_on=date(2020, 5, 26),
    )
    covered = next(
        i for i in compute_due_items(replace(facts, deviations=(deferred,)), BOTH, today) if i.kind is DueKind.CIN_VISIT
    )
    assert covered.due_on == plain.due_on and covered.status is DueStatus.OVERDUE
    assert (
        covered.decision == "Visit deferred by key decision approved by Sam Jones on 5 May 2020, review due 26 May 2020"
    )
    assert covered.decision_id == 9
    assert covered.basis.startswith(plain.basis + ". Overdue since ")
    assert covered.basis.endswith(
        "; visit deferred by key decision approved by Sam Jones on 5 May 2020, review due 26 May 2020"
    )
    # Not in force (ended before today), or covering something else: no change.
    for other in (replace(deferred, ends_on=date(2020, 5, 8)), replace(deferred, effect=ClockEffect.ASSESSMENT)):
        item = next(
            i
            for i in compute_due_items(replace(facts, deviations=(other,)), BOTH, today)
            if i.kind is DueKind.CIN_VISIT
        )
        assert item == plain

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

"""The suggestion rule, exhaustively: every combination of red, amber and no factors, order and duplicates."""

from __future__ import annotations

from itertools import combinations, permutations

import pytest

from caseboard.prioritisation.scoring import Factor, Rag, Suggestion, suggest

RED_1 = Factor("recent_incident", "Recent incident, escalation or new referral", Rag.RED)
RED_2 = Factor("under_one", "Under 1", Rag.RED)
AMBER_1 = Factor("out_of_school", "Out of school or childcare", Rag.AMBER)
AMBER_2 = Factor("no_other_professional", "No other professional sees the child", Rag.AMBER)
CP = Factor("cp_plan", "CP plan", Rag.RED)
ALL = (RED_1, RED_2, AMBER_1, AMBER_2)


def test_no_factor_suggests_green_with_nothing_driving_it():
    assert suggest([]) == Suggestion(Rag.GREEN, ())
    assert suggest([]).reason == "Suggested green because: no factor applies"


@pytest.mark.parametrize("size", range(1, len(ALL) + 1))
def test_every_combination(size):
    for chosen in combinations(ALL, size):
        reds = tuple(f for f in chosen if f.pushes_towards is Rag.RED)
        ambers = tuple(f for f in chosen if f.pushes_towards is Rag.AMBER)
        expected = Suggestion(Rag.RED, reds) if reds else Suggestion(Rag.AMBER, ambers)
        assert suggest(chosen) == expected, chosen


def test_one_amber_or_many_is_amber_never_red():
    assert suggest([AMBER_1]).rating is Rag.AMBER
    assert suggest([AMBER_1, AMBER_2]).rating is Rag.AMBER


def test_any_red_is_red_and_only_reds_drive_it():
    suggestion = suggest([AMBER_1, RED_1, AMBER_2])
    assert suggestion == Suggestion(Rag.RED, (RED_1,))


def test_order_of_the_factors_does_not_change_the_rating_and_drivers_keep_the_given_order():
    for order in permutations(ALL):
        suggestion = suggest(order)
        assert suggestion.rating is Rag.RED
        assert suggestion.because == tuple(f for f in order if f.pushes_towards is Rag.RED)


def test_a_factor_given_twice_counts_once():
    assert suggest([AMBER_1, AMBER_1]).because == (AMBER_1,)


def test_the_reason_names_the_factors_as_they_read_in_a_sentence():
    assert (
        suggest([AMBER_1, AMBER_2]).reason
        == "Suggested amber because: out of school or childcare, no other professional sees the child"
    )
    assert suggest([CP]).reason == "Suggested red because: CP plan"

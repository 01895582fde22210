"""Visits that follow the RAG rating (``caseboard.clock.ratings``): which visits count by the rating on the visit's
date, how often by the rating on the interval's start (recomputed when the rating changes while it runs), and the
rating named in the basis. Pure Python, dates worked by hand (weekdays noted)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from caseboard.clock import compute_due_items
from caseboard.clock.vocabulary import (
    DueKind,
    Interval,
    OperatingRules,
    RatingFact,
    RatingVisits,
    Unit,
    VisitCounting,
    VisitRule,
)

from .test_engine import CIN, CP, PF, VIRTUAL, baseline, child, covid, episode, items_of, lac, only, visit

IN_PERSON_ONLY, WITH_DECISION = VisitCounting.IN_PERSON_ONLY, VisitCounting.VIRTUAL_WITH_DECISION
EVERY_5_WD = VisitRule(Interval(5, Unit.WORKING_DAYS), Interval(5, Unit.WORKING_DAYS), False, "Operating model")
EVERY_2_WEEKS = VisitRule(Interval(2, Unit.WEEKS), Interval(2, Unit.WEEKS), False, "Operating model: red")
EVERY_10_WEEKS = VisitRule(Interval(10, Unit.WEEKS), Interval(10, Unit.WEEKS), False, "Operating model: red")


def covid_by_rating(**changes: object) -> OperatingRules:
    """The COVID-19 preset's rules by rating: red and amber children's visits count only in person, green
    children's virtual visits with an approved key decision."""
    rules = tuple(
        RatingVisits(kind=kind, rating=colour, counting=WITH_DECISION if colour == "green" else IN_PERSON_ONLY)
        for kind in ("cin", "cp", "early_help", "care_leaver", "lac", "private_fostering")
        for colour in ("red", "amber", "green")
    )
    return covid(rating_rules=rules, **changes)


def rated(facts, *ratings: tuple[date, str]):
    return replace(facts, ratings=tuple(RatingFact(on, colour, id=n) for n, (on, colour) in enumerate(ratings, 1)))


def test_a_red_childs_video_visit_does_not_count_and_a_green_childs_does_with_a_decision():
    versions = [baseline(), covid_by_rating()]
    # CIN from Wed 1 Apr 2020 (COVID-19 version: 6 weeks); a video call on Mon 6 Apr covered by a decision.
    facts = child(episode(CIN, date(2020, 4, 1)), visits=(visit(date(2020, 4, 6), VIRTUAL, decision=True),))
    red = only(rated(facts, (date(2020, 4, 2), "red")), versions, date(2020, 4, 7), DueKind.CIN_VISIT)
    assert red.due_on == date(2020, 5, 13)  # still the first visit: 6 weeks from 1 April
    assert "first visit within 6 weeks of the episode" in red.basis
    assert red.basis.endswith("Red since 2 April 2020: visits at the usual frequency, in person only")
    green = only(rated(facts, (date(2020, 4, 2), "green")), versions, date(2020, 4, 7), DueKind.CIN_VISIT)
    assert green.due_on == date(2020, 5, 18)  # 6 weeks from the video visit on 6 April
    assert "Green since 2 April 2020" in green.basis and "approved key decision" in green.basis
    # Without a decision the green child's video visit does not count either.
    undecided = child(episode(CIN, date(2020, 4, 1)), visits=(visit(date(2020, 4, 6), VIRTUAL),))
    assert only(
        rated(undecided, (date(2020, 4, 2), "green")), versions, date(2020, 4, 7), DueKind.CIN_VISIT
    ).due_on == (date(2020, 5, 13))


def test_the_rating_on_the_visits_date_decides_whether_it_counts():
    versions = [baseline(), covid_by_rating()]
    facts = child(episode(CP, date(2020, 4, 1)), visits=(visit(date(2020, 4, 6), VIRTUAL, decision=True),))
    # Green on the visit's date, red from 20 April: the visit counted when it was made (4 weeks from 6 April).
    later_red = rated(facts, (date(2020, 4, 1), "green"), (date(2020, 5, 20), "red"))
    assert only(later_red, versions, date(2020, 4, 7), DueKind.CP_VISIT).due_on == date(2020, 5, 4)


def test_not_rated_is_treated_as_red_unless_the_council_chooses_otherwise():
    facts = child(episode(CIN, date(2020, 4, 1)), visits=(visit(date(2020, 4, 6), VIRTUAL, decision=True),))
    as_red = only(facts, [baseline(), covid_by_rating()], date(2020, 4, 7), DueKind.CIN_VISIT)
    assert as_red.due_on == date(2020, 5, 13) and "Not rated (treated as red)" in as_red.basis
    own = only(facts, [baseline(), covid_by_rating(not_rated_as="")], date(2020, 4, 7), DueKind.CIN_VISIT)
    assert own.due_on == date(2020, 5, 18) and "rated" not in own.basis


def test_changing_a_child_from_green_to_red_mid_interval_changes_the_next_due_date():
    red_weekly = (
        RatingVisits("cin", "red", visits=EVERY_5_WD, counting=IN_PERSON_ONLY),
        RatingVisits("cin", "green", counting=WITH_DECISION),
    )
    versions = [baseline(), covid(rating_rules=red_weekly)]
    # CIN from Wed 1 Apr 2020, green; seen in person on Mon 6 Apr: next within 6 weeks, Mon 18 May.
    facts = child(episode(CIN, date(2020, 4, 1)), visits=(visit(date(2020, 4, 6)),))
    green_then_red = rated(facts, (date(2020, 4, 1), "green"), (date(2020, 4, 15), "red"))
    before = only(green_then_red, versions, date(2020, 4, 14), DueKind.CIN_VISIT)
    assert before.due_on == date(2020, 5, 18)  # on 14 April the child was green: as it was then
    after = only(green_then_red, versions, date(2020, 4, 16), DueKind.CIN_VISIT)
    # Red from Wed 15 Apr: 5 working days from the visit on Mon 6 Apr (Good Friday and Easter Monday skipped).
    assert after.due_on == date(2020, 4, 15)
    assert after.basis == (
        "Child in need: visit within 5 working days of the last visit on 6 April 2020. "
        "Red since 15 April 2020: visits every 5 working days, in person only"
    )
    assert after.rule == "Operating model"
    assert "Rating used: Red since 15 April 2020" in after.facts
    # Made red after the interval's due date: that interval stays as it was.
    late = rated(facts, (date(2020, 4, 1), "green"), (date(2020, 5, 19), "red"))
    assert only(late, versions, date(2020, 5, 20), DueKind.CIN_VISIT).due_on == date(2020, 5, 18)


def test_a_looked_after_childs_virtual_visit_counts_by_rating_and_keeps_reg_28s_schedule():
    versions = [baseline(), covid_by_rating()]
    facts = child(
        lac(date(2020, 1, 6)), visits=(visit(date(2020, 1, 10)), visit(date(2020, 4, 6), VIRTUAL, decision=True))
    )
    green = only(rated(facts, (date(2020, 4, 1), "green")), versions, date(2020, 4, 7), DueKind.LAC_VISIT)
    assert green.due_on == date(2020, 5, 18)  # 6 weeks from the video visit
    amber = only(rated(facts, (date(2020, 4, 1), "amber")), versions, date(2020, 4, 7), DueKind.LAC_VISIT)
    assert amber.due_on == date(2020, 2, 21)  # 6 weeks from the in-person visit on 10 January
    # That interval started under the baseline, which has no rules by rating: its basis names none.
    assert "Amber" not in amber.basis


def test_under_the_baseline_the_rating_changes_nothing():
    facts = child(
        episode(CIN, date(2020, 1, 6)),
        lac(date(2020, 2, 3)),
        visits=(visit(date(2020, 1, 10), VIRTUAL, decision=True), visit(date(2020, 2, 7))),
    )
    plain = compute_due_items(facts, [baseline(), covid()], date(2020, 4, 7))
    with_ratings = compute_due_items(rated(facts, (date(2020, 1, 6), "red")), [baseline(), covid()], date(2020, 4, 7))
    assert plain == with_ratings
    assert items_of(facts, [baseline()], date(2020, 4, 7), DueKind.LAC_VISIT)


# --- statutory schedules: a rating's frequency tightens reg 28 and the PF Regs, never loosens them --------------


def red_every(kind: str, rule: VisitRule) -> list[OperatingRules]:
    rules = (
        RatingVisits(kind, "red", visits=rule, counting=IN_PERSON_ONLY),
        RatingVisits(kind, "green", counting=WITH_DECISION),
    )
    return [baseline(), covid(rating_rules=rules)]


def test_changing_a_looked_after_child_from_green_to_red_mid_interval_tightens_reg_28():
    versions = red_every("lac", EVERY_2_WEEKS)
    # Placed Mon 6 Apr 2020 (reg 28(2)), green; seen in person Fri 10 Apr: reg 28(2)(b), within 6 weeks, Fri 22 May.
    facts = child(lac(date(2020, 4, 6)), visits=(visit(date(2020, 4, 10)),))
    green_then_red = rated(facts, (date(2020, 4, 6), "green"), (date(2020, 4, 15), "red"))
    before = only(green_then_red, versions, date(2020, 4, 14), DueKind.LAC_VISIT)
    assert (before.due_on, before.rule) == (date(2020, 5, 22), "CPPCR reg 28(2)(b)")
    after = only(green_then_red, versions, date(2020, 4, 16), DueKind.LAC_VISIT)
    # Red from Wed 15 Apr: at least every 2 weeks, from the same visit: Fri 24 Apr.
    assert after.due_on == date(2020, 4, 24)
    assert after.basis == (
        "Looked after: visit within 2 weeks of the last visit on 10 April 2020 (sooner than CPPCR reg 28(2)(b) "
        "asks: by 22 May 2020). Red since 15 April 2020: visits at least every 2 weeks, in person only"
    )
    assert after.rule == "Operating model: red"
    assert "Rating used: Red since 15 April 2020" in after.facts


def test_a_rating_never_makes_a_looked_after_childs_visits_less_frequent_than_reg_28():
    versions = red_every("lac", EVERY_10_WEEKS)
    facts = rated(child(lac(date(2020, 4, 6)), visits=(visit(date(2020, 4, 10)),)), (date(2020, 4, 6), "red"))
    item = only(facts, versions, date(2020, 4, 16), DueKind.LAC_VISIT)
    assert (item.due_on, item.rule) == (date(2020, 5, 22), "CPPCR reg 28(2)(b)")  # 6 weeks, not 10
    assert item.basis.endswith("Red since 6 April 2020: visits at least every 10 weeks, in person only")
    # The first visit: reg 28(2)(a)'s week is sooner than the red rule's 2 weeks, so it stands.
    first = only(
        rated(child(lac(date(2020, 4, 6))), (date(2020, 4, 6), "red")),
        red_every("lac", EVERY_2_WEEKS),
        date(2020, 4, 7),
        DueKind.LAC_VISIT,
    )
    assert (first.due_on, first.rule) == (date(2020, 4, 13), "CPPCR reg 28(2)(a)")


def test_a_privately_fostered_childs_video_visit_counts_by_rating():
    versions = [baseline(), covid_by_rating()]
    # Notified Mon 6 Apr 2020; a video call on Thu 9 Apr covered by a decision.
    facts = child(episode(PF, date(2020, 4, 6)), visits=(visit(date(2020, 4, 9), VIRTUAL, decision=True),))
    red = only(rated(facts, (date(2020, 4, 6), "red")), versions, date(2020, 4, 10), DueKind.PRIVATE_FOSTERING_VISIT)
    # Does not count: still the first visit, 7 working days from 6 April (Good Friday and Easter Monday skipped).
    assert (red.due_on, red.rule) == (date(2020, 4, 17), "PF Regs regs 4 and 7")
    assert red.basis.endswith("Red since 6 April 2020: visits at the usual frequency, in person only")
    green = only(
        rated(facts, (date(2020, 4, 6), "green")), versions, date(2020, 4, 10), DueKind.PRIVATE_FOSTERING_VISIT
    )
    assert (green.due_on, green.rule) == (date(2020, 5, 21), "PF Regs reg 8(1)(a)")  # 6 weeks from the video call
    assert "Green since 6 April 2020" in green.basis


def test_a_red_privately_fostered_child_is_visited_as_often_as_the_rule_asks_never_less_than_the_pf_regs():
    facts = rated(child(episode(PF, date(2020, 4, 6)), visits=(visit(date(2020, 4, 9)),)), (date(2020, 4, 6), "red"))
    tighter = only(
        facts, red_every("private_fostering", EVERY_2_WEEKS), date(2020, 4, 10), DueKind.PRIVATE_FOSTERING_VISIT
    )
    assert (tighter.due_on, tighter.rule) == (date(2020, 4, 23), "Operating model: red")
    assert tighter.basis.startswith("Private fostering: visit within 2 weeks of the last visit on 9 April 2020")
    looser = only(
        facts, red_every("private_fostering", EVERY_10_WEEKS), date(2020, 4, 10), DueKind.PRIVATE_FOSTERING_VISIT
    )
    assert (looser.due_on, looser.rule) == (date(2020, 5, 21), "PF Regs reg 8(1)(a)")

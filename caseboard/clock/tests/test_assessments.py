"""The assessment clock with pauses agreed by key decision: each working day paused moves the due date on by one
working day. Pure Python: dates worked by hand (weekdays noted), DOMAIN.md sections 4 and 5."""

from __future__ import annotations

from datetime import date

from caseboard.clock import compute_due_items
from caseboard.clock.assessments import assessment_pause_days
from caseboard.clock.vocabulary import AssessmentFact, ChildFacts, DueKind, DueStatus, EpisodeFact, EpisodeKind

from .test_engine import BASE

REFERRED = date(2020, 10, 1)  # Thu; 45 working days on: Thu 3 December 2020


def item(*pauses, completed=None, today=date(2020, 11, 2)):
    facts = ChildFacts(
        child_id=1,
        date_of_birth=date(2012, 6, 1),
        episodes=(EpisodeFact(id=1, kind=EpisodeKind.CHILD_IN_NEED, start_on=REFERRED),),
        assessments=(AssessmentFact(7, REFERRED, completed, tuple(pauses)),),
    )
    found = [i for i in compute_due_items(facts, BASE, today) if i.kind is DueKind.ASSESSMENT]
    assert len(found) == 1
    return found[0]


def test_without_a_pause_the_clock_is_45_working_days():
    assert item().due_on == date(2020, 12, 3)


def test_a_two_week_pause_moves_the_due_date_by_10_working_days_and_says_so():
    found = item((date(2020, 10, 12), date(2020, 10, 23)))  # Mon to Fri
    assert found.due_on == date(2020, 12, 17)  # Thu 3 Dec + 10 working days
    assert "Paused 12 to 23 October 2020 by key decision: due date moves by 10 working days" in found.facts
    assert found.basis.endswith("plus 10 working days paused by key decision")


def test_a_pause_across_a_bank_holiday_counts_only_working_days():
    # Fri 21 Aug to Fri 4 Sep 2020: 11 weekdays less the August bank holiday (Mon 31 Aug) = 10 working days.
    days, words = assessment_pause_days(
        [(date(2020, 8, 21), date(2020, 9, 4))], date(2020, 8, 3), None, date(2020, 9, 7)
    )
    assert days == 10
    assert words == ["Paused 21 August to 4 September 2020 by key decision: due date moves by 10 working days"]


def test_an_open_pause_counts_up_to_today_and_keeps_the_item_from_going_overdue():
    found = item((date(2020, 10, 12), None), today=date(2020, 12, 4))
    # Mon 12 Oct to Fri 4 Dec 2020: 40 working days so far.
    assert found.due_on == date(2021, 2, 2)
    assert found.status is not DueStatus.OVERDUE
    assert "Paused from 12 October 2020 by key decision, still paused: due date moves by 40 working days so far" in (
        found.facts
    )


def test_a_pause_after_completion_is_ignored_and_one_running_at_completion_is_cut_there():
    after = item((date(2020, 11, 2), date(2020, 11, 6)), completed=date(2020, 10, 30), today=date(2020, 11, 9))
    assert (after.due_on, after.status) == (date(2020, 12, 3), DueStatus.MET)
    assert not any(line.startswith("Paused") for line in after.facts)
    cut = item((date(2020, 10, 26), None), completed=date(2020, 10, 28), today=date(2020, 11, 9))
    assert cut.due_on == date(2020, 12, 8)  # Mon 26 to Wed 28 Oct: 3 working days


def test_a_pause_not_yet_started_and_days_before_the_referral_do_not_count():
    assert item((date(2020, 11, 9), date(2020, 11, 13)), today=date(2020, 11, 2)).due_on == date(2020, 12, 3)
    days, _ = assessment_pause_days([(date(2020, 9, 28), date(2020, 10, 2))], REFERRED, None, date(2020, 10, 5))
    assert days == 1  # only Fri 2 Oct is after the referral (day 0, Thu 1 Oct)


def test_overlapping_pauses_count_each_day_once():
    days, words = assessment_pause_days(
        [(date(2020, 10, 12), date(2020, 10, 16)), (date(2020, 10, 14), date(2020, 10, 20))],
        REFERRED,
        None,
        date(2020, 11, 2),
    )
    assert days == 7  # Mon 12 to Tue 20 Oct
    assert len(words) == 2


def test_a_late_completion_is_measured_against_the_moved_due_date():
    found = item((date(2020, 10, 12), date(2020, 10, 23)), completed=date(2020, 12, 18), today=date(2021, 1, 4))
    assert found.met_by == "Assessment completed on 18 December 2020, 1 working day late"

"""A version with an end date (seed 002: "Arrangements for Early Help and CSC 24.03.2020 – 14.04.2020"): on the day
after, the version it replaced, or the one it names, is in force again."""

from dataclasses import replace
from datetime import date

from caseboard.clock import Timeline
from caseboard.clock.tests.test_engine import CIN, baseline, child, covid, episode, only
from caseboard.clock.vocabulary import DueKind

END = date(2020, 4, 14)
ENDING = [baseline(), covid(ends_on=END)]


def test_the_replaced_version_is_in_force_again_the_day_after_the_end():
    timeline = Timeline(ENDING)
    assert timeline.on(END).version_id == 2
    back = timeline.on(date(2020, 4, 15))
    assert back.version_id == 1 and back.effective_from == date(2020, 4, 15)
    assert back.label == (
        "Statutory baseline (England), version 1 (again from 15 April 2020, after COVID-19 response (spring 2020), "
        "version 1 ended)"
    )
    assert timeline.on(date(2030, 1, 1)).version_id == 1


def test_an_interval_follows_the_version_in_force_the_day_it_starts_around_the_end():
    on_last_day = only(child(episode(CIN, END)), ENDING, date(2020, 4, 20), DueKind.CIN_VISIT)
    assert (on_last_day.version_id, on_last_day.due_on) == (2, date(2020, 5, 26))  # Tue + 6 weeks
    day_after = only(child(episode(CIN, date(2020, 4, 15))), ENDING, date(2020, 4, 20), DueKind.CIN_VISIT)
    assert day_after.version_id == 1
    assert day_after.due_on == date(2020, 5, 14)  # 20 working days, the early May bank holiday (Fri 8 May) skipped
    assert "again from 15 April 2020" in day_after.version_label


def test_a_version_replaced_before_its_end_does_not_return():
    later = replace(baseline(), version_id=3, label="Version 3", effective_from=date(2020, 4, 10))
    timeline = Timeline([*ENDING, later])
    assert [v.version_id for v in timeline.versions] == [1, 2, 3]
    assert timeline.on(date(2020, 4, 15)).version_id == 3


def test_a_version_returns_to_the_one_chosen_when_it_was_approved():
    second = covid()
    third = replace(covid(), version_id=3, label="Version 3", effective_from=date(2020, 4, 1), ends_on=END)
    timeline = Timeline([baseline(), second, replace(third, reverts_to_id=1)])
    assert timeline.on(date(2020, 4, 15)).version_id == 1
    assert Timeline([baseline(), second, third]).on(date(2020, 4, 15)).version_id == 2  # the one it replaced

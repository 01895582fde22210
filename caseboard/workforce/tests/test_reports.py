"""Every report figure on a small hand-built data set."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from caseboard.accounts.models import Role, Team
from caseboard.conftest import make_user
from caseboard.reporting.survey.selectors import survey_snapshot
from caseboard.workforce import reports, services
from caseboard.workforce.cadence import Cadence, OnTime, on_time
from caseboard.workforce.models import Availability, CheckIn, Office, PpeStock, StaffRecord

pytestmark = pytest.mark.django_db

ON = date(2020, 6, 4)


def _period(person, status, start, end=None, covid=False, by=None):
    return Availability.objects.create(
        person=person,
        status=status,
        starts_on=start,
        ends_on=end,
        is_covid_related=covid,
        recorded_by=by or person,
        recorded_at=timezone.now(),
    )


def test_staff_unavailable_because_of_covid(wf):
    council = wf.council
    # Social workers: worker, colleague, other_worker, cp_worker, manager (team manager), cover = 6.
    _period(council.worker, "self_isolating", date(2020, 6, 1), date(2020, 6, 10))
    _period(council.colleague, "sick", date(2020, 6, 3), date(2020, 6, 5), covid=True)
    _period(council.other_worker, "sick", date(2020, 6, 3), date(2020, 6, 5))  # not COVID: not counted
    _period(council.cp_worker, "shielding", date(2020, 3, 23), date(2020, 6, 3))  # ended the day before
    _period(council.manager, "home", date(2020, 3, 23))
    residential = make_user("res", Role.FAMILY_TIME_SUPERVISOR)
    StaffRecord.objects.create(user=residential, skills=["residential"])
    _period(residential, "caring", date(2020, 6, 1), covid=True)
    result = reports.staff_unavailable(on=ON)
    assert (result.social_workers.staff, result.social_workers.unavailable) == (6, 2)
    assert result.social_workers.percent == Decimal("33.33")
    assert result.social_workers.flagged is True
    assert (result.residential.staff, result.residential.unavailable) == (1, 1)
    assert result.text == (
        "Social workers 2 of 6 (33.33%) (more than 10%); residential staff 1 of 1 (100.00%) (more than 10%)"
    )


def test_ten_percent_exactly_is_not_flagged(wf):
    council = wf.council
    for n in range(4):
        make_user(f"sw{n}", Role.SOCIAL_WORKER, council.cin_team)
    # 10 social workers, one away: 10.00%, not more than 10%.
    _period(council.worker, "self_isolating", date(2020, 6, 1), date(2020, 6, 10))
    result = reports.staff_unavailable(on=ON)
    assert (result.social_workers.staff, result.social_workers.unavailable) == (10, 1)
    assert result.social_workers.percent == Decimal("10.00")
    assert result.social_workers.flagged is False


def test_the_weekly_survey_reads_staff_unavailable_from_availability(wf):
    assert survey_snapshot(children=None, on=ON).staff_unavailable == "Not recorded"
    _period(wf.council.worker, "self_isolating", date(2020, 6, 1), date(2020, 6, 10))
    survey = survey_snapshot(children=None, on=ON)
    assert survey.social_workers_unavailable == "1 of 6 (16.67%) (more than 10%)"
    [social, residential] = survey.figures()["staff_unavailable_groups"]
    assert social == {
        "group": "Social workers",
        "staff": 6,
        "unavailable": 1,
        "percent": "16.67",
        "more_than_threshold": True,
    }
    assert residential["staff"] == 0


def test_availability_by_team_by_week(wf):
    council = wf.council
    # Week of 1 June 2020: the worker is away Wednesday to Friday; the colleague on leave the week before.
    _period(council.worker, "self_isolating", date(2020, 6, 3), date(2020, 6, 12))
    _period(council.colleague, "annual_leave", date(2020, 5, 26), date(2020, 5, 29))
    weeks = reports.availability_by_week(teams=Team.objects.filter(pk=council.cin_team.pk), end=ON, weeks=2)
    assert [(start, cells) for start, cells in weeks.table()] == [
        (date(2020, 5, 25), [(5, 4)]),  # worker, colleague, manager, cover, and the account with no role
        (date(2020, 6, 1), [(5, 4)]),
    ]


def test_on_time_counts_each_due_date_once():
    every_other = Cadence(2, True, "team_leader_checkin_working_days")
    # From Monday 1 June 2020: due Wed 3 (met on the day); Fri 5 (missed); then 2 working days from the missed date,
    # Tue 9 (met by Mon 8); Wed 10, 2 working days after Mon 8 (missed: Thu 11 is late); Fri 12 (met by Thu 11).
    held = [date(2020, 6, 3), date(2020, 6, 8), date(2020, 6, 11)]
    assert on_time(
        every_other, since=date(2020, 6, 1), held=held, start=date(2020, 6, 1), end=date(2020, 6, 12)
    ) == OnTime(5, 3)
    weekly = Cadence(7, False, "supervision")
    assert on_time(weekly, since=date(2020, 6, 1), held=[], start=date(2020, 6, 1), end=date(2020, 6, 30)) == OnTime(
        4, 0
    )


def test_checkins_on_time_report(wf):
    from caseboard.devtools.scenarios import install_covid_version

    install_covid_version()
    council = wf.council
    services.buddy_pair_assign(
        team=council.cin_team,
        first=council.worker,
        second=council.colleague,
        assigned_by=council.manager,
        starts_on=timezone.localdate() - timedelta(days=30),
    )
    today = timezone.localdate()
    for back in range(0, 10):
        day = today - timedelta(days=back)
        if day.weekday() < 5:
            CheckIn.objects.create(
                kind="buddy",
                by=council.worker,
                with_person=council.colleague,
                held_on=day,
                mode="phone",
                recorded_at=timezone.now(),
            )
    rows = {row.kind: row for row in reports.on_time_by_kind(start=today - timedelta(days=6), end=today)}
    buddy = rows["buddy"].result
    assert buddy.due >= 4 and buddy.on_time == buddy.due
    assert rows["buddy"].cadence == "every working day"


def test_ppe_by_office(wf):
    office = Office.objects.create(name="Riverside House")
    stock = PpeStock.objects.create(office=office, item="gloves")
    manager, worker = wf.council.manager, wf.council.worker
    today = timezone.localdate()
    services.ppe_delivery_record(stock=stock, quantity=200, recorded_by=manager, on=today - timedelta(days=40))
    services.ppe_issue(stock=stock, worker=worker, quantity=50, recorded_by=manager, on=today - timedelta(days=40))
    services.ppe_issue(stock=stock, worker=worker, quantity=20, recorded_by=manager, on=today - timedelta(days=3))
    services.ppe_return(stock=stock, worker=worker, quantity=5, recorded_by=manager, on=today)
    [row] = reports.ppe_by_office(start=today - timedelta(days=27), end=today)
    assert (row.office, row.delivered, row.issued, row.returned, row.written_off, row.level) == (
        "Riverside House",
        0,
        20,
        5,
        0,
        135,
    )

"""Timeliness figures from hand-built records, each at its boundary (DOMAIN.md sections 4 and 5)."""

import random
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from caseboard.clock import compute_due_items, rules_in_force, visit_counts
from caseboard.clock.vocabulary import (
    ChildFacts,
    EpisodeFact,
    Interval,
    LookedAfterVisits,
    MeetingFact,
    OperatingRules,
    PrivateFosteringVisits,
    Unit,
    VisitCounting,
    VisitFact,
    VisitMode,
    VisitRule,
)
from caseboard.clock.vocabulary import EpisodeKind as FactEpisodeKind
from caseboard.clock.vocabulary import MeetingKind as FactMeetingKind
from caseboard.compliance.facts import facts_for
from caseboard.compliance.services import due_items_recompute_all
from caseboard.conftest import make_child, open_cin
from caseboard.decisions.models import DecisionAction, DecisionEvent, DecisionStatus, KeyDecision
from caseboard.devtools import benchmark
from caseboard.frontdoor.models import Assessment, AssessmentPause, Referral
from caseboard.meetings.models import MeetingKind
from caseboard.policy.selectors import council_timeline
from caseboard.reporting.timeliness import selectors as timeliness
from caseboard.reporting.timeliness.selectors import Measure
from caseboard.testing.factories import EpisodeFactory, MeetingFactory, VisitFactory

LONDON = ZoneInfo("Europe/London")

# ``./dev bench`` builds its councils in SQLite; its hand-written statements are SQLite's dialect.
BENCH_DATABASE_ONLY = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the benchmark's hand-written SQL is SQLite's (./dev bench runs on SQLite)"
)


def row(rows, measure):
    return next(r for r in rows if r.measure == measure)


def referral(child, on, user):
    return Referral.objects.create(
        child=child, received_on=on, source="1A", primary_need="N1", recorded_by=user, recorded_at=timezone.now()
    )


def assessment(child, referral_on, completed_on, user, started_on=None):
    made = referral(child, referral_on, user)
    return Assessment.objects.create(
        child=child,
        referral=made,
        started_on=started_on or referral_on,
        completed_on=completed_on,
        recorded_by=user,
        recorded_at=timezone.now(),
    )


def decision(council, children, *, status=DecisionStatus.APPROVED, kind="parenting_assessment_paused"):
    made = KeyDecision.objects.create(
        kind=kind,
        rationale="Reasons",
        starts_on=date(2020, 4, 1),
        proposed_by=council.worker,
        proposed_at=timezone.now(),
        approver_role="head_of_service",
        review_after_days=21,
        status=status,
    )
    made.children.set(children)
    return made


def meeting(kind, children, held_on, user, **extra):
    return MeetingFactory(kind=kind, children=children, held_on=held_on, scheduled_by=user, **extra)


def visit(child, on, user, mode="in_person_home"):
    return VisitFactory(children=[child], visited_on=on, visited_at_time=None, worker=user, mode=mode)


# --- assessments -------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_an_assessment_on_working_day_45_is_on_time_and_on_day_46_late_across_the_bank_holidays(council):
    """Referral Wed 1 April 2020: 45 working days (Easter, VE Day 8 May, 25 May) end on Tue 9 June 2020."""
    on_time = assessment(council.own_child, date(2020, 4, 1), date(2020, 6, 9), council.worker)
    late = assessment(council.team_child, date(2020, 4, 1), date(2020, 6, 10), council.worker)
    found = {r.object_id: r for r in timeliness.records(Measure.ASSESSMENTS, date(2020, 6, 1), date(2020, 6, 30))}
    assert found[on_time.pk].due_on == date(2020, 6, 9) and found[on_time.pk].status == "on_time"
    assert found[late.pk].status == "late" and found[late.pk].working_days_late == 1
    figure = row(timeliness.summary(date(2020, 6, 1), date(2020, 6, 30)), "assessments")
    assert (figure.on_time, figure.total, figure.pct, figure.late) == (1, 2, Decimal("50.00"), 1)


@pytest.mark.django_db
def test_a_paused_assessment_is_due_later_by_the_working_days_paused(council):
    paused = assessment(council.own_child, date(2020, 4, 1), date(2020, 6, 16), council.worker)
    AssessmentPause.objects.create(
        assessment=paused,
        decision=decision(council, [council.own_child]),
        starts_on=date(2020, 4, 20),
        ends_on=date(2020, 4, 24),  # Monday to Friday: 5 working days
        recorded_by=council.worker,
        recorded_at=timezone.now(),
    )
    (record,) = timeliness.records(Measure.ASSESSMENTS, date(2020, 6, 1), date(2020, 6, 30))
    assert record.due_on == date(2020, 6, 16)
    assert record.status == "on_time"
    assert "plus 5 working days paused" in record.basis


@pytest.mark.django_db
def test_an_open_assessment_past_its_due_date_is_still_overdue_and_not_in_the_figure(council):
    assessment(council.own_child, date(2020, 4, 1), None, council.worker)
    assessment(council.team_child, date(2020, 5, 1), None, council.worker)  # due 7 July: not yet overdue
    found = timeliness.records(Measure.ASSESSMENTS, date(2020, 6, 1), date(2020, 6, 30), today=date(2020, 6, 20))
    assert [(r.status, r.due_on) for r in found] == [("overdue", date(2020, 6, 9))]
    figure = timeliness.summary_rows({Measure.ASSESSMENTS: found})[0]
    assert (figure.on_time, figure.total, figure.pct, figure.overdue) == (0, 0, None, 1)


@pytest.mark.django_db
def test_duration_bands_count_from_the_referral_and_from_the_start(council):
    assessment(council.own_child, date(2020, 4, 1), date(2020, 4, 1), council.worker)  # same day
    assessment(council.team_child, date(2020, 4, 1), date(2020, 6, 10), council.worker, started_on=date(2020, 4, 3))
    bands = {
        label: (by_referral, by_start)
        for label, by_referral, by_start in timeliness.bands(
            timeliness.records(Measure.ASSESSMENTS, date(2020, 4, 1), date(2020, 6, 30))
        )
    }
    assert bands["Same day"] == (1, 1)
    assert bands["46 to 50"] == (1, 0)  # 46 working days from the referral
    assert bands["41 to 45"] == (0, 1)  # 44 from the start on Friday 3 April


# --- initial conferences -----------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_an_initial_conference_on_working_day_15_is_on_time_and_16_late(council):
    """Strategy discussion Mon 5 September 2022: 15 working days (State Funeral 19 September) end Tue 27 September."""
    discussion = meeting(
        MeetingKind.STRATEGY_DISCUSSION, [council.own_child, council.team_child], date(2022, 9, 5), council.worker
    )
    meeting(
        MeetingKind.INITIAL_CONFERENCE,
        [council.own_child],
        date(2022, 9, 27),
        council.worker,
        strategy_discussion=discussion,
    )
    meeting(MeetingKind.INITIAL_CONFERENCE, [council.team_child], date(2022, 9, 28), council.worker)
    found = timeliness.records(Measure.INITIAL_CONFERENCES, date(2022, 9, 1), date(2022, 9, 30))
    assert [(r.child_ids, r.due_on, r.status) for r in found] == [
        ((council.own_child.pk,), date(2022, 9, 27), "on_time"),
        ((council.team_child.pk,), date(2022, 9, 27), "late"),
    ]


# --- visits ------------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_visit_exactly_at_the_interval_is_on_time_and_a_day_later_is_late(council):
    """Child in need (baseline: 20 working days). Last visits Mon 16 November 2026; next due Mon 14 December."""
    for child in (council.own_child, council.team_child):
        visit(child, date(2026, 11, 16), council.worker)
    visit(council.own_child, date(2026, 12, 14), council.worker)
    visit(council.team_child, date(2026, 12, 15), council.worker)
    visit(council.other_team_child, date(2026, 12, 14), council.worker, mode="video")  # does not count
    found = timeliness.records(Measure.VISITS, date(2026, 12, 1), date(2026, 12, 31), overdue=False)
    assert [(r.child_ids[0], r.kind, r.due_on, r.status) for r in found] == [
        (council.own_child.pk, "cin_visit", date(2026, 12, 14), "on_time"),
        (council.team_child.pk, "cin_visit", date(2026, 12, 14), "late"),
    ]
    assert "20 working days of the last visit on 16 November 2026" in found[0].basis


@pytest.mark.django_db
def test_a_looked_after_visit_uses_the_reg_28_schedule_and_counts_as_looked_after(council):
    """Placement from Mon 2 March 2020 (DOMAIN.md s3): first visit within a week (Mon 9 March), then 6 weeks."""
    EpisodeFactory(child=council.cp_child, child_protection=True, start_on=date(2020, 1, 6))
    EpisodeFactory(child=council.cp_child, looked_after=True, start_on=date(2020, 3, 2))
    visit(council.cp_child, date(2020, 3, 6), council.worker)
    visit(council.cp_child, date(2020, 4, 18), council.worker)  # due Fri 17 April: a day late
    found = timeliness.records(Measure.VISITS, date(2020, 3, 1), date(2020, 4, 30), overdue=False)
    assert [(r.kind, r.due_on, r.status) for r in found] == [
        ("lac_visit", date(2020, 3, 9), "on_time"),
        ("lac_visit", date(2020, 4, 17), "late"),
    ]


# --- looked-after reviews ----------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_looked_after_review_on_its_due_date_is_on_time(council):
    """Looked after from Wed 1 April 2020: the first review within 20 working days, by Fri 1 May 2020."""
    for child in (council.own_child, council.team_child):
        EpisodeFactory(child=child, looked_after=True, start_on=date(2020, 4, 1))
    meeting(MeetingKind.LAC_REVIEW, [council.own_child], date(2020, 5, 1), council.iro)
    meeting(MeetingKind.LAC_REVIEW, [council.team_child], date(2020, 5, 4), council.iro)
    found = timeliness.records(Measure.LAC_REVIEWS, date(2020, 5, 1), date(2020, 5, 31), overdue=False)
    assert [(r.child_ids[0], r.due_on, r.status) for r in found] == [
        (council.own_child.pk, date(2020, 5, 1), "on_time"),
        (council.team_child.pk, date(2020, 5, 1), "late"),
    ]


# --- key decision reviews ----------------------------------------------------------------------------------------
def event(made, action, at, next_review_on=None):
    return DecisionEvent.objects.create(decision=made, action=action, by=None, at=at, next_review_on=next_review_on)


@pytest.mark.django_db
def test_a_decision_reviewed_a_day_late_is_late_and_one_reviewed_late_on_the_due_day_is_on_time(council):
    late = decision(council, [council.own_child], kind="visit_virtual")
    in_time = decision(council, [council.team_child], kind="visit_virtual")
    for made in (late, in_time):
        event(made, DecisionAction.APPROVED, datetime(2026, 3, 2, 9, tzinfo=LONDON), date(2026, 3, 23))
    event(late, DecisionAction.REVIEWED_CONTINUE, datetime(2026, 3, 24, 9, tzinfo=LONDON), date(2026, 4, 14))
    event(in_time, DecisionAction.REVIEWED_END, datetime(2026, 3, 23, 23, 30, tzinfo=LONDON))
    found = timeliness.records(Measure.DECISION_REVIEWS, date(2026, 3, 23), date(2026, 3, 29), overdue=False)
    assert {r.object_id: (r.due_on, r.done_on, r.status) for r in found} == {
        late.pk: (date(2026, 3, 23), date(2026, 3, 24), "late"),
        in_time.pk: (date(2026, 3, 23), date(2026, 3, 23), "on_time"),
    }


@pytest.mark.django_db
def test_an_approved_decision_past_its_review_date_is_still_overdue(council):
    made = decision(council, [council.own_child], kind="visit_virtual")
    made.next_review_on = date(2026, 3, 23)
    made.save()
    found = timeliness.records(Measure.DECISION_REVIEWS, date(2026, 3, 23), date(2026, 3, 29), today=date(2026, 4, 1))
    assert [(r.object_id, r.status) for r in found] == [(made.pk, "overdue")]


# --- need to know, percentages -----------------------------------------------------------------------------------
def test_percentages_round_half_up_to_two_places():
    assert timeliness.percentage(821, 927) == Decimal("88.57")
    assert timeliness.percentage(1, 8) == Decimal("12.50")
    assert timeliness.percentage(1, 200) == Decimal("0.50")
    assert timeliness.percentage(0, 0) is None


@pytest.mark.django_db
def test_a_restricted_record_is_left_out_for_the_performance_officer(council):
    assessment(council.own_child, date(2020, 4, 1), date(2020, 6, 9), council.worker)
    assessment(council.restricted_child, date(2020, 4, 1), date(2020, 6, 10), council.worker)
    period = (date(2020, 6, 1), date(2020, 6, 30))
    assert row(timeliness.summary(*period), "assessments").total == 2
    assert row(timeliness.summary(*period, user=council.performance), "assessments").total == 1
    # The team manager named on the restricted record sees both.
    assert row(timeliness.summary(*period, user=council.manager), "assessments").total == 2
    shown, hidden = timeliness.visible_records(timeliness.records(Measure.ASSESSMENTS, *period), council.performance)
    assert [r.child_ids for r in shown] == [(council.own_child.pk,)] and hidden == 1


# --- pages and the API -------------------------------------------------------------------------------------------
@pytest.fixture
def june(council):
    for index in range(3):
        assessment(council.own_child, date(2020, 4, 1), date(2020, 6, 9) + timedelta(days=index), council.worker)
    assessment(council.restricted_child, date(2020, 4, 1), date(2020, 6, 9), council.worker)
    return council


@pytest.mark.django_db
def test_the_timeliness_page_shows_each_figure_linked_to_its_records(client, june):
    client.force_login(june.performance)
    response = client.get(reverse("reporting:timeliness"), {"from": "2020-06-01", "to": "2020-06-30"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Timeliness, 1 June 2020 to 30 June 2020" in html
    assert 'role="img"' in html and "<desc" in html and 'data-testid="timeliness-trend"' in html
    link = reverse("reporting:timeliness-records", args=["assessments"]) + "?from=2020-06-01&amp;to=2020-06-30"
    assert f'href="{link}&amp;status=on_time">1<' in html
    assert f'href="{link}&amp;status=late">2<' in html


@pytest.mark.django_db
def test_a_bad_period_shows_the_error_summary_and_the_default_period(client, june):
    client.force_login(june.head)
    response = client.get(reverse("reporting:timeliness"), {"from": "31/02/2020", "to": "2020-06-30"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "Enter the start of the period as a real date" in html
    assert 'name="from-day" type="text" inputmode="numeric" value="31"' in html  # as given, in the boxes
    assert 'name="to-day" type="text" inputmode="numeric" value="30"' in html
    typed = client.get(
        reverse("reporting:timeliness"), {"from-day": "31", "from-month": "2", "from-year": "2020", "to": "2020-06-30"}
    ).content.decode()
    assert "Enter the start of the period as a real date" in typed and '<a href="#from-day">' in typed
    assert 'name="from-month" type="text" inputmode="numeric" value="2"' in typed


@pytest.mark.django_db
def test_the_records_behind_a_number_are_need_to_know_filtered_in_a_fixed_number_of_queries(
    client, june, django_assert_max_num_queries
):
    client.force_login(june.performance)
    url = reverse("reporting:timeliness-records", args=["assessments"])
    # Whatever the number of children: the session, the operating model's versions and what each version's sections
    # add to the clock (one query a section), the records, the need-to-know filter, the page's chrome.
    with django_assert_max_num_queries(21) as few:
        response = client.get(url, {"from": "2020-06-01", "to": "2020-06-30", "status": "done"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Ava Brown") == 3 and "Eve Fisher" not in html
    assert "1 more record in this period is about children whose records you may not see" in html
    for _index in range(30):
        assessment(june.team_child, date(2020, 4, 2), date(2020, 6, 12), june.worker)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url, {"from": "2020-06-01", "to": "2020-06-30", "status": "done"})
    csv = client.get(url, {"from": "2020-06-01", "to": "2020-06-30", "format": "csv"})
    assert csv["Content-Disposition"].startswith('attachment; filename="timeliness-assessments-2020-06-01')
    assert "Eve" not in csv.content.decode() and csv.content.decode().count("Ava,") == 0


@pytest.mark.django_db
def test_timeliness_pages_are_for_report_roles_only(client, council):
    client.force_login(council.worker)
    assert client.get(reverse("reporting:timeliness")).status_code == 403
    assert client.get(reverse("reporting:timeliness-records", args=["visits"])).status_code == 403
    client.force_login(council.head)
    assert client.get(reverse("reporting:timeliness-records", args=["nonsense"])).status_code == 404


@pytest.mark.django_db
def test_the_timeliness_downloads(client, june):
    client.force_login(june.performance)
    url = reverse("reporting:timeliness")
    csv = client.get(url, {"from": "2020-06-01", "to": "2020-06-30", "format": "csv"}).content.decode()
    assert csv.splitlines()[0] == "Measure,On time,Total,Percentage on time,Late,Still overdue"
    assert "Assessments completed within 45 working days of the referral,1,3,33.33,2,0" in csv
    xlsx = client.get(url, {"from": "2020-06-01", "to": "2020-06-30", "format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.django_db
def test_the_timeliness_api(client, june):
    client.force_login(june.performance)
    url = "/api/v1/reports/timeliness/"
    data = client.get(url, {"from": "2020-06-01", "to": "2020-06-30"}).json()
    assessments = next(m for m in data["measures"] if m["measure"] == "assessments")
    assert (assessments["on_time"], assessments["total"], assessments["pct"]) == (1, 3, "33.33")
    assert data["assessment_bands"][6] == {"band": "46 to 50", "from_referral": 2, "from_start": 2}
    bad = client.get(url, {"from": "2020-02-31"})
    assert bad.status_code == 400 and "from" in bad.json()
    reversed_period = client.get(url, {"from": "2020-06-30", "to": "2020-06-01"})
    assert reversed_period.status_code == 400 and "to" in reversed_period.json()
    client.force_login(june.worker)
    assert client.get(url).status_code == 403


# --- visits: the statutory clock replayed, in a fixed number of queries -----------------------------------------
LAC_STATUSES = ("C1", "C2", "V2", "E1")
PLACEMENTS = ("U1", "U4", "P1", "T0", "R1")
UNITS = tuple(Unit)


def random_interval(rng, low=1, high=8):
    return Interval(rng.randint(low, high), rng.choice(UNITS))


def random_rule(rng):
    return VisitRule(random_interval(rng), random_interval(rng), rng.random() < 0.5, rng.choice(["", "Local policy"]))


# Dates a few days, weeks, months and a year apart, so that generated facts fall on each other's boundaries (a visit
# on the placement's anniversary, a version taking effect on a due date).
BASES = [date(2019, 1, 7) + timedelta(days=37 * n) for n in range(20)]
DAYS = sorted(
    {
        base + step
        for base in BASES
        for step in [timedelta(days=d) for d in (0, 1, 2, 5)] + [timedelta(weeks=w) for w in range(1, 9)]
    }
    | {base + relativedelta(months=m) for base in BASES for m in (1, 2, 3, 6, 12)}
    | {base + relativedelta(years=1, days=d) for base in BASES for d in (-1, 1)}
)


def random_day(rng):
    return rng.choice(DAYS) if rng.random() < 0.8 else date(2019, 1, 1) + timedelta(days=rng.randint(0, 1100))


def random_versions(rng):
    """One to three versions: any visit frequencies, reg 28 and private fostering intervals, Early Help visits or
    none, some applying to running intervals."""
    versions = []
    for number in range(rng.randint(1, 3)):
        versions.append(
            OperatingRules(
                version_id=number + 1,
                label=f"Version {number + 1}",
                effective_from=random_day(rng),
                cin_visits=random_rule(rng),
                cp_visits=random_rule(rng),
                early_help_visits=random_rule(rng) if rng.random() < 0.6 else None,
                care_leaver_visits=random_rule(rng),
                looked_after=LookedAfterVisits(*(random_interval(rng) for _ in range(10))),
                private_fostering=PrivateFosteringVisits(*(random_interval(rng) for _ in range(3))),
                care_leaver_visits_by_rating=(("red", random_rule(rng)),) if rng.random() < 0.3 else (),
                applies_to_running_intervals=rng.random() < 0.4,
            )
        )
    return versions


def random_episodes(rng):
    """A few episodes of any kind; looked-after ones in runs of consecutive episodes (a care period) with changes of
    legal status and placement, including temporary placements, placements with parents and reg 24 placements."""
    ids = iter(range(1, 100))
    episodes = []
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(list(FactEpisodeKind))
        start = random_day(rng)
        end = start + timedelta(days=rng.randint(0, 500)) if rng.random() < 0.4 else None
        if kind is not FactEpisodeKind.LOOKED_AFTER:
            episodes.append(EpisodeFact(id=next(ids), kind=kind, start_on=start, end_on=end))
            continue
        for index in range(rng.randint(1, 3)):
            last = index == 0 or rng.random() < 0.3
            end = None if last and rng.random() < 0.5 else start + timedelta(days=rng.randint(0, 400))
            episodes.append(
                EpisodeFact(
                    id=next(ids),
                    kind=kind,
                    start_on=start,
                    end_on=end,
                    legal_status=rng.choice(LAC_STATUSES),
                    placement_type=rng.choice(PLACEMENTS),
                    placement_provider=rng.choice(["PR1", "PR2"]),
                    placement_intended_until_18=rng.random() < 0.5,
                    parent_assessment_complete=rng.random() < 0.5,
                    is_reg24_placement=rng.random() < 0.2,
                )
            )
            if end is None:
                break
            start = end + timedelta(days=rng.choice([0, 1, 1, 2, 30]))
    return sorted(episodes, key=lambda e: (e.start_on, e.id))


def test_the_visits_measure_gives_the_statutory_clocks_own_due_date_on_every_visit_day():
    """The visits measure replays the statutory clock's visit items in one pass over each child's visit days rather
    than running the engine once per child per visit day: on thousands of generated children (every kind of
    episode, care periods, reg 28(2) to (5), private fostering, Early Help with and without a frequency, versions
    that apply to running intervals) and visit days around their episodes' starts and ends, its next visit on each
    day is exactly ``compute_due_items``'s first visit item that day, from the visit before: kind, due date, basis."""
    rng = random.Random(28)
    checked = set()
    for _case in range(3000):
        versions = random_versions(rng)
        episodes = random_episodes(rng)
        reviews = sorted(random_day(rng) for _ in range(rng.randint(0, 3)))
        # Days around the episodes' starts and ends, versions' first days and reviews, and others.
        edges = [e.start_on for e in episodes] + [e.end_on for e in episodes if e.end_on] + reviews
        edges += [e.start_on + relativedelta(years=1) for e in episodes] + [v.effective_from for v in versions]
        days = sorted(
            {
                rng.choice(edges) + timedelta(days=rng.choice([-1, 0, 0, 1])) if rng.random() < 0.5 else random_day(rng)
                for _ in range(rng.randint(1, 5))
            }
        )
        last_before = rng.choice([None, rng.choice(edges), days[0] - timedelta(days=rng.randint(1, 200))])
        if last_before is not None and last_before >= days[0]:
            last_before = None
        replayed = timeliness._visit_dues(episodes, reviews, last_before, days, timeliness._Versions(versions))
        last_on = last_before
        for day, due in zip(days, replayed, strict=True):
            facts = ChildFacts(
                child_id=1,
                date_of_birth=date(2010, 1, 1),
                episodes=tuple(rng.sample(episodes, len(episodes))),
                visits=(VisitFact(id=1, on=last_on, mode=VisitMode.IN_PERSON),) if last_on else (),
                meetings=tuple(
                    MeetingFact(id=n, kind=FactMeetingKind.LAC_REVIEW, held_on=held) for n, held in enumerate(reviews)
                ),
            )
            items = {item.kind: item for item in compute_due_items(facts, versions, day)}
            engine = next(((k, items[k].due_on, items[k].basis) for k in timeliness.VISIT_KINDS if k in items), None)
            assert due == engine, (facts, versions, day)
            checked.add(engine[0] if engine else None)
            last_on = day
    assert checked == {*timeliness.VISIT_KINDS, None}


def engine_visits(child, start, end, timeline):
    """What the statutory clock gave on the day of each of the child's visits in the period that counts, from the facts
    known that day: (visit id, kind, due on, basis)."""
    facts = replace(facts_for([child.pk])[0], rag_reviews=())
    found = []
    for visit in sorted(facts.visits, key=lambda v: (v.on, v.id)):
        if not start <= visit.on <= end or not visit_counts(visit, rules_in_force(timeline, visit.on).visit_counting):
            continue
        before = tuple(v for v in facts.visits if v.on < visit.on)
        items = {item.kind: item for item in compute_due_items(replace(facts, visits=before), timeline, visit.on)}
        kind = next(k for k in timeliness.VISIT_KINDS if k in items)
        found.append((visit.id, kind, items[kind].due_on, items[kind].basis))
    return found


@pytest.mark.django_db
def test_a_virtual_visit_counts_under_the_version_in_force_on_its_day_and_only_with_a_covering_decision(council):
    """From 1 June 2026 a version counts virtual visits covered by an approved key decision (CIN visits every 6
    weeks). A video visit in May (in person only then) and one in June after the decision ended do not count, nor
    start the next interval."""
    baseline = council_timeline()[0]
    timeline = [
        baseline,
        replace(
            baseline,
            version_id=baseline.version_id + 1,
            label="Virtual visits with a decision",
            effective_from=date(2026, 6, 1),
            cin_visits=VisitRule(Interval(6, Unit.WEEKS), Interval(6, Unit.WEEKS), False, "Local policy"),
            visit_counting=VisitCounting.VIRTUAL_WITH_DECISION,
        ),
    ]
    child = council.own_child
    covering = decision(council, [child], status=DecisionStatus.ENDED, kind="visit_virtual")
    covering.starts_on, covering.ends_on = date(2026, 6, 1), date(2026, 6, 10)
    covering.save()
    visit(child, date(2026, 5, 4), council.worker)
    visit(child, date(2026, 5, 20), council.worker, mode="video")  # in person only in May
    covered = visit(child, date(2026, 6, 8), council.worker, mode="video")
    visit(child, date(2026, 6, 15), council.worker, mode="video")  # the decision ended on 10 June
    after = visit(child, date(2026, 6, 22), council.worker)
    visit(council.team_child, date(2026, 6, 9), council.worker, mode="video")  # no decision
    found = timeliness.records(Measure.VISITS, date(2026, 6, 1), date(2026, 6, 30), timeline=timeline, overdue=False)
    assert [(r.object_id, r.due_on, r.status, r.extra["in_person"]) for r in found] == [
        (covered.pk, date(2026, 6, 2), "late", False),  # 20 working days from 4 May (25 May a bank holiday)
        (after.pk, date(2026, 7, 20), "on_time", True),
    ]
    assert found[1].basis == "Child in need: visit within 6 weeks of the last visit on 8 June 2026"
    assert [(r.object_id, r.kind, r.due_on, r.basis) for r in found] == engine_visits(
        child, date(2026, 6, 1), date(2026, 6, 30), timeline
    )


@pytest.mark.django_db
def test_the_visits_measure_makes_the_same_queries_for_one_child_and_for_thirty(council, django_assert_num_queries):
    """Four queries for the visits, the last visit before the period, episodes and looked-after reviews, and one for
    the clock's outstanding visits, whatever the number of children."""
    period = (date(2026, 3, 1), date(2026, 3, 31))
    timeline = council_timeline()
    visit(council.own_child, date(2026, 2, 2), council.worker)
    visit(council.own_child, date(2026, 3, 2), council.worker)
    # Episodes, their details from the placements app (the setting, reg 24, the parent's assessment), reviews, ...
    with django_assert_num_queries(6):
        assert len(timeliness.records(Measure.VISITS, *period, timeline=timeline)) == 1
    for number in range(29):
        child = make_child(f"Q{number}", "Quinn", f"Number{number}")
        open_cin(child, date(2026, 1, 5))
        if number % 3 == 0:
            EpisodeFactory(child=child, looked_after=True, start_on=date(2026, 2, 2))
        visit(child, date(2026, 2, 16), council.worker)
        visit(child, date(2026, 3, 9), council.worker)
        visit(child, date(2026, 3, 30), council.worker)
    with django_assert_num_queries(6):
        assert len(timeliness.records(Measure.VISITS, *period, timeline=timeline)) == 1 + 29 * 2


# --- the benchmark's SQL -----------------------------------------------------------------------------------------
@pytest.mark.django_db
@BENCH_DATABASE_ONLY
def test_the_benchmarks_hand_written_sql_comes_to_the_same_figures(council):
    """``./dev bench`` times the timeliness summary against one SQL statement (with a working-day table): on a council
    with every measure, on time and late, reg 28(2) and (4), a second review and a review recorded late in the
    evening British Summer Time, the statement's figures are the summary's."""
    c, worker = council, council.worker
    EpisodeFactory(child=c.cp_child, child_protection=True, start_on=date(2026, 2, 2))
    EpisodeFactory(
        child=c.other_team_child, looked_after=True, start_on=date(2026, 3, 2), legal_status="C1", placement_type="P1"
    )
    EpisodeFactory(
        child=c.closed_child, looked_after=True, start_on=date(2026, 1, 12), placement_intended_until_18=True
    )
    for child, days in (
        (c.own_child, [(2, 2), (3, 2), (4, 1)]),
        (c.team_child, [(1, 20)]),
        (c.cp_child, [(2, 9), (3, 2)]),
        (c.other_team_child, [(3, 6), (3, 13), (4, 20), (5, 1)]),
        (c.closed_child, [(1, 16), (3, 1), (3, 1)]),
    ):
        for month, day in days:
            visit(child, date(2026, month, day), worker)
    visit(c.own_child, date(2026, 5, 5), worker, mode="video")  # does not count
    assessment(c.own_child, date(2026, 3, 2), date(2026, 5, 1), worker)
    assessment(c.team_child, date(2026, 1, 5), date(2026, 6, 30), worker)
    assessment(c.restricted_child, date(2026, 2, 2), None, worker)  # still overdue
    discussion = meeting(MeetingKind.STRATEGY_DISCUSSION, [c.cp_child, c.team_child], date(2026, 3, 2), worker)
    meeting(MeetingKind.INITIAL_CONFERENCE, [c.cp_child], date(2026, 3, 20), worker, strategy_discussion=discussion)
    meeting(MeetingKind.INITIAL_CONFERENCE, [c.team_child], date(2026, 3, 25), worker)
    meeting(MeetingKind.LAC_REVIEW, [c.other_team_child], date(2026, 3, 30), c.iro)
    meeting(MeetingKind.LAC_REVIEW, [c.closed_child], date(2026, 2, 10), c.iro)
    meeting(MeetingKind.LAC_REVIEW, [c.closed_child], date(2026, 5, 11), c.iro)
    made = decision(c, [c.own_child], kind="visit_virtual")
    event(made, DecisionAction.APPROVED, datetime(2026, 3, 2, 9, tzinfo=LONDON), date(2026, 3, 23))
    event(made, DecisionAction.REVIEWED_CONTINUE, datetime(2026, 3, 23, 23, 30, tzinfo=LONDON), date(2026, 4, 13))
    event(made, DecisionAction.REVIEWED_END, datetime(2026, 4, 14, 0, 30, tzinfo=LONDON))  # 13 April in UTC
    start, end, today = date(2026, 1, 1), date(2026, 6, 30), date(2026, 7, 1)
    due_items_recompute_all(today=today)
    benchmark.working_day_tables(today)
    ours = benchmark._our_timeliness(start, end, today)
    assert benchmark._sql_timeliness(benchmark.timeliness_sql(council_timeline()[0]), start, end, today) == ours
    assert ours["visits:lac_visit"][:2] == (4, 3) and ours["visits:cin_visit"][1] > 0 and ours["visits:cp_visit"][1]
    assert ours["assessments"] == (1, 1, 1) and ours["initial_conferences"][:2] == (1, 1)
    assert ours["lac_reviews"][:2] == (1, 2) and ours["decision_reviews"][:2] == (1, 1)

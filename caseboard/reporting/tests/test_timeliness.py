"""Timeliness figures from hand-built records, each at its boundary (DOMAIN.md sections 4 and 5)."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from caseboard.casework.models import Episode, EpisodeKind
from caseboard.decisions.models import DecisionAction, DecisionEvent, DecisionStatus, KeyDecision
from caseboard.frontdoor.models import Assessment, AssessmentPause, Referral
from caseboard.meetings.models import Meeting, MeetingKind, MeetingStatus
from caseboard.reporting import timeliness
from caseboard.reporting.timeliness import Measure
from caseboard.visits.models import ChildSeen, Visit

LONDON = ZoneInfo("Europe/London")


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
    made = Meeting.objects.create(
        kind=kind,
        scheduled_for=datetime.combine(held_on, time(10), LONDON),
        status=MeetingStatus.HELD,
        held_on=held_on,
        format="virtual",
        scheduled_by=user,
        scheduled_at=timezone.now(),
        **extra,
    )
    made.children.set(children)
    return made


def visit(child, on, user, mode="in_person_home"):
    made = Visit.objects.create(
        visited_on=on, worker=user, mode=mode, purpose="statutory_cin", recorded_by=user, recorded_at=timezone.now()
    )
    ChildSeen.objects.create(visit=made, child=child, was_seen=True)
    return made


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
    Episode.objects.create(
        child=council.cp_child,
        kind=EpisodeKind.CHILD_PROTECTION,
        start_on=date(2020, 1, 6),
        initial_category_of_abuse="N",
    )
    Episode.objects.create(
        child=council.cp_child,
        kind=EpisodeKind.LOOKED_AFTER,
        start_on=date(2020, 3, 2),
        legal_status="C2",
        placement_type="U1",
        placement_provider="PR1",
    )
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
        Episode.objects.create(
            child=child,
            kind=EpisodeKind.LOOKED_AFTER,
            start_on=date(2020, 4, 1),
            legal_status="C2",
            placement_type="U1",
            placement_provider="PR1",
        )
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
    assert 'value="31/02/2020"' in html


@pytest.mark.django_db
def test_the_records_behind_a_number_are_need_to_know_filtered_in_a_fixed_number_of_queries(
    client, june, django_assert_max_num_queries
):
    client.force_login(june.performance)
    url = reverse("reporting:timeliness-records", args=["assessments"])
    with django_assert_max_num_queries(20) as few:
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

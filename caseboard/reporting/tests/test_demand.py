"""Demand: contacts and referrals by reporting week against earlier years, the alerts, and their thresholds."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from caseboard.accounts.models import Notification, Role
from caseboard.conftest import make_user
from caseboard.devtools import benchmark
from caseboard.frontdoor.models import Contact, Referral, Screening
from caseboard.frontdoor.services import contact_record
from caseboard.reporting.demand import selectors as demand
from caseboard.reporting.demand import services as demand_services
from caseboard.reporting.models import DemandAlertSetting

LONDON = ZoneInfo("Europe/London")
WEEK = date(2020, 6, 1)  # Monday of ISO week 23 of 2020
TODAY = date(2020, 6, 10)  # the last complete week is the week of 1 June

# ``./dev bench`` builds its councils in SQLite; its hand-written statements are SQLite's dialect.
BENCH_DATABASE_ONLY = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the benchmark's hand-written SQL is SQLite's (./dev bench runs on SQLite)"
)


def referrals(child, on, count, user, **extra):
    for _ in range(count):
        Referral.objects.create(
            child=child,
            received_on=on,
            source=extra.get("source", "1A"),
            primary_need="N1",
            is_re_referral=extra.get("is_re_referral", False),
            recorded_by=user,
            recorded_at=timezone.now(),
        )


def usual_level(council, per_week):
    """The same ISO week (23) in 2019, 2018 and 2017: the baseline is the mean of these."""
    for years_back, count in zip((1, 2, 3), per_week, strict=True):
        monday = demand.same_week_in(WEEK, years_back)
        referrals(council.own_child, monday + timedelta(days=2), count, council.worker)


def test_the_same_week_of_an_earlier_year_is_the_same_iso_week():
    assert demand.same_week_in(date(2020, 6, 1), 1) == date(2019, 6, 3)
    assert demand.same_week_in(date(2020, 12, 28), 1) == date(2019, 12, 23)  # week 53 becomes week 52
    assert demand.same_week_in(date(2021, 1, 4), 1) == date(2019, 12, 30)  # week 1 of 2020


@pytest.mark.django_db
def test_a_contact_at_sunday_2359_is_in_the_week_before_one_at_monday_0000(council):
    front_door = make_user("frontdoor", Role.FRONT_DOOR, council.cin_team)
    for moment in (datetime(2020, 5, 31, 23, 59, tzinfo=LONDON), datetime(2020, 6, 1, 0, 0, tzinfo=LONDON)):
        contact_record(
            recorded_by=front_door,
            received_at=moment,
            referrer_name="School",
            referrer_agency="1A",
            method="phone",
            concerns="Worried",
            children=[council.own_child],
            now=datetime(2020, 6, 2, 9, tzinfo=LONDON),
        )
    weeks = demand.weekly_series(weeks=2, end=date(2020, 6, 7), baseline_years=1)
    assert [(w.starts_on, w.contacts) for w in weeks] == [(date(2020, 5, 25), 1), (date(2020, 6, 1), 1)]


@pytest.mark.django_db
def test_the_baseline_is_the_mean_of_the_same_week_in_earlier_years(council):
    usual_level(council, (10, 20, 30))
    referrals(council.team_child, WEEK, 24, council.worker)
    referrals(council.team_child, WEEK + timedelta(days=6), 2, council.worker, is_re_referral=True)
    referrals(council.team_child, WEEK + timedelta(days=7), 5, council.worker)  # the next week
    (week,) = demand.weekly_series(weeks=1, end=WEEK + timedelta(days=6), baseline_years=3)
    assert week.previous_referrals == (10, 20, 30)
    assert (week.referrals, week.baseline_referrals, week.referral_change_pct) == (
        26,
        Decimal("20.00"),
        Decimal("30.00"),
    )
    assert (week.re_referrals, week.re_referral_pct) == (2, Decimal("7.69"))
    (two_years,) = demand.weekly_series(weeks=1, end=WEEK, baseline_years=2)
    assert two_years.baseline_referrals == Decimal("15.00")


@pytest.mark.django_db
def test_conversion_is_the_share_of_contacts_that_became_referrals(council):
    for decision in ("referral", "strategy_discussion", "nfa", "advice", ""):
        contact = Contact.objects.create(
            received_at=datetime(2020, 6, 2, 10, tzinfo=LONDON),
            received_on=date(2020, 6, 2),
            referrer_name="Police",
            referrer_agency="5A",
            method="phone",
            concerns="Worried",
            decision=decision,
            decision_due_on=date(2020, 6, 3),
            recorded_by=council.worker,
            recorded_at=timezone.now(),
        )
        contact.children.set([council.own_child, council.team_child])  # two children: still one contact
    (week,) = demand.weekly_series(weeks=1, end=WEEK, baseline_years=1)
    assert (week.contacts, week.contacts_converted, week.conversion_pct) == (5, 2, Decimal("40.00"))


# --- alerts ------------------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_surge_alerts_the_heads_of_service_once_for_the_week(council):
    usual_level(council, (25, 25, 25))
    referrals(council.team_child, WEEK, 33, council.worker)  # 32% above
    sent = demand_services.demand_alerts_send(today=TODAY)
    assert {n.recipient for n in sent} == {council.head, council.cp_head}
    assert sent[0].message.startswith("Referrals 32% above the usual level for the week of 1 June 2020")
    assert sent[0].link == reverse("reporting:demand") + "?alert=surge&week=2020-06-01"
    assert demand_services.demand_alerts_send(today=TODAY) == []
    assert demand_services.demand_alerts_send(today=TODAY + timedelta(days=1)) == []  # a daily run later in the week
    assert Notification.objects.count() == 2


@pytest.mark.django_db
def test_a_fall_sends_a_note_that_children_may_be_unseen_once(council):
    usual_level(council, (25, 25, 25))
    referrals(council.team_child, WEEK, 10, council.worker)  # 60% below
    call_command("demand_alerts", "--today", TODAY.isoformat())
    messages = list(Notification.objects.values_list("message", flat=True))
    assert len(messages) == 2
    assert messages[0].startswith("Referrals 60% below the usual level for the week of 1 June 2020")
    assert "may be unseen" in messages[0]
    call_command("demand_alerts", "--today", TODAY.isoformat())
    assert Notification.objects.count() == 2


@pytest.mark.django_db
def test_no_alert_within_the_thresholds_or_without_a_baseline(council):
    referrals(council.team_child, WEEK, 40, council.worker)
    assert demand_services.demand_alerts_send(today=TODAY) == []  # no earlier years: no usual level
    DemandAlertSetting.objects.create(surge_above_pct=40, fall_below_pct=30, baseline_years=3)
    usual_level(council, (30, 30, 30))
    assert demand_services.demand_alerts_send(today=TODAY) == []  # 33% above, within 40%
    Referral.objects.filter(received_on=WEEK).first().delete()
    for referral in Referral.objects.filter(received_on=WEEK)[:17]:
        referral.delete()  # 22 referrals: 27% below, within 30%
    assert demand_services.demand_alerts_send(today=TODAY) == []
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_exactly_at_the_threshold_is_not_above_it(council):
    usual_level(council, (25, 25, 25))
    referrals(council.team_child, WEEK, 30, council.worker)  # exactly 20% above: not more than 20%
    assert demand_services.demand_alerts_send(today=TODAY) == []
    referrals(council.team_child, WEEK, 1, council.worker)  # 24% above
    assert len(demand_services.demand_alerts_send(today=TODAY)) == 2


# --- the thresholds page -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "Enter the percentage above the usual level as a whole number from 1 to 500"),
        ("501", "Enter the percentage above the usual level as a whole number from 1 to 500"),
        ("12.5", "Enter the percentage above the usual level as a whole number from 1 to 500"),
        ("lots", "Enter the percentage above the usual level as a whole number from 1 to 500"),
        ("", "Enter the percentage above the usual level"),
    ],
)
@pytest.mark.django_db
def test_bad_thresholds_show_the_error_summary_and_change_nothing(client, council, value, message):
    client.force_login(council.head)
    url = reverse("reporting:demand-alerts")
    response = client.post(url, {"surge_above_pct": value, "fall_below_pct": "30", "baseline_years": "3"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and message in html
    assert f'value="{value}"' in html or value == ""
    assert not DemandAlertSetting.objects.exists()


@pytest.mark.django_db
def test_thresholds_are_saved_and_audited_by_a_head_of_service_only(client, council):
    client.force_login(council.manager)
    assert client.get(reverse("reporting:demand-alerts")).status_code == 403
    client.force_login(council.head)
    response = client.post(
        reverse("reporting:demand-alerts"), {"surge_above_pct": "25", "fall_below_pct": "40", "baseline_years": "2"}
    )
    assert response.status_code == 302
    setting = DemandAlertSetting.current()
    assert (setting.surge_above_pct, setting.fall_below_pct, setting.baseline_years) == (25, 40, 2)
    assert setting.updated_by == council.head
    entry = LogEntry.objects.get_for_object(setting).get()
    assert entry.actor == council.head


# --- pages, lists, API -------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_demand_pages_show_charts_with_tables_and_link_every_number(client, council, settings):
    usual_level(council, (2, 2, 2))
    referrals(council.team_child, WEEK, 3, council.worker)
    client.force_login(council.head)
    for name in ("reporting:demand", "reporting:demand-service"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        html = response.content.decode()
        assert 'role="img"' in html and "<desc" in html and "govuk-table" in html
    client.force_login(council.worker)
    assert client.get(reverse("reporting:demand")).status_code == 403


@pytest.mark.django_db
def test_the_referrals_behind_a_number_leave_out_a_restricted_record_for_the_performance_officer(
    client, council, django_assert_max_num_queries
):
    referrals(council.own_child, WEEK, 1, council.worker)
    referrals(council.restricted_child, WEEK, 1, council.worker)
    client.force_login(council.performance)
    url = reverse("reporting:demand-records")
    query = {"what": "referrals", "from": "2020-06-01", "to": "2020-06-07"}
    with django_assert_max_num_queries(20) as few:
        html = client.get(url, query).content.decode()
    assert "Ava Brown" in html and "Eve Fisher" not in html
    assert "1 more is about children whose records you may not see" in html
    referrals(council.team_child, WEEK, 30, council.worker)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url, query)
    client.force_login(council.manager)  # named on the restricted record
    assert "Eve Fisher" in client.get(url, query).content.decode()
    assert client.get(url, {"what": "nonsense"}).status_code == 404


@pytest.mark.django_db
def test_open_screening_work_is_the_referrals_whose_screening_is_not_complete(client, council):
    referrals(council.own_child, WEEK, 2, council.worker)
    first, second = Referral.objects.order_by("pk")
    Screening.objects.create(referral=first)
    Screening.objects.create(referral=second, completed_at=timezone.now())
    assert demand.open_screenings().count() == 1
    client.force_login(council.head)
    html = client.get(reverse("reporting:demand-records"), {"what": "open_screenings"}).content.decode()
    assert html.count("Ava Brown") == 1


@pytest.mark.django_db
def test_the_demand_api(client, council):
    usual_level(council, (10, 20, 30))
    referrals(council.team_child, WEEK, 26, council.worker)
    client.force_login(council.performance)
    data = client.get("/api/v1/reports/demand/", {"from": "2020-06-01", "to": "2020-06-07"}).json()
    assert data["period_from"] == "2020-06-01" and data["baseline_years"] == 3
    (week,) = data["weeks"]
    assert (week["referrals"], week["baseline_referrals"], week["referral_change_pct"]) == (26, "20.00", "30.00")
    bad = client.get("/api/v1/reports/demand/", {"to": "7 June"})
    assert bad.status_code == 400 and "to" in bad.json()


@pytest.mark.django_db
def test_demand_is_shown_up_to_a_past_date_and_a_bad_date_is_explained(client, council):
    usual_level(council, (2, 2, 2))
    referrals(council.team_child, WEEK, 3, council.worker)
    client.force_login(council.head)
    html = client.get(reverse("reporting:demand"), {"to": "2020-06-14"}).content.decode()
    assert "52 weeks to 14 June 2020" in html and "Last complete week, from 8 June 2020" in html
    assert "format=csv&amp;to=2020-06-14" in html
    response = client.get(reverse("reporting:demand"), {"to": "2020-06-14", "format": "csv"})
    assert response.content.decode().splitlines()[-1].startswith("2020-06-08")
    for bad, message in (("31/02/2020", "Enter the end of the period as a real date"), ("2999-01-01", "must be today")):
        html = client.get(reverse("reporting:demand-service"), {"to": bad}).content.decode()
        assert "govuk-error-summary" in html and message in html


# --- the benchmark's SQL -----------------------------------------------------------------------------------------
@pytest.mark.django_db
@BENCH_DATABASE_ONLY
def test_the_benchmarks_hand_written_sql_comes_to_the_same_weeks(council):
    """``./dev bench`` times ``weekly_series`` over 52 weeks against one SQL statement grouped by week: contacts on a
    Sunday and a Monday, conversions, re-referrals, and the same weeks of earlier years (week 53 of 2020 and the
    weeks of 2017 to 2019) come out the same."""
    today = date(2021, 1, 6)
    days = [date(2020, 5, 31), date(2020, 6, 1), date(2020, 12, 31), date(2021, 1, 3), date(2021, 1, 4)]
    days += [demand.same_week_in(date(2020, 6, 1), k) + timedelta(days=k) for k in (1, 2, 3)]
    days += [date(2019, 12, 27), date(2017, 12, 31)]
    for number, day in enumerate(days):
        contact = Contact.objects.create(
            received_at=datetime.combine(day, datetime.min.time(), LONDON) + timedelta(hours=number),
            received_on=day,
            referrer_name="Police",
            referrer_agency="5A",
            method="phone",
            concerns="Worried",
            decision=("referral", "strategy_discussion", "nfa", "")[number % 4],
            decision_due_on=day + timedelta(days=1),
            recorded_by=council.worker,
            recorded_at=timezone.now(),
        )
        contact.children.set([council.own_child, council.team_child])
        referrals(council.own_child, day, number % 3 + 1, council.worker, is_re_referral=number % 2 == 0)
    ours = benchmark._our_demand(today, 3)
    assert benchmark._sql_demand(benchmark.demand_sql(), today, 3) == ours
    assert sum(week[1] for week in ours) == 5 and sum(sum(week[6]) for week in ours) > 0


@pytest.mark.django_db
def test_weeks_not_on_record_are_left_out_of_the_baseline(council):
    # Only the year before has anything recorded: the baseline is its count, not a mean with two years of zeros.
    referrals(council.team_child, WEEK - timedelta(weeks=52), 4, council.worker)
    referrals(council.team_child, WEEK, 6, council.worker)
    week = demand.weekly_series(weeks=1, end=WEEK, baseline_years=3)[0]
    assert week.previous_referrals == (4,) and week.baseline_referrals == Decimal("4.00")
    assert week.referral_change_pct == Decimal("50.00")

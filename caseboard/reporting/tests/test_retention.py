"""The retention report: records due for review under the operating model's retention periods, for administrators;
the names it lists are audited; its queries do not grow with its rows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from caseboard.people.models import Child
from caseboard.reporting.retention.rules import RetentionPeriods, birthday, review_due
from caseboard.testing.factories import ChildFactory, EpisodeFactory

PERIODS = RetentionPeriods(looked_after_until_age=75, other_until_age=25)
LAC, OTHER = "ever looked after", "never looked after"


@pytest.mark.parametrize(
    ("born", "ever_looked_after", "known_now", "last_ended_on", "expected"),
    [
        (date(2000, 5, 1), True, False, date(2018, 5, 1), (date(2075, 5, 1), f"{LAC}: kept until age 75")),
        (date(2000, 5, 1), False, False, date(2018, 5, 1), (date(2025, 5, 1), f"{OTHER}: kept until age 25")),
        (
            date(2000, 5, 1),
            False,
            False,
            date(2026, 1, 2),
            (date(2026, 1, 2), f"{OTHER}: kept until age 25; known to the service until 2 January 2026"),
        ),
        (date(2000, 2, 29), False, False, None, (date(2025, 2, 28), f"{OTHER}: kept until age 25")),
        (date(2000, 5, 1), False, True, None, None),
        (None, False, False, None, None),
    ],
)
def test_when_a_record_comes_due_for_review(born, ever_looked_after, known_now, last_ended_on, expected):
    due = review_due(
        born=born,
        ever_looked_after=ever_looked_after,
        known_now=known_now,
        last_ended_on=last_ended_on,
        periods=PERIODS,
    )
    assert (None if due is None else (due.due_on, due.basis)) == expected


DIED = "ever looked after, died before 18: kept 15 years after their death on"


@pytest.mark.parametrize(
    ("died_on", "ever_looked_after", "expected"),
    [
        # A child looked after who died before 18: 15 years from the death (CPPCR, believed reg 50).
        (date(2010, 3, 4), True, (date(2025, 3, 4), f"{DIED} 4 March 2010")),
        (date(2018, 4, 30), True, (date(2033, 4, 30), f"{DIED} 30 April 2018")),  # the day before 18
        # On or after the 18th birthday: the 75th birthday, as for anyone looked after.
        (date(2018, 5, 1), True, (date(2075, 5, 1), f"{LAC}: kept until age 75")),
        (date(2030, 1, 1), True, (date(2075, 5, 1), f"{LAC}: kept until age 75")),
        # Never looked after: the council's own birthday, death or not.
        (date(2010, 3, 4), False, (date(2025, 5, 1), f"{OTHER}: kept until age 25")),
    ],
)
def test_a_child_who_died_before_18(died_on, ever_looked_after, expected):
    due = review_due(
        born=date(2000, 5, 1),
        died_on=died_on,
        ever_looked_after=ever_looked_after,
        known_now=False,
        last_ended_on=None,
        periods=PERIODS,
    )
    assert (due.due_on, due.basis) == expected


def test_birthdays_on_the_29th_of_february():
    assert birthday(date(2004, 2, 29), 21) == date(2025, 2, 28)
    assert birthday(date(2004, 2, 29), 24) == date(2028, 2, 29)


def _child(born, *, looked_after=False, ended_on=None, open_episode=False, team=None, died_on=None):
    child = ChildFactory(date_of_birth=born, date_of_death=died_on)
    EpisodeFactory(child=child, looked_after=looked_after, start_on=born + timedelta(days=3000), end_on=ended_on)
    if open_episode:
        EpisodeFactory(child=child, start_on=timezone.localdate() - timedelta(days=30))
    return child


@pytest.mark.django_db
def test_administrators_see_records_past_their_period_and_nothing_else(client, council):
    today = timezone.localdate()
    born = date(today.year - 30, 1, 10)
    due = _child(born, ended_on=born + timedelta(days=5000))
    looked_after = _child(born, looked_after=True, ended_on=born + timedelta(days=5000))
    still_known = _child(born, ended_on=born + timedelta(days=5000), open_episode=True)
    young = _child(date(today.year - 10, 1, 10), ended_on=today - timedelta(days=100))

    client.force_login(council.worker)
    assert client.get("/reports/retention/").status_code == 403
    client.force_login(council.admin)
    response = client.get("/reports/retention/")
    content = response.content.decode()
    assert response.status_code == 200
    assert due.full_name in content and "Never looked after: kept until age 25" in content
    for other in (looked_after, still_known, young):
        assert other.full_name not in content
    accessed = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(due.pk), actor=council.admin)
    assert accessed.count() == 1
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(young.pk)).exists()
    assert 'href="/reports/retention/"' in content  # in the administrator's navigation


@pytest.mark.django_db
def test_the_periods_are_the_operating_models(client, council):
    from caseboard.policy.hooks import section_for
    from caseboard.policy.selectors import version_in_force

    today = timezone.localdate()
    born = date(today.year - 30, 1, 10)
    due = _child(born, ended_on=born + timedelta(days=5000))
    client.force_login(council.admin)
    assert due.full_name in client.get("/reports/retention/").content.decode()
    settings = section_for(version_in_force(today), "retention")
    settings.other_until_age = 40
    settings.save()
    content = client.get("/reports/retention/").content.decode()
    assert due.full_name not in content and "No records are due for review" in content


@pytest.mark.django_db
def test_the_report_reads_a_fixed_number_of_queries(client, council, django_assert_max_num_queries):
    today = timezone.localdate()
    born = date(today.year - 30, 1, 10)
    _child(born, ended_on=born + timedelta(days=5000))
    client.force_login(council.admin)
    client.get("/reports/retention/")
    with django_assert_max_num_queries(40) as one:
        client.get("/reports/retention/")
    for _ in range(20):
        _child(born, ended_on=born + timedelta(days=5000))
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get("/reports/retention/")
    assert response.content.decode().count('<td class="govuk-table__cell"><a class="govuk-link" href="/children/') == 21
    assert Child.objects.count() >= 21


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("died_years_after_birth", "died_days", "listed"),
    [
        (10, 0, True),  # died at 10, more than 15 years ago: due
        (17, 364, True),  # died the day before 18, 17+ years ago
        (18, 0, False),  # died on their 18th birthday: kept until 75
        (25, 0, False),  # died as an adult: kept until 75
    ],
)
def test_the_report_lists_looked_after_children_15_years_after_a_death_before_18(
    client, council, died_years_after_birth, died_days, listed
):
    today = timezone.localdate()
    born = date(today.year - 40, 1, 10)
    died_on = birthday(born, died_years_after_birth) + timedelta(days=died_days)
    if died_days == 364:
        died_on = birthday(born, 18) - timedelta(days=1)
    child = _child(born, looked_after=True, ended_on=died_on, died_on=died_on)
    client.force_login(council.admin)
    content = client.get("/reports/retention/").content.decode()
    assert (child.full_name in content) is listed
    if listed:
        assert "Ever looked after, died before 18: kept 15 years after their death" in content


@pytest.mark.django_db
def test_a_date_of_death_is_checked_on_the_page_and_in_the_api_alike(client, council):
    from caseboard.api.tests.tokens import token_client

    child = council.own_child
    api = token_client(council.worker)
    today = timezone.localdate()
    for died_on, message in [
        (today + timedelta(days=1), "Date of death must be today or in the past"),
        (child.date_of_birth - timedelta(days=1), "Date of death must be on or after the date of birth"),
    ]:
        body = {"date_of_death": died_on.isoformat(), "version": child.version}
        response = api.patch(f"/api/v1/children/{child.pk}/", body, format="json")
        assert response.status_code == 400, response.json()
        assert message in str(response.json().get("date_of_death")), response.json()
    child.refresh_from_db()
    assert child.date_of_death is None
    died_on = today - timedelta(days=3)
    body = {"date_of_death": died_on.isoformat(), "version": child.version}
    response = api.patch(f"/api/v1/children/{child.pk}/", body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["date_of_death"] == died_on.isoformat()
    client.force_login(council.worker)
    assert f"{died_on:%-d %B %Y}" in client.get(f"/children/{child.pk}/").content.decode()

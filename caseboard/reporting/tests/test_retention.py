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


def test_birthdays_on_the_29th_of_february():
    assert birthday(date(2004, 2, 29), 21) == date(2025, 2, 28)
    assert birthday(date(2004, 2, 29), 24) == date(2028, 2, 29)


def _child(born, *, looked_after=False, ended_on=None, open_episode=False, team=None):
    child = ChildFactory(date_of_birth=born)
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

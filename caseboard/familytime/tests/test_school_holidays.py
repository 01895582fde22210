"""The council's school holidays: they free the school day for family time; coordinators keep them (page and API,
one set of rules, audited); everyone else may read them."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from caseboard.familytime import selectors, services
from caseboard.familytime.demo import school_holidays
from caseboard.familytime.models import SchoolHoliday

from .conftest import MONDAY, NOW, at

TUESDAY = MONDAY + timedelta(days=1)


def _holiday(**overrides) -> SchoolHoliday:
    values = {
        "name": "Spring half term",
        "starts_on": MONDAY,
        "ends_on": MONDAY + timedelta(days=4),
        "recorded_by": None,
    }
    values.update(overrides)
    return services.school_holiday_add(**values)


def test_in_a_school_holiday_family_time_may_be_booked_in_the_school_day(arrangement, centre):
    with pytest.raises(ValidationError) as error:
        services.session_book(
            arrangement=arrangement, starts_at=at(TUESDAY, 10), room=centre.rooms[0], booked_by=None, now=NOW
        )
    assert "at school from 08:30 to 15:30 on weekdays in term time" in str(error.value)
    _holiday()
    session = services.session_book(
        arrangement=arrangement, starts_at=at(TUESDAY, 10), room=centre.rooms[0], booked_by=None, now=NOW
    )
    assert timezone.localtime(session.starts_at).hour == 10
    slots = selectors.find_slots(arrangement=arrangement, from_day=MONDAY + timedelta(days=2), days=1, now=NOW)
    assert timezone.localtime(slots[0].start).hour < 15  # the finder offers the school day too
    after = selectors.find_slots(arrangement=arrangement, from_day=MONDAY + timedelta(days=7), days=1, now=NOW)
    assert all(timezone.localtime(s.start).hour >= 15 for s in after)  # term time again


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": "  "}, "name", "Enter the name of the holiday"),
        ({"ends_on": MONDAY - timedelta(days=1)}, "ends_on", "must be the same as or after the first day"),
        ({"ends_on": MONDAY + timedelta(weeks=9)}, "ends_on", "at most 8 weeks long"),
        ({"starts_on": None}, "starts_on", "Enter the first day of the holiday"),
    ],
)
def test_a_bad_holiday_is_refused_with_a_message_by_the_field(council, overrides, field, message):
    with pytest.raises(ValidationError) as error:
        _holiday(**overrides)
    assert message in " ".join(error.value.message_dict[field])
    assert not SchoolHoliday.objects.exists()


def test_holidays_may_not_overlap(council):
    _holiday()
    with pytest.raises(ValidationError) as error:
        _holiday(name="Another", starts_on=MONDAY + timedelta(days=4), ends_on=MONDAY + timedelta(days=8))
    assert "overlap Spring half term" in error.value.message_dict["starts_on"][0]
    assert SchoolHoliday.objects.count() == 1


def test_coordinators_keep_the_holidays_on_a_page_others_only_read_it(client, council, centre):
    url = reverse("familytime:school-holidays")
    client.force_login(council.worker)
    assert client.get(url).status_code == 200
    assert b"Add the holiday" not in client.get(url).content
    assert client.post(url, {"name": "x"}).status_code == 403
    client.force_login(centre.coordinator)
    bad = client.post(
        url,
        {
            "name": "Summer holiday 2026",
            "starts_on_0": "1",
            "starts_on_1": "9",
            "starts_on_2": "2026",
            "ends_on_0": "22",
            "ends_on_1": "7",
            "ends_on_2": "2026",
        },
    )
    assert bad.status_code == 200 and "must be the same as or after the first day" in bad.content.decode()
    assert 'value="Summer holiday 2026"' in bad.content.decode()
    good = client.post(
        url,
        {
            "name": "Summer holiday 2026",
            "starts_on_0": "22",
            "starts_on_1": "7",
            "starts_on_2": "2026",
            "ends_on_0": "1",
            "ends_on_1": "9",
            "ends_on_2": "2026",
        },
    )
    assert good.status_code == 302
    holiday = SchoolHoliday.objects.get()
    assert (holiday.starts_on, holiday.ends_on, holiday.recorded_by) == (
        date(2026, 7, 22),
        date(2026, 9, 1),
        centre.coordinator,
    )
    assert LogEntry.objects.filter(content_type__model="schoolholiday", action=LogEntry.Action.CREATE).count() == 1
    client.force_login(council.worker)
    remove = reverse("familytime:school-holiday-remove", args=[holiday.pk])
    assert client.post(remove).status_code == 403
    client.force_login(centre.coordinator)
    assert client.post(remove).status_code == 302
    assert not SchoolHoliday.objects.exists()
    assert LogEntry.objects.filter(content_type__model="schoolholiday", action=LogEntry.Action.DELETE).count() == 1


def test_the_api_keeps_the_holidays_with_the_same_rules(council, centre):
    worker, coordinator = APIClient(), APIClient()
    worker.force_authenticate(council.worker)
    coordinator.force_authenticate(centre.coordinator)
    url = "/api/v1/family-time/school-holidays/"
    body = {"name": "May half term", "starts_on": "2026-05-25", "ends_on": "2026-05-29"}
    assert worker.post(url, body, format="json").status_code == 403
    bad = coordinator.post(url, {**body, "ends_on": "2026-05-20"}, format="json")
    assert bad.status_code == 400 and "ends_on" in bad.json()
    made = coordinator.post(url, body, format="json")
    assert made.status_code == 201 and made.json()["name"] == "May half term"
    assert [h["name"] for h in worker.get(url).json()["results"]] == ["May half term"]
    assert worker.delete(f"{url}{made.json()['id']}/").status_code == 403
    assert coordinator.delete(f"{url}{made.json()['id']}/").status_code == 204


def test_the_demo_councils_term_dates_are_plausible():
    holidays = school_holidays(2019, 2026)
    assert len(holidays) == 6 * 8
    for name, start, end in holidays:
        assert start <= end and start.weekday() < 5 and (end - start).days <= 42, name
    starts = [start for _, start, _ in holidays]
    assert starts == sorted(starts)
    assert all(a[2] < b[1] for a, b in pairwise(holidays))  # none overlaps the next

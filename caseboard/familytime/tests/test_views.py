"""Pages: each renders for who may use it, refuses who may not, keeps what was typed on error, and audits views."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from caseboard.clock.calendar import is_working_day
from caseboard.familytime import services
from caseboard.familytime.models import Arrangement, Session

from .conftest import at


def login(client, user):
    client.force_login(user)
    return client


def _future_session(arrangement, centre):
    day = timezone.localdate()
    while True:
        day = day + __import__("datetime").timedelta(days=1)
        if is_working_day(day):
            break
    return services.session_book(
        arrangement=arrangement, starts_at=at(day, 16), room=centre.rooms[0], booked_by=centre.coordinator
    )


@pytest.fixture
def live_arrangement(council, centre):
    from .conftest import record

    return record(council, centre, starts_on=date(2025, 7, 1))


def test_the_child_record_shows_the_family_time_panel(client, council, centre, live_arrangement):
    response = login(client, council.worker).get(reverse("casework:child", args=[council.own_child.pk]))
    assert response.status_code == 200
    assert b"Family time" in response.content
    assert reverse("familytime:arrangement", args=[live_arrangement.pk]).encode() in response.content


def test_recording_an_arrangement_with_bad_input_keeps_what_was_typed(client, council, centre):
    url = reverse("familytime:arrangement-new", args=[council.own_child.pk])
    response = login(client, council.worker).post(
        url,
        {
            "with_whom": "Grandma Rose",
            "source": "court_order",
            "times": "2",
            "period": "week",
            "duration_minutes": "90",
            "supervision": "supervised",
            "mode": "in_person",
            "venue_kind": "family_centre",
            "venue": centre.venue.pk,
            "starts_on_0": "1",
            "starts_on_1": "3",
            "starts_on_2": "2026",
            "ends_on_0": "1",
            "ends_on_1": "2",
            "ends_on_2": "2026",
        },
    )
    assert response.status_code == 200
    assert b"Enter the order&#x27;s contact provision" in response.content
    assert b"The end date must be the same as or after the start date" in response.content
    assert b"Grandma Rose" in response.content
    assert not Arrangement.objects.exists()


def test_an_arrangement_for_a_child_not_looked_after_needs_a_reason(client, council, centre):
    response = login(client, council.worker).post(
        reverse("familytime:arrangement-new", args=[council.team_child.pk]),
        {
            "with_whom": "Dad",
            "source": "care_plan",
            "times": "1",
            "period": "week",
            "duration_minutes": "60",
            "supervision": "supported",
            "mode": "video",
            "venue_kind": "carers_home",
            "starts_on_0": "1",
            "starts_on_1": "3",
            "starts_on_2": "2026",
        },
    )
    assert b"Enter why family time is arranged for a child who is not looked after" in response.content
    assert not Arrangement.objects.exists()


def test_pages_render_for_their_users(client, council, centre, live_arrangement):
    session = _future_session(live_arrangement, centre)
    login(client, council.worker)
    for name, args in (
        ("familytime:index", []),
        ("familytime:arrangement", [live_arrangement.pk]),
        ("familytime:change", [live_arrangement.pk]),
        ("familytime:risk-assessment", [live_arrangement.pk]),
        ("familytime:book", [live_arrangement.pk]),
        ("familytime:session", [session.pk]),
        ("familytime:attention", []),
    ):
        assert client.get(reverse(name, args=args)).status_code == 200, name
    client.logout()
    login(client, centre.coordinator)
    for name, args in (
        ("familytime:index", []),
        ("familytime:bookings", []),
        ("familytime:waiting-list", []),
        ("familytime:venue-day", [centre.venue.pk]),
        ("familytime:venue-week", [centre.venue.pk]),
        ("familytime:venue-rooms", [centre.venue.pk]),
        ("familytime:book", [live_arrangement.pk]),
        ("familytime:session", [session.pk]),
        ("familytime:reports", []),
        ("familytime:report-venue-use", []),
        ("familytime:report-waiting", []),
    ):
        assert client.get(reverse(name, args=args)).status_code == 200, name
    client.logout()
    login(client, centre.supervisor)
    assert client.get(reverse("familytime:supervision")).status_code == 200
    page = client.get(reverse("familytime:session", args=[session.pk]))
    assert page.status_code == 200
    assert b"contact provision" not in page.content
    client.logout()
    login(client, council.head)
    for name in ("familytime:report-no-direct", "familytime:report-weekly", "familytime:report-court-orders"):
        assert client.get(reverse(name)).status_code == 200, name
        assert client.get(reverse(name) + "?format=csv")["Content-Type"].startswith("text/csv")
        assert client.get(reverse(name) + "?format=xlsx").status_code == 200


def test_need_to_know(client, council, centre, live_arrangement):
    session = _future_session(live_arrangement, centre)
    login(client, council.other_worker)
    assert client.get(reverse("familytime:arrangement", args=[live_arrangement.pk])).status_code == 404
    assert client.get(reverse("familytime:session", args=[session.pk])).status_code == 404
    client.logout()
    login(client, centre.other_supervisor)
    assert client.get(reverse("familytime:session", args=[session.pk])).status_code == 404
    assert client.get(reverse("familytime:bookings")).status_code == 403
    client.logout()
    login(client, centre.supervisor)
    assert client.get(reverse("familytime:bookings")).status_code == 403
    assert client.get(reverse("familytime:venue-rooms", args=[centre.venue.pk])).status_code == 404


def test_viewing_a_session_is_audited(client, council, centre, live_arrangement):
    session = _future_session(live_arrangement, centre)
    login(client, council.worker).get(reverse("familytime:session", args=[session.pk]))
    assert LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, object_pk=str(session.pk), content_type__model="session"
    ).exists()


def test_booking_a_slot_from_the_finder(client, council, centre, live_arrangement):
    login(client, centre.coordinator)
    page = client.get(reverse("familytime:book", args=[live_arrangement.pk]))
    slot = page.context["slots"][0]
    response = client.post(
        reverse("familytime:book", args=[live_arrangement.pk]), {"slot": slot.start.isoformat(), "room": slot.room_id}
    )
    assert response.status_code == 302
    assert Session.objects.filter(arrangement=live_arrangement, starts_at=slot.start).count() == 1


def _queries(client, django_assert_max_num_queries, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_lists_use_a_fixed_number_of_queries(client, council, centre, live_arrangement, django_assert_max_num_queries):
    from datetime import timedelta

    login(client, centre.coordinator)
    day = timezone.localdate() + timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    path = f"{reverse('familytime:bookings')}?from={day:%Y-%m-%d}"
    services.session_book(
        arrangement=live_arrangement, starts_at=at(day, 16), room=centre.rooms[0], booked_by=centre.coordinator
    )
    one = _queries(client, django_assert_max_num_queries, path)
    services.sessions_generate(arrangement=live_arrangement, weeks=1, booked_by=centre.coordinator, from_day=day)
    assert Session.objects.filter(arrangement=live_arrangement).count() > 1
    assert _queries(client, django_assert_max_num_queries, path) == one


def test_a_supervisor_cannot_leave_until_their_sessions_are_handed_on(council, centre, live_arrangement):
    from caseboard.familytime.selectors import nav_count, supervision_still_held

    assert supervision_still_held(centre.supervisor) == ["1 family time arrangement they supervise"]
    _future_session(live_arrangement, centre)
    assert supervision_still_held(centre.supervisor)[0] == "1 booked family time session to supervise"
    assert nav_count(centre.supervisor) == 0


def test_booking_from_the_frequency_says_so_when_nothing_could_be_booked(client, council, centre, live_arrangement):
    from datetime import timedelta

    today = timezone.localdate()
    for room in centre.rooms:
        services.room_close(
            room=room,
            starts_on=today,
            ends_on=today + timedelta(days=21),
            reason="Redecorating",
            recorded_by=centre.coordinator,
        )
    login(client, centre.coordinator)
    response = client.post(
        reverse("familytime:book", args=[live_arrangement.pk]), {"generate": "", "weeks": "1"}, follow=True
    )
    banner = [str(message) for message in response.context["messages"]]
    assert not Session.objects.filter(arrangement=live_arrangement).exists()
    assert len(banner) == 1 and banner[0].startswith("No sessions could be booked: there was no free slot for")
    assert banner[0].endswith("and the arrangement is on the waiting list")
    assert "0 sessions booked" not in response.content.decode()
    assert b"govuk-notification-banner--success" not in response.content

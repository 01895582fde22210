"""Venues and rooms made and changed by a coordinator (page and API, one set of rules, audited); a supervisor's
observation notes on their own worklist; the family time reports in the reporting area; the waiting list a page at a
time; the days the venues open."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from caseboard.accounts.models import Role
from caseboard.clock.calendar import is_working_day
from caseboard.conftest import make_user
from caseboard.familytime import selectors, services
from caseboard.familytime.models import Room, SupervisorTask, Venue, WaitingListEntry
from caseboard.familytime.operating import day_rules, settings_on

from .conftest import MONDAY, NOW, at, record


def login(client, user):
    client.force_login(user)
    return client


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _entries(content_type: str, pk: int) -> int:
    return LogEntry.objects.filter(content_type__model=content_type, object_pk=str(pk)).count()


# --- venues and rooms: pages ---------------------------------------------------------------------------------
def test_a_coordinator_adds_a_venue_and_coordinates_it(client, council, centre):
    response = login(client, centre.coordinator).post(
        reverse("familytime:venue-new"), {"name": "  Hillside Family Centre ", "address": "1 Hill Road"}
    )
    venue = Venue.objects.get(name="Hillside Family Centre")
    assert response.status_code == 302 and response["Location"] == reverse("familytime:venue-rooms", args=[venue.pk])
    assert list(venue.coordinators.all()) == [centre.coordinator]
    assert LogEntry.objects.filter(
        content_type__model="venue", object_pk=str(venue.pk), action=LogEntry.Action.CREATE
    ).exists()
    index = client.get(reverse("familytime:index"))
    assert reverse("familytime:venue-new").encode() in index.content
    assert b"Hillside Family Centre" in index.content


def test_adding_a_venue_with_bad_input_keeps_what_was_typed_and_writes_nothing(client, council, centre):
    login(client, centre.coordinator)
    before = Venue.objects.count()
    blank = client.post(reverse("familytime:venue-new"), {"name": "", "address": "2 Mill Lane"})
    assert blank.status_code == 200
    assert b"Enter the venue&#x27;s name" in blank.content and b"2 Mill Lane" in blank.content
    taken = client.post(reverse("familytime:venue-new"), {"name": "riverside family centre", "address": "3 Quay"})
    assert b"There is already a venue called riverside family centre" in taken.content
    assert b"3 Quay" in taken.content
    wrong = client.post(reverse("familytime:venue-new"), {"name": "Lakeside", "coordinators": [council.worker.pk]})
    assert b"Select family time coordinators only" in wrong.content
    assert Venue.objects.count() == before


def test_changing_a_venue_is_audited_and_refuses_a_stale_edit(client, council, centre):
    colleague = make_user("coordinator2", Role.FAMILY_TIME_COORDINATOR)
    url = reverse("familytime:venue-edit", args=[centre.venue.pk])
    login(client, centre.coordinator)
    page = client.get(url)
    assert page.status_code == 200 and b"Riverside Family Centre" in page.content
    entries = _entries("venue", centre.venue.pk)
    response = client.post(
        url,
        {
            "name": "Riverside Centre",
            "address": "4 River Walk",
            "coordinators": [centre.coordinator.pk, colleague.pk],
            "is_active": "on",
            "version": "1",
        },
    )
    assert response.status_code == 302
    centre.venue.refresh_from_db()
    assert (centre.venue.name, centre.venue.version) == ("Riverside Centre", 2)
    assert set(centre.venue.coordinators.all()) == {centre.coordinator, colleague}
    assert _entries("venue", centre.venue.pk) > entries
    stale = client.post(url, {"name": "Riverside Again", "version": "1", "is_active": "on"})
    assert b"Someone else changed this venue" in stale.content and b"Riverside Again" in stale.content
    centre.venue.refresh_from_db()
    assert centre.venue.name == "Riverside Centre"


def test_changing_a_room_keeps_room_for_the_sessions_booked_in_it(client, council, centre, arrangement):
    day = timezone.localdate() + timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    services.session_book(
        arrangement=arrangement, starts_at=at(day, 16), room=centre.rooms[0], booked_by=centre.coordinator
    )
    room = centre.rooms[0]
    url = reverse("familytime:room-edit", args=[centre.venue.pk, room.pk])
    login(client, centre.coordinator)
    assert client.get(url).status_code == 200
    entries = _entries("room", room.pk)
    # Ava, her mother and the supervisor: 3 people are coming to the session booked from today.
    too_small = client.post(url, {"name": "The garden room", "capacity": "2", "version": "1"})
    assert b"A session booked in this room brings 3 people" in too_small.content
    assert b"The garden room" in too_small.content
    clash = client.post(url, {"name": "room 2", "capacity": "5", "version": "1"})
    assert b"This venue already has a room with that name" in clash.content
    room.refresh_from_db()
    assert (room.name, room.capacity, _entries("room", room.pk)) == ("Room 1", 4, entries)
    assert client.post(url, {"name": "The garden room", "capacity": "3", "version": "1"}).status_code == 302
    room.refresh_from_db()
    assert (room.name, room.capacity, room.version) == ("The garden room", 3, 2)
    assert _entries("room", room.pk) == entries + 1
    rooms_page = client.get(reverse("familytime:venue-rooms", args=[centre.venue.pk]))
    assert url.encode() in rooms_page.content


def test_only_the_venues_coordinators_manage_it(client, council, centre):
    other = make_user("coordinator3", Role.FAMILY_TIME_COORDINATOR)
    edit = reverse("familytime:venue-edit", args=[centre.venue.pk])
    room = reverse("familytime:room-edit", args=[centre.venue.pk, centre.rooms[0].pk])
    login(client, other)
    assert client.get(edit).status_code == 404
    assert client.get(room).status_code == 404
    assert client.get(reverse("familytime:venue-new")).status_code == 200
    client.logout()
    for user in (centre.supervisor, council.worker, council.head):
        login(client, user)
        assert client.get(reverse("familytime:venue-new")).status_code == 403
        assert client.post(reverse("familytime:venue-new"), {"name": "Nope"}).status_code == 403
        assert client.get(edit).status_code == 404
        assert reverse("familytime:venue-new").encode() not in client.get(reverse("familytime:index")).content
        client.logout()
    assert not Venue.objects.filter(name="Nope").exists()
    login(client, council.admin)
    assert client.get(edit).status_code == 200


# --- venues and rooms: API -----------------------------------------------------------------------------------
def test_the_api_adds_and_changes_venues_with_the_pages_rules(council, centre):
    client = api(centre.coordinator)
    made = client.post("/api/v1/family-time/venues/", {"name": "Hillside", "address": "1 Hill Road"}, format="json")
    assert made.status_code == 201, made.content
    venue_id = made.json()["id"]
    assert made.json()["coordinators"] == [centre.coordinator.pk]
    taken = client.post("/api/v1/family-time/venues/", {"name": "HILLSIDE"}, format="json")
    assert taken.status_code == 400 and "There is already a venue called HILLSIDE" in str(taken.json())
    wrong = client.post(
        "/api/v1/family-time/venues/", {"name": "Lakeside", "coordinators": [council.worker.pk]}, format="json"
    )
    assert wrong.status_code == 400 and "Select family time coordinators only" in str(wrong.json())
    room = client.post(f"/api/v1/family-time/venues/{venue_id}/rooms/", {"name": "Blue", "capacity": 0}, format="json")
    assert room.status_code == 400 and "Enter a number of people from 1 to 50" in str(room.json())
    room = client.post(f"/api/v1/family-time/venues/{venue_id}/rooms/", {"name": "Blue", "capacity": 5}, format="json")
    assert room.status_code == 201
    room_id = room.json()["rooms"][0]["id"]
    changed = client.patch(
        f"/api/v1/family-time/venues/{venue_id}/rooms/{room_id}/", {"capacity": 6, "version": 1}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["rooms"][0]["capacity"] == 6
    stale = client.patch(f"/api/v1/family-time/venues/{venue_id}/", {"name": "Hill", "version": 7}, format="json")
    assert stale.status_code == 400
    renamed = client.patch(f"/api/v1/family-time/venues/{venue_id}/", {"name": "Hill House"}, format="json")
    assert renamed.status_code == 200 and renamed.json()["name"] == "Hill House"
    assert Venue.objects.filter(name__in=["Lakeside", "HILLSIDE", "Hill"]).count() == 0
    assert Room.objects.get(pk=room_id).capacity == 6
    assert api(council.worker).post("/api/v1/family-time/venues/", {"name": "X"}, format="json").status_code == 403
    other = make_user("coordinator4", Role.FAMILY_TIME_COORDINATOR)
    assert api(other).patch(f"/api/v1/family-time/venues/{venue_id}/", {"name": "Y"}, format="json").status_code == 403


def test_the_service_refuses_a_venue_without_a_name(council, centre):
    with pytest.raises(ValidationError) as error:
        services.venue_create(name="   ")
    assert error.value.message_dict == {"name": ["Enter the venue's name"]}


# --- the supervisor's worklist -------------------------------------------------------------------------------
def _held_without_notes(council, centre, arrangement, day: date):
    session = services.session_book(
        arrangement=arrangement, starts_at=at(day, 16), room=centre.rooms[0], booked_by=centre.coordinator, now=NOW
    )
    services.session_record(
        session=session,
        recorded_by=centre.coordinator,
        held=True,
        mode_held="in_person",
        attended="Ava and her mother",
        now=at(day, 18),
    )
    return session


def test_a_supervisors_observation_notes_due_are_on_their_worklist(client, council, centre, arrangement):
    worklist = reverse("compliance:my-worklist")
    login(client, centre.supervisor)
    assert b"observation-notes-due" not in client.get(worklist).content
    session = _held_without_notes(council, centre, arrangement, MONDAY)
    with CaptureQueriesContext(connection) as one:
        page = client.get(worklist)
    assert b"observation-notes-due" in page.content
    assert reverse("familytime:session", args=[session.pk]).encode() in page.content
    assert b"Ava Brown" in page.content and b"Overdue" in page.content
    _held_without_notes(council, centre, arrangement, date(2026, 3, 10))
    _held_without_notes(council, centre, arrangement, date(2026, 3, 12))
    assert SupervisorTask.objects.filter(supervisor=centre.supervisor, done_on__isnull=True).count() == 3
    with CaptureQueriesContext(connection) as three:
        page = client.get(worklist)
    assert page.content.count(b'href="/family-time/sessions/') == 3
    assert len(three) == len(one)
    client.logout()
    # Not on anyone else's worklist, nor on a team's.
    login(client, centre.other_supervisor)
    assert b"observation-notes-due" not in client.get(worklist).content
    client.logout()
    login(client, council.manager)
    team_page = client.get(reverse("compliance:team-worklist", args=[council.cin_team.pk]))
    assert team_page.status_code == 200 and b"observation-notes-due" not in team_page.content


# --- reports in the reporting area ---------------------------------------------------------------------------
def test_the_reporting_area_links_to_the_family_time_reports(client, council, centre):
    link = reverse("familytime:reports").encode()
    for user in (council.manager, council.head, council.performance, council.admin):
        login(client, user)
        page = client.get(reverse("reporting:index"))
        assert page.status_code == 200 and link in page.content, user.username
        assert client.get(reverse("familytime:reports")).status_code == 200
        client.logout()


# --- the waiting list a page at a time -----------------------------------------------------------------------
def test_the_waiting_list_is_paginated_in_order_of_need_with_a_fixed_number_of_queries(client, council, centre):
    from caseboard.familytime.views import PAGE_SIZE
    from caseboard.testing.factories import ChildFactory

    from .conftest import looked_after

    def wait(n: int, source: str) -> None:
        for index in range(n):
            child = ChildFactory(local_id=f"W{source[:2]}{WaitingListEntry.objects.count()}{index}")
            looked_after(child)
            extra = {"court_order_provision": "Contact weekly."} if source == "court_order" else {}
            arrangement = record(
                council, centre, child=child, source=source, family_members=[], with_whom="Mother", **extra
            )
            services.waiting_list_add(
                arrangement=arrangement, reason="No slot fits", added_by=centre.coordinator, today=date(2026, 3, 2)
            )

    login(client, centre.coordinator)
    url = reverse("familytime:waiting-list")
    wait(1, "care_plan")
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    wait(PAGE_SIZE, "care_plan")
    wait(2, "court_order")
    with CaptureQueriesContext(connection) as large:
        first = client.get(url)
    assert len(large) == len(small)
    rows = first.context["page"].object_list
    assert len(rows) == PAGE_SIZE and first.context["page"].paginator.count == PAGE_SIZE + 3
    assert [row.arrangement.source for row in rows[:3]] == ["court_order", "court_order", "care_plan"]
    second = client.get(url + "?page=2")
    assert len(second.context["page"].object_list) == 3
    assert b'<td class="govuk-table__cell">51</td>' in second.content


# --- the days the venues open --------------------------------------------------------------------------------
def test_a_session_on_a_day_the_venue_is_closed_is_refused(council, centre, arrangement):
    good_friday = date(2026, 4, 3)
    assert not day_rules(settings_on(good_friday), good_friday).open_on_sundays
    with pytest.raises(ValidationError) as error:
        services.session_book(
            arrangement=arrangement,
            starts_at=at(good_friday, 16),
            room=centre.rooms[0],
            booked_by=centre.coordinator,
            now=NOW,
        )
    assert error.value.message_dict["starts_at"] == ["The venue is closed on bank holidays: choose another day"]
    with pytest.raises(ValidationError) as error:
        services.session_book(
            arrangement=arrangement,
            starts_at=at(date(2026, 3, 15), 11),
            room=centre.rooms[0],
            booked_by=centre.coordinator,
            now=NOW,
        )
    assert error.value.message_dict["starts_at"] == ["The venue is closed on Sundays: choose another day"]


# --- the reports through the API, as the downloads give them ---------------------------------------------------
def test_the_reports_api_gives_the_download_tables_and_audits_the_children_named(client, council, centre):
    arrangement = record(council, centre, starts_on=date(2025, 7, 1))
    for name in ("no-direct-family-time", "sessions-per-week", "venue-use", "waiting-list"):
        response = api(council.head).get(f"/api/v1/reports/family-time/{name}/")
        assert response.status_code == 200, name
        assert response.json()["headers"] and isinstance(response.json()["rows"], list)
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(arrangement.child_id)).count()
    court = api(council.head).get("/api/v1/reports/family-time/court-ordered-contact/?weeks=4")
    assert court.status_code == 200
    assert [row[0] for row in court.json()["rows"]] == [arrangement.child.full_name]
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(arrangement.child_id)).count() == (
        before + 1
    )
    csv = login(client, council.head).get(reverse("familytime:report-court-orders") + "?format=csv&weeks=4")
    assert arrangement.child.full_name in csv.content.decode()
    assert api(council.head).get("/api/v1/reports/family-time/nonsense/").status_code == 404
    assert api(council.worker).get("/api/v1/reports/family-time/venue-use/").status_code == 403
    # Need to know: a head of another service sees none of this child.
    other = api(council.cp_head).get("/api/v1/reports/family-time/court-ordered-contact/?weeks=4")
    assert other.status_code == 200 and other.json()["rows"] == []


# --- a venue's own opening hours ---------------------------------------------------------------------------------
def test_a_venue_with_its_own_hours_is_booked_within_them(council, centre, arrangement):
    services.venue_update(venue=centre.venue, name=centre.venue.name, opens_at=time(16, 0), closes_at=time(18, 30))
    arrangement.venue.refresh_from_db()
    slots = selectors.find_slots(arrangement=arrangement, from_day=MONDAY, days=1, now=NOW)
    assert slots and all(timezone.localtime(s.start).hour >= 16 and timezone.localtime(s.end).hour <= 18 for s in slots)
    assert timezone.localtime(slots[0].start).time() == time(16, 0)
    grid = selectors.venue_day(venue=centre.venue, day=MONDAY)
    assert grid.times[0] == time(16, 0) and grid.times[-1] < time(18, 30)
    with pytest.raises(ValidationError) as error:
        services.session_book(
            arrangement=arrangement,
            starts_at=at(MONDAY, 17, 30),
            booked_by=centre.coordinator,
            room=centre.rooms[0],
            now=NOW,
        )
    assert error.value.message_dict["starts_at"] == [
        "Riverside Family Centre is open from 16:00 to 18:30: the session must start and end within those hours"
    ]
    assert services.session_book(
        arrangement=arrangement, starts_at=at(MONDAY, 16), booked_by=centre.coordinator, room=centre.rooms[0], now=NOW
    )


def test_a_venues_hours_are_both_or_neither_and_close_after_opening(client, council, centre):
    login(client, centre.coordinator)
    url = reverse("familytime:venue-edit", args=[centre.venue.pk])
    base = {
        "name": centre.venue.name,
        "is_active": "on",
        "version": centre.venue.version,
        "coordinators": [centre.coordinator.pk],
    }
    response = client.post(url, {**base, "opens_at": "10:00", "closes_at": ""})
    assert response.status_code == 200
    assert "Enter the time the venue closes, or leave both blank" in response.content.decode()
    assert 'value="10:00"' in response.content.decode()  # what was typed is kept
    response = client.post(url, {**base, "opens_at": "16:00", "closes_at": "10:00"})
    assert "The venue must close after it opens" in response.content.decode()
    centre.venue.refresh_from_db()
    assert centre.venue.opens_at is None and centre.venue.closes_at is None
    response = client.post(url, {**base, "opens_at": "10:00", "closes_at": "16:00"})
    assert response.status_code == 302
    centre.venue.refresh_from_db()
    assert (centre.venue.opens_at, centre.venue.closes_at) == (time(10, 0), time(16, 0))
    assert b"Open 10:00 to 16:00 (the venue" in client.get(response["Location"]).content


def test_the_api_sets_a_venues_hours_with_the_same_rules(council, centre):
    client = api(centre.coordinator)
    url = f"/api/v1/family-time/venues/{centre.venue.pk}/"
    response = client.patch(url, {"opens_at": "16:00", "closes_at": "10:00"}, format="json")
    assert response.status_code == 400 and "closes_at" in response.json()
    response = client.patch(url, {"opens_at": "10:00", "closes_at": "16:00"}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["opens_at"], response.json()["closes_at"]) == ("10:00", "16:00")
    response = client.patch(url, {"name": "Riverside Family Centre"}, format="json")  # hours left as they were
    assert response.json()["opens_at"] == "10:00"

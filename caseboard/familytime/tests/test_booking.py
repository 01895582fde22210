"""Booking through the service: each rule refuses with its own message and writes nothing; sessions generated from
the frequency; the waiting list in order of need; a call offered in place of a direct session; and two bookings of
the last slot at once, of which one wins (the database constraint, on SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import date, time, timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from caseboard.casework.models import Episode
from caseboard.familytime import selectors, services
from caseboard.familytime.models import FamilyTimeSettings, Session, SessionStatus, SlotClaim, WaitingListEntry
from caseboard.policy.selectors import version_in_force

from .conftest import MONDAY, NOW, at, record

TUESDAY = MONDAY + timedelta(days=1)


def book(arrangement, centre, when, room=None, **extra):
    return services.session_book(
        arrangement=arrangement,
        starts_at=when,
        room=room or centre.rooms[0],
        booked_by=centre.coordinator,
        now=NOW,
        **extra,
    )


def refused(message, arrangement, centre, when, room=None, **extra):
    before = Session.objects.count(), SlotClaim.objects.count()
    with pytest.raises(ValidationError) as error:
        book(arrangement, centre, when, room, **extra)
    assert any(message in text for text in error.value.messages), error.value.messages
    assert (Session.objects.count(), SlotClaim.objects.count()) == before


def limit(sessions_per_day: int, **more) -> None:
    version = version_in_force(MONDAY)
    FamilyTimeSettings.objects.update_or_create(
        version=version, defaults={"sessions_per_day": sessions_per_day, **more}
    )


def test_a_session_in_the_past_is_refused(arrangement, centre):
    refused("must start in the future", arrangement, centre, NOW - timedelta(hours=1))


def test_a_room_out_of_use_is_refused(arrangement, centre):
    services.room_close(room=centre.rooms[0], starts_on=MONDAY, reason="Water leak", recorded_by=centre.coordinator)
    refused("Room 1 is out of use on that date: Water leak", arrangement, centre, at(MONDAY, 16))
    assert book(arrangement, centre, at(MONDAY, 16), room=centre.rooms[1])


def test_capacity(council, centre):
    big = record(council, centre, siblings=[council.team_child])
    for member in ("Grandad", "Aunt", "Uncle"):
        big.family_members.add(council.own_child.family_members.create(name=member, relationship="other"))
    assert selectors.people_coming(big) == 7
    refused("Room 1 holds 4 people; 7 are coming", big, centre, at(MONDAY, 16))


def test_the_cleaning_gap(arrangement, centre, council):
    book(arrangement, centre, at(TUESDAY, 15, 30))  # 15:30 to 17:00
    other = record(
        council,
        centre,
        child=council.team_child,
        family_members=[],
        with_whom="Dad",
        supervisor=None,
        not_looked_after_reason="Child in need: family time while the assessment runs",
    )
    refused("Room 1 is booked then (with 15 minutes for cleaning", other, centre, at(TUESDAY, 17))
    assert book(other, centre, at(TUESDAY, 17, 15))


def test_the_daily_limit_comes_from_the_operating_model(arrangement, centre, council):
    limit(1)
    book(arrangement, centre, at(TUESDAY, 16))
    other = record(
        council,
        centre,
        child=council.team_child,
        family_members=[],
        with_whom="Dad",
        supervisor=None,
        not_looked_after_reason="Child in need",
    )
    refused(
        "already has 1 sessions on 10 March 2026, the most the operating model allows (1 a day)",
        other,
        centre,
        at(TUESDAY, 16),
        room=centre.rooms[1],
    )


def test_a_supervisor_booked_twice_is_refused(arrangement, centre, council):
    book(arrangement, centre, at(TUESDAY, 16))
    other = record(
        council,
        centre,
        child=council.team_child,
        family_members=[],
        with_whom="Dad",
        not_looked_after_reason="Child in need",
    )
    refused("is supervising another session then", other, centre, at(TUESDAY, 16, 30), room=centre.rooms[1])


def test_school_hours(arrangement, centre):
    refused("The child is at school from 08:30 to 15:30 on weekdays", arrangement, centre, at(TUESDAY, 10))


def test_the_school_day_is_the_operating_models(arrangement, centre):
    """The council sets the school day and the ages it protects; the booking rules follow the version in force."""
    limit(21, school_day_starts_at=time(9, 0), school_day_ends_at=time(15, 0))
    refused("The child is at school from 09:00 to 15:00 on weekdays", arrangement, centre, at(TUESDAY, 10))
    assert book(arrangement, centre, at(TUESDAY, 15)).pk
    age = arrangement.child.age_on(TUESDAY)
    limit(21, school_age_from=age + 1, school_age_to=age + 2)
    assert book(arrangement, centre, at(TUESDAY, 10), room=centre.rooms[1]).pk


def test_a_school_day_that_ends_before_it_starts_is_refused():
    settings_ = FamilyTimeSettings(school_day_starts_at=time(15, 0), school_day_ends_at=time(9, 0))
    with pytest.raises(ValidationError) as error:
        settings_.clean()
    assert error.value.message_dict == {"school_day_ends_at": ["The school day must end after it starts"]}


def test_the_same_child_twice_is_refused(arrangement, centre):
    book(arrangement, centre, at(TUESDAY, 16))
    refused(
        "The child or a brother or sister has another session then",
        arrangement,
        centre,
        at(TUESDAY, 16),
        room=centre.rooms[1],
        supervisor=centre.other_supervisor,
    )


def test_direct_family_time_needs_a_risk_assessment_when_the_operating_model_says_so(arrangement, centre, council):
    limit(6, risk_assessment_required=True)
    refused("needs a risk assessment", arrangement, centre, at(TUESDAY, 16))
    services.risk_assessment_record(
        arrangement=arrangement,
        assessed_by=council.worker,
        assessed_on=NOW.date(),
        answers=dict.fromkeys(
            (
                "anyone_symptomatic",
                "anyone_isolating",
                "anyone_tested_positive",
                "anyone_clinically_vulnerable",
                "can_meet_outdoors",
            ),
            False,
        ),
        arrangement_risks="Mother may arrive late; the supervisor waits 15 minutes.",
        outcome="go_ahead_with_ppe",
    )
    assert book(arrangement, centre, at(TUESDAY, 16))


def test_an_arrangement_for_a_child_not_looked_after_or_in_need_is_refused(council, centre):
    Episode.objects.filter(child=council.team_child).delete()
    with pytest.raises(ValidationError) as error:
        record(council, centre, child=council.team_child, family_members=[], with_whom="Dad")
    assert "looked-after child or a child in need" in str(error.value)


def test_generating_sessions_from_the_frequency_and_the_waiting_list(arrangement, centre, council):
    result = services.sessions_generate(arrangement=arrangement, weeks=4, booked_by=centre.coordinator, now=NOW)
    assert len(result.sessions) == 8
    weeks = [s.starts_at.isocalendar()[1] for s in result.sessions]
    assert all(weeks.count(week) == 2 for week in weeks)  # twice each week
    later = [s.starts_at.astimezone().weekday() for s in result.sessions[2:]]
    assert set(later) == {0, 3}  # Mondays and Thursdays (the first week starts on the Tuesday after "now")
    assert all(s.starts_at.astimezone().hour >= 15 for s in result.sessions)  # after school
    assert result.waiting is None

    for room in centre.rooms:
        services.room_close(
            room=room,
            starts_on=NOW.date(),
            ends_on=NOW.date() + timedelta(days=9),
            reason="Redecorating",
            recorded_by=centre.coordinator,
        )
    full = record(
        council,
        centre,
        child=council.team_child,
        family_members=[],
        with_whom="Dad",
        supervisor=None,
        source="care_plan",
        court_order_provision="",
        not_looked_after_reason="Child in need",
    )
    squeezed = services.sessions_generate(arrangement=full, weeks=1, booked_by=centre.coordinator, now=NOW)
    assert squeezed.waiting is not None and not squeezed.sessions and len(squeezed.unplaced) == 2
    assert WaitingListEntry.objects.filter(arrangement=full, resolved_on__isnull=True).count() == 1


def test_the_waiting_list_is_in_order_of_need(council, centre):
    plan = record(
        council,
        centre,
        child=council.team_child,
        family_members=[],
        with_whom="Dad",
        source="care_plan",
        court_order_provision="",
        not_looked_after_reason="Child in need",
    )
    court = record(council, centre)
    services.waiting_list_add(arrangement=plan, reason="Full", added_by=None, today=date(2026, 1, 5))
    services.waiting_list_add(arrangement=court, reason="Full", added_by=None, today=date(2026, 2, 5))
    order = [entry.arrangement_id for entry in selectors.waiting_list(user=centre.coordinator)]
    assert order == [court.pk, plan.pk]


def test_a_call_offered_in_place_of_a_direct_session(arrangement, centre):
    session = book(arrangement, centre, at(TUESDAY, 16))
    call = services.session_offer_virtual(
        session=session, mode="video", reason="The household is self-isolating", offered_by=centre.coordinator, now=NOW
    )
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert call.mode == "video" and call.replaces == session and call.room is None
    assert call.virtual_reason == "The household is self-isolating"
    assert not SlotClaim.objects.filter(session=session).exists()


def test_a_late_cancellation(arrangement, centre, council):
    session = book(arrangement, centre, at(TUESDAY, 16))
    services.session_cancel(
        session=session, cancelled_by="parent", reason="child_unwell", recorded_by=council.worker, now=at(TUESDAY, 9)
    )
    session.refresh_from_db()
    assert session.is_late_cancellation and session.cancelled_by == "parent"


def test_the_database_refuses_a_second_booking_of_the_same_slot(arrangement, centre, council):
    """A second coordinator whose checks ran before the first booking committed (so saw the slot free) is stopped
    by the unique constraint on the slot's claims, on either database."""
    first = book(arrangement, centre, at(TUESDAY, 16))
    other = record(
        council,
        centre,
        child=council.team_child,
        family_members=[],
        with_whom="Dad",
        supervisor=None,
        not_looked_after_reason="Child in need",
    )
    with (
        mock.patch("caseboard.familytime.services._check_booking", return_value={}),
        pytest.raises(ValidationError) as error,
    ):
        book(other, centre, at(TUESDAY, 16))
    assert services.SLOT_TAKEN in error.value.messages
    assert list(Session.objects.filter(room=centre.rooms[0]).values_list("pk", flat=True)) == [first.pk]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite takes the write lock at the start of each transaction (IMMEDIATE), so two bookings cannot "
    "interleave; the constraint test above covers it there",
)
def test_two_coordinators_booking_the_last_slot_at_once(council, centre):
    limit(1)
    arrangements = [
        record(council, centre),
        record(
            council,
            centre,
            child=council.team_child,
            family_members=[],
            with_whom="Dad",
            supervisor=None,
            not_looked_after_reason="Child in need",
        ),
    ]
    barrier = threading.Barrier(2)
    real_check = services._check_booking
    outcomes: list[str] = []

    def checked(*args, **kwargs):
        result = real_check(*args, **kwargs)
        barrier.wait(timeout=10)  # both have seen the last slot free
        return result

    def attempt(arrangement, room):
        try:
            services.session_book(
                arrangement=arrangement, starts_at=at(TUESDAY, 16), room=room, booked_by=centre.coordinator, now=NOW
            )
            outcomes.append("booked")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connections.close_all()

    with mock.patch("caseboard.familytime.services._check_booking", side_effect=checked):
        threads = [
            threading.Thread(target=attempt, args=(a, r)) for a, r in zip(arrangements, centre.rooms, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert outcomes.count("booked") == 1
    assert any(services.SLOT_TAKEN in outcome for outcome in outcomes if outcome != "booked")
    assert Session.objects.filter(status="booked").count() == 1

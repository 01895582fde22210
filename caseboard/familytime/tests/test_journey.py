"""The whole path on the services: an arrangement, a change through a key decision, bookings, a session record
and the reports that count it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from caseboard.accounts.models import Notification
from caseboard.decisions import services as decisions
from caseboard.familytime import reports, services
from caseboard.familytime.models import ArrangementChange, ChangeStatus, Session, SessionStatus

from .conftest import MONDAY, NOW, at


def test_a_court_ordered_change_takes_effect_only_when_the_head_of_service_approves(council, centre, arrangement):
    booked = services.sessions_generate(arrangement=arrangement, weeks=2, booked_by=centre.coordinator, now=NOW)
    assert len(booked.sessions) == 4
    assert all(s.mode == "in_person" and s.room is not None for s in booked.sessions)

    change = services.arrangement_change_propose(
        arrangement=arrangement,
        proposed_by=council.worker,
        reason="The household is isolating.",
        applies_from=NOW.date(),
        mode="video",
        venue_kind="carers_home",
        venue=None,
        spirit_of_the_order="Video calls twice a week at the same times, supervised.",
        today=NOW.date(),
    )
    assert change.decision.kind == "court_ordered_contact_changed"
    assert change.decision.approver_role == "head_of_service"
    arrangement.refresh_from_db()
    assert arrangement.mode == "in_person", "nothing changes before the decision is approved"

    with pytest.raises(ValidationError):
        decisions.decision_approve(decision=change.decision, approved_by=council.manager)
    arrangement.refresh_from_db()
    assert arrangement.mode == "in_person"

    decisions.decision_approve(decision=change.decision, approved_by=council.head)
    arrangement.refresh_from_db()
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPLIED
    assert arrangement.mode == "video"
    assert arrangement.spirit_of_the_order.startswith("Video calls")
    sessions = list(Session.objects.filter(arrangement=arrangement, status=SessionStatus.BOOKED))
    assert len(sessions) == 4
    assert all(s.mode == "video" and s.room is None and "approved" in s.virtual_reason for s in sessions)


def test_a_rejected_change_leaves_the_arrangement_as_it_was(council, centre, arrangement):
    change = services.arrangement_change_propose(
        arrangement=arrangement,
        proposed_by=council.worker,
        reason="Fewer sessions.",
        applies_from=NOW.date(),
        times=1,
        today=NOW.date(),
    )
    decisions.decision_reject(decision=change.decision, rejected_by=council.head, reason="The order says twice.")
    change.refresh_from_db()
    arrangement.refresh_from_db()
    assert change.status == ChangeStatus.REFUSED
    assert arrangement.times == 2


def test_other_family_time_changes_are_family_time_changed_decisions(council, centre):
    from .conftest import record

    arrangement = record(council, centre, source="care_plan", court_order_provision="")
    change = services.arrangement_change_propose(
        arrangement=arrangement,
        proposed_by=council.worker,
        reason="The child asked.",
        applies_from=NOW.date(),
        duration_minutes=60,
        today=NOW.date(),
    )
    assert change.decision.kind == "family_time_changed"
    assert change.decision.approver_role == "team_manager"
    decisions.decision_approve(decision=change.decision, approved_by=council.manager)
    arrangement.refresh_from_db()
    assert arrangement.duration_minutes == 60
    assert ArrangementChange.objects.get(pk=change.pk).status == ChangeStatus.APPLIED


def test_recording_a_session_makes_the_supervisors_notes_due_and_a_concern_tells_the_worker(
    council, centre, arrangement
):
    session = services.session_book(
        arrangement=arrangement, starts_at=at(MONDAY, 16), room=centre.rooms[0], booked_by=centre.coordinator, now=NOW
    )
    after = at(MONDAY, 18)
    services.session_record(
        session=session,
        recorded_by=centre.supervisor,
        held=True,
        mode_held="in_person",
        attended="Ava and her mother",
        childs_views="Ava said she liked the games.",
        concern_raised=True,
        concern_details="Mother smelled of alcohol.",
        now=after,
    )
    session.refresh_from_db()
    assert session.status == SessionStatus.HELD
    assert session.observation_task.due_on == date(2026, 3, 11)  # 2 working days after Monday 9 March
    assert session.observation_task.done_on is None
    assert Notification.objects.filter(recipient=council.worker, link=f"/family-time/sessions/{session.pk}/").exists()

    services.session_observation_record(
        session=session, recorded_by=centre.supervisor, notes="Warm greeting.", now=after
    )
    session.observation_task.refresh_from_db()
    assert session.observation_task.done_on == MONDAY

    services.session_carer_feedback(
        session=session, recorded_by=council.worker, feedback="Settled at bedtime.", now=after
    )
    assert Notification.objects.filter(recipient=council.worker, message__contains="carer's feedback").exists()


def test_the_reports_count_the_session(council, centre, arrangement):
    session = services.session_book(
        arrangement=arrangement, starts_at=at(MONDAY, 16), room=centre.rooms[0], booked_by=centre.coordinator, now=NOW
    )
    services.session_record(
        session=session,
        recorded_by=centre.supervisor,
        held=True,
        mode_held="in_person",
        attended="Ava and mother",
        now=at(MONDAY, 18),
    )
    rows = reports.sessions_by_week(user=council.head, last_week=MONDAY, weeks=1)
    assert (rows[0].total, rows[0].direct, rows[0].virtual) == (1, 1, 0)
    report = reports.no_direct_since(
        user=council.head, since=MONDAY - timedelta(days=7), today=MONDAY + timedelta(days=1)
    )
    assert report.rows[-1].looked_after == 1 and report.rows[-1].without_direct == 0


def test_a_change_that_brings_more_people_tells_the_coordinators_of_rooms_now_too_small(council, centre):
    from .conftest import record

    arrangement = record(council, centre, source="care_plan", court_order_provision="", supervisor=None)
    small = services.room_add(venue=centre.venue, name="Snug", capacity=2)  # the child and the mother
    session = services.session_book(
        arrangement=arrangement, starts_at=at(MONDAY, 16), room=small, booked_by=centre.coordinator, now=NOW
    )
    roomy = services.session_book(
        arrangement=arrangement,
        starts_at=at(MONDAY + timedelta(days=3), 16),
        room=centre.rooms[1],
        booked_by=centre.coordinator,
        now=NOW,
    )
    change = services.arrangement_change_propose(
        arrangement=arrangement,
        proposed_by=council.worker,
        reason="Supervision is needed after the last session.",
        applies_from=NOW.date(),
        supervisor=centre.supervisor,
        supervision="supervised",
        today=NOW.date(),
    )
    before = Notification.objects.filter(recipient=centre.coordinator).count()
    decisions.decision_approve(decision=change.decision, approved_by=council.manager)
    told = Notification.objects.filter(recipient=centre.coordinator).order_by("-pk")
    assert told.count() == before + 1
    assert told[0].message.startswith("1 booked family time session at Riverside Family Centre no longer fits the room")
    assert "3 people are coming" in told[0].message
    assert str(session.pk) in told[0].link and str(roomy.pk) not in told[0].link
    session.refresh_from_db()
    assert session.status == SessionStatus.BOOKED  # kept until the coordinator moves it

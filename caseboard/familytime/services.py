"""Every write to family time: arrangements and their changes (through key decisions), risk assessments, venues
and rooms, bookings (one by one or generated from the arrangement's frequency), the waiting list, and the record of
each session. Rules a council might change come from the operating model in force (``operating.settings_on``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from caseboard.accounts.models import Role, User
from caseboard.accounts.services import notify
from caseboard.casework.models import Allocation, AllocationRole, Episode, EpisodeKind
from caseboard.compliance.calendar import add_working_days
from caseboard.people.models import Child, FamilyMember

from . import selectors
from .models import (
    CHANGEABLE_FIELDS,
    DIRECT_MODES,
    PERIOD_DAYS,
    Arrangement,
    ArrangementChange,
    ArrangementStatus,
    CancelledBy,
    CancelReason,
    ChangeStatus,
    Mode,
    RiskAssessment,
    RiskOutcome,
    Room,
    RoomClosure,
    SchoolHoliday,
    Session,
    SessionStatus,
    SlotClaim,
    Source,
    SupervisorTask,
    Venue,
    VenueKind,
    WaitingListEntry,
)
from .operating import SettingsByDay, day_rules, is_bank_holiday, settings_on
from .slots import cells, is_open, spread_days

SLOT_TAKEN = "This slot has just been booked by someone else: choose another"
SUPERVISOR_ROLES = {Role.FAMILY_TIME_SUPERVISOR, Role.SOCIAL_WORKER, Role.TEAM_COORDINATOR}


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment)


def _aware(naive_local: datetime) -> datetime:
    return timezone.make_aware(naive_local, timezone.get_current_timezone())


def is_looked_after(child: Child, on: date) -> bool:
    return _open_episode(child, on, (EpisodeKind.LOOKED_AFTER,))


def _open_episode(child: Child, on: date, kinds: Iterable[str]) -> bool:
    return Episode.objects.filter(child=child, kind__in=list(kinds), start_on__lte=on).exclude(end_on__lt=on).exists()


def allocated_worker(child: Child) -> User | None:
    allocation = (
        Allocation.objects.filter(child=child, role=AllocationRole.SOCIAL_WORKER, ended_on__isnull=True)
        .select_related("worker")
        .first()
    )
    return allocation.worker if allocation else None


def _session_link(session: Session) -> str:
    return f"/family-time/sessions/{session.pk}/"


# --- arrangements ---------------------------------------------------------------------------------------------
def _check_arrangement(arrangement: Arrangement, errors: dict[str, str]) -> None:
    a = arrangement
    if a.ends_on and a.starts_on and a.ends_on < a.starts_on:
        errors["ends_on"] = "The end date must be the same as or after the start date"
    if a.source == Source.COURT_ORDER and not a.court_order_provision.strip():
        errors["court_order_provision"] = "Enter the order's contact provision"
    if a.mode in DIRECT_MODES and a.venue_kind == VenueKind.FAMILY_CENTRE and a.venue_id is None:
        errors["venue"] = "Select the family centre"
    if a.supervision == "indirect" and a.mode in DIRECT_MODES:
        errors["mode"] = "Indirect family time is by video call, phone call, letter or card, not in person"
    if a.supervisor_id and a.supervisor.role not in SUPERVISOR_ROLES:
        errors["supervisor"] = "Select a family time supervisor or a social worker to supervise"


@transaction.atomic
def arrangement_record(
    *,
    child: Child,
    recorded_by: User,
    source: str,
    times: int,
    period: str,
    duration_minutes: int,
    supervision: str,
    mode: str,
    venue_kind: str,
    starts_on: date,
    venue: Venue | None = None,
    supervisor: User | None = None,
    ends_on: date | None = None,
    with_whom: str = "",
    family_members: Iterable[FamilyMember] = (),
    siblings: Iterable[Child] = (),
    court_order_provision: str = "",
    transport_needs: str = "",
    escort_needs: str = "",
    risks: str = "",
    not_looked_after_reason: str = "",
    spirit_of_the_order: str = "",
) -> Arrangement:
    """Record a family time arrangement on a child's record. A child who is not looked after on the start date may
    have one only while a child in need (or on a plan), with the reason."""
    errors: dict[str, str] = {}
    arrangement = Arrangement(
        child=child,
        source=source,
        times=times,
        period=period,
        duration_minutes=duration_minutes,
        supervision=supervision,
        mode=mode,
        venue_kind=venue_kind,
        venue=venue,
        supervisor=supervisor,
        starts_on=starts_on,
        ends_on=ends_on,
        with_whom=with_whom.strip(),
        court_order_provision=court_order_provision.strip(),
        transport_needs=transport_needs.strip(),
        escort_needs=escort_needs.strip(),
        risks=risks.strip(),
        not_looked_after_reason=not_looked_after_reason.strip(),
        spirit_of_the_order=spirit_of_the_order.strip(),
        recorded_by=recorded_by,
        recorded_at=timezone.now(),
    )
    family_members = list(family_members)
    siblings = list(siblings)
    if starts_on and not is_looked_after(child, starts_on):
        in_need = _open_episode(child, starts_on, (EpisodeKind.CHILD_IN_NEED, EpisodeKind.CHILD_PROTECTION))
        if not in_need:
            errors["starts_on"] = (
                "Family time is arranged for a looked-after child or a child in need on the start date"
            )
        elif not arrangement.not_looked_after_reason:
            errors["not_looked_after_reason"] = "Enter why family time is arranged for a child who is not looked after"
    if not family_members and not siblings and not arrangement.with_whom:
        errors["with_whom"] = "Enter who the child spends family time with"
    if any(member.child_id != child.pk for member in family_members):
        errors["family_members"] = "Select members of this child's family"
    _check_arrangement(arrangement, errors)
    if errors:
        raise ValidationError(errors)
    arrangement.full_clean()
    arrangement.save()
    arrangement.family_members.set(family_members)
    arrangement.siblings.set(siblings)
    return arrangement


def _value(arrangement: Arrangement, name: str) -> Any:
    if name in ("venue", "supervisor"):
        return getattr(arrangement, f"{name}_id")
    value = getattr(arrangement, name)
    return value.isoformat() if isinstance(value, date) else value


def describe_change(arrangement: Arrangement, after: dict[str, Any]) -> str:
    """The change in words for the key decision ("How: In person to Video call")."""
    lines = []
    for name in CHANGEABLE_FIELDS:
        if name not in after:
            continue
        field = Arrangement._meta.get_field(name)
        lines.append(
            f"{field.verbose_name[:1].upper()}{field.verbose_name[1:]}: "
            f"{_display(name, _value(arrangement, name))} to {_display(name, after[name])}"
        )
    return "; ".join(lines)


def _display(name: str, value: Any) -> str:
    if value in (None, ""):
        return "none"
    field = Arrangement._meta.get_field(name)
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if name == "venue":
        return str(Venue.objects.filter(pk=value).first() or value)
    if name == "supervisor":
        return str(User.objects.filter(pk=value).first() or value)
    return str(value)


@transaction.atomic
def arrangement_change_propose(
    *,
    arrangement: Arrangement,
    proposed_by: User,
    reason: str,
    applies_from: date,
    risks_considered: str = "",
    mitigations: str = "",
    today: date | None = None,
    **changes: Any,
) -> ArrangementChange:
    """Propose a change to an arrangement as a key decision linked to it: "Court-ordered contact changed" (the
    head of service, under the operating model) when it comes from a court order, "Family time changed" otherwise.
    Nothing about the arrangement changes until the decision is approved."""
    from caseboard.decisions.services import decision_propose

    today = today or timezone.localdate()
    unknown = set(changes) - set(CHANGEABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not a changeable field: {', '.join(sorted(unknown))}")
    errors: dict[str, str] = {}
    if not (reason or "").strip():
        errors["reason"] = "Enter the reasons for the change"
    if applies_from is None:
        errors["applies_from"] = "Enter the date the change applies from"
    if ArrangementChange.objects.filter(arrangement=arrangement, status=ChangeStatus.AWAITING_DECISION).exists():
        errors["__all__"] = "A change to this arrangement is already awaiting a decision"
    trial = Arrangement.objects.get(pk=arrangement.pk)
    after: dict[str, Any] = {}
    for name, value in changes.items():
        if name in ("venue", "supervisor"):
            value = value.pk if value is not None else None
            current = getattr(trial, f"{name}_id")
            setattr(trial, f"{name}_id", value)
        else:
            current = getattr(trial, name)
            setattr(trial, name, value)
        if value != current:
            after[name] = value.isoformat() if isinstance(value, date) else value
    if not after and not errors:
        errors["__all__"] = "Change at least one thing about the arrangement"
    _check_arrangement(trial, errors)
    if errors:
        raise ValidationError(errors)
    try:
        trial.full_clean(exclude=["child", "recorded_by"])
    except ValidationError as error:
        raise ValidationError(error.message_dict) from None
    before = {name: _value(arrangement, name) for name in after}
    description = describe_change(arrangement, after)
    decision = decision_propose(
        children=[arrangement.child],
        proposed_by=proposed_by,
        kind=arrangement.change_decision_kind,
        rationale=reason.strip(),
        starts_on=applies_from,
        risks_considered=risks_considered,
        mitigations=mitigations,
        conditions=f"Family time arrangement ({arrangement.frequency_text}): {description}",
        today=today,
    )
    change = ArrangementChange(
        arrangement=arrangement,
        decision=decision,
        before=before,
        after=after,
        reason=reason.strip(),
        proposed_by=proposed_by,
        proposed_at=timezone.now(),
    )
    change.save()
    return change


@transaction.atomic
def arrangement_change_apply(*, change: ArrangementChange) -> Arrangement:
    """Put an approved change into effect (called when its key decision is approved): the arrangement takes the new
    values; booked sessions from the date the decision applies follow a new mode (a direct session becomes the
    video or phone call the decision agreed, its room released) or end with an ended or suspended arrangement."""
    change = ArrangementChange.objects.select_for_update().get(pk=change.pk)
    if change.status != ChangeStatus.AWAITING_DECISION:
        return change.arrangement
    arrangement = Arrangement.objects.select_for_update().get(pk=change.arrangement_id)
    for name, value in change.after.items():
        if name in ("venue", "supervisor"):
            setattr(arrangement, f"{name}_id", value)
        elif name == "ends_on":
            setattr(arrangement, name, date.fromisoformat(value) if value else None)
        else:
            setattr(arrangement, name, value)
    arrangement.version += 1
    arrangement.save()
    change.status = ChangeStatus.APPLIED
    change.applied_at = timezone.now()
    change.save()
    applies_from = change.decision.starts_on if change.decision else timezone.localdate()
    start = _aware(datetime.combine(applies_from, datetime.min.time()))
    upcoming = Session.objects.filter(arrangement=arrangement, status=SessionStatus.BOOKED, starts_at__gte=start)
    approved = change.decision.decided_at if change.decision else timezone.now()
    for session in upcoming:
        if arrangement.status != ArrangementStatus.ACTIVE:
            _cancel(session, CancelledBy.COUNCIL, CancelReason.ARRANGEMENT_CHANGED, "The arrangement changed", None)
        elif session.mode != arrangement.mode:
            was_direct = session.is_direct
            session.mode = arrangement.mode
            if not session.is_direct:
                session.room = None
                session.venue = None
                if was_direct:
                    session.virtual_reason = (
                        f"{change.decision.get_kind_display() if change.decision else 'Change'} approved on "
                        f"{timezone.localtime(approved):%-d %B %Y}: {change.reason}"
                    )
            session.version += 1
            session.save()
            _claim(session)
    if arrangement.status == ArrangementStatus.ACTIVE and arrangement.is_direct:
        _tell_coordinators_of_rooms_too_small(arrangement, start)
    if not arrangement.is_direct:
        for entry in WaitingListEntry.objects.filter(arrangement=arrangement, resolved_on__isnull=True):
            _resolve(entry, "No longer direct family time", timezone.localdate())
    return arrangement


def _tell_coordinators_of_rooms_too_small(arrangement: Arrangement, start: datetime) -> list[Session]:
    """After a change that brings more people (a supervisor added), the booked sessions whose room no longer holds
    everyone coming: the venue's coordinators are told to move them (the sessions stay booked meanwhile)."""
    people = selectors.people_coming(arrangement)
    crowded = list(
        Session.objects.filter(
            arrangement=arrangement, status=SessionStatus.BOOKED, starts_at__gte=start, room__capacity__lt=people
        )
        .select_related("room", "venue")
        .order_by("starts_at")
    )
    if crowded:
        venue = crowded[0].venue
        message = (
            f"{len(crowded)} booked family time session{'s' if len(crowded) != 1 else ''} at {venue} no longer "
            f"fit{'s' if len(crowded) == 1 else ''} the room after a change to the arrangement ({people} people are "
            "coming): move them to a larger room"
        )
        for coordinator in venue.coordinators.filter(is_active=True):
            notify(recipient=coordinator, message=message, link=_session_link(crowded[0]))
    return crowded


@transaction.atomic
def arrangement_change_refuse(*, change: ArrangementChange) -> ArrangementChange:
    """The decision was rejected or withdrawn: the arrangement stays as it was."""
    change = ArrangementChange.objects.select_for_update().get(pk=change.pk)
    if change.status == ChangeStatus.AWAITING_DECISION:
        change.status = ChangeStatus.REFUSED
        change.save()
    return change


@transaction.atomic
def risk_assessment_record(
    *,
    arrangement: Arrangement,
    assessed_by: User,
    answers: dict[str, bool],
    arrangement_risks: str,
    outcome: str,
    assessed_on: date | None = None,
) -> RiskAssessment:
    """Record the risk assessment for direct family time: the pre-visit check's questions and the arrangement's
    own risks."""
    from caseboard.visits.models import CHECK_QUESTIONS

    errors: dict[str, str] = {}
    missing = [key for key in CHECK_QUESTIONS if key not in answers]
    if missing:
        errors[missing[0]] = f"Answer: {CHECK_QUESTIONS[missing[0]]}"
    if not (arrangement_risks or "").strip():
        errors["arrangement_risks"] = "Enter the risks of this arrangement and how they are reduced"
    if outcome not in RiskOutcome.values:
        errors["outcome"] = "Select the outcome of the risk assessment"
    if errors:
        raise ValidationError(errors)
    assessment = RiskAssessment(
        arrangement=arrangement,
        assessed_on=assessed_on or timezone.localdate(),
        assessed_by=assessed_by,
        answers={key: bool(answers[key]) for key in CHECK_QUESTIONS},
        arrangement_risks=arrangement_risks.strip(),
        outcome=outcome,
    )
    assessment.full_clean()
    assessment.save()
    return assessment


# --- venues and rooms -----------------------------------------------------------------------------------------
def _check_venue(venue: Venue, coordinators: list[User]) -> None:
    """The rules a venue holds whoever writes it (the page or the API): a name, unique whatever its case; only
    family time coordinators coordinate it."""
    errors: dict[str, str] = {}
    if not venue.name:
        errors["name"] = "Enter the venue's name"
    elif Venue.objects.filter(name__iexact=venue.name).exclude(pk=venue.pk).exists():
        errors["name"] = f"There is already a venue called {venue.name}"
    if len(venue.name) > Venue._meta.get_field("name").max_length:
        errors["name"] = "The venue's name must be 120 characters or fewer"
    if any(user.role != Role.FAMILY_TIME_COORDINATOR or not user.is_active for user in coordinators):
        errors["coordinators"] = "Select family time coordinators only"
    if (venue.opens_at is None) != (venue.closes_at is None):
        missing = "closes_at" if venue.closes_at is None else "opens_at"
        errors[missing] = (
            "Enter the time the venue closes" if missing == "closes_at" else "Enter the time the venue opens"
        ) + ", or leave both blank to use the operating model's hours"
    elif venue.has_own_hours and venue.closes_at <= venue.opens_at:  # type: ignore[operator]
        errors["closes_at"] = "The venue must close after it opens"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def venue_create(
    *,
    name: str,
    address: str = "",
    coordinators: Iterable[User] = (),
    created_by: User | None = None,
    opens_at: time | None = None,
    closes_at: time | None = None,
) -> Venue:
    """Add a family centre or other venue, with its own opening hours or (left blank) the operating model's. A
    coordinator who adds one coordinates it."""
    people = list(coordinators)
    if created_by is not None and created_by.role == Role.FAMILY_TIME_COORDINATOR and created_by not in people:
        people.append(created_by)
    venue = Venue(name=(name or "").strip(), address=(address or "").strip(), opens_at=opens_at, closes_at=closes_at)
    _check_venue(venue, people)
    venue.full_clean()
    venue.save()
    venue.coordinators.set(people)
    return venue


@transaction.atomic
def venue_update(
    *,
    venue: Venue,
    name: str,
    address: str = "",
    is_active: bool = True,
    coordinators: Iterable[User] | None = None,
    version: int | None = None,
    opens_at: time | None = None,
    closes_at: time | None = None,
) -> Venue:
    """Change a venue's name, address, opening hours, coordinators or whether it is in use; nobody's change is
    overwritten silently (``version`` is the one the editor read). Sessions already booked outside new hours stay
    booked: the venue's day view shows them."""
    venue = Venue.objects.select_for_update().get(pk=venue.pk)
    if version is not None and version != venue.version:
        raise ValidationError(
            {"__all__": "Someone else changed this venue while you were editing it: check it and try again"}
        )
    people = list(coordinators) if coordinators is not None else list(venue.coordinators.all())
    venue.name = (name or "").strip()
    venue.address = (address or "").strip()
    venue.is_active = is_active
    venue.opens_at, venue.closes_at = opens_at, closes_at
    _check_venue(venue, people)
    venue.version += 1
    venue.full_clean()
    venue.save()
    if coordinators is not None:
        venue.coordinators.set(people)
    return venue


def _check_room(room: Room) -> None:
    errors: dict[str, str] = {}
    if not room.name:
        errors["name"] = "Enter the room's name"
    elif Room.objects.filter(venue_id=room.venue_id, name__iexact=room.name).exclude(pk=room.pk).exists():
        errors["name"] = "This venue already has a room with that name"
    if room.capacity is None:
        errors["capacity"] = "Enter how many people the room holds"
    elif not 1 <= room.capacity <= 50:
        errors["capacity"] = "Enter a number of people from 1 to 50"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def room_add(*, venue: Venue, name: str, capacity: int) -> Room:
    """Add a room to a venue, with how many people it holds."""
    room = Room(venue=venue, name=(name or "").strip(), capacity=capacity)
    _check_room(room)
    room.full_clean()
    room.save()
    return room


@transaction.atomic
def room_update(*, room: Room, name: str, capacity: int, version: int | None = None, today: date | None = None) -> Room:
    """Rename a room or change how many people it holds. A room cannot hold fewer than a session already booked in
    it brings (they would have to be moved first); nobody's change is overwritten silently."""
    today = today or timezone.localdate()
    room = Room.objects.select_for_update().get(pk=room.pk)
    if version is not None and version != room.version:
        raise ValidationError(
            {"__all__": "Someone else changed this room while you were editing it: check it and try again"}
        )
    room.version += 1
    room.name = (name or "").strip()
    room.capacity = capacity
    _check_room(room)
    start = _aware(datetime.combine(today, datetime.min.time()))
    booked = (
        Session.objects.filter(room=room, status=SessionStatus.BOOKED, starts_at__gte=start)
        .select_related("arrangement")
        .prefetch_related("arrangement__family_members", "arrangement__siblings")
    )
    most = max((selectors.people_coming(session.arrangement) for session in booked), default=0)
    if most > capacity:
        raise ValidationError(
            {"capacity": f"A session booked in this room brings {most} people: enter {most} or more, or move it"}
        )
    room.full_clean()
    room.save()
    return room


@transaction.atomic
def room_close(
    *, room: Room, starts_on: date, reason: str, recorded_by: User | None, ends_on: date | None = None
) -> RoomClosure:
    """Take a room out of use from a date (until a date or further notice). Sessions already booked in it are kept
    and listed for the coordinator to move."""
    errors: dict[str, str] = {}
    if starts_on is None:
        errors["starts_on"] = "Enter the date the room is out of use from"
    if ends_on and starts_on and ends_on < starts_on:
        errors["ends_on"] = (
            "The date it is out of use until must be the same as or after the date it is out of use from"
        )
    if not (reason or "").strip():
        errors["reason"] = "Enter why the room is out of use"
    if errors:
        raise ValidationError(errors)
    closure = RoomClosure(
        room=room, starts_on=starts_on, ends_on=ends_on, reason=reason.strip(), recorded_by=recorded_by
    )
    closure.full_clean()
    closure.save()
    return closure


# --- school holidays ----------------------------------------------------------------------------------------------
def school_holiday_add(
    *, name: str, starts_on: date | None, ends_on: date | None, recorded_by: User | None
) -> SchoolHoliday:
    """Add a school holiday to the council's term dates (page and API alike). Refused: no name, an end before the
    start, a holiday longer than the summer's (over 8 weeks), or one overlapping another."""
    name = (name or "").strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Enter the name of the holiday, for example Summer holiday 2026"
    elif len(name) > SchoolHoliday._meta.get_field("name").max_length:
        errors["name"] = "The name must be 80 characters or fewer"
    if starts_on is None:
        errors["starts_on"] = "Enter the first day of the holiday"
    if ends_on is None:
        errors["ends_on"] = "Enter the last day of the holiday"
    if starts_on and ends_on:
        if ends_on < starts_on:
            errors["ends_on"] = "The last day of the holiday must be the same as or after the first day"
        elif (ends_on - starts_on).days > 8 * 7:
            errors["ends_on"] = "A school holiday is at most 8 weeks long: check the dates"
        else:
            clash = SchoolHoliday.objects.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).first()
            if clash is not None:
                errors["starts_on"] = f"The dates overlap {clash}"
    if errors:
        raise ValidationError(errors)
    holiday = SchoolHoliday(name=name, starts_on=starts_on, ends_on=ends_on, recorded_by=recorded_by)
    holiday.full_clean()
    holiday.save()
    return holiday


def school_holiday_remove(*, holiday: SchoolHoliday) -> None:
    """Take a school holiday out of the term dates (audited as a deletion). Sessions booked in it are kept."""
    holiday.delete()


# --- booking --------------------------------------------------------------------------------------------------
def _claim(session: Session, by_day: SettingsByDay | None = None, *, new: bool = False) -> None:
    """Replace the session's claims: room (with the cleaning gap after it), supervisor, child, and one of the
    venue's places for the day. The unique constraint refuses a claim someone else holds."""
    if not new:
        SlotClaim.objects.filter(session=session).delete()
    if session.status != SessionStatus.BOOKED:
        return
    start, end = _local(session.starts_at), _local(session.ends_at)
    day = start.date()
    rules = (by_day or SettingsByDay()).on(day)
    claims = [
        SlotClaim(session=session, resource=f"child:{session.child_id}", day=day, cell=c) for c in cells(start, end)
    ]
    if session.supervisor_id:
        claims += [
            SlotClaim(session=session, resource=f"supervisor:{session.supervisor_id}", day=day, cell=c)
            for c in cells(start, end)
        ]
    if session.room_id:
        gap_end = end + timedelta(minutes=rules.cleaning_gap_minutes)
        claims += [
            SlotClaim(session=session, resource=f"room:{session.room_id}", day=day, cell=c)
            for c in cells(start, gap_end)
        ]
    if session.venue_id and session.is_direct:
        taken = set(
            SlotClaim.objects.filter(resource=f"venue-place:{session.venue_id}", day=day).values_list("cell", flat=True)
        )
        free = [place for place in range(1, rules.sessions_per_day + 1) if place not in taken]
        if not free:
            # The check before saw a place free: another booking has just taken the last one.
            raise ValidationError({"starts_at": SLOT_TAKEN})
        claims.append(SlotClaim(session=session, resource=f"venue-place:{session.venue_id}", day=day, cell=free[0]))
    try:
        with transaction.atomic():
            SlotClaim.objects.bulk_create(claims)
    except IntegrityError:
        raise ValidationError({"starts_at": SLOT_TAKEN}) from None


def _check_booking(
    arrangement: Arrangement,
    starts_at: datetime,
    ends_at: datetime,
    mode: str,
    room: Room | None,
    supervisor: User | None,
    now: datetime,
    session: Session | None = None,
    by_day: SettingsByDay | None = None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    day = _local(starts_at).date()
    if starts_at <= now:
        errors["starts_at"] = "The session must start in the future: record a past session as held or not held"
        return errors
    if arrangement.status != ArrangementStatus.ACTIVE:
        errors["__all__"] = "The arrangement is not active"
    if day < arrangement.starts_on or (arrangement.ends_on and day > arrangement.ends_on):
        errors["starts_at"] = "The session must be within the arrangement's dates"
        return errors
    if mode == Mode.LETTER:
        errors["mode"] = "Letters and cards are not booked"
        return errors
    settings_ = (by_day or SettingsByDay()).on(day)
    if mode in DIRECT_MODES and arrangement.venue_id is None and room is None:
        pass  # direct family time away from a family centre: no room to book
    elif mode in DIRECT_MODES:
        if room is None:
            errors["room"] = "Select the room"
            return errors
        if room.closures.filter(starts_on__lte=day).exclude(ends_on__lt=day).exists():
            closure = room.closures.filter(starts_on__lte=day).exclude(ends_on__lt=day).first()
            errors["room"] = f"{room.name} is out of use on that date: {closure.reason}"
        hours = day_rules(settings_, day, room.venue)
        if not is_open(day, hours):
            errors["starts_at"] = (
                "The venue is closed on bank holidays: choose another day"
                if is_bank_holiday(day)
                else f"The venue is closed on {day:%A}s: choose another day"
            )
            return errors
        people = selectors.people_coming(arrangement)
        if room.capacity < people:
            errors["room"] = f"{room.name} holds {room.capacity} people; {people} are coming"
        local_start, local_end = _local(starts_at), _local(ends_at)
        if local_start.time() < hours.opens_at or local_end.time() > hours.closes_at or local_end.date() != day:
            errors["starts_at"] = (
                f"{room.venue.name} is open from {hours.opens_at:%H:%M} to {hours.closes_at:%H:%M}: "
                "the session must start and end within those hours"
            )
        if settings_.risk_assessment_required:
            assessment = selectors.risk_assessment_covering(arrangement, day, settings_.risk_assessment_valid_days)
            if assessment is None:
                errors["__all__"] = (
                    "Direct family time needs a risk assessment under the operating model in force: record one first"
                )
            elif not assessment.allows_direct:
                errors["__all__"] = "The risk assessment says not to meet in person: offer a video or phone call"
        count = selectors.venue_sessions_on(room.venue, day, exclude=session)
        if count >= settings_.sessions_per_day:
            errors["starts_at"] = (
                f"{room.venue.name} already has {count} sessions on {day:%-d %B %Y}, the most the operating model "
                f"allows ({settings_.sessions_per_day} a day)"
            )
        elif "room" not in errors and selectors.room_clash(
            room, starts_at, ends_on=ends_at, gap=settings_.cleaning_gap_minutes, exclude=session
        ):
            errors["starts_at"] = (
                f"{room.name} is booked then (with {settings_.cleaning_gap_minutes} minutes for cleaning "
                "between sessions)"
            )
    if supervisor is not None and selectors.supervisor_clash(supervisor, starts_at, ends_at, exclude=session):
        errors["supervisor"] = f"{supervisor} is supervising another session then"
    if selectors.family_clash(arrangement, starts_at, ends_at, exclude=session):
        errors["starts_at"] = "The child or a brother or sister has another session then"
    school = selectors.school_hours_for(arrangement.child, day, by_day)
    if school is not None:
        from .slots import Interval, in_school_hours

        if in_school_hours(
            Interval(_local(starts_at).replace(tzinfo=None), _local(ends_at).replace(tzinfo=None)), day, school
        ):
            errors["starts_at"] = (
                f"The child is at school from {school[0]:%H:%M} to {school[1]:%H:%M} on weekdays in term time: "
                "choose another time"
            )
    return errors


@transaction.atomic
def session_book(
    *,
    arrangement: Arrangement,
    starts_at: datetime,
    booked_by: User | None,
    room: Room | None = None,
    mode: str | None = None,
    supervisor: User | None = None,
    duration_minutes: int | None = None,
    replaces: Session | None = None,
    virtual_reason: str = "",
    now: datetime | None = None,
    by_day: SettingsByDay | None = None,
) -> Session:
    """Book one session of an arrangement. Refused, with the rule that is broken, for a time in the past, a room out
    of use or too small, a slot over the venue's daily limit or inside the cleaning gap, a supervisor already booked,
    the child's school hours, another session of the child or family, or direct family time without the risk
    assessment the operating model requires. Two bookings of the last slot at once: one wins; the other is told."""
    now = now or timezone.now()
    mode = mode or arrangement.mode
    supervisor = supervisor if supervisor is not None else arrangement.supervisor
    if starts_at is None:
        raise ValidationError({"starts_at": "Enter the date and time of the session"})
    ends_at = starts_at + timedelta(minutes=duration_minutes or arrangement.duration_minutes)
    if mode not in DIRECT_MODES:
        room = None
    by_day = by_day or SettingsByDay()
    errors = _check_booking(arrangement, starts_at, ends_at, mode, room, supervisor, now, by_day=by_day)
    if errors:
        raise ValidationError(errors)
    session = Session(
        arrangement=arrangement,
        child=arrangement.child,
        mode=mode,
        venue=room.venue if room else None,
        room=room,
        supervisor=supervisor,
        starts_at=starts_at,
        ends_at=ends_at,
        replaces=replaces,
        virtual_reason=virtual_reason,
        booked_by=booked_by,
        booked_at=now,
    )
    session.full_clean()
    session.save()
    _claim(session, by_day, new=True)
    if mode in DIRECT_MODES:
        for entry in WaitingListEntry.objects.filter(arrangement=arrangement, resolved_on__isnull=True):
            _resolve(entry, "Booked", _local(now).date())
    return session


@dataclass
class Generated:
    sessions: list[Session]
    unplaced: list[date]
    waiting: WaitingListEntry | None


@transaction.atomic
def sessions_generate(
    *,
    arrangement: Arrangement,
    weeks: int,
    booked_by: User | None,
    from_day: date | None = None,
    now: datetime | None = None,
    by_day: SettingsByDay | None = None,
) -> Generated:
    """Book the arrangement's sessions for the next ``weeks`` weeks from its frequency (twice a week: two sessions
    each week, spread through it), each at the first free slot on or after its target day within its share of the
    period. Sessions that cannot be placed put the arrangement on the waiting list."""
    now = now or timezone.now()
    if weeks < 1 or weeks > 26:
        raise ValidationError({"weeks": "Enter a number of weeks from 1 to 26"})
    if arrangement.mode == Mode.LETTER:
        raise ValidationError({"weeks": "Letters and cards are not booked"})
    if arrangement.status != ArrangementStatus.ACTIVE:
        raise ValidationError({"weeks": "The arrangement is not active"})
    first = max(from_day or _local(now).date() + timedelta(days=1), arrangement.starts_on)
    monday = first - timedelta(days=first.weekday())
    period_days = PERIOD_DAYS[arrangement.period]
    last = monday + timedelta(days=7 * weeks - 1)
    if arrangement.ends_on:
        last = min(last, arrangement.ends_on)
    by_day = by_day or SettingsByDay()
    finder = selectors.SlotFinder(arrangement, first, last, by_day=by_day, now=now)
    sessions: list[Session] = []
    unplaced: list[date] = []
    period_start = monday
    while period_start <= last:
        step = period_days / arrangement.times
        for index, target in enumerate(spread_days(period_start, arrangement.times, period_days)):
            window_end = min(period_start + timedelta(days=int((index + 1) * step) - 1), last)
            if window_end < first:
                continue
            slot = finder.first_free(max(target, first), window_end)
            if slot is None:
                unplaced.append(max(target, first))
                continue
            room = finder.room(slot.room_id) if slot.room_id else None
            try:
                with transaction.atomic():
                    session = session_book(
                        arrangement=arrangement,
                        starts_at=slot.start,
                        booked_by=booked_by,
                        room=room,
                        now=now,
                        by_day=by_day,
                    )
            except ValidationError:
                unplaced.append(max(target, first))
                continue
            finder.add(session)
            sessions.append(session)
        period_start += timedelta(days=period_days)
    waiting = None
    if unplaced and arrangement.is_direct:
        waiting = waiting_list_add(
            arrangement=arrangement,
            reason=f"{len(unplaced)} of the sessions to {last:%-d %B %Y} could not be booked: no free slot",
            added_by=booked_by,
            today=_local(now).date(),
        )
    return Generated(sessions=sessions, unplaced=unplaced, waiting=waiting)


def waiting_list_add(
    *, arrangement: Arrangement, reason: str, added_by: User | None, today: date | None = None
) -> WaitingListEntry:
    """Put an arrangement on its venue's waiting list (once: an open entry stays until resolved)."""
    today = today or timezone.localdate()
    existing = WaitingListEntry.objects.filter(arrangement=arrangement, resolved_on__isnull=True).first()
    if existing:
        return existing
    entry = WaitingListEntry(
        arrangement=arrangement, venue=arrangement.venue, added_on=today, reason=reason, added_by=added_by
    )
    entry.save()
    return entry


def _resolve(entry: WaitingListEntry, how: str, on: date) -> None:
    entry.resolved_on = on
    entry.resolution = how
    entry.save()


@transaction.atomic
def waiting_list_resolve(*, entry: WaitingListEntry, how: str, today: date | None = None) -> WaitingListEntry:
    if entry.resolved_on is None:
        _resolve(entry, how, today or timezone.localdate())
    return entry


def _cancel(
    session: Session, by: str, reason: str, notes: str, recorded_by: User | None, now: datetime | None = None
) -> Session:
    now = now or timezone.now()
    settings_ = settings_on(_local(session.starts_at).date())
    session.status = SessionStatus.CANCELLED
    session.cancelled_by = by
    session.cancel_reason = reason
    session.cancel_notes = notes
    session.cancelled_at = now
    session.is_late_cancellation = session.starts_at - now < timedelta(hours=settings_.late_cancellation_hours)
    session.recorded_by = recorded_by
    session.recorded_at = now
    session.version += 1
    session.save()
    _claim(session)
    return session


@transaction.atomic
def session_cancel(
    *,
    session: Session,
    cancelled_by: str,
    reason: str,
    recorded_by: User,
    notes: str = "",
    now: datetime | None = None,
) -> Session:
    """Cancel a booked session, by whom and why; late when within the operating model's hours of the start."""
    errors: dict[str, str] = {}
    if cancelled_by not in CancelledBy.values:
        errors["cancelled_by"] = "Select who cancelled the session"
    if reason not in CancelReason.values:
        errors["cancel_reason"] = "Select why the session was cancelled"
    if reason == CancelReason.OTHER and not notes.strip():
        errors["cancel_notes"] = "Enter why the session was cancelled"
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status != SessionStatus.BOOKED:
        errors["__all__"] = f"This session is {session.get_status_display().lower()}: it cannot be cancelled"
    if errors:
        raise ValidationError(errors)
    return _cancel(session, cancelled_by, reason, notes.strip(), recorded_by, now)


@transaction.atomic
def session_offer_virtual(
    *, session: Session, mode: str, reason: str, offered_by: User, now: datetime | None = None
) -> Session:
    """A direct session that cannot be held: cancel it and book a video or phone call at the same time in its place,
    with the reason."""
    errors: dict[str, str] = {}
    if mode not in (Mode.VIDEO, Mode.PHONE):
        errors["mode"] = "Select video call or phone call"
    if not (reason or "").strip():
        errors["reason"] = "Enter why the session cannot be held in person"
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status != SessionStatus.BOOKED or not session.is_direct:
        errors["__all__"] = "Only a booked in-person session can be replaced by a call"
    if errors:
        raise ValidationError(errors)
    _cancel(
        session, CancelledBy.COUNCIL, CancelReason.OTHER, f"Held as a call instead: {reason.strip()}", offered_by, now
    )
    return session_book(
        arrangement=session.arrangement,
        starts_at=session.starts_at,
        booked_by=offered_by,
        mode=mode,
        supervisor=session.supervisor,
        duration_minutes=int((session.ends_at - session.starts_at).total_seconds() // 60),
        replaces=session,
        virtual_reason=reason.strip(),
        now=now,
    )


def _notify_worker(session: Session, message: str) -> None:
    worker = allocated_worker(session.child)
    if worker is not None:
        notify(recipient=worker, message=message, link=_session_link(session))


@transaction.atomic
def session_record(
    *,
    session: Session,
    recorded_by: User,
    held: bool,
    mode_held: str = "",
    attended: str = "",
    cancelled_by: str = "",
    cancel_reason: str = "",
    cancel_notes: str = "",
    childs_views: str = "",
    observation_notes: str = "",
    concern_raised: bool = False,
    concern_details: str = "",
    now: datetime | None = None,
) -> Session:
    """Record whether a session was held: the mode as held, who attended, the child's views, the supervisor's
    observation notes (due within the operating model's working days, as a due item for the supervisor if not
    given now) and any concern, which notifies the allocated social worker."""
    now = now or timezone.now()
    errors: dict[str, str] = {}
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status not in (SessionStatus.BOOKED,):
        errors["__all__"] = f"This session is already recorded as {session.get_status_display().lower()}"
    if session.starts_at > now:
        errors["held"] = "The session has not started yet: record it once it has happened"
    if held:
        if mode_held not in Mode.values:
            errors["mode_held"] = "Select how the session was held"
        if not attended.strip():
            errors["attended"] = "Enter who attended"
    else:
        if cancelled_by not in CancelledBy.values:
            errors["cancelled_by"] = "Select who the session did not go ahead because of"
        if cancel_reason not in CancelReason.values:
            errors["cancel_reason"] = "Select why the session was not held"
    if concern_raised and not concern_details.strip():
        errors["concern_details"] = "Enter the concern raised"
    if errors:
        raise ValidationError(errors)
    session.status = SessionStatus.HELD if held else SessionStatus.NOT_HELD
    session.mode_held = mode_held if held else ""
    session.attended = attended.strip()
    session.cancelled_by = "" if held else cancelled_by
    session.cancel_reason = "" if held else cancel_reason
    session.cancel_notes = cancel_notes.strip()
    session.childs_views = childs_views.strip()
    session.concern_raised = concern_raised
    session.concern_details = concern_details.strip()
    session.recorded_by = recorded_by
    session.recorded_at = now
    if observation_notes.strip():
        session.observation_notes = observation_notes.strip()
        session.observation_recorded_at = now
    session.version += 1
    session.save()
    _claim(session)
    if held and session.supervisor_id:
        day = _local(session.starts_at).date()
        days = settings_on(day).observation_due_working_days
        task, _ = SupervisorTask.objects.get_or_create(
            session=session,
            defaults={
                "supervisor_id": session.supervisor_id,
                "due_on": add_working_days(day, days),
                "basis": f"Observation notes within {days} working days of the session (operating model)",
            },
        )
        if session.observation_notes and task.done_on is None:
            task.done_on = _local(now).date()
            task.save()
    if concern_raised:
        _notify_worker(session, "A concern was raised in a family time session: please read the record")
    return session


@transaction.atomic
def session_observation_record(
    *, session: Session, recorded_by: User, notes: str, now: datetime | None = None
) -> Session:
    """The supervisor's observation notes for a session held: closes their due item."""
    now = now or timezone.now()
    if not (notes or "").strip():
        raise ValidationError({"observation_notes": "Enter your observation notes"})
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status != SessionStatus.HELD:
        raise ValidationError({"__all__": "Observation notes are for a session that was held"})
    session.observation_notes = notes.strip()
    session.observation_recorded_at = now
    session.version += 1
    session.save()
    task = SupervisorTask.objects.filter(session=session, done_on__isnull=True).first()
    if task:
        task.done_on = _local(now).date()
        task.save()
    return session


@transaction.atomic
def session_carer_feedback(
    *, session: Session, recorded_by: User, feedback: str, now: datetime | None = None
) -> Session:
    """The carer's feedback after a call or visit (seed 002: "carers should feedback the outcome to the allocated
    social worker"): the worker is notified to read it."""
    now = now or timezone.now()
    if not (feedback or "").strip():
        raise ValidationError({"carer_feedback": "Enter the carer's feedback"})
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status not in (SessionStatus.HELD, SessionStatus.NOT_HELD):
        raise ValidationError({"__all__": "Record whether the session was held before the carer's feedback"})
    session.carer_feedback = feedback.strip()
    session.carer_feedback_at = now
    session.read_by_worker_at = None
    session.version += 1
    session.save()
    _notify_worker(session, "A carer's feedback on a family time session is ready to read")
    return session


@transaction.atomic
def session_mark_read(*, session: Session, read_by: User, now: datetime | None = None) -> Session:
    """The social worker has read the feedback and any concern."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    session.read_by_worker_at = now or timezone.now()
    session.version += 1
    session.save()
    return session

"""Every write to the workforce records: one keyword-only function per action, one transaction each, validated
before anything is written (so bad input writes nothing); due items recomputed on commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from caseboard.accounts.models import Role, Team, User
from caseboard.accounts.services import notify
from caseboard.casework import services as casework_services
from caseboard.casework.models import Allocation
from caseboard.people.models import Child
from caseboard.people.selectors import child_is_visible

from . import selectors
from .models import (
    AVAILABLE_STATUSES,
    NEEDS_END,
    Availability,
    AvailabilityStatus,
    BuddyPair,
    CaseDiscussion,
    CheckIn,
    CheckInKind,
    CoverArrangement,
    DeskCapacity,
    DutyKind,
    DutyShift,
    IndividualNeed,
    LedgerKind,
    Office,
    OfficeBooking,
    PpeLedgerEntry,
    PpeStock,
    RotaDay,
    StaffRecord,
    StaffSurvey,
    SupervisionAction,
    SupervisionSession,
    SurveyAnswer,
    SurveyParticipation,
    SurveyQuestion,
    SurveyResponse,
)


def _recompute_on_commit(*people: User | int | None) -> None:
    from .due import staff_due_recompute

    ids = sorted({p if isinstance(p, int) else p.pk for p in people if p is not None})
    transaction.on_commit(lambda: staff_due_recompute(today=timezone.localdate(), people=ids or None))


# --- staff record ------------------------------------------------------------------------------------------------
@transaction.atomic
def staff_record_save(
    *,
    person: User,
    updated_by: User,
    expected_version: int | None,
    working_pattern: str,
    working_days: str = "",
    swe_registration: str = "",
    qualified_on: date | None = None,
    dbs_checked_on: date | None = None,
    dbs_check_type: str = "",
    skills: list[str] | None = None,
    languages: str = "",
) -> StaffRecord:
    """Create or update a person's staff record. Refuses if someone else saved it since the editor opened it."""
    record = StaffRecord.objects.select_for_update().filter(user=person).first() or StaffRecord(user=person)
    if record.pk and expected_version is not None and record.version != expected_version:
        raise ValidationError(
            {
                "__all__": "Someone else changed this staff record while you were editing it. Your changes have not "
                "been saved: check the record and make them again."
            }
        )
    if dbs_checked_on and dbs_checked_on > timezone.localdate():
        raise ValidationError({"dbs_checked_on": "The date of the DBS check must be today or in the past"})
    record.working_pattern = working_pattern
    record.working_days = working_days
    record.swe_registration = swe_registration
    record.qualified_on = qualified_on
    record.dbs_checked_on = dbs_checked_on
    record.dbs_check_type = dbs_check_type
    record.skills = list(skills or [])
    record.languages = languages
    record.version = (record.version or 0) + 1 if record.pk else 1
    record.full_clean()
    record.save()
    _recompute_on_commit(person, selectors.line_manager_id_of(person))
    return record


# --- availability ------------------------------------------------------------------------------------------------
@transaction.atomic
def availability_record(
    *,
    person: User,
    recorded_by: User,
    status: str,
    starts_on: date,
    ends_on: date | None = None,
    is_covid_related: bool = False,
    health_note: str = "",
    redeployed_to: str = "",
) -> Availability:
    """Record a period of availability. An open-ended period running on the start date ends the day before (and,
    when the new period has an end, resumes the day after it); a period that would overlap any other bounded
    period is refused, because the timeline would say two things for one day."""
    errors: dict[str, str] = {}
    if status not in AvailabilityStatus.values:
        errors["status"] = "Select the person's availability"
    if starts_on is None:
        errors["starts_on"] = "Enter the start date"
    if ends_on is not None and starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = "The end date must be the same as or after the start date"
    if status in NEEDS_END and ends_on is None:
        errors["ends_on"] = f"Enter the date {AvailabilityStatus(status).label.lower()} ends"
    if status == AvailabilityStatus.REDEPLOYED and not redeployed_to.strip():
        errors["redeployed_to"] = "Enter where the person is redeployed to"
    if errors:
        raise ValidationError(errors)
    # Lock the person's timeline so two edits cannot interleave.
    User.objects.select_for_update().filter(pk=person.pk).first()
    existing = list(Availability.objects.filter(person=person).order_by("starts_on", "pk"))
    far = date.max
    split: Availability | None = None
    for period in existing:
        overlaps = period.starts_on <= (ends_on or far) and (period.ends_on or far) >= starts_on
        if not overlaps:
            continue
        if period.ends_on is None and period.starts_on < starts_on:
            split = period
            continue
        raise ValidationError(
            {
                "starts_on": f"{person} is already recorded as {AvailabilityStatus(period.status).label.lower()} "
                f"from {period.starts_on:%-d %B %Y}"
                + (f" to {period.ends_on:%-d %B %Y}" if period.ends_on else "")
                + ": change the dates so the periods do not overlap"
            }
        )
    now = timezone.now()
    if split is not None:
        resume_status = split.status
        split.ends_on = starts_on - timedelta(days=1)
        split.full_clean()
        split.save()
        if ends_on is not None and ends_on < far:
            later = [p for p in existing if p.starts_on > ends_on]
            resume_end = (later[0].starts_on - timedelta(days=1)) if later else None
            if resume_end is None or resume_end > ends_on:
                Availability.objects.create(
                    person=person,
                    status=resume_status,
                    starts_on=ends_on + timedelta(days=1),
                    ends_on=resume_end,
                    is_covid_related=split.is_covid_related,
                    redeployed_to=split.redeployed_to,
                    recorded_by=recorded_by,
                    recorded_at=now,
                )
    period = Availability(
        person=person,
        status=status,
        starts_on=starts_on,
        ends_on=ends_on,
        is_covid_related=is_covid_related or status in NEEDS_END,
        health_note=health_note if status not in AVAILABLE_STATUSES else "",
        redeployed_to=redeployed_to.strip(),
        recorded_by=recorded_by,
        recorded_at=now,
    )
    period.full_clean()
    period.save()
    _recompute_on_commit(person, selectors.line_manager_id_of(person))
    return period


# --- welfare -----------------------------------------------------------------------------------------------------
@transaction.atomic
def buddy_pair_assign(*, team: Team, first: User, second: User, assigned_by: User, starts_on: date) -> BuddyPair:
    """Pair two members of a team as welfare buddies. Each person has one buddy at a time, in the same team."""
    errors: dict[str, str] = {}
    if first.pk == second.pk:
        errors["second"] = "Choose two different people"
    members = set(team.members.values_list("pk", flat=True))
    if first.pk not in members:
        errors["first"] = f"{first} is not in {team}: a buddy must be in the same team"
    if second.pk not in members:
        errors["second"] = f"{second} is not in {team}: a buddy must be in the same team"
    open_pairs = BuddyPair.objects.select_for_update().filter(ends_on__isnull=True)
    for person, name in ((first, "first"), (second, "second")):
        if open_pairs.filter(first=person).exists() or open_pairs.filter(second=person).exists():
            errors.setdefault(name, f"{person} already has a buddy: end that pair first")
    if errors:
        raise ValidationError(errors)
    pair = BuddyPair(team=team, first=first, second=second, starts_on=starts_on, assigned_by=assigned_by)
    pair.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            pair.save()
    except IntegrityError:
        raise ValidationError({"first": "One of them was given a buddy at the same time: try again"}) from None
    _recompute_on_commit(first, second)
    return pair


@transaction.atomic
def buddy_pair_end(*, pair: BuddyPair, ended_by: User, ends_on: date) -> BuddyPair:
    if pair.ends_on is not None:
        raise ValidationError({"ends_on": "This pair has already ended"})
    if ends_on < pair.starts_on:
        raise ValidationError({"ends_on": "The end date must be on or after the date the pair started"})
    pair.ends_on = ends_on
    pair.save()
    _recompute_on_commit(pair.first_id, pair.second_id)
    return pair


@transaction.atomic
def checkin_record(
    *,
    kind: str,
    by: User,
    held_on: date,
    mode: str,
    with_person: User | None = None,
    team: Team | None = None,
    private_note: str = "",
    concern: str = "",
    today: date | None = None,
) -> CheckIn:
    """Record a check-in (or a team meeting). A concern is sent to the line manager of the person checked in with
    (without the private note, which only the two of them see)."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if held_on is None:
        errors["held_on"] = "Enter the date of the check-in"
    elif held_on > today:
        errors["held_on"] = "The date of the check-in must be today or in the past"
    if kind == CheckInKind.TEAM_MEETING:
        if team is None:
            errors["team"] = "Select the team that met"
    elif with_person is None:
        errors["with_person"] = "Select who you checked in with"
    elif with_person.pk == by.pk:
        errors["with_person"] = "Select someone other than yourself"
    if kind == CheckInKind.BUDDY and with_person is not None:
        pairs = BuddyPair.objects.filter(ends_on__isnull=True)
        if not (
            pairs.filter(first=by, second=with_person).exists() or pairs.filter(first=with_person, second=by).exists()
        ):
            errors["with_person"] = f"{with_person} is not your welfare buddy"
    if errors:
        raise ValidationError(errors)
    checkin = CheckIn(
        kind=kind,
        by=by,
        with_person=with_person if kind != CheckInKind.TEAM_MEETING else None,
        team=team if kind == CheckInKind.TEAM_MEETING else None,
        held_on=held_on,
        mode=mode,
        private_note=private_note,
        concern=concern.strip(),
        recorded_at=timezone.now(),
    )
    checkin.full_clean()
    checkin.save()
    if checkin.concern and with_person is not None:
        manager_id = selectors.line_manager_id_of(with_person)
        if manager_id and manager_id != by.pk:
            transaction.on_commit(
                lambda: notify(
                    recipient=User.objects.get(pk=manager_id),
                    message=f"{by} raised a welfare concern after a check-in on {held_on:%-d %B %Y}.",
                    link=f"/workforce/staff/{with_person.pk}/",
                )
            )
    affected: list[User | int | None] = [by, with_person]
    if team is not None:
        affected += list(team.members.values_list("pk", flat=True))
    _recompute_on_commit(*affected)
    return checkin


# --- supervision -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DiscussionInput:
    child: Child
    oversight: str


@dataclass(frozen=True)
class ActionInput:
    description: str
    owner: User
    due_on: date


@transaction.atomic
def supervision_record(
    *,
    supervisor: User,
    supervisee: User,
    held_on: date,
    mode: str,
    reflective_notes: str = "",
    discussions: list[DiscussionInput] | None = None,
    actions: list[ActionInput] | None = None,
    today: date | None = None,
) -> SupervisionSession:
    """Record a supervision session. Each case discussed writes a management oversight entry on the child's record
    (so the supervisor must be able to see the child)."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if held_on is None:
        errors["held_on"] = "Enter the date of the supervision"
    elif held_on > today:
        errors["held_on"] = "The date of the supervision must be today or in the past"
    if supervisor.pk == supervisee.pk:
        errors["supervisee"] = "Select someone other than yourself"
    discussions = list(discussions or [])
    seen: set[int] = set()
    for discussion in discussions:
        if not child_is_visible(supervisor, discussion.child):
            errors["discussions"] = "Select children whose records you can see"
        if not discussion.oversight.strip():
            errors["discussions"] = f"Enter the management oversight for {discussion.child.full_name}"
        if discussion.child.pk in seen:
            errors["discussions"] = f"{discussion.child.full_name} is discussed twice: record them once"
        seen.add(discussion.child.pk)
    for action in actions or []:
        if not action.description.strip():
            errors["actions"] = "Enter what each action is"
        if action.due_on is None:
            errors["actions"] = "Enter the date each action is due"
    if errors:
        raise ValidationError(errors)
    session = SupervisionSession(
        supervisor=supervisor,
        supervisee=supervisee,
        held_on=held_on,
        mode=mode,
        reflective_notes=reflective_notes,
        recorded_at=timezone.now(),
    )
    session.full_clean()
    session.save()
    for discussion in discussions:
        CaseDiscussion.objects.create(session=session, child=discussion.child, oversight=discussion.oversight.strip())
    for action in actions or []:
        SupervisionAction.objects.create(
            session=session, description=action.description.strip(), owner=action.owner, due_on=action.due_on
        )
    _recompute_on_commit(supervisor, supervisee)
    return session


# --- cover -------------------------------------------------------------------------------------------------------
@transaction.atomic
def cover_arrange(
    *, child: Child, cover_worker: User, ends_on: date, arranged_by: User, today: date | None = None
) -> CoverArrangement:
    """Allocate a child to a cover worker until ``ends_on`` (through the allocation service, so the history, the
    caseloads and the due items follow); the child goes back to their worker when the cover ends."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if ends_on is None:
        errors["ends_on"] = "Enter the date the cover ends"
    elif ends_on < today:
        errors["ends_on"] = "The date the cover ends must be today or in the future"
    original = (
        Allocation.objects.select_for_update()
        .filter(child=child, ended_on__isnull=True, role__in=selectors.CASE_ROLES)
        .select_related("worker", "team")
        .first()
    )
    if original is None:
        errors["child"] = f"{child.full_name} has no allocated worker to cover"
    elif original.worker_id == cover_worker.pk:
        errors["cover_worker"] = f"{cover_worker} is already the allocated worker"
    if CoverArrangement.objects.filter(child=child, ended_at__isnull=True).exists():
        errors["child"] = f"{child.full_name} already has cover arranged"
    if errors:
        raise ValidationError(errors)
    assert original is not None
    team = original.team if cover_worker.teams.filter(pk=original.team_id).exists() else None
    team = team or cover_worker.teams.filter(service_id=original.team.service_id).order_by("pk").first()
    if team is None:
        raise ValidationError(
            {"cover_worker": f"{cover_worker} is not in {original.team.service}: choose a worker in the service"}
        )
    cover = casework_services.allocation_create(
        child=child, worker=cover_worker, team=team, role=original.role, started_on=today, allocated_by=arranged_by
    )
    original.refresh_from_db()
    arrangement = CoverArrangement.objects.create(
        child=child,
        original_allocation=original,
        cover_allocation=cover,
        ends_on=ends_on,
        arranged_by=arranged_by,
        arranged_at=timezone.now(),
    )
    casework_services.facts_changed(child.pk)
    return arrangement


@transaction.atomic
def cover_end(*, arrangement: CoverArrangement, ended_by: User, today: date | None = None) -> CoverArrangement:
    """End a cover arrangement: the child goes back to the worker they were allocated to (if they are still in the
    team), through the allocation service."""
    today = today or timezone.localdate()
    arrangement = CoverArrangement.objects.select_for_update().get(pk=arrangement.pk)
    if arrangement.ended_at is not None:
        raise ValidationError({"__all__": "This cover has already ended"})
    original = arrangement.original_allocation
    cover = Allocation.objects.get(pk=arrangement.cover_allocation_id)
    if (
        cover.ended_on is None
        and original.worker.is_active
        and original.worker.teams.filter(pk=original.team_id).exists()
    ):
        casework_services.allocation_create(
            child=arrangement.child,
            worker=original.worker,
            team=original.team,
            role=original.role,
            started_on=max(today, cover.started_on),
            allocated_by=ended_by,
        )
    arrangement.ended_at = timezone.now()
    arrangement.save()
    casework_services.facts_changed(arrangement.child_id)
    return arrangement


def covers_end_due(*, today: date, ended_by: User) -> int:
    """End every cover whose end date has passed (run daily). Returns how many ended."""
    count = 0
    for arrangement in CoverArrangement.objects.filter(ended_at__isnull=True, ends_on__lt=today):
        cover_end(arrangement=arrangement, ended_by=ended_by, today=today)
        count += 1
    return count


# --- offices and rotas -------------------------------------------------------------------------------------------
@transaction.atomic
def office_capacity_set(
    *, office: Office, effective_from: date, desks: int, risk_assessment: str, recorded_by: User
) -> DeskCapacity:
    """Set an office's COVID-secure desk capacity from a date, with the risk assessment that says why."""
    errors: dict[str, str] = {}
    if not risk_assessment.strip():
        errors["risk_assessment"] = "Enter why the capacity changed (the risk assessment)"
    if effective_from is None:
        errors["effective_from"] = "Enter the date the capacity applies from"
    elif office.capacities.filter(effective_from=effective_from).exists():
        errors["effective_from"] = f"A capacity already applies from {effective_from:%-d %B %Y}: choose another date"
    if errors:
        raise ValidationError(errors)
    capacity = DeskCapacity(
        office=office,
        effective_from=effective_from,
        desks=desks,
        risk_assessment=risk_assessment.strip(),
        recorded_by=recorded_by,
    )
    capacity.full_clean()
    capacity.save()
    return capacity


@transaction.atomic
def rota_day_add(*, office: Office, team: Team, weekday: int, starts_on: date, ends_on: date | None = None) -> RotaDay:
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": "The end date must be on or after the start date"})
    rota = RotaDay(office=office, team=team, weekday=weekday, starts_on=starts_on, ends_on=ends_on)
    rota.full_clean()
    rota.save()
    return rota


@transaction.atomic
def individual_need_save(
    *, person: User, description: str, recorded_by: User, ends_on: date | None = None, today: date | None = None
) -> IndividualNeed:
    """Record (or change) a person's individual need for office time, privately: the person, their line manager
    or HR. While it applies they are given a desk first when an office day is near its capacity."""
    today = today or timezone.localdate()
    if not selectors.sees_individual_need(recorded_by, person):
        raise PermissionDenied("Only the person, their line manager and HR may record an individual need")
    errors: dict[str, str] = {}
    if not description.strip():
        errors["description"] = "Enter the individual need"
    if ends_on is not None and ends_on < today:
        errors["ends_on"] = "The date it applies until must be today or in the future"
    if errors:
        raise ValidationError(errors)
    need = IndividualNeed.objects.select_for_update().filter(person=person).first() or IndividualNeed(person=person)
    need.description = description.strip()
    need.ends_on = ends_on
    need.recorded_by = recorded_by
    need.recorded_at = timezone.now()
    need.full_clean()
    need.save()
    return need


@transaction.atomic
def individual_need_remove(*, person: User, removed_by: User) -> None:
    if not selectors.sees_individual_need(removed_by, person):
        raise PermissionDenied("Only the person, their line manager and HR may remove an individual need")
    IndividualNeed.objects.filter(person=person).delete()


def _refusal_when_held(office: Office, rule: selectors.DeskRule, today: date) -> str:
    held = rule.still_held(today)
    desks = "desk is" if rule.free == 1 else "desks are"
    return (
        f"{office} has {rule.free} {desks} free on {rule.day:%-d %B %Y}, but {held} of them "
        f"{'is' if held == 1 else 'are'} held for staff with a recorded individual need until "
        f"{rule.opens_on:%-d %B %Y}: book from then if one is still free, or choose another day"
    )


@transaction.atomic
def office_book(
    *,
    office: Office,
    person: User,
    booked_on: date,
    today: date | None = None,
) -> OfficeBooking:
    """Book a desk in an office on a day, within the day's COVID-secure capacity. Desks are numbered from 1 to the
    capacity and unique per office and day, so when two people take the last desk at once the database gives it
    to one of them and the other is told the office is full.

    Individual needs come first: the operating model's share of the day's desks (``desks_held_for_needs_percent``,
    rounded up) is held for people with an individual need recorded for the day until ``desks_held_until_days``
    before it; until then someone without one may take only the other desks, and is told why when none is left.
    Bookings of one office and day are made one at a time (the office row is locked), so the held desks cannot be
    taken by two bookings that each saw one spare."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if booked_on is None:
        errors["booked_on"] = "Enter the date you want to come in"
    elif booked_on < today:
        errors["booked_on"] = "The date must be today or in the future"
    elif booked_on.weekday() >= 5:
        errors["booked_on"] = "Offices are open Monday to Friday: choose a weekday"
    if errors:
        raise ValidationError(errors)
    Office.objects.select_for_update().filter(pk=office.pk).first()
    capacity = selectors.capacity_on(office, booked_on)
    desks = capacity.desks if capacity else 0
    if OfficeBooking.objects.filter(person=person, booked_on=booked_on).exists():
        raise ValidationError({"booked_on": f"You already have a desk booked on {booked_on:%-d %B %Y}"})
    has_need = selectors.individual_need_on(person, booked_on) is not None
    for _attempt in range(3):
        rule = selectors.desk_rule(office=office, day=booked_on, desks=desks)
        if rule.free == 0:
            raise ValidationError(
                {
                    "booked_on": f"{office} is full on {booked_on:%-d %B %Y} ({desks} COVID-secure desks): "
                    "choose another day"
                }
            )
        if rule.free_for(has_need=has_need, today=today) <= 0:
            raise ValidationError({"booked_on": _refusal_when_held(office, rule, today)})
        taken = set(OfficeBooking.objects.filter(office=office, booked_on=booked_on).values_list("desk", flat=True))
        free = [n for n in range(1, desks + 1) if n not in taken]
        booking = OfficeBooking(
            office=office,
            person=person,
            booked_on=booked_on,
            desk=free[0],
            has_priority=has_need,
            created_at=timezone.now(),
        )
        try:
            with transaction.atomic():
                booking.save()
        except IntegrityError:
            if OfficeBooking.objects.filter(person=person, booked_on=booked_on).exists():
                raise ValidationError(
                    {"booked_on": f"You already have a desk booked on {booked_on:%-d %B %Y}"}
                ) from None
            continue
        return booking
    raise ValidationError(
        {"booked_on": f"{office} filled up on {booked_on:%-d %B %Y} as you booked: choose another day"}
    )


@transaction.atomic
def office_booking_cancel(*, booking: OfficeBooking, cancelled_by: User) -> None:
    booking.delete()


@transaction.atomic
def duty_shift_add(
    *,
    kind: str,
    on: date,
    person: User,
    added_by: User,
    team: Team | None = None,
    office: Office | None = None,
    starts_at: time | None = None,
) -> DutyShift:
    """Put someone on the duty rota for a day (an out-of-hours shift needs its start time)."""
    errors: dict[str, str] = {}
    if on is None:
        errors["on"] = "Enter the date of the shift"
    if kind == DutyKind.OUT_OF_HOURS and starts_at is None:
        errors["starts_at"] = "Enter the time the shift starts"
    if on is not None and DutyShift.objects.filter(kind=kind, on=on, person=person).exists():
        errors["person"] = f"{person} is already on this rota on {on:%-d %B %Y}"
    if errors:
        raise ValidationError(errors)
    shift = DutyShift(kind=kind, on=on, person=person, team=team, office=office, starts_at=starts_at)
    shift.full_clean()
    shift.save()
    return shift


# --- PPE ---------------------------------------------------------------------------------------------------------
def _locked(stock: PpeStock) -> PpeStock:
    """Lock the stock row: every change to its ledger takes this lock first, so two issues of the last boxes are
    serialised and the second sees what the first left."""
    return PpeStock.objects.select_for_update().get(pk=stock.pk)


def _entry(
    *,
    stock: PpeStock,
    kind: str,
    quantity: int,
    recorded_by: User,
    on: date,
    worker: User | None = None,
    note: str = "",
    visit_id: int | None = None,
) -> PpeLedgerEntry:
    entry = PpeLedgerEntry(
        stock=stock,
        kind=kind,
        quantity=quantity,
        worker=worker,
        visit_id=visit_id,
        on=on,
        note=note,
        recorded_by=recorded_by,
        recorded_at=timezone.now(),
    )
    entry.full_clean()
    entry.save()
    return entry


def _check_quantity(quantity: int | None) -> None:
    if quantity is None:
        raise ValidationError({"quantity": "Enter the quantity"})
    if quantity < 1:
        raise ValidationError({"quantity": "The quantity must be 1 or more"})


def _check_date(on: date | None, today: date) -> None:
    if on is None:
        raise ValidationError({"on": "Enter the date"})
    if on > today:
        raise ValidationError({"on": "The date must be today or in the past"})


@transaction.atomic
def ppe_delivery_record(
    *, stock: PpeStock, quantity: int, recorded_by: User, on: date, note: str = "", today: date | None = None
) -> PpeLedgerEntry:
    """A delivery of PPE to an office's store."""
    _check_quantity(quantity)
    _check_date(on, today or timezone.localdate())
    stock = _locked(stock)
    entry = _entry(stock=stock, kind=LedgerKind.DELIVERY, quantity=quantity, recorded_by=recorded_by, on=on, note=note)
    if selectors.stock_level(stock) > stock.reorder_level and stock.alerted_at is not None:
        stock.alerted_at = None
        stock.save()
    return entry


def _take_from_store(
    *, stock: PpeStock, kind: str, quantity: int, recorded_by: User, on: date, worker: User | None, note: str
) -> PpeLedgerEntry:
    _check_quantity(quantity)
    _check_date(on, timezone.localdate())
    stock = _locked(stock)
    level = selectors.stock_level(stock)
    if quantity > level:
        raise ValidationError(
            {
                "quantity": f"There are only {level} {stock.get_item_display().lower()} in stock at {stock.office}: "
                f"{'issue' if kind == LedgerKind.ISSUE else 'write off'} {level} or fewer"
            }
        )
    entry = _entry(stock=stock, kind=kind, quantity=quantity, recorded_by=recorded_by, on=on, worker=worker, note=note)
    _alert_if_low(stock, level - quantity)
    return entry


def _alert_if_low(stock: PpeStock, level: int) -> None:
    """Tell the office's PPE lead once when the stock falls to its reorder level (again after a delivery)."""
    if level > stock.reorder_level or stock.alerted_at is not None:
        return
    stock.alerted_at = timezone.now()
    stock.save()
    lead_id = stock.office.ppe_lead_id
    if lead_id:
        message = (
            f"Reorder {stock.get_item_display().lower()} for {stock.office}: {level} left "
            f"(reorder level {stock.reorder_level})."
        )
        notify(recipient=User.objects.get(pk=lead_id), message=message, link=f"/workforce/ppe/{stock.pk}/")


@transaction.atomic
def ppe_issue(
    *, stock: PpeStock, worker: User, quantity: int, recorded_by: User, on: date, note: str = ""
) -> PpeLedgerEntry:
    """Issue PPE from an office's store to a worker: never more than the store holds."""
    return _take_from_store(
        stock=stock, kind=LedgerKind.ISSUE, quantity=quantity, recorded_by=recorded_by, on=on, worker=worker, note=note
    )


@transaction.atomic
def ppe_write_off(*, stock: PpeStock, quantity: int, recorded_by: User, on: date, note: str) -> PpeLedgerEntry:
    """Write off PPE (damaged, out of date): never more than the store holds, with a reason."""
    if not note.strip():
        raise ValidationError({"note": "Enter why the stock is written off"})
    return _take_from_store(
        stock=stock,
        kind=LedgerKind.WRITE_OFF,
        quantity=quantity,
        recorded_by=recorded_by,
        on=on,
        worker=None,
        note=note,
    )


@transaction.atomic
def ppe_return(
    *, stock: PpeStock, worker: User, quantity: int, recorded_by: User, on: date, note: str = ""
) -> PpeLedgerEntry:
    """A worker returns unused PPE to the store: never more than they hold."""
    _check_quantity(quantity)
    _check_date(on, timezone.localdate())
    stock = _locked(stock)
    held = selectors.held_by(stock, worker)
    if quantity > held:
        raise ValidationError({"quantity": f"{worker} holds only {held}: return {held} or fewer"})
    return _entry(
        stock=stock, kind=LedgerKind.RETURN, quantity=quantity, recorded_by=recorded_by, on=on, worker=worker, note=note
    )


@transaction.atomic
def ppe_reorder_level_set(*, stock: PpeStock, reorder_level: int, set_by: User) -> PpeStock:
    if reorder_level is None or reorder_level < 0:
        raise ValidationError({"reorder_level": "Enter a reorder level of 0 or more"})
    stock = _locked(stock)
    stock.reorder_level = reorder_level
    stock.alerted_at = None
    stock.save()
    _alert_if_low(stock, selectors.stock_level(stock))
    return stock


def ppe_visit_use(
    *, visit_id: int, worker: User, items: list[str], on: date, recorded_by: User
) -> list[PpeLedgerEntry]:
    """Draw a visit's "PPE used" from the worker's issued stock, one of each item, from the office that issued
    them the most. What the worker does not hold is not drawn (the visit is still recorded; the gap shows on the
    PPE report as use without issued stock)."""
    from .models import VISIT_PPE_ITEMS

    entries = []
    for code in items:
        item = VISIT_PPE_ITEMS.get(code)
        if item is None:
            continue
        for stock in PpeStock.objects.filter(item=item, entries__worker=worker).distinct().order_by("pk"):
            stock = _locked(stock)
            if selectors.held_by(stock, worker) >= 1:
                entries.append(
                    _entry(
                        stock=stock,
                        kind=LedgerKind.USE,
                        quantity=1,
                        recorded_by=recorded_by,
                        on=on,
                        worker=worker,
                        visit_id=visit_id,
                    )
                )
                break
    return entries


# --- staff survey ------------------------------------------------------------------------------------------------
@transaction.atomic
def survey_create(
    *,
    title: str,
    created_by: User,
    opens_on: date,
    closes_on: date,
    questions: list[tuple[str, str]],
    introduction: str = "",
) -> StaffSurvey:
    """A head of service writes a short survey: scale (1 to 5) or free-text questions."""
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = "Enter a title for the survey"
    if opens_on and closes_on and closes_on < opens_on:
        errors["closes_on"] = "The closing date must be on or after the opening date"
    if not [q for q in questions if q[0].strip()]:
        errors["questions"] = "Enter at least one question"
    if errors:
        raise ValidationError(errors)
    survey = StaffSurvey(
        title=title.strip(),
        introduction=introduction,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=created_by,
        service=created_by.service if created_by.role == Role.HEAD_OF_SERVICE else None,
    )
    survey.full_clean()
    survey.save()
    for order, (text, kind) in enumerate(q for q in questions if q[0].strip()):
        SurveyQuestion.objects.create(survey=survey, text=text.strip(), kind=kind, order=order)
    return survey


@transaction.atomic
def survey_respond(
    *,
    survey: StaffSurvey,
    person: User,
    answers: dict[int, int | str | None],
    group: Team | None = None,
    today: date | None = None,
) -> None:
    """Answer a survey anonymously: the response holds the answers and the date only (and the team, when given);
    a separate record says that this person has answered, so they cannot answer twice. Nothing links the two.
    Returns nothing, so no caller can hand the response back to the person."""
    today = today or timezone.localdate()
    if not (survey.opens_on <= today <= survey.closes_on):
        raise ValidationError({"__all__": "This survey is not open"})
    if group is not None and not person.teams.filter(pk=group.pk).exists():
        raise ValidationError({"group": "Choose one of your teams, or leave it out"})
    questions = list(survey.questions.all())
    errors: dict[str, str] = {}
    for question in questions:
        value = answers.get(question.pk)
        if question.kind == SurveyQuestion.Kind.SCALE and value not in (None, "") and value not in {1, 2, 3, 4, 5}:
            errors[f"q{question.pk}"] = "Choose a number from 1 to 5"
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            SurveyParticipation.objects.create(survey=survey, person=person)
    except IntegrityError:
        raise ValidationError({"__all__": "You have already answered this survey"}) from None
    response = SurveyResponse.objects.create(survey=survey, group=group, submitted_on=today)
    for question in questions:
        value = answers.get(question.pk)
        if value in (None, ""):
            continue
        if question.kind == SurveyQuestion.Kind.SCALE:
            SurveyAnswer.objects.create(response=response, question=question, score=int(value))
        else:
            SurveyAnswer.objects.create(response=response, question=question, text=str(value))

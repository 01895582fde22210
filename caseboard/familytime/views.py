from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from caseboard.core.audit import record_download, record_view
from caseboard.core.forms import apply_validation_error
from caseboard.decisions.selectors import siblings_of
from caseboard.people.access import child_page, open_child

from . import reports, selectors, services
from .exports import download as exports_download
from .forms import (
    ArrangementForm,
    BookOneForm,
    CancelForm,
    ChangeForm,
    ClosureForm,
    FeedbackForm,
    GenerateForm,
    ObservationForm,
    RecordForm,
    RiskAssessmentForm,
    RoomEditForm,
    RoomForm,
    SchoolHolidayForm,
    VenueForm,
    VirtualForm,
)
from .models import CHANGEABLE_FIELDS, Arrangement, Room, SchoolHoliday, Session, SessionStatus, Venue
from .operating import settings_on

PAGE_SIZE = 50


def _parse_day(text: str | None, default: date) -> date:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return default


def index(request: HttpRequest) -> HttpResponse:
    """Family time: what this user does with it, by role."""
    user = request.user
    today = timezone.localdate()
    context = {
        "venues": list(selectors.venues_for(user)),
        "is_coordinator": selectors.is_coordinator(user),
        "is_supervisor": selectors.is_supervisor(user),
        "attention": selectors.attention_count(user),
        "may_report": user.has_perm("familytime.view_reports"),
        "may_add_venue": user.has_perm("familytime.add_venue"),
        "rules": settings_on(today),
        "today": today,
    }
    return render(request, "familytime/index.html", context)


# --- arrangements ---------------------------------------------------------------------------------------------
@child_page
def arrangement_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a family time arrangement on a child's record."""
    child = open_child(request, pk, via="record family time arrangement page")
    if not request.user.has_perm("familytime.record_arrangement", child):
        raise PermissionDenied
    form = ArrangementForm(
        request.POST or None,
        child=child,
        siblings=siblings_of(user=request.user, child=child),
        initial={"times": 1, "period": "week", "duration_minutes": 90},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            arrangement = services.arrangement_record(
                child=child,
                recorded_by=request.user,
                family_members=data.pop("family_members", []) or [],
                siblings=data.pop("siblings", []) or [],
                **data,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The family time arrangement is recorded")
            return redirect("familytime:arrangement", pk=arrangement.pk)
    return render(request, "familytime/arrangement_form.html", {"form": form, "child": child})


def _arrangement(request: HttpRequest, pk: int, *, via: str) -> Arrangement:
    arrangement = selectors.arrangement_for(user=request.user, pk=pk)
    if arrangement is None:
        raise Http404("No such arrangement")
    record_view(arrangement, via=via)
    return arrangement


def arrangement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An arrangement: its terms, its history of changes, risk assessments and sessions."""
    arrangement = _arrangement(request, pk, via="family time arrangement page")
    user = request.user
    full = selectors.sees_child_record(user, arrangement.child)
    today = timezone.localdate()
    rules = settings_on(today)
    summary = next(
        (s for s in selectors.family_time_for_child(child=arrangement.child) if s.arrangement.pk == arrangement.pk),
        None,
    )
    return render(
        request,
        "familytime/arrangement.html",
        {
            "arrangement": arrangement,
            "full": full,
            "summary": summary,
            "history": selectors.arrangement_history(arrangement) if full else [],
            "assessments": list(arrangement.risk_assessments.select_related("assessed_by")[:5]) if full else [],
            "members": list(arrangement.family_members.all()),
            "siblings": list(arrangement.siblings.all()),
            "may_change": user.has_perm("familytime.change_arrangement", arrangement),
            "may_book": user.has_perm("familytime.book_arrangement", arrangement),
            "needs_assessment": rules.risk_assessment_required and arrangement.is_direct,
            "current_assessment": selectors.risk_assessment_covering(
                arrangement, today, rules.risk_assessment_valid_days
            ),
        },
    )


def arrangement_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose a change to an arrangement: a key decision linked to it; nothing changes until it is approved."""
    arrangement = _arrangement(request, pk, via="change family time page")
    if not request.user.has_perm("familytime.change_arrangement", arrangement):
        raise PermissionDenied
    initial = {name: getattr(arrangement, name) for name in CHANGEABLE_FIELDS if name not in ("venue", "supervisor")}
    initial |= {
        "venue": arrangement.venue_id,
        "supervisor": arrangement.supervisor_id,
        "applies_from": timezone.localdate(),
    }
    form = ChangeForm(request.POST or None, initial=initial, court_ordered=arrangement.is_court_ordered)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        fields = {name: data[name] for name in CHANGEABLE_FIELDS if name in data}
        try:
            change = services.arrangement_change_propose(
                arrangement=arrangement,
                proposed_by=request.user,
                reason=data["reason"],
                applies_from=data["applies_from"],
                risks_considered=data.get("risks_considered", ""),
                mitigations=data.get("mitigations", ""),
                **fields,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"The change is proposed as a key decision: {change.decision.get_kind_display()}")
            return redirect("familytime:arrangement", pk=arrangement.pk)
    return render(request, "familytime/change_form.html", {"form": form, "arrangement": arrangement})


def risk_assessment_new(request: HttpRequest, pk: int) -> HttpResponse:
    arrangement = _arrangement(request, pk, via="family time risk assessment page")
    if not request.user.has_perm("familytime.change_arrangement", arrangement):
        raise PermissionDenied
    form = RiskAssessmentForm(request.POST or None, initial={"arrangement_risks": arrangement.risks})
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_assessment_record(
                arrangement=arrangement,
                assessed_by=request.user,
                answers=form.answers(),
                arrangement_risks=form.cleaned_data["arrangement_risks"],
                outcome=form.cleaned_data["outcome"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The risk assessment is recorded")
            return redirect("familytime:arrangement", pk=arrangement.pk)
    return render(request, "familytime/risk_form.html", {"form": form, "arrangement": arrangement})


def _tell_generated(request: HttpRequest, result: services.Generated) -> None:
    """Say what booking from the frequency did: a success only when a session was booked; when none could be,
    say so and why, never "0 sessions booked"."""
    booked, unplaced = len(result.sessions), len(result.unplaced)
    waiting = " and the arrangement is on the waiting list" if result.waiting else ""
    if booked:
        text = f"{booked} session{'' if booked == 1 else 's'} booked"
        if unplaced:
            text += f"; {unplaced} could not be placed{waiting}"
        messages.success(request, text)
    elif unplaced:
        none = "the session" if unplaced == 1 else f"any of the {unplaced} sessions"
        messages.warning(request, f"No sessions could be booked: there was no free slot for {none}{waiting}")
    else:
        messages.info(request, "No sessions could be booked: the arrangement has no sessions due in those weeks")


def arrangement_book(request: HttpRequest, pk: int) -> HttpResponse:
    """The slot finder for an arrangement: the next free slots, booking one, or booking N weeks from the frequency."""
    arrangement = _arrangement(request, pk, via="book family time page")
    if not request.user.has_perm("familytime.book_arrangement", arrangement):
        raise PermissionDenied
    today = timezone.localdate()
    from_day = _parse_day(request.GET.get("from"), today)
    rooms = arrangement.venue.rooms.all() if arrangement.venue and arrangement.is_direct else None
    generate = GenerateForm(request.POST if "generate" in request.POST else None)
    one = BookOneForm(request.POST if "book" in request.POST else None, rooms=rooms)
    if request.method == "POST":
        if "slot" in request.POST:
            return _book_slot(request, arrangement)
        if "generate" in request.POST and generate.is_valid():
            try:
                result = services.sessions_generate(
                    arrangement=arrangement, weeks=generate.cleaned_data["weeks"], booked_by=request.user
                )
            except ValidationError as error:
                apply_validation_error(generate, error)
            else:
                _tell_generated(request, result)
                return redirect("familytime:arrangement", pk=arrangement.pk)
        if "book" in request.POST and one.is_valid():
            try:
                session = services.session_book(
                    arrangement=arrangement,
                    starts_at=one.starts_at(),
                    room=one.cleaned_data.get("room"),
                    booked_by=request.user,
                )
            except ValidationError as error:
                apply_validation_error(one, _on_form(error))
            else:
                messages.success(request, "The session is booked")
                return redirect("familytime:session", pk=session.pk)
    slots = selectors.find_slots(arrangement=arrangement, from_day=from_day, days=28, count=12)
    return render(
        request,
        "familytime/book.html",
        {
            "arrangement": arrangement,
            "slots": slots,
            "generate": generate,
            "one": one,
            "form": one if one.errors else generate,
            "from_day": from_day,
            "later": from_day + timedelta(days=7),
            "rules": settings_on(from_day),
        },
    )


def _on_form(error: ValidationError) -> ValidationError:
    renames = {"starts_at": "day"}
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({renames.get(field, field): errors for field, errors in error.error_dict.items()})


def _book_slot(request: HttpRequest, arrangement: Arrangement) -> HttpResponse:
    from datetime import datetime

    try:
        starts_at = datetime.fromisoformat(request.POST.get("slot", ""))
    except ValueError:
        messages.error(request, "Choose a slot from the list")
        return redirect("familytime:book", pk=arrangement.pk)
    room = None
    if request.POST.get("room"):
        room = Room.objects.filter(pk=request.POST["room"], venue_id=arrangement.venue_id).first()
    try:
        session = services.session_book(arrangement=arrangement, starts_at=starts_at, room=room, booked_by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("familytime:book", pk=arrangement.pk)
    messages.success(request, "The session is booked")
    return redirect("familytime:session", pk=session.pk)


# --- sessions -------------------------------------------------------------------------------------------------
def _session(request: HttpRequest, pk: int, *, via: str) -> Session:
    session = selectors.session_for(user=request.user, pk=pk)
    if session is None:
        raise Http404("No such session")
    record_view(session, via=via)
    return session


def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A session: when, where, who; and the forms to record it, cancel it, offer a call instead, add observation
    notes or the carer's feedback, each for the people who may."""
    session = _session(request, pk, via="family time session page")
    user = request.user
    may_record = user.has_perm("familytime.record_session", session)
    may_observe = user.has_perm("familytime.record_observation", session)
    may_read = user.has_perm("familytime.read_session_feedback", session)
    now = timezone.now()
    forms = {
        "record": RecordForm(request.POST if "record" in request.POST else None),
        "cancel": CancelForm(request.POST if "cancel" in request.POST else None),
        "virtual": VirtualForm(request.POST if "virtual" in request.POST else None),
        "observe": ObservationForm(request.POST if "observe" in request.POST else None),
        "feedback": FeedbackForm(request.POST if "feedback" in request.POST else None),
    }
    if request.method == "POST":
        action = next((name for name in forms if name in request.POST), "read" if "read" in request.POST else None)
        allowed = {
            "record": may_record,
            "cancel": may_record,
            "virtual": may_record,
            "observe": may_observe,
            "feedback": may_record,
            "read": may_read,
        }
        if action is None or not allowed.get(action):
            raise PermissionDenied
        if action == "read":
            services.session_mark_read(session=session, read_by=user)
            messages.success(request, "Marked as read")
            return redirect("familytime:session", pk=session.pk)
        form = forms[action]
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "record":
                    services.session_record(
                        session=session,
                        recorded_by=user,
                        held=data["held"] == "yes",
                        mode_held=data.get("mode_held") or "",
                        attended=data.get("attended", ""),
                        cancelled_by=data.get("cancelled_by") or "",
                        cancel_reason=data.get("cancel_reason") or "",
                        cancel_notes=data.get("cancel_notes", ""),
                        childs_views=data.get("childs_views", ""),
                        observation_notes=data.get("observation_notes", "")
                        if may_observe or not session.supervisor_id
                        else "",
                        concern_raised=data.get("concern_raised", False),
                        concern_details=data.get("concern_details", ""),
                    )
                    text = "The session is recorded"
                elif action == "cancel":
                    services.session_cancel(
                        session=session,
                        cancelled_by=data["cancelled_by"],
                        reason=data["cancel_reason"],
                        notes=data.get("cancel_notes", ""),
                        recorded_by=user,
                    )
                    text = "The session is cancelled"
                elif action == "virtual":
                    replacement = services.session_offer_virtual(
                        session=session, mode=data["mode"], reason=data["reason"], offered_by=user
                    )
                    messages.success(request, f"A {replacement.get_mode_display().lower()} is booked in its place")
                    return redirect("familytime:session", pk=replacement.pk)
                elif action == "observe":
                    services.session_observation_record(
                        session=session, recorded_by=user, notes=data["observation_notes"]
                    )
                    text = "Your observation notes are saved"
                else:
                    services.session_carer_feedback(session=session, recorded_by=user, feedback=data["carer_feedback"])
                    text = "The carer's feedback is saved and the social worker is told"
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, text)
                return redirect("familytime:session", pk=session.pk)
    error_form = next((form for form in forms.values() if form.errors), None)
    return render(
        request,
        "familytime/session.html",
        {
            "session": session,
            "full": selectors.sees_child_record(user, session.child),
            "forms": forms,
            "form": error_form,
            "may_record": may_record,
            "may_observe": may_observe,
            "may_read": may_read,
            "is_supervisor": selectors.is_supervisor(user),
            "started": session.starts_at <= now,
            "booked": session.status == SessionStatus.BOOKED,
            "replacements": list(session.replaced_by.all()),
            "age": session.child.age_on(timezone.localdate()),
        },
    )


# --- venues ---------------------------------------------------------------------------------------------------
def _venue(request: HttpRequest, pk: int) -> Venue:
    venue = selectors.venue_for(user=request.user, pk=pk)
    if venue is None:
        raise Http404("No such venue")
    return venue


def venue_day(request: HttpRequest, pk: int) -> HttpResponse:
    """A venue's day: rooms as rows, times as columns (an accessible table, printable)."""
    venue = _venue(request, pk)
    day = _parse_day(request.GET.get("day"), timezone.localdate())
    grid = selectors.venue_day(venue=venue, day=day)
    record_view(venue, via="venue day page")
    return render(
        request,
        "familytime/venue_day.html",
        {
            "venue": venue,
            "grid": grid,
            "day": day,
            "previous": day - timedelta(days=1),
            "next": day + timedelta(days=1),
            "monday": day - timedelta(days=day.weekday()),
        },
    )


def venue_week(request: HttpRequest, pk: int) -> HttpResponse:
    venue = _venue(request, pk)
    day = _parse_day(request.GET.get("week"), timezone.localdate())
    monday = day - timedelta(days=day.weekday())
    record_view(venue, via="venue week page")
    return render(
        request,
        "familytime/venue_week.html",
        {
            "venue": venue,
            "monday": monday,
            "days": [monday + timedelta(days=i) for i in range(7)],
            "rows": selectors.venue_week(venue=venue, monday=monday),
            "previous": monday - timedelta(days=7),
            "next": monday + timedelta(days=7),
        },
    )


def venue_rooms(request: HttpRequest, pk: int) -> HttpResponse:
    """A venue's rooms: capacity and status (in use, or out of use with the reason and dates); add a room or take
    one out of use."""
    venue = _venue(request, pk)
    if not request.user.has_perm("familytime.manage_venue", venue):
        raise PermissionDenied
    room_form = RoomForm(request.POST if "add" in request.POST else None)
    closure_form = ClosureForm(request.POST if "close" in request.POST else None, rooms=venue.rooms.all())
    if request.method == "POST":
        try:
            if "add" in request.POST and room_form.is_valid():
                services.room_add(venue=venue, **room_form.cleaned_data)
                messages.success(request, "The room is added")
                return redirect("familytime:venue-rooms", pk=venue.pk)
            if "close" in request.POST and closure_form.is_valid():
                services.room_close(recorded_by=request.user, **closure_form.cleaned_data)
                messages.success(request, "The room is out of use from that date")
                return redirect("familytime:venue-rooms", pk=venue.pk)
        except ValidationError as error:
            apply_validation_error(room_form if "add" in request.POST else closure_form, error)
    today = timezone.localdate()
    rooms = []
    for room in venue.rooms.prefetch_related("closures"):
        closures = list(room.closures.all())
        current = next((c for c in closures if c.covers(today)), None)
        rooms.append((room, current, [c for c in closures if c.ends_on is None or c.ends_on >= today]))
    form = room_form if room_form.errors else closure_form if closure_form.errors else None
    return render(
        request,
        "familytime/venue_rooms.html",
        {
            "venue": venue,
            "rooms": rooms,
            "room_form": room_form,
            "closure_form": closure_form,
            "form": form,
            "rules": settings_on(today),
        },
    )


def school_holidays(request: HttpRequest) -> HttpResponse:
    """The council's school holidays, which free the school day for family time: coordinators add and remove them;
    every member of staff may read them."""
    may_manage = request.user.has_perm("familytime.manage_school_holidays")
    form = SchoolHolidayForm(request.POST or None)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                holiday = services.school_holiday_add(recorded_by=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, f"{holiday.name} is added to the school holidays")
                return redirect("familytime:school-holidays")
    today = timezone.localdate()
    holidays = SchoolHoliday.objects.filter(ends_on__gte=today - timedelta(days=366)).order_by("starts_on", "pk")
    return render(
        request,
        "familytime/school_holidays.html",
        {"form": form, "holidays": holidays, "may_manage": may_manage, "today": today},
    )


@require_POST
def school_holiday_remove(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("familytime.manage_school_holidays"):
        raise PermissionDenied
    holiday = get_object_or_404(SchoolHoliday, pk=pk)
    services.school_holiday_remove(holiday=holiday)
    messages.success(request, f"{holiday.name} is removed from the school holidays")
    return redirect("familytime:school-holidays")


def venue_new(request: HttpRequest) -> HttpResponse:
    """Add a venue (a family centre or another place family time is held); its rooms are added next."""
    if not request.user.has_perm("familytime.add_venue"):
        raise PermissionDenied
    form = VenueForm(request.POST or None, editing=False)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            venue = services.venue_create(
                name=data["name"],
                address=data.get("address", ""),
                coordinators=data.get("coordinators") or [],
                created_by=request.user,
                opens_at=data.get("opens_at"),
                closes_at=data.get("closes_at"),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{venue.name} is added: now add its rooms")
            return redirect("familytime:venue-rooms", pk=venue.pk)
    return render(request, "familytime/venue_form.html", {"form": form, "venue": None})


def venue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a venue's name, address, coordinators, or whether it is in use."""
    venue = _venue(request, pk)
    if not request.user.has_perm("familytime.manage_venue", venue):
        raise PermissionDenied
    initial = {
        "name": venue.name,
        "address": venue.address,
        "coordinators": list(venue.coordinators.all()),
        "is_active": venue.is_active,
        "version": venue.version,
        "opens_at": venue.opens_at,
        "closes_at": venue.closes_at,
    }
    form = VenueForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.venue_update(
                venue=venue,
                name=data["name"],
                address=data.get("address", ""),
                is_active=data.get("is_active", False),
                coordinators=data.get("coordinators") or [],
                version=data.get("version"),
                opens_at=data.get("opens_at"),
                closes_at=data.get("closes_at"),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The venue is saved")
            return redirect("familytime:venue-rooms", pk=venue.pk)
    return render(request, "familytime/venue_form.html", {"form": form, "venue": venue})


def room_edit(request: HttpRequest, pk: int, room_pk: int) -> HttpResponse:
    """Rename a room or change how many people it holds."""
    venue = _venue(request, pk)
    if not request.user.has_perm("familytime.manage_venue", venue):
        raise PermissionDenied
    room = venue.rooms.filter(pk=room_pk).first()
    if room is None:
        raise Http404("No such room")
    form = RoomEditForm(
        request.POST or None, initial={"name": room.name, "capacity": room.capacity, "version": room.version}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.room_update(room=room, name=data["name"], capacity=data["capacity"], version=data.get("version"))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The room is saved")
            return redirect("familytime:venue-rooms", pk=venue.pk)
    return render(request, "familytime/room_form.html", {"form": form, "venue": venue, "room": room})


def booking_list(request: HttpRequest) -> HttpResponse:
    """The coordinator's booking list: sessions at their venues from a date, a week at a time."""
    if not request.user.has_perm("familytime.coordinate"):
        raise PermissionDenied
    first = _parse_day(request.GET.get("from"), timezone.localdate())
    sessions = selectors.bookings(user=request.user, first=first, last=first + timedelta(days=6))
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "familytime/bookings.html",
        {
            "page": page,
            "first": first,
            "last": first + timedelta(days=6),
            "next": first + timedelta(days=7),
            "previous": first - timedelta(days=7),
            "flagged": selectors.flagged_arrangements(user=request.user),
        },
    )


def waiting_list(request: HttpRequest) -> HttpResponse:
    """The waiting list, in order of need."""
    if not request.user.has_perm("familytime.coordinate"):
        raise PermissionDenied
    page = Paginator(selectors.waiting_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "familytime/waiting_list.html", {"page": page})


def attention(request: HttpRequest) -> HttpResponse:
    """The social worker's sessions needing attention: carers' feedback to read and concerns raised."""
    sessions = selectors.needing_attention(user=request.user)
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "familytime/attention.html",
        {"page": page, "flagged": selectors.flagged_arrangements(user=request.user)},
    )


def supervision(request: HttpRequest) -> HttpResponse:
    """The supervisor's sessions this week and next, and their observation notes due."""
    if not selectors.is_supervisor(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    first = _parse_day(request.GET.get("from"), today - timedelta(days=today.weekday()))
    return render(
        request,
        "familytime/supervision.html",
        {
            "sessions": list(
                selectors.supervisor_sessions(user=request.user, first=first, last=first + timedelta(days=13))
            ),
            "tasks": list(selectors.supervisor_tasks(user=request.user)),
            "first": first,
            "today": today,
            "next": first + timedelta(days=14),
            "previous": first - timedelta(days=14),
        },
    )


@require_POST
def waiting_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("familytime.coordinate"):
        raise PermissionDenied
    entry = selectors.waiting_list(user=request.user).filter(pk=pk).first()
    if entry is None:
        raise Http404("No such entry")
    services.waiting_list_resolve(entry=entry, how="Taken off the list by the coordinator")
    messages.success(request, "Taken off the waiting list")
    return redirect(reverse("familytime:waiting-list"))


# --- reports --------------------------------------------------------------------------------------------------
def _report_user(request: HttpRequest) -> None:
    if not request.user.has_perm("familytime.view_reports"):
        raise PermissionDenied


def _download(request: HttpRequest) -> str | None:
    fmt = request.GET.get("format")
    return fmt if fmt in ("csv", "xlsx") else None


def reports_index(request: HttpRequest) -> HttpResponse:
    _report_user(request)
    return render(request, "familytime/reports.html", {"venues": list(Venue.objects.filter(is_active=True))})


def _report(request: HttpRequest, name: str, template: str) -> HttpResponse:
    """A family time report page, or its CSV or XLSX download (``?format=``); the children it names are audited."""
    _report_user(request)
    try:
        asked = reports.asked_report(name, user=request.user, params=request.GET, today=timezone.localdate())
    except reports.NoVenues:
        raise Http404("No venues") from None
    record_download(asked.children, via=f"family time report: {name}")
    if fmt := _download(request):
        return exports_download(fmt, asked.filename, asked.headers, asked.rows)
    return render(request, template, asked.context)


def report_no_direct(request: HttpRequest) -> HttpResponse:
    """Looked-after children with no direct family time since a date, by team."""
    return _report(request, "no-direct-family-time", "familytime/report_no_direct.html")


def report_weekly(request: HttpRequest) -> HttpResponse:
    """Family time sessions per week, direct against virtual."""
    return _report(request, "sessions-per-week", "familytime/report_weekly.html")


def report_venue_use(request: HttpRequest) -> HttpResponse:
    """A venue's use per day against its capacity under the operating model, now and before the change."""
    return _report(request, "venue-use", "familytime/report_venue_use.html")


def report_waiting(request: HttpRequest) -> HttpResponse:
    """The waiting list week by week."""
    return _report(request, "waiting-list", "familytime/report_waiting.html")


def report_court_orders(request: HttpRequest) -> HttpResponse:
    """Court-ordered arrangements not met in the last weeks, and how the spirit of the order was kept."""
    return _report(request, "court-ordered-contact", "familytime/report_court_orders.html")

"""Workforce pages: thin views that check the permission, call one selector or service, and render."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from caseboard.accounts.models import Team, User
from caseboard.core.audit import record_download, record_view
from caseboard.core.exports import PERCENT_FORMAT, csv_response, xlsx_response
from caseboard.core.forms import apply_validation_error, asked_day
from caseboard.people.access import child_page, open_child
from caseboard.people.selectors import children_visible_to

from . import reports, selectors, services
from .forms import (
    AvailabilityForm,
    BookingForm,
    BuddyForm,
    CheckInForm,
    CoverForm,
    DeskCapacityForm,
    DutyShiftForm,
    IndividualNeedForm,
    PpeMovementForm,
    ReorderForm,
    RotaDayForm,
    StaffRecordForm,
    SupervisionForm,
    SurveyForm,
    SurveyResponseForm,
)
from .models import (
    BuddyPair,
    CheckInKind,
    IndividualNeed,
    Office,
    OfficeBooking,
    StaffRecord,
    StaffSurvey,
    SurveyParticipation,
)
from .rules_in_force import settings_on

PAGE_SIZE = 50


def _form_page(
    request: HttpRequest, form: Any, *, title: str, back: str, caption: str = "Workforce", intro: str = "", **extra: Any
) -> HttpResponse:
    return render(
        request,
        "workforce/form.html",
        {"form": form, "title": title, "back": back, "caption": caption, "intro": intro, **extra},
    )


def _parse_date(value: str | None, default: date) -> date:
    try:
        return date.fromisoformat(value) if value else default
    except ValueError:
        return default


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


# --- home, staff and availability --------------------------------------------------------------------------------
def index(request: HttpRequest) -> HttpResponse:
    """The workforce home: what the user is responsible for (check-ins, meetings, supervision), their own
    availability, and the pages their role opens."""
    today = timezone.localdate()
    user = request.user
    due = list(selectors.due_items_for(user))
    current = selectors.periods_on([user.pk], today).get(user.pk)
    return render(
        request,
        "workforce/index.html",
        {
            "today": today,
            "due": due,
            "overdue": sum(1 for item in due if item.due_on < today),
            "availability": selectors.availability_label(current, shows_reason=True),
            "teams": list(selectors.teams_managed(user)),
            "services": list(selectors.services_managed(user)),
            "can_capacity": user.has_perm("workforce.view_capacity"),
            "can_offices": user.has_perm("workforce.run_offices"),
            "can_surveys": user.has_perm("workforce.write_survey"),
            "can_reports": user.has_perm("workforce.read_reports"),
            "can_supervise": user.has_perm("workforce.supervise"),
            "open_surveys": StaffSurvey.objects.filter(opens_on__lte=today, closes_on__gte=today).exclude(
                participations__person=user
            ),
        },
    )


def staff_list(request: HttpRequest) -> HttpResponse:
    """The staff the user may see, with today's availability as they may see it."""
    today = timezone.localdate()
    rows = selectors.staff_list(user=request.user, today=today)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "workforce/staff_list.html", {"page": page, "today": today})


def _person(request: HttpRequest, pk: int) -> User:
    person = selectors.staff_member_for(user=request.user, pk=pk)
    if person is None:
        raise Http404("No such member of staff")
    return person


def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A member of staff: their staff record and availability timeline (health reasons only for the person, their
    line manager and HR). Every view is audited; so is every time a health reason is shown."""
    person = _person(request, pk)
    today = timezone.localdate()
    shows = selectors.sees_health_reason(request.user, person)
    record_view(person, via="Workforce staff record" + (" (health reasons shown)" if shows else ""))
    line_manager_id = selectors.line_manager_id_of(person)
    return render(
        request,
        "workforce/staff_detail.html",
        {
            "person": person,
            "record": StaffRecord.objects.filter(user=person).first(),
            "timeline": selectors.availability_timeline(viewer=request.user, person=person, today=today),
            "shows_reason": shows,
            "line_manager": User.objects.filter(pk=line_manager_id).first() if line_manager_id else None,
            "can_record": request.user.has_perm("workforce.record_availability", person),
            "can_edit": request.user.has_perm("workforce.change_staff_record", person),
            "sees_need": selectors.sees_individual_need(request.user, person),
            "need": IndividualNeed.objects.filter(person=person).first()
            if selectors.sees_individual_need(request.user, person)
            else None,
            "holdings": selectors.worker_holdings(person)
            if request.user.pk == person.pk or request.user.has_perm("workforce.run_ppe")
            else [],
            "today": today,
        },
    )


def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    if not request.user.has_perm("workforce.change_staff_record", person):
        raise PermissionDenied
    record = StaffRecord.objects.filter(user=person).first()
    initial = {}
    if record is not None:
        initial = {
            f: getattr(record, f)
            for f in (
                "working_pattern",
                "working_days",
                "swe_registration",
                "qualified_on",
                "dbs_checked_on",
                "dbs_check_type",
                "skills",
                "languages",
                "version",
            )
        }
    form = StaffRecordForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.staff_record_save(
                person=person,
                updated_by=request.user,
                expected_version=data.get("version"),
                working_pattern=data["working_pattern"],
                working_days=data["working_days"],
                swe_registration=data["swe_registration"],
                qualified_on=data["qualified_on"],
                dbs_checked_on=data["dbs_checked_on"],
                dbs_check_type=data["dbs_check_type"],
                skills=data["skills"],
                languages=data["languages"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Staff record saved")
            return redirect("workforce:staff", pk=person.pk)
    return _form_page(request, form, title=f"Staff record: {person}", back=reverse("workforce:staff", args=[person.pk]))


def availability_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a period of availability for a person (themselves, someone they manage, or anyone for HR)."""
    person = _person(request, pk)
    if not request.user.has_perm("workforce.record_availability", person):
        raise PermissionDenied
    form = AvailabilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.availability_record(
                person=person,
                recorded_by=request.user,
                status=data["status"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                is_covid_related=data["is_covid_related"],
                health_note=data["health_note"],
                redeployed_to=data["redeployed_to"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Availability saved")
            return redirect("workforce:staff", pk=person.pk)
    return _form_page(
        request,
        form,
        title=f"Availability of {person}",
        back=reverse("workforce:staff", args=[person.pk]),
        intro="A period with no end date carries on until another is recorded. A period with an end date ends there, "
        "and the open-ended one resumes the day after.",
    )


def individual_need(request: HttpRequest, pk: int) -> HttpResponse:
    """Record, change or remove a person's individual need for office time: only the person, their line manager
    and HR open this page (the need is private). Every view is audited."""
    person = _person(request, pk)
    if not selectors.sees_individual_need(request.user, person):
        raise PermissionDenied
    need = IndividualNeed.objects.filter(person=person).first()
    if need is not None:
        record_view(need, via="Workforce individual need")
    back = reverse("workforce:staff", args=[person.pk])
    if request.method == "POST" and request.POST.get("remove") and need is not None:
        services.individual_need_remove(person=person, removed_by=request.user)
        messages.success(request, "Individual need removed")
        return redirect(back)
    initial = {"description": need.description, "ends_on": need.ends_on} if need else {}
    form = IndividualNeedForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.individual_need_save(
                person=person,
                description=form.cleaned_data["description"],
                ends_on=form.cleaned_data["ends_on"],
                recorded_by=request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Individual need saved")
            return redirect(back)
    held = settings_on(timezone.localdate())
    return _form_page(
        request,
        form,
        title=f"Individual need of {person}",
        back=back,
        intro=(
            "While an individual need applies, the person is given a desk first when an office day is near its "
            f"capacity: {held.desks_held_for_needs_percent}% of each day's desks (rounded up) are held for people "
            f"with a recorded need until {held.desks_held_until_days} days before the day. "
            "What the need is stays private: only the person, their line manager and HR see it."
        ),
        remove=need is not None,
    )


# --- welfare -----------------------------------------------------------------------------------------------------
def _team(request: HttpRequest, pk: int) -> Team:
    team = selectors.teams_managed(request.user).filter(pk=pk).first()
    if team is None:
        raise Http404("No such team")
    return team


def team_buddies(request: HttpRequest, pk: int) -> HttpResponse:
    """A team's welfare buddy pairs, anyone without a buddy, and (for the team's manager) pairing two members."""
    team = _team(request, pk)
    members = team.members.filter(is_active=True).order_by("last_name", "first_name", "pk")
    form = BuddyForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            services.buddy_pair_assign(
                team=team,
                first=form.cleaned_data["first"],
                second=form.cleaned_data["second"],
                assigned_by=request.user,
                starts_on=timezone.localdate(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['first']} and {form.cleaned_data['second']} are now buddies")
            return redirect("workforce:buddies", pk=team.pk)
    return render(
        request,
        "workforce/buddies.html",
        {
            "team": team,
            "pairs": list(selectors.open_pairs(team)),
            "unpaired": list(selectors.without_buddy(team)),
            "form": form,
        },
    )


@require_POST
def buddy_end(request: HttpRequest, pk: int) -> HttpResponse:
    pair = BuddyPair.objects.filter(pk=pk).select_related("team").first()
    if pair is None or not request.user.has_perm("workforce.manage_team", pair.team):
        raise Http404("No such pair")
    try:
        services.buddy_pair_end(pair=pair, ended_by=request.user, ends_on=timezone.localdate())
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"{pair} are no longer buddies")
    return redirect("workforce:buddies", pk=pair.team_id)


def checkin_new(request: HttpRequest) -> HttpResponse:
    """Record a check-in with someone (a buddy, a team member, a manager) or a team meeting."""
    people = (
        selectors.staff_visible_to(request.user).exclude(pk=request.user.pk).order_by("last_name", "first_name", "pk")
    )
    teams = Team.objects.filter(pk__in=request.user.teams.values("pk")) | selectors.teams_managed(request.user)
    initial = {"held_on": timezone.localdate(), "kind": request.GET.get("kind", CheckInKind.BUDDY)}
    if (with_id := request.GET.get("with", "")).isdigit():
        initial["with_person"] = with_id
    if (team_id := request.GET.get("team", "")).isdigit():
        initial["team"] = team_id
    form = CheckInForm(request.POST or None, initial=initial, people=people, teams=teams.distinct())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.checkin_record(
                kind=data["kind"],
                by=request.user,
                with_person=data.get("with_person"),
                team=data.get("team"),
                held_on=data["held_on"],
                mode=data["mode"],
                private_note=data["private_note"],
                concern=data["concern"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Check-in saved")
            return redirect("workforce:index")
    return _form_page(request, form, title="Record a check-in", back=reverse("workforce:index"))


def missed(request: HttpRequest) -> HttpResponse:
    """Missed check-ins in the teams a manager manages (a head of service: the whole service)."""
    if not request.user.has_perm("workforce.view_capacity"):
        raise PermissionDenied
    today = timezone.localdate()
    page = Paginator(selectors.missed_checkins(user=request.user, today=today), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "workforce/missed.html", {"page": page, "today": today})


# --- supervision -------------------------------------------------------------------------------------------------
def supervision_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.supervisions_for(request.user).order_by("-held_on", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "workforce/supervision_list.html",
        {"page": page, "can_supervise": request.user.has_perm("workforce.supervise")},
    )


def supervision_new(request: HttpRequest) -> HttpResponse:
    """Record a supervision session with case discussions (each writes management oversight on the child's
    record) and actions."""
    if not request.user.has_perm("workforce.supervise"):
        raise PermissionDenied
    supervisees = (
        selectors.staff_visible_to(request.user).exclude(pk=request.user.pk).order_by("last_name", "first_name", "pk")
    )
    children = children_visible_to(request.user).order_by("last_name", "first_name", "pk")
    form = SupervisionForm(
        request.POST or None,
        initial={"held_on": timezone.localdate()},
        supervisees=supervisees,
        children=children,
        owners=selectors.staff_visible_to(request.user).order_by("last_name", "first_name", "pk"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        discussions = [
            services.DiscussionInput(child=data[f"child_{n}"], oversight=data[f"oversight_{n}"])
            for n in range(1, 4)
            if data.get(f"child_{n}")
        ]
        actions = [
            services.ActionInput(description=data[f"action_{n}"], owner=data[f"owner_{n}"], due_on=data[f"due_{n}"])
            for n in range(1, 4)
            if (data.get(f"action_{n}") or "").strip()
        ]
        try:
            session = services.supervision_record(
                supervisor=request.user,
                supervisee=data["supervisee"],
                held_on=data["held_on"],
                mode=data["mode"],
                reflective_notes=data["reflective_notes"],
                discussions=discussions,
                actions=actions,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Supervision saved")
            return redirect("workforce:supervision", pk=session.pk)
    return _form_page(request, form, title="Record a supervision", back=reverse("workforce:supervisions"))


def supervision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.supervision_for(user=request.user, pk=pk)
    if session is None:
        raise Http404("No such supervision")
    record_view(session, via="Supervision page")
    visible = set(
        children_visible_to(request.user).filter(management_oversight__session=session).values_list("pk", flat=True)
    )
    return render(
        request,
        "workforce/supervision_detail.html",
        {
            "session": session,
            "notes": session.reflective_notes if selectors.sees_reflective_notes(request.user, session) else None,
            "discussions": [d for d in session.case_discussions.select_related("child") if d.child_id in visible],
            "actions": list(session.actions.select_related("owner")),
        },
    )


# --- capacity and cover ------------------------------------------------------------------------------------------
def capacity_index(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("workforce.view_capacity"):
        raise PermissionDenied
    return render(
        request,
        "workforce/capacity_index.html",
        {
            "teams": list(selectors.teams_managed(request.user)),
            "services": list(selectors.services_managed(request.user)),
        },
    )


def _capacity_page(request: HttpRequest, *, title: str, teams: Any, back: str) -> HttpResponse:
    today = timezone.localdate()
    capacity = selectors.capacity_for(user=request.user, teams=teams, today=today)
    return render(
        request, "workforce/capacity.html", {"title": title, "capacity": capacity, "back": back, "today": today}
    )


def team_capacity(request: HttpRequest, pk: int) -> HttpResponse:
    """A team's staff available today and this week against its children by RAG rating, and the red and amber
    children whose worker is unavailable."""
    team = _team(request, pk)
    return _capacity_page(
        request,
        title=f"Capacity: {team.name}",
        teams=Team.objects.filter(pk=team.pk).select_related("service"),
        back=reverse("workforce:capacity-index"),
    )


def service_capacity(request: HttpRequest, pk: int) -> HttpResponse:
    """A head of service's view of the whole service."""
    service = selectors.services_managed(request.user).filter(pk=pk).first()
    if service is None:
        raise Http404("No such service")
    teams = Team.objects.filter(service=service).select_related("service")
    return _capacity_page(
        request, title=f"Capacity: {service.name}", teams=teams, back=reverse("workforce:capacity-index")
    )


@child_page
def cover_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a temporary cover allocation for a child whose worker is unavailable."""
    child = open_child(request, pk, via="Cover allocation page")
    if not request.user.has_perm("people.allocate_child", child):
        raise PermissionDenied
    allocation = (
        child.allocations.filter(ended_on__isnull=True, role__in=selectors.CASE_ROLES)
        .select_related("team", "worker")
        .first()
    )
    if allocation is None:
        raise Http404("No allocation to cover")
    today = timezone.localdate()
    workers = selectors.cover_workers(child_team=allocation.team, exclude=allocation.worker_id, today=today)
    form = CoverForm(request.POST or None, workers=workers)
    if request.method == "POST" and form.is_valid():
        cover_worker = next(w for w in workers if str(w.pk) == form.cleaned_data["cover_worker"])
        try:
            services.cover_arrange(
                child=child,
                cover_worker=cover_worker,
                ends_on=form.cleaned_data["ends_on"],
                arranged_by=request.user,
                today=today,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, f"{cover_worker} covers {child.full_name} until {form.cleaned_data['ends_on']:%-d %B %Y}"
            )
            return redirect(request.POST.get("next") or reverse("workforce:team-capacity", args=[allocation.team_id]))
    worker_label = selectors.availability_label(
        selectors.periods_on([allocation.worker_id], today).get(allocation.worker_id),
        shows_reason=selectors.sees_health_reason(request.user, allocation.worker),
    )
    return _form_page(
        request,
        form,
        title=f"Cover for {child.full_name}",
        back=reverse("workforce:team-capacity", args=[allocation.team_id]),
        intro=f"Allocated to {allocation.worker} ({worker_label}). The cover worker holds the case until the end date; "
        f"then it goes back to {allocation.worker}.",
    )


# --- offices, rotas and duty -------------------------------------------------------------------------------------
def offices(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = [(office, selectors.capacity_on(office, today)) for office in Office.objects.all()]
    return render(
        request,
        "workforce/offices.html",
        {"rows": rows, "today": today, "can_run": request.user.has_perm("workforce.run_offices")},
    )


def _office(pk: int) -> Office:
    office = Office.objects.filter(pk=pk).first()
    if office is None:
        raise Http404("No such office")
    return office


def office_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An office's week: desks, bookings and rota days; book a desk within the COVID-secure capacity."""
    office = _office(pk)
    today = timezone.localdate()
    week = _monday(_parse_date(request.GET.get("week"), today))
    form = BookingForm(request.POST or None, initial={"booked_on": max(today, week)})
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.office_book(office=office, person=request.user, booked_on=form.cleaned_data["booked_on"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Desk booked at {office} on {booking.booked_on:%-d %B %Y}")
            return redirect(
                f"{reverse('workforce:office', args=[office.pk])}?week={_monday(booking.booked_on).isoformat()}"
            )
    return render(
        request,
        "workforce/office.html",
        {
            "office": office,
            "form": form,
            "week": week,
            "days": selectors.office_week(office=office, user=request.user, week_start=week, today=today),
            "rule": settings_on(today),
            "my_need": selectors.individual_need_on(request.user, today),
            "previous": week - timedelta(days=7),
            "next": week + timedelta(days=7),
            "capacities": list(office.capacities.select_related("recorded_by").order_by("-effective_from")),
            "rota": list(office.rota_days.select_related("team")),
            "can_run": request.user.has_perm("workforce.run_offices"),
        },
    )


@require_POST
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = OfficeBooking.objects.filter(pk=pk, person=request.user).first()
    if booking is None:
        raise Http404("No such booking")
    office_id, week = booking.office_id, _monday(booking.booked_on)
    services.office_booking_cancel(booking=booking, cancelled_by=request.user)
    messages.success(request, "Booking cancelled")
    return redirect(f"{reverse('workforce:office', args=[office_id])}?week={week.isoformat()}")


def office_capacity_new(request: HttpRequest, pk: int) -> HttpResponse:
    office = _office(pk)
    if not request.user.has_perm("workforce.run_offices"):
        raise PermissionDenied
    form = DeskCapacityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.office_capacity_set(office=office, recorded_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Capacity saved")
            return redirect("workforce:office", pk=office.pk)
    return _form_page(
        request, form, title=f"Desk capacity at {office}", back=reverse("workforce:office", args=[office.pk])
    )


def rota_new(request: HttpRequest, pk: int) -> HttpResponse:
    office = _office(pk)
    if not request.user.has_perm("workforce.run_offices"):
        raise PermissionDenied
    form = RotaDayForm(request.POST or None, teams=selectors.teams_managed(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.rota_day_add(office=office, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Rota day added")
            return redirect("workforce:office", pk=office.pk)
    return _form_page(request, form, title=f"Rota day at {office}", back=reverse("workforce:office", args=[office.pk]))


def duty(request: HttpRequest) -> HttpResponse:
    """The duty rota for a week: duty team, front door skeleton staffing, LADO, out-of-hours shifts with who is
    available at the start of each."""
    today = timezone.localdate()
    week = _monday(_parse_date(request.GET.get("week"), today))
    shifts = selectors.duty_between(week, week + timedelta(days=6))
    periods = selectors.periods_between({s.person_id for s in shifts}, week, week + timedelta(days=6))
    rows = [(s, selectors.is_available_on(periods.get(s.person_id, []), s.on)) for s in shifts]
    can_run = request.user.has_perm("workforce.run_offices")
    form = (
        DutyShiftForm(
            request.POST or None,
            initial={"on": today},
            people=selectors.staff_visible_to(request.user).order_by("last_name", "first_name", "pk"),
        )
        if can_run
        else None
    )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.duty_shift_add(added_by=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "Added to the duty rota")
                return redirect(f"{reverse('workforce:duty')}?week={_monday(form.cleaned_data['on']).isoformat()}")
    return render(
        request,
        "workforce/duty.html",
        {
            "rows": rows,
            "week": week,
            "form": form,
            "previous": week - timedelta(days=7),
            "next": week + timedelta(days=7),
            "today": today,
        },
    )


# --- PPE ---------------------------------------------------------------------------------------------------------
def ppe(request: HttpRequest) -> HttpResponse:
    """PPE stock by office: level, reorder level, use over the last four weeks and days of stock left."""
    today = timezone.localdate()
    window = settings_on(today).stock_rate_days
    return render(
        request,
        "workforce/ppe.html",
        {
            "rows": selectors.stock_rows(today=today, window_days=window),
            "window": window,
            "today": today,
            "can_run": request.user.has_perm("workforce.run_ppe"),
        },
    )


def ppe_stock(request: HttpRequest, pk: int) -> HttpResponse:
    """One item at one office: its ledger, and recording a delivery, issue, return or write-off."""
    stock = selectors.stock_for(pk)
    if stock is None:
        raise Http404("No such stock")
    can_run = request.user.has_perm("workforce.run_ppe")
    workers = selectors.staff_visible_to(request.user).order_by("last_name", "first_name", "pk")
    form = PpeMovementForm(
        request.POST if request.POST.get("form") == "movement" else None,
        initial={"on": timezone.localdate()},
        workers=workers,
    )
    reorder = ReorderForm(
        request.POST if request.POST.get("form") == "reorder" else None, initial={"reorder_level": stock.reorder_level}
    )
    if request.method == "POST":
        if not can_run:
            raise PermissionDenied
        try:
            if form.is_bound and form.is_valid():
                data = form.cleaned_data
                kind = data["movement"]
                if kind == "delivery":
                    services.ppe_delivery_record(
                        stock=stock,
                        quantity=data["quantity"],
                        recorded_by=request.user,
                        on=data["on"],
                        note=data["note"],
                    )
                elif kind == "issue":
                    services.ppe_issue(
                        stock=stock,
                        worker=data["worker"],
                        quantity=data["quantity"],
                        recorded_by=request.user,
                        on=data["on"],
                        note=data["note"],
                    )
                elif kind == "return":
                    services.ppe_return(
                        stock=stock,
                        worker=data["worker"],
                        quantity=data["quantity"],
                        recorded_by=request.user,
                        on=data["on"],
                        note=data["note"],
                    )
                else:
                    services.ppe_write_off(
                        stock=stock,
                        quantity=data["quantity"],
                        recorded_by=request.user,
                        on=data["on"],
                        note=data["note"],
                    )
                messages.success(request, "Recorded")
                return redirect("workforce:ppe-stock", pk=stock.pk)
            if reorder.is_bound and reorder.is_valid():
                services.ppe_reorder_level_set(
                    stock=stock, reorder_level=reorder.cleaned_data["reorder_level"], set_by=request.user
                )
                messages.success(request, "Reorder level saved")
                return redirect("workforce:ppe-stock", pk=stock.pk)
        except ValidationError as error:
            apply_validation_error(form if form.is_bound else reorder, error)
    entries = Paginator(
        stock.entries.select_related("worker", "recorded_by").order_by("-on", "-pk"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "workforce/ppe_stock.html",
        {
            "stock": stock,
            "level": selectors.stock_level(stock),
            "entries": entries,
            "form": form if can_run else None,
            "reorder": reorder if can_run else None,
            "errors_form": form if form.errors else reorder if reorder.errors else None,
        },
    )


# --- staff survey ------------------------------------------------------------------------------------------------
def surveys(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    answered = set(SurveyParticipation.objects.filter(person=request.user).values_list("survey_id", flat=True))
    rows = [
        (
            s,
            s.pk in answered,
            s.opens_on <= today <= s.closes_on,
            request.user.has_perm("workforce.read_survey_results", s),
        )
        for s in StaffSurvey.objects.all()
    ]
    return render(
        request, "workforce/surveys.html", {"rows": rows, "can_write": request.user.has_perm("workforce.write_survey")}
    )


def survey_new(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("workforce.write_survey"):
        raise PermissionDenied
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.survey_create(
                title=data["title"],
                introduction=data["introduction"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                questions=form.questions(),
                created_by=request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Survey created")
            return redirect("workforce:surveys")
    return _form_page(
        request,
        form,
        title="Write a staff survey",
        back=reverse("workforce:surveys"),
        intro="Answers are anonymous: Caseboard records that someone has answered, but not which answers are theirs. "
        "Results show only for groups of at least five responses.",
    )


def _survey(pk: int) -> StaffSurvey:
    survey = StaffSurvey.objects.filter(pk=pk).first()
    if survey is None:
        raise Http404("No such survey")
    return survey


def survey_respond(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(pk)
    form = SurveyResponseForm(
        request.POST or None, questions=list(survey.questions.all()), teams=request.user.teams.all()
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_respond(
                survey=survey, person=request.user, answers=form.answers(), group=form.cleaned_data.get("group")
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Thank you: your answers have been sent anonymously")
            return redirect("workforce:surveys")
    return _form_page(
        request,
        form,
        title=survey.title,
        back=reverse("workforce:surveys"),
        intro=survey.introduction or "Your answers are anonymous.",
    )


def survey_results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(pk)
    if not request.user.has_perm("workforce.read_survey_results", survey):
        raise PermissionDenied
    return render(
        request,
        "workforce/survey_results.html",
        {
            "survey": survey,
            "results": reports.survey_results(
                survey=survey, minimum=settings_on(timezone.localdate()).survey_minimum_group
            ),
        },
    )


# --- reports -----------------------------------------------------------------------------------------------------
def _reports_allowed(request: HttpRequest) -> None:
    if not request.user.has_perm("workforce.read_reports"):
        raise PermissionDenied


def _download_format(request: HttpRequest) -> str | None:
    fmt = request.GET.get("format")
    return fmt if fmt in ("csv", "xlsx") else None


def _download(fmt: str, name: str, sheets: list[tuple[str, reports.Table]]) -> HttpResponse:
    """A report as ``name.csv`` (its first table) or ``name.xlsx`` (every table, one sheet each), through the shared
    export helpers: text never becomes a formula; columns of shares are formatted ``0.00``."""
    if fmt == "csv":
        headers, rows = sheets[0][1]
        return csv_response(f"{name}.csv", headers, rows)
    workbook = []
    for title, (headers, rows) in sheets:
        formats = {i: PERCENT_FORMAT for i, header in enumerate(headers) if header.endswith("(%)")}
        workbook.append((title, headers, rows, formats))
    return xlsx_response(f"{name}.xlsx", workbook)


def _report_teams(request: HttpRequest) -> Any:
    return (
        selectors.teams_managed(request.user)
        if request.user.role != "hr_adviser"
        else Team.objects.select_related("service")
    )


def report_availability(request: HttpRequest) -> HttpResponse:
    """Staff available by team by week (table and chart) and the survey's staff unavailable because of COVID-19;
    ``?format=csv`` or ``xlsx`` downloads the weeks (and, in the workbook, the survey's figures)."""
    _reports_allowed(request)
    today = timezone.localdate()
    on, date_error = asked_day(request.GET, "date", today)
    weeks = reports.availability_by_week(teams=_report_teams(request), end=on, weeks=12)
    unavailable = reports.staff_unavailable(on=on)
    if (fmt := _download_format(request)) and not date_error:
        return _download(
            fmt,
            f"availability-by-team-by-week-{on:%Y-%m-%d}",
            [
                ("Availability by team by week", reports.availability_table(weeks)),
                ("Unavailable because of COVID-19", reports.unavailable_summary_table(unavailable)),
            ],
        )
    return render(
        request,
        "workforce/report_availability.html",
        {
            "weeks": weeks,
            "unavailable": unavailable,
            "on": on,
            "date_error": date_error,
            "chart": reports.availability_chart(weeks),
        },
    )


def report_unavailable(request: HttpRequest) -> HttpResponse:
    """Staff unavailable on a date, by name, as far as this user may see them (a health reason only to the person,
    their line manager and HR), with the survey's figures; every person named is in the audit, on the page and in
    its downloads."""
    _reports_allowed(request)
    today = timezone.localdate()
    on, date_error = asked_day(request.GET, "date", today)
    people = reports.unavailable_staff(viewer=request.user, on=on)
    unavailable = reports.staff_unavailable(on=on)
    fmt = _download_format(request) if not date_error else None
    record_download(
        [p.person for p in people], via="workforce report: staff unavailable" + (f" ({fmt})" if fmt else "")
    )
    if fmt:
        return _download(
            fmt,
            f"staff-unavailable-{on:%Y-%m-%d}",
            [
                ("Staff unavailable", reports.unavailable_staff_table(people)),
                ("Unavailable because of COVID-19", reports.unavailable_summary_table(unavailable)),
            ],
        )
    return render(
        request,
        "workforce/report_unavailable.html",
        {"people": people, "unavailable": unavailable, "on": on, "date_error": date_error},
    )


def _period(request: HttpRequest) -> tuple[date, date]:
    today = timezone.localdate()
    end = _parse_date(request.GET.get("to"), today)
    start = _parse_date(request.GET.get("from"), end - timedelta(days=27))
    return start, end


def report_checkins(request: HttpRequest) -> HttpResponse:
    """Check-ins and supervision on time, by kind, over a period (``?format=csv`` or ``xlsx`` to download)."""
    _reports_allowed(request)
    start, end = _period(request)
    rows = reports.on_time_by_kind(start=start, end=end)
    if fmt := _download_format(request):
        return _download(
            fmt,
            f"check-ins-and-supervision-on-time-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}",
            [("On time", reports.on_time_table(rows))],
        )
    return render(request, "workforce/report_checkins.html", {"rows": rows, "start": start, "end": end})


def report_ppe(request: HttpRequest) -> HttpResponse:
    """PPE stock and use by office (``?format=csv`` or ``xlsx`` to download)."""
    _reports_allowed(request)
    start, end = _period(request)
    rows = reports.ppe_by_office(start=start, end=end)
    if fmt := _download_format(request):
        return _download(
            fmt,
            f"ppe-stock-and-use-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}",
            [("PPE by office", reports.ppe_table(rows))],
        )
    return render(request, "workforce/report_ppe.html", {"rows": rows, "start": start, "end": end})

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from caseboard.accounts.rules import is_independent_reviewing_officer, is_manager
from caseboard.casework.selectors import team_for, teams_managed_by
from caseboard.core.audit import record_view
from caseboard.core.forms import apply_validation_error
from caseboard.decisions.rules import WHO_PROPOSES
from caseboard.decisions.selectors import siblings_of
from caseboard.people.access import child_page, open_child

from . import services
from .forms import (
    ActionForm,
    CancelForm,
    EditHeldForm,
    EditScheduledForm,
    HoldForm,
    PostponeForm,
    ScheduleForm,
    Section47Form,
    parse_invitees,
)
from .models import CANCELLATION_DECISION_KIND, Meeting, MeetingKind, MeetingStatus
from .selectors import (
    LIST_VIEWS,
    iro_reviews_held,
    iro_reviews_overdue,
    iro_reviews_upcoming,
    lateness,
    meeting_for,
    meetings_list,
    postponement_summary,
    section_47_for,
)

PAGE_SIZE = 25


def _meeting(request: HttpRequest, pk: int, *, via: str) -> Meeting:
    meeting = meeting_for(user=request.user, pk=pk)
    if meeting is None:
        raise Http404("No such meeting")
    record_view(meeting, via=via)
    return meeting


def _may_record(request: HttpRequest, meeting: Meeting) -> bool:
    return all(request.user.has_perm("meetings.record_meeting", child) for child in meeting.children.all())


def _require_record(request: HttpRequest, meeting: Meeting) -> None:
    if not _may_record(request, meeting):
        raise PermissionDenied


@child_page
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    """Arrange a meeting for a child (and any brothers and sisters on it too)."""
    child = open_child(request, pk, via="arrange meeting page")
    if not request.user.has_perm("meetings.record_meeting", child):
        raise PermissionDenied
    kind = request.GET.get("kind", "")
    initial = {"kind": kind if kind in MeetingKind.values else "", "format": "virtual"}
    form = ScheduleForm(request.POST or None, initial=initial, siblings=siblings_of(user=request.user, child=child))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_schedule(
                kind=data["kind"],
                children=[child, *data.get("siblings", [])],
                scheduled_for=form.scheduled_for(),
                format=data["format"],
                chair=data["chair"],
                invitees=parse_invitees(data["invitees"]),
                venue=data["venue"],
                joining_details=data["joining_details"],
                joining_details_shared_on=data["joining_details_shared_on"],
                scheduled_by=request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, _on_form(error, scheduled_for="scheduled_on"))
        else:
            messages.success(request, f"The {meeting.get_kind_display().lower()} is arranged")
            return redirect("meetings:meeting", pk=meeting.pk)
    return render(request, "meetings/schedule.html", {"form": form, "child": child})


def _on_form(error: ValidationError, **renames: str) -> ValidationError:
    """A service's field names mapped to the form's (the service takes one datetime, the form a date and a time)."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({renames.get(field, field): errors for field, errors in error.error_dict.items()})


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A meeting: when, who, how, what was decided, actions; and what may be done next."""
    meeting = _meeting(request, pk, via="meeting page")
    may_record = _may_record(request, meeting)
    action_form = None
    if meeting.status != MeetingStatus.CANCELLED and may_record:
        action_form = ActionForm(request.POST or None, word=meeting.action_word)
        if request.method == "POST" and action_form.is_valid():
            try:
                services.meeting_action_add(meeting=meeting, added_by=request.user, **action_form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(action_form, error)
            else:
                messages.success(request, f"The {meeting.action_word} is added")
                return redirect(reverse("meetings:meeting", args=[meeting.pk]) + "#actions")
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "meetings/meeting.html",
        {
            "meeting": meeting,
            "children": list(meeting.children.order_by("pk")),
            "invitees": list(meeting.invitees.select_related("user")),
            "postponements": list(meeting.postponements.select_related("recorded_by")),
            "postponed": postponement_summary(meeting),
            "late": lateness(meeting),
            "actions": list(meeting.actions.order_by("due_on", "pk")),
            "enquiries": list(meeting.section_47_enquiries.select_related("child")),
            "may_record": may_record,
            "form": action_form,
            "today": timezone.localdate(),
        },
    )


def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, via="edit meeting page")
    _require_record(request, meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise Http404("A cancelled meeting cannot be changed")
    held = meeting.status == MeetingStatus.HELD
    if held:
        form = EditHeldForm(
            request.POST or None,
            initial={"minutes": meeting.minutes, "decisions": meeting.decisions, "version": meeting.version},
        )
    else:
        form = EditScheduledForm(
            request.POST or None,
            initial={
                "format": meeting.format,
                "chair": meeting.chair_id,
                "venue": meeting.venue,
                "joining_details": meeting.joining_details,
                "joining_details_shared_on": meeting.joining_details_shared_on,
                "version": meeting.version,
            },
        )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        extra = parse_invitees(data.pop("add_invitees", ""))
        try:
            services.meeting_update(
                meeting=meeting, updated_by=request.user, expected_version=version, add_invitees=extra, **data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The minutes are saved" if held else "The meeting is updated")
            return redirect("meetings:meeting", pk=meeting.pk)
    return render(request, "meetings/edit.html", {"form": form, "meeting": meeting, "held": held})


def meeting_hold(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the meeting as held: date, format, who took part and how, minutes, decisions and outcome."""
    meeting = _meeting(request, pk, via="record meeting held page")
    _require_record(request, meeting)
    if meeting.status != MeetingStatus.SCHEDULED:
        return redirect("meetings:meeting", pk=meeting.pk)
    invitees = list(meeting.invitees.all())
    form = HoldForm(
        request.POST or None,
        meeting=meeting,
        invitees=invitees,
        initial={"format": meeting.format, "held_on": timezone.localtime(meeting.scheduled_for).date()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_hold(
                meeting=meeting,
                recorded_by=request.user,
                held_on=data["held_on"],
                format=data["format"],
                attendance=form.attendance(),
                minutes=data["minutes"],
                decisions=data["decisions"],
                outcome=data.get("outcome", ""),
                category_of_abuse=data.get("category_of_abuse", ""),
            )
        except ValidationError as error:
            field = f"took_part_{invitees[0].pk}" if invitees else None
            apply_validation_error(form, _on_form(error, attendance=field or "__all__"))
        else:
            messages.success(request, "The meeting is recorded as held and the children's due dates are updated")
            return redirect("meetings:meeting", pk=meeting.pk)
    return render(request, "meetings/hold.html", {"form": form, "meeting": meeting})


def meeting_postpone(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, via="postpone meeting page")
    _require_record(request, meeting)
    form = PostponeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_postpone(
                meeting=meeting,
                postponed_by=request.user,
                new_scheduled_for=form.new_scheduled_for(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_validation_error(form, _on_form(error, new_scheduled_for="new_on"))
        else:
            messages.success(request, "The meeting is postponed; its due date stays the same")
            return redirect("meetings:meeting", pk=meeting.pk)
    return render(
        request,
        "meetings/postpone.html",
        {"form": form, "meeting": meeting, "postponed": postponement_summary(meeting)},
    )


def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel a meeting. A statutory meeting needs an approved key decision: without one the page says so and links
    to propose it (or, to someone who may not propose one, says who can)."""
    meeting = _meeting(request, pk, via="cancel meeting page")
    _require_record(request, meeting)
    form = CancelForm(request.POST or None)
    uncovered = None  # the child whose key decision is missing
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(meeting=meeting, cancelled_by=request.user, reason=form.cleaned_data["reason"])
        except services.CancellationNeedsDecision as error:
            apply_validation_error(form, error)
            uncovered = error.child
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The meeting is cancelled")
            return redirect("meetings:meeting", pk=meeting.pk)
    elif meeting.needs_decision_to_cancel:
        uncovered = meeting.children.order_by("pk").first()
    propose_link = who_proposes = ""
    if uncovered is not None and request.user.has_perm("decisions.propose_decision", uncovered):
        query = urlencode({"kind": CANCELLATION_DECISION_KIND})
        propose_link = reverse("decisions:propose", args=[uncovered.pk]) + "?" + query
    elif uncovered is not None:
        who_proposes = WHO_PROPOSES
    return render(
        request,
        "meetings/cancel.html",
        {"form": form, "meeting": meeting, "propose_link": propose_link, "who_proposes": who_proposes},
    )


@require_POST
def action_done(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, via="meeting action done")
    _require_record(request, meeting)
    action = meeting.actions.filter(pk=action_pk).first()
    if action is None:
        raise Http404("No such action")
    try:
        services.meeting_action_done(action=action, done_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The {meeting.action_word} is marked done")
    return redirect(reverse("meetings:meeting", args=[meeting.pk]) + "#actions")


def section_47(request: HttpRequest, pk: int) -> HttpResponse:
    """A section 47 enquiry, and its outcome when complete."""
    enquiry = section_47_for(user=request.user, pk=pk)
    if enquiry is None:
        raise Http404("No such enquiry")
    record_view(enquiry, via="section 47 enquiry page")
    may_record = request.user.has_perm("meetings.record_meeting", enquiry.child)
    form = Section47Form(request.POST or None) if enquiry.is_open and may_record else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.section_47_complete(enquiry=enquiry, completed_by=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "The outcome of the enquiry is recorded")
                return redirect("meetings:section-47", pk=enquiry.pk)
    return render(request, "meetings/section_47.html", {"enquiry": enquiry, "form": form})


def _rows(meetings: list[Meeting]) -> list[dict]:
    return [{"meeting": m, "postponed": postponement_summary(m), "late": lateness(m)} for m in meetings]


def meetings_index(request: HttpRequest) -> HttpResponse:
    """My meetings, or a team's (``?team=``): upcoming this week, all upcoming, needing minutes, held."""
    show = request.GET.get("show", "week")
    if show not in LIST_VIEWS:
        show = "week"
    team = None
    if "team" in request.GET:
        team_pk = request.GET["team"]
        team = team_for(user=request.user, pk=int(team_pk)) if team_pk.isdigit() else None
        if team is None:
            raise Http404("No such team")
    page = Paginator(meetings_list(user=request.user, show=show, team=team), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    teams = list(teams_managed_by(request.user)[:30]) if is_manager(request.user) else []
    return render(
        request,
        "meetings/index.html",
        {
            "page": page,
            "rows": _rows(list(page)),
            "show": show,
            "show_label": LIST_VIEWS[show],
            "caption": f"{LIST_VIEWS[show]}: {page.paginator.count} meeting{'s' if page.paginator.count != 1 else ''}",
            "views": LIST_VIEWS,
            "team": team,
            "teams": teams,
            "is_iro": is_independent_reviewing_officer(request.user),
        },
    )


def iro_reviews(request: HttpRequest) -> HttpResponse:
    """The independent reviewing officer's looked-after reviews: upcoming, overdue on the statutory clock, held."""
    upcoming = Paginator(iro_reviews_upcoming(user=request.user), PAGE_SIZE).get_page(request.GET.get("upcoming"))
    overdue = Paginator(iro_reviews_overdue(user=request.user), PAGE_SIZE).get_page(request.GET.get("overdue"))
    held = Paginator(iro_reviews_held(user=request.user), PAGE_SIZE).get_page(request.GET.get("held"))
    return render(
        request,
        "meetings/iro_reviews.html",
        {
            "upcoming": upcoming,
            "upcoming_rows": _rows(list(upcoming)),
            "overdue": overdue,
            "held": held,
            "held_rows": _rows(list(held)),
        },
    )

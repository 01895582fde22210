"""Pages for placements: the settings register, a setting and its carers, a child's placements and placement
plans, the supervising social worker's visit, sufficiency and the placement finder. Thin: each opens what it shows
through a selector, checks the same predicate the page's links use, and calls one service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from caseboard.casework import services as casework
from caseboard.casework.models import AsylumSeekingStatus, EpisodeKind
from caseboard.core.audit import record_download, record_view
from caseboard.core.forms import apply_validation_error
from caseboard.decisions.models import DecisionStatus
from caseboard.people.access import child_page, open_child
from caseboard.visits.services import ChildSeenInput

from . import selectors, services
from .forms import (
    ApprovalForm,
    AsylumStatusForm,
    CarerVisitForm,
    ExtendForm,
    FinderForm,
    HealthForm,
    MemberForm,
    NameSettingForm,
    NoticeForm,
    PlacementForm,
    PlanForm,
    ReviewForm,
    SettingForm,
    StabilityForm,
)
from .models import EXCEPTION_DECISION_KIND, Approval, Placement, SettingKind
from .operating import settings_on
from .rules import manages_settings, sees_placements
from .services import exception_kind_name

PAGE_SIZE = 50


def _register_only(request: HttpRequest) -> None:
    if not sees_placements(request.user):
        raise PermissionDenied


def _setting(request: HttpRequest, pk: int, *, via: str) -> Any:
    _register_only(request)
    setting = selectors.setting_for(user=request.user, pk=pk)
    if setting is None:
        raise Http404("No such setting")
    record_view(setting, via=via)
    return setting


def _manage(request: HttpRequest) -> None:
    if not request.user.has_perm("placements.manage_settings"):
        raise PermissionDenied


def index(request: HttpRequest) -> HttpResponse:
    """The settings register: carers and homes with their places and children placed today."""
    _register_only(request)
    today = timezone.localdate()
    kind = request.GET.get("kind", "")
    if kind not in SettingKind.values:
        kind = ""
    settings = selectors.register(user=request.user, day=today, kind=kind)
    page = Paginator(settings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "placements/index.html",
        {
            "page": page,
            "kind": kind,
            "kinds": SettingKind.choices,
            "may_manage": manages_settings(request.user),
            "today": today,
        },
    )


def setting_new(request: HttpRequest) -> HttpResponse:
    """Add a carer household or a provider's setting."""
    _register_only(request)
    _manage(request)
    form = SettingForm(request.POST or None, submit="Add the setting")
    if request.method == "POST" and form.is_valid():
        try:
            setting = services.setting_save(saved_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{setting.name} is added")
            return redirect("placements:setting", pk=setting.pk)
    return render(request, "placements/form_page.html", {"form": form, "heading": "Add a setting"})


def setting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    setting = _setting(request, pk, via="edit setting page")
    _manage(request)
    names = list(SettingForm.base_fields)
    form = SettingForm(request.POST or None, initial={name: getattr(setting, name) for name in names})
    if request.method == "POST" and form.is_valid():
        try:
            services.setting_save(
                saved_by=request.user,
                setting=setting,
                expected_version=int(request.POST.get("version", setting.version)),
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{setting.name} is saved")
            return redirect("placements:setting", pk=setting.pk)
    return render(
        request,
        "placements/form_page.html",
        {"form": form, "heading": f"Change {setting.name}", "setting": setting, "version": setting.version},
    )


def setting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A setting: its details, carers and their approvals, health, notices, reviews, visits and the children placed
    there whose records the user may see."""
    setting = _setting(request, pk, via="setting page")
    today = timezone.localdate()
    placed = selectors.placed_children(user=request.user, setting=setting, day=today)
    record_download([p.child for p in placed], via="setting page: children placed")
    rules = settings_on(today)
    approval = selectors.approval_in_force(setting, today)
    review_due = selectors.review_due_on(setting=setting, months=rules.annual_review_months)
    return render(
        request,
        "placements/setting.html",
        {
            "setting": setting,
            "placed": placed,
            "members": list(setting.members.all()),
            "approvals": list(setting.approvals.select_related("recorded_by")),
            "approval": approval,
            "health": list(setting.health.all()[:20]),
            "notices": list(setting.notices.all()[:20]),
            "reviews": list(setting.reviews.all()[:10]),
            "visits": list(setting.carer_visits.select_related("worker")[:10]),
            "review_due": review_due,
            "vacancies": max(setting.places - len(placed), 0),
            "may_manage": manages_settings(request.user),
            "may_visit": request.user.has_perm("placements.record_carer_visit", setting),
            "today": today,
        },
    )


def _setting_form(
    request: HttpRequest, pk: int, *, form_class: type, service: Any, heading: str, done: str, **extra: Any
) -> HttpResponse:
    setting = _setting(request, pk, via=heading)
    _manage(request)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(setting=setting, **extra, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, done)
            return redirect("placements:setting", pk=setting.pk)
    return render(request, "placements/form_page.html", {"form": form, "heading": heading, "setting": setting})


def member_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _setting_form(
        request,
        pk,
        form_class=MemberForm,
        service=services.member_add,
        heading="Add a member of the household",
        done="The member of the household is added",
        added_by=request.user,
    )


def approval_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _setting_form(
        request,
        pk,
        form_class=ApprovalForm,
        service=services.approval_record,
        heading="Record an approval",
        done="The approval is recorded",
        recorded_by=request.user,
    )


def approval_extend(request: HttpRequest, pk: int) -> HttpResponse:
    _register_only(request)
    _manage(request)
    try:
        approval = Approval.objects.select_related("setting").get(pk=pk)
    except Approval.DoesNotExist:
        raise Http404("No such approval") from None
    setting = _setting(request, approval.setting_id, via="extend approval page")
    form = ExtendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.approval_extend(approval=approval, extended_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The temporary approval is extended")
            return redirect("placements:setting", pk=setting.pk)
    return render(
        request,
        "placements/form_page.html",
        {"form": form, "heading": "Extend the temporary approval", "setting": setting, "approval": approval},
    )


def health_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _setting_form(
        request,
        pk,
        form_class=HealthForm,
        service=services.health_record,
        heading="Record the household's health",
        done="The household's health is recorded",
        recorded_by=request.user,
    )


def notice_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _setting_form(
        request,
        pk,
        form_class=NoticeForm,
        service=services.notice_record,
        heading="Record a notice",
        done="The notice is recorded",
        recorded_by=request.user,
    )


def review_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _setting_form(
        request,
        pk,
        form_class=ReviewForm,
        service=services.review_record,
        heading="Record the carers' review",
        done="The review is recorded",
        recorded_by=request.user,
    )


def carer_visit_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The supervising social worker's visit to the carers; each child seen gets a statutory visit on their record."""
    setting = _setting(request, pk, via="record carer visit page")
    if not request.user.has_perm("placements.record_carer_visit", setting):
        raise PermissionDenied
    today = timezone.localdate()
    children = [p.child for p in selectors.placed_children(user=request.user, setting=setting, day=today)]
    form = CarerVisitForm(request.POST or None, children=children)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_pk = {str(child.pk): child for child in children}
        alone = set(data["seen_alone"])
        seen = [
            ChildSeenInput(child=by_pk[pk], was_seen=True, seen_alone=pk in alone)
            for pk in data["children"]
            if pk in by_pk
        ]
        try:
            services.carer_visit_record(
                setting=setting,
                worker=request.user,
                recorded_by=request.user,
                visited_on=data["visited_on"],
                mode=data["mode"],
                children_seen=seen,
                notes=data["notes"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The visit is recorded")
            return redirect("placements:setting", pk=setting.pk)
    return render(
        request,
        "placements/form_page.html",
        {"form": form, "heading": "Record a visit to the carers", "setting": setting},
    )


# --- a child's placements ---------------------------------------------------------------------------------------


@child_page
def child_placements(request: HttpRequest, pk: int) -> HttpResponse:
    """A child's placements, newest first, with placement plans and stability."""
    child = open_child(request, pk, via="child placements page")
    placements = selectors.placements_of(child=child)
    unnamed = list(child.episodes.filter(kind=EpisodeKind.LOOKED_AFTER, placement__isnull=True).order_by("-start_on"))
    asylum = AsylumSeekingStatus.objects.filter(child=child).first()
    return render(
        request,
        "placements/child.html",
        {
            "child": child,
            "placements": placements,
            "unnamed": unnamed,
            "asylum": asylum,
            "may_place": request.user.has_perm("placements.place_child", child),
            "sees_register": sees_placements(request.user),
            "today": timezone.localdate(),
        },
    )


@child_page
def placement_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Place a looked-after child (or one coming into care) with a setting."""
    child = open_child(request, pk, via="record placement page")
    if not request.user.has_perm("placements.place_child", child):
        raise PermissionDenied
    today = timezone.localdate()
    settings = selectors.settings_for(user=request.user).filter(closed_on__isnull=True).order_by("name", "pk")
    decisions = child.key_decisions.filter(status=DecisionStatus.APPROVED, kind=EXCEPTION_DECISION_KIND).order_by(
        "-starts_on", "-pk"
    )
    propose_url = reverse("decisions:propose", args=[child.pk]) + f"?kind={EXCEPTION_DECISION_KIND.value}"
    initial = {"setting": request.GET.get("setting") or None}
    form = PlacementForm(
        request.POST or None,
        settings=settings,
        decisions=decisions,
        decision_kind=exception_kind_name(today),
        propose_url=propose_url if request.user.has_perm("decisions.propose_decision", child) else "",
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            placement = services.placement_start(child=child, placed_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{child.full_name} is placed with {placement.setting.name}")
            return redirect("placements:child", pk=child.pk)
    return render(
        request,
        "placements/form_page.html",
        {"form": form, "heading": "Record a placement", "child": child, "today": today},
    )


@child_page
def asylum_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The child's status as an unaccompanied asylum-seeking child, with its dates (SSDA903 UASC)."""
    child = open_child(request, pk, via="asylum-seeking status page")
    if not request.user.has_perm("placements.place_child", child):
        raise PermissionDenied
    current = AsylumSeekingStatus.objects.filter(child=child).first()
    initial = {"since_on": current.since_on, "ceased_on": current.ceased_on} if current else {}
    form = AsylumStatusForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            casework.asylum_status_record(child=child, recorded_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The unaccompanied asylum-seeking child status is saved")
            return redirect("placements:child", pk=child.pk)
    return render(
        request,
        "placements/form_page.html",
        {"form": form, "heading": "Unaccompanied asylum-seeking child", "child": child},
    )


def _placement(request: HttpRequest, pk: int, *, via: str) -> Placement:
    try:
        placement = Placement.objects.select_related("setting", "episode").get(pk=pk)
    except Placement.DoesNotExist:
        raise Http404("No such placement") from None
    placement.child = open_child(request, placement.child_id, via=via)
    return placement


@child_page
def plan_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the placement plan (CPPCR reg 9(2))."""
    placement = _placement(request, pk, via="record placement plan page")
    if not request.user.has_perm("placements.place_child", placement.child):
        raise PermissionDenied
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_plan_record(placement=placement, recorded_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The placement plan is recorded")
            return redirect("placements:child", pk=placement.child_id)
    return render(
        request,
        "placements/form_page.html",
        {"form": form, "heading": "Record the placement plan", "child": placement.child, "placement": placement},
    )


@child_page
def placement_stability(request: HttpRequest, pk: int) -> HttpResponse:
    """The placement's stability: a risk of breakdown, a disruption meeting; the parent's assessment."""
    placement = _placement(request, pk, via="placement stability page")
    if not request.user.has_perm("placements.place_child", placement.child):
        raise PermissionDenied
    initial = {
        "risk_of_breakdown": placement.risk_of_breakdown,
        "breakdown_noted_on": placement.breakdown_noted_on,
        "disruption_meeting_on": placement.disruption_meeting_on,
        "parent_assessment_complete": placement.parent_assessment_complete,
        "planned_end_on": placement.planned_end_on,
    }
    form = StabilityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_update(
                placement=placement,
                updated_by=request.user,
                expected_version=int(request.POST.get("version", placement.version)),
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The placement is saved")
            return redirect("placements:child", pk=placement.child_id)
    return render(
        request,
        "placements/form_page.html",
        {
            "form": form,
            "heading": "Placement stability",
            "child": placement.child,
            "placement": placement,
            "version": placement.version,
        },
    )


@child_page
def episode_name_setting(request: HttpRequest, pk: int, episode: int) -> HttpResponse:
    """Name the setting of a looked-after episode recorded without one, keeping its SSDA903 codes."""
    child = open_child(request, pk, via="name placement setting page")
    if not request.user.has_perm("placements.place_child", child):
        raise PermissionDenied
    try:
        found = child.episodes.get(pk=episode, kind=EpisodeKind.LOOKED_AFTER)
    except child.episodes.model.DoesNotExist:
        raise Http404("No such episode") from None
    settings = selectors.settings_for(user=request.user).order_by("name", "pk")
    form = NameSettingForm(request.POST or None, settings=settings)
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_name_setting(episode=found, named_by=request.user, setting=form.cleaned_data["setting"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The setting is named")
            return redirect("placements:child", pk=child.pk)
    return render(request, "placements/form_page.html", {"form": form, "heading": "Name the setting", "child": child})


# --- sufficiency and the finder ---------------------------------------------------------------------------------


def sufficiency(request: HttpRequest) -> HttpResponse:
    """Vacancies against need; temporary approvals lapsing; unregistered placements; carers unavailable."""
    _register_only(request)
    today = timezone.localdate()
    rules = settings_on(today)
    report = selectors.sufficiency(
        user=request.user,
        day=today,
        lapse_within_days=rules.lapse_warning_days,
        review_months=rules.annual_review_months,
    )
    return render(request, "placements/sufficiency.html", {"report": report, "rules": rules, "today": today})


def finder(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Carers and settings with a vacancy that fits, nearest first by postcode district. Posted, so the postcode
    searched near never sits in an address; for a child (``pk``) the form starts from their age and postcode."""
    _register_only(request)
    today = timezone.localdate()
    child = None
    initial: dict[str, Any] = {}
    if pk is not None:
        child = open_child(request, pk, via="placement finder")
        initial = {"age": child.age_on(today), "postcode": child.postcode}
    form = FinderForm(request.POST or None, initial=initial)
    matches = None
    if request.method == "POST" and form.is_valid():
        criteria = form.cleaned_data
        matches = selectors.finder(
            user=request.user,
            day=today,
            age=criteria["age"],
            siblings=criteria["siblings"] or 0,
            postcode=criteria["postcode"],
            kinds=criteria["kinds"],
            self_isolate=criteria["self_isolate"],
        )
    return render(request, "placements/finder.html", {"form": form, "matches": matches, "child": child, "today": today})


child_finder = child_page(finder)

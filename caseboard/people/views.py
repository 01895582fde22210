from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from caseboard.core.audit import record_view
from caseboard.core.forms import apply_validation_error

from . import services
from .access import child_page, open_child
from .forms import (
    BreakGlassForm,
    ChildForm,
    FamilyMemberForm,
    HouseholdAdultForm,
    HouseholdChildForm,
    HouseholdForm,
    HouseholdMemberEndForm,
    RestrictionForm,
    SiblingLinkForm,
    SiblingRemoveForm,
    SiblingSearchForm,
)
from .models import FamilyMember, HouseholdMember, Relationship
from .selectors import (
    ChildNotAvailable,
    break_glass_report,
    child_for_break_glass,
    household_for,
    household_view,
    record_history,
    sibling_candidates,
    sibling_ids_of,
    sibling_link_for,
    staff_who_may_be_named,
)


@child_page
def child_edit(request: HttpRequest, pk: int) -> HttpResponse:
    child = open_child(request, pk, via="edit child page")
    if not request.user.has_perm("people.change_child", child):
        raise PermissionDenied
    if request.method == "POST":
        form = ChildForm(request.POST, submit_label="Save changes", household_questions=False)
        if form.is_valid():
            try:
                services.child_update(
                    child=child,
                    updated_by=request.user,
                    expected_version=form.cleaned_data["version"] or 0,
                    **form.child_fields(),
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "The child's details have been saved")
                return redirect("casework:child", pk=child.pk)
    else:
        form = ChildForm(
            initial=ChildForm.initial_for(child) | {"version": child.version},
            submit_label="Save changes",
            household_questions=False,
        )
    return render(
        request,
        "people/child_form.html",
        {"form": form, "child": child, "title": f"Change {child.full_name}'s details"},
    )


@child_page
def family_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    child = open_child(request, pk, via="add family member page")
    if not request.user.has_perm("people.change_child", child):
        raise PermissionDenied
    form = FamilyMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.family_member_add(child=child, added_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The family member has been added")
            return redirect(reverse("casework:child", args=[child.pk]) + "#family")
    return render(request, "people/family_member_form.html", {"form": form, "child": child})


@child_page
def child_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change to the record and every time it was opened (managers and heads of service)."""
    child = open_child(request, pk, via="record history page")
    if not request.user.has_perm("people.view_child_history", child):
        raise PermissionDenied
    page = Paginator(record_history(child=child), 50).get_page(request.GET.get("page"))
    return render(request, "people/child_history.html", {"child": child, "page": page})


def break_glass(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a record outside need-to-know, giving a reason (not for restricted records)."""
    try:
        child = child_for_break_glass(pk=pk)
    except ChildNotAvailable as denied:
        if denied.reason == "missing":
            raise Http404("No such child") from None
        return render(request, "people/restricted.html", status=403)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.break_glass_open(
                user=request.user,
                child=child,
                reason=form.cleaned_data["reason"],
                ip_address=request.META.get("REMOTE_ADDR"),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return redirect("casework:child", pk=child.pk)
    return render(request, "people/break_glass.html", {"form": form, "child_pk": pk})


def access_report(request: HttpRequest) -> HttpResponse:
    """Break-glass accesses for a head of service to review."""
    if not request.user.has_perm("people.view_access_report"):
        raise PermissionDenied
    page = Paginator(break_glass_report(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "people/access_report.html", {"page": page})


@child_page
def child_restriction(request: HttpRequest, pk: int) -> HttpResponse:
    """Restrict a record (e.g. a staff member's child) to named people: managers and heads of service."""
    child = open_child(request, pk, via="restrict record page")
    if not request.user.has_perm("people.allocate_child", child):
        raise PermissionDenied
    initial = {"is_restricted": child.is_restricted, "restricted_to": list(child.restricted_to.all())}
    form = RestrictionForm(request.POST or None, initial=initial, staff=staff_who_may_be_named(child=child))
    if request.method == "POST" and form.is_valid():
        named = list(form.cleaned_data["restricted_to"])
        if form.cleaned_data["is_restricted"] and request.user not in named:
            named.append(request.user)
        try:
            services.child_restrict(
                child=child, by=request.user, is_restricted=form.cleaned_data["is_restricted"], named_users=named
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, "The record is now restricted" if child.is_restricted else "The record is no longer restricted"
            )
            return redirect("casework:child", pk=child.pk)
    return render(request, "people/restriction_form.html", {"form": form, "child": child})


# --- brothers and sisters --------------------------------------------------------------------------------------
def _record_url(child_pk: int, anchor: str = "siblings") -> str:
    return reverse("casework:child", args=[child_pk]) + f"#{anchor}"


@child_page
def sibling_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Link a brother or sister's record to this child's, found by search among the children the user may see
    (optionally from a family member entry "Brother or sister", ``?member=``)."""
    child = open_child(request, pk, via="link brother or sister page")
    if not request.user.has_perm("people.change_child", child):
        raise PermissionDenied
    member = None
    member_id = request.POST.get("member") or request.GET.get("member")
    if member_id:
        member = FamilyMember.objects.filter(
            pk=member_id if str(member_id).isdigit() else 0, child=child, relationship=Relationship.SIBLING
        ).first()
        if member is None:
            raise Http404("No such family member")
    query = (request.POST.get("q") if request.method == "POST" else request.GET.get("q")) or (
        member.name if member else ""
    )
    search = SiblingSearchForm({"q": query})
    candidates = sibling_candidates(user=request.user, child=child, query=query)
    form = SiblingLinkForm(
        request.POST or None, initial={"q": query}, candidates=candidates.filter(pk__in=candidates.values("pk")[:25])
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.sibling_link_create(
                child=child,
                sibling=form.cleaned_data["sibling"],
                kind=form.cleaned_data["kind"],
                linked_by=request.user,
                family_member=member,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, f"{form.cleaned_data['sibling'].full_name} is linked as {child.first_name}'s brother or sister"
            )
            return redirect(_record_url(child.pk))
    found = list(form.fields["sibling"].queryset) if query else []
    return render(
        request,
        "people/sibling_form.html",
        {"child": child, "search": search, "form": form, "query": query, "found": found, "member": member},
    )


@child_page
def sibling_remove(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    """Remove a link between brothers and sisters made in error, with the reason (kept in the history)."""
    child = open_child(request, pk, via="remove brother or sister link page")
    link = sibling_link_for(user=request.user, pk=link_pk)
    if link is None or child.pk not in (link.child_id, link.sibling_id):
        raise Http404("No such link")
    if not request.user.has_perm("people.change_child", child):
        raise PermissionDenied
    other = link.sibling if link.child_id == child.pk else link.child
    form = SiblingRemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sibling_link_remove(link=link, removed_by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{other.full_name} is no longer linked as a brother or sister")
            return redirect(_record_url(child.pk))
    return render(request, "people/sibling_remove.html", {"child": child, "other": other, "link": link, "form": form})


# --- households ------------------------------------------------------------------------------------------------
def _open_household(request: HttpRequest, pk: int, *, via: str):
    household = household_for(user=request.user, pk=pk)
    if household is None:
        raise Http404("No such household")
    record_view(household, via=via)
    return household


def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A household: its address, whether it can make video calls, its adults, and the children in it (now and
    before) whose records the user may see."""
    household = _open_household(request, pk, via="household page")
    view = household_view(user=request.user, household=household)
    can_change = request.user.has_perm("people.change_household", household)
    return render(request, "people/household.html", {"view": view, "household": household, "can_change": can_change})


@child_page
def household_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the household a child lives in (the address defaults to the child's)."""
    child = open_child(request, pk, via="record household page")
    if not request.user.has_perm("people.change_child", child):
        raise PermissionDenied
    form = HouseholdForm(
        request.POST or None,
        initial={"address": child.address, "postcode": child.postcode},
        submit_label="Record the household",
    )
    if request.method == "POST" and form.is_valid():
        try:
            household = services.household_create(
                created_by=request.user, children=[child], started_on=None, **form.household_fields()
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The household is recorded")
            return redirect("people:household", pk=household.pk)
    return render(
        request, "people/household_form.html", {"form": form, "child": child, "title": "Record the household"}
    )


def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    household = _open_household(request, pk, via="change household page")
    if not request.user.has_perm("people.change_household", household):
        raise PermissionDenied
    form = HouseholdForm(
        request.POST or None, initial=HouseholdForm.initial_for(household), submit_label="Save changes"
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.household_update(
                household=household,
                updated_by=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                **form.household_fields(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The household's details have been saved")
            return redirect("people:household", pk=household.pk)
    return render(
        request,
        "people/household_form.html",
        {"form": form, "household": household, "title": "Change the household's details"},
    )


def household_adult_add(request: HttpRequest, pk: int) -> HttpResponse:
    household = _open_household(request, pk, via="add adult to household page")
    if not request.user.has_perm("people.change_household", household):
        raise PermissionDenied
    form = HouseholdAdultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_member_add(household=household, added_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['name']} is added to the household")
            return redirect("people:household", pk=household.pk)
    return render(
        request, "people/household_form.html", {"form": form, "household": household, "title": "Add an adult"}
    )


def household_child_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a child to the household: a brother or sister of a child in it, among the records the user may see."""
    from .selectors import children_visible_to

    household = _open_household(request, pk, via="add child to household page")
    if not request.user.has_perm("people.change_household", household):
        raise PermissionDenied
    members = list(household.members.filter(child__isnull=False, ended_on__isnull=True).select_related("child"))
    related: set[int] = set()
    for member in members:
        related |= sibling_ids_of(member.child)
    related -= {member.child_id for member in members}
    candidates = children_visible_to(request.user).filter(pk__in=related).order_by("date_of_birth", "pk")
    form = HouseholdChildForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        if not request.user.has_perm("people.change_child", form.cleaned_data["child"]):
            raise PermissionDenied
        try:
            services.household_member_add(household=household, added_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['child'].full_name} is added to the household")
            return redirect("people:household", pk=household.pk)
    return render(
        request,
        "people/household_form.html",
        {"form": form, "household": household, "title": "Add a child", "no_candidates": not candidates.exists()},
    )


def household_member_end(request: HttpRequest, pk: int) -> HttpResponse:
    member = HouseholdMember.objects.select_related("household", "child").filter(pk=pk).first()
    if member is None:
        raise Http404("No such member")
    household = _open_household(request, member.household_id, via="household member left page")
    view = household_view(user=request.user, household=household)
    if member.child_id and member not in view.children:
        raise Http404("No such member")
    if not request.user.has_perm("people.change_household", household):
        raise PermissionDenied
    form = HouseholdMemberEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_member_end(member=member, ended_by=request.user, ended_on=form.cleaned_data["ended_on"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{member} is recorded as having left the household")
            return redirect("people:household", pk=household.pk)
    return render(
        request,
        "people/household_form.html",
        {"form": form, "household": household, "title": f"{member} left the household"},
    )

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from caseboard.core.forms import apply_validation_error

from . import services
from .access import child_page, open_child
from .forms import BreakGlassForm, ChildForm, FamilyMemberForm, RestrictionForm
from .selectors import (
    ChildNotAvailable,
    break_glass_report,
    child_for_break_glass,
    record_history,
    staff_who_may_be_named,
)


@child_page
def child_edit(request: HttpRequest, pk: int) -> HttpResponse:
    child = open_child(request, pk, via="edit child page")
    if not request.user.has_perm("people.change_child", child):
        raise PermissionDenied
    if request.method == "POST":
        form = ChildForm(request.POST, submit_label="Save changes")
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
        form = ChildForm(initial=ChildForm.initial_for(child) | {"version": child.version}, submit_label="Save changes")
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

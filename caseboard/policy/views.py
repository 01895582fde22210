from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from caseboard.core.audit import record_download
from caseboard.core.forms import apply_validation_error
from caseboard.people.selectors import children_visible_to

from . import services
from .forms import DeviationKindForm, DraftForm, VersionForm
from .models import OperatingModelVersion
from .selectors import (
    council_timeline_from,
    council_versions_with_status,
    presets,
    settings_table,
    versions_with_settings,
)


def _can_manage(request: HttpRequest) -> bool:
    return request.user.has_perm("policy.change_operatingmodelversion")


def _label(version) -> str:
    return f"{version.operating_model.name} (preset)" if version.operating_model.is_preset else str(version)


def _version(pk: int):
    version = versions_with_settings().filter(pk=pk).first()
    if version is None:
        raise Http404("No such version")
    return version


def index(request: HttpRequest) -> HttpResponse:
    """The council's versions (in force, scheduled, drafts, past) and the presets to copy from."""
    return render(
        request,
        "policy/index.html",
        {
            "versions": council_versions_with_status(timezone.localdate()),
            "timeline": council_timeline_from(timezone.localdate()),
            "presets": presets(),
            "can_manage": _can_manage(request),
            "can_recompute": request.user.has_perm("policy.recompute_due_items"),
        },
    )


def _detail_context(request: HttpRequest, version: OperatingModelVersion, **extra: object) -> dict:
    statuses = council_versions_with_status(timezone.localdate())
    status = {v.pk: s for v, s in statuses}.get(version.pk, "Preset")
    others = [v for v, _ in statuses if v.pk != version.pk] + list(presets().exclude(pk=version.pk))
    return {
        "version": version,
        "status": status,
        "rows": settings_table([version]),
        "others": others,
        "headings": [_label(version)],
        "can_manage": _can_manage(request) and not version.operating_model.is_preset,
        "return_choices": [v for v, s in statuses if v.pk != version.pk and v.status == "approved"],
        **extra,
    }


def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "policy/version_detail.html", _detail_context(request, _version(pk)))


def version_new(request: HttpRequest) -> HttpResponse:
    if not _can_manage(request):
        raise PermissionDenied
    sources = versions_with_settings().filter(
        Q(operating_model__is_preset=True) | Q(operating_model__is_council_model=True, status="approved")
    )
    initial = {"copy_from": request.GET.get("from")} if request.GET.get("from") else None
    form = DraftForm(request.POST or None, initial=initial, sources=sources)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.version_draft(
                copy_from=form.cleaned_data["copy_from"],
                drafted_by=request.user,
                effective_from=form.cleaned_data["effective_from"],
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Version {draft.number} drafted: check and change its settings")
            return redirect("policy:version-edit", pk=draft.pk)
    return render(request, "policy/version_new.html", {"form": form})


def version_edit(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(pk)
    if not _can_manage(request) or version.operating_model.is_preset:
        raise PermissionDenied
    if not version.is_editable:
        messages.info(request, "This version is approved and can no longer be changed: copy it to draft a new one")
        return redirect("policy:version", pk=version.pk)
    form = VersionForm(request.POST or None, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            services.version_update(
                version=version,
                updated_by=request.user,
                expected_edit_version=form.cleaned_data["edit_version"],
                settings=form.settings(),
                frequencies=form.frequencies(),
                deviations=form.deviations(),
                sections=form.sections(),
                removed_kinds=form.removed_kinds(),
                questions=form.questions(),
                removed_questions=form.removed_questions(),
                new_questions=form.new_questions(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The draft has been saved")
            return redirect("policy:version", pk=version.pk)
    return render(request, "policy/version_edit.html", {"form": form, "version": version})


def kind_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a kind of deviation from normal practice to a draft (e.g. "Direct family time")."""
    version = _version(pk)
    if not _can_manage(request) or version.operating_model.is_preset:
        raise PermissionDenied
    if not version.is_editable:
        messages.info(request, "This version is approved and can no longer be changed: copy it to draft a new one")
        return redirect("policy:version", pk=version.pk)
    form = DeviationKindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rule = services.deviation_kind_add(version=version, added_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{rule.name} is added to version {version.number}")
            return redirect("policy:version", pk=version.pk)
    return render(request, "policy/kind_new.html", {"form": form, "version": version})


@require_POST
def version_approve(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(pk)
    if not _can_manage(request):
        raise PermissionDenied
    reverts_to = None
    if request.POST.get("reverts_to"):
        reverts_to = next(
            (
                v
                for v, _ in council_versions_with_status(timezone.localdate())
                if str(v.pk) == request.POST["reverts_to"]
            ),
            None,
        )
        if reverts_to is None:
            return render(
                request,
                "policy/version_detail.html",
                _detail_context(request, version, errors=["Select an approved version of the council's model"]),
                status=400,
            )
    try:
        services.version_approve(version=version, approved_by=request.user, reverts_to=reverts_to)
    except ValidationError as error:
        return render(
            request, "policy/version_detail.html", _detail_context(request, version, errors=error.messages), status=400
        )
    messages.success(
        request,
        f"Version {version.number} is approved and comes into force on "
        f"{version.effective_from:%-d %B %Y}. Due items are being recomputed.",
    )
    return redirect("policy:version", pk=version.pk)


@require_POST
def version_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(pk)
    if not _can_manage(request):
        raise PermissionDenied
    try:
        services.version_withdraw(version=version, withdrawn_by=request.user)
    except ValidationError as error:
        return render(
            request, "policy/version_detail.html", _detail_context(request, version, errors=error.messages), status=400
        )
    messages.success(request, f"Version {version.number} has been withdrawn")
    return redirect("policy:index")


PREVIEW_PAGE_SIZE = 25


def version_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """What approving this draft would change, counted on its first day: by kind of due item, and the children
    affected, 25 a page (the names on a page are read in one query, among the children the user may see, and their
    reading is audited like any list of named children)."""
    version = _version(pk)
    if not _can_manage(request):
        raise PermissionDenied
    preview = services.version_preview(version=version)
    kinds = [
        ("Kinds of decision added", preview.kinds.added),
        ("Kinds of decision removed", preview.kinds.removed),
        ("Kinds of decision changed", preview.kinds.changed),
    ]
    page = Paginator(preview.affected, PREVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    shown = {
        child.pk: child
        for child in children_visible_to(request.user)
        .filter(pk__in=[row.child_id for row in page.object_list])
        .only("pk", "first_name", "last_name", "preferred_name")
    }
    record_download(shown.values(), via=f"operating model preview, version {version.number}")
    rows = [(shown.get(row.child_id), row) for row in page.object_list]
    return render(
        request,
        "policy/version_preview.html",
        {
            "version": version,
            "preview": preview,
            "preview_kinds": kinds,
            "page": page,
            "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "rows": rows,
        },
    )


def compare(request: HttpRequest) -> HttpResponse:
    """Two versions (or presets) side by side, differences marked."""
    try:
        first, second = _version(int(request.GET["a"])), _version(int(request.GET["b"]))
    except (KeyError, ValueError):
        raise Http404("Choose two versions to compare") from None
    return render(
        request,
        "policy/compare.html",
        {"headings": [_label(first), _label(second)], "rows": settings_table([first, second])},
    )

"""API token pages: list, issue (the secret shown once), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from caseboard.core.forms import apply_validation_error

from . import services
from .forms import IssueTokenForm
from .selectors import api_tokens_visible_to


def token_list(request: HttpRequest) -> HttpResponse:
    """The tokens the user may see: their own, or every token for an administrator."""
    page = Paginator(api_tokens_visible_to(request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "security/token_list.html",
        {"page": page, "can_issue": request.user.has_perm("security.issue_api_token")},
    )


@require_http_methods(["GET", "POST"])
def token_issue(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("security.issue_api_token"):
        raise PermissionDenied
    form = IssueTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.api_token_issue(
                user=form.cleaned_data["user"],
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
                issued_by=request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            # Rendered, never redirected: the secret exists only in this one response (sent with no-store).
            return render(request, "security/token_issued.html", {"token": token, "secret": secret})
    return render(request, "security/token_issue.html", {"form": form})


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = api_tokens_visible_to(request.user).filter(pk=pk).first()
    if token is None:
        raise Http404("No such token")
    if not request.user.has_perm("security.revoke_api_token", token):
        raise PermissionDenied
    name = token.name
    services.api_token_revoke(token=token, revoked_by=request.user)
    messages.success(request, f"Token “{name}” revoked")
    return redirect("security:tokens")

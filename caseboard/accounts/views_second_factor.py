"""The second factor's pages: set up an authenticator app, give a code at sign-in, see and renew recovery codes."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from caseboard.core.forms import apply_validation_error

from . import second_factor
from .forms import SecondFactorCodeForm


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def second_factor_page(request: HttpRequest) -> HttpResponse:
    """My second factor: whether it is set up, how many recovery codes are left, and renewing them."""
    user = request.user
    return render(
        request,
        "accounts/second_factor.html",
        {
            "has_app": second_factor.has_app(user),
            "required": second_factor.second_factor_required(user),
            "codes_left": second_factor.recovery_codes_left(user),
        },
    )


@require_http_methods(["GET", "POST"])
def second_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the code (or type the secret), then give the code the app shows. The
    recovery codes are shown once, on the page that answers."""
    user = request.user
    if second_factor.has_app(user) and not request.user.is_verified():
        return redirect(f"{resolve_url('accounts:second-factor-verify')}?{urlencode({'next': _next(request)})}")
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = second_factor.second_factor_enrol(
                session=request.session, user=user, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            otp_login(request, device)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)})
    device = second_factor.pending_app(request.session, user)
    return render(
        request,
        "accounts/second_factor_enrol.html",
        {
            "form": form,
            "qr_code": second_factor.qr_code_svg(device),
            "secret": second_factor.secret_for_typing(device),
            "required": second_factor.second_factor_required(user),
            "next": _next(request),
        },
    )


@require_http_methods(["GET", "POST"])
def second_factor_verify(request: HttpRequest) -> HttpResponse:
    """Give the code from the authenticator app (or a recovery code) to finish signing in."""
    user = request.user
    if not second_factor.has_app(user):
        return redirect(f"{resolve_url('accounts:second-factor-enrol')}?{urlencode({'next': _next(request)})}")
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = second_factor.second_factor_verify(user=user, code=form.cleaned_data["code"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            otp_login(request, device)
            left = second_factor.recovery_codes_left(user)
            if isinstance(device, StaticDevice) and left <= 3:
                messages.warning(request, f"{left} recovery codes left: get new ones from “Your second factor”")
            return redirect(_next(request))
    return render(request, "accounts/second_factor_verify.html", {"form": form, "next": _next(request)})


@require_POST
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    try:
        codes = second_factor.recovery_codes_renew(user=request.user)
    except ValidationError as error:
        messages.info(request, error.messages[0])
        return redirect("accounts:second-factor")
    back = resolve_url("accounts:second-factor")
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": back})

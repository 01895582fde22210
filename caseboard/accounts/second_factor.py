"""The second factor: a time-based code from an authenticator app (TOTP), with single-use recovery codes.

django-otp keeps the devices and marks a session verified (``request.user.is_verified()``); this module decides who
must have one (``second_factor_required``), enrols and removes devices with an audit entry on the user, and its
middleware sends a signed-in user who must verify to the enrol or verify page before anything else. Token clients
of the API have no session and are not asked: their tokens are issued by a verified administrator.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from io import BytesIO

from auditlog.models import LogEntry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import devices_for_user, user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from .demo import DEMO_ACCOUNTS
from .models import User

RECOVERY_CODES = 10
RECOVERY_CODE_LENGTH = 8  # django-otp's StaticToken.random_token()
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
# Pages a user who has still to verify may open: the second factor's own, signing out, and what every page needs.
OPEN_PREFIXES = (
    "/accounts/second-factor/enrol/",
    "/accounts/second-factor/verify/",
    "/accounts/logout/",
    "/accounts/signed-out/",
    "/accounts/keepalive/",
    "/static/",
    "/healthz",
)
API_PREFIX = "/api/v1/"


def second_factor_required(user: User) -> bool:
    """Whether ``user`` must sign in with a second factor: their role is one of ``SECOND_FACTOR_ROLES`` (or they are
    a superuser), unless the requirement is off or they are one of the demo's own accounts in demo mode. Whoever has
    enrolled is asked anyway (``second_factor_due``)."""
    if not settings.SECOND_FACTOR_REQUIRED:
        return False
    if settings.SECOND_FACTOR_EXEMPT_DEMO_ACCOUNTS and user.username in {a.username for a in DEMO_ACCOUNTS}:
        return False
    return user.is_superuser or user.role in settings.SECOND_FACTOR_ROLES


def has_app(user: User) -> bool:
    return user_has_device(user, confirmed=True)


def second_factor_due(user: User) -> bool:
    """Whether this signed-in, not yet verified user must give a code before going on."""
    return second_factor_required(user) or has_app(user)


DUE_KEY = "second_factor_due"


def remember_due(sender, request: HttpRequest, user: User, **kwargs) -> None:
    """At sign-in, note in the session whether the user must give a code, so that pages do not ask the database on
    every request (connected to ``user_logged_in`` in the app's ready). Someone signed in with their council account
    whose provider asserts a second factor (``caseboard.accounts.oidc``) is not asked for Caseboard's as well."""
    if request is not None and hasattr(request, "session"):
        from .oidc import PROVIDER_MFA_ATTR

        request.session[DUE_KEY] = not getattr(user, PROVIDER_MFA_ATTR, False) and second_factor_due(user)


def _due(request: HttpRequest) -> bool:
    due = request.session.get(DUE_KEY)
    if due is None:
        due = request.session[DUE_KEY] = second_factor_due(request.user)
    return bool(due)


def _audit(user: User, change: str, *, by: User) -> None:
    LogEntry.objects.log_create(
        user,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes={"second factor": ["", change]},
        additional_data={"second_factor": change, "by": by.username},
    )


PENDING_KEY = "second_factor_pending_key"


def pending_app(session, user: User) -> TOTPDevice:
    """The authenticator app being set up, not yet saved: its secret is kept in the session until the user gives a
    code it shows (so reloading the page shows the same secret, and opening the page writes nothing)."""
    key = session.get(PENDING_KEY)
    if not key:
        key = random_hex(20)
        session[PENDING_KEY] = key
    return TOTPDevice(user=user, name=APP_DEVICE_NAME, key=key, confirmed=False)


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret as an app asks for it when it is typed rather than scanned: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The enrolment address as an SVG QR code, drawn here (no image leaves the server, nothing is fetched)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def _clean_code(code: str) -> str:
    return "".join((code or "").split())


@transaction.atomic
def second_factor_enrol(*, session, user: User, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending authenticator app with a code it shows, and issue recovery codes (returned once, with the
    device, so that the session can be marked verified). Raises ValidationError on ``code`` when it is wrong."""
    device = pending_app(session, user)
    code = _clean_code(code)
    if not code.isdigit() or len(code) != device.digits:
        raise ValidationError({"code": f"Enter the {device.digits}-digit code your authenticator app shows"})
    # Checked against the secret alone: the device is saved only once a code proves the app has it.
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if not totp.verify(int(code), device.tolerance):
        raise ValidationError({"code": "The code is not right: check the time on your phone and try the new code"})
    TOTPDevice.objects.filter(user=user).delete()
    device.last_t = totp.t()  # this code is used: it will not sign in again
    device.confirmed = True
    device.save()
    session.pop(PENDING_KEY, None)
    session[DUE_KEY] = True
    codes = _new_recovery_codes(user)
    _audit(user, "enrolled", by=user)
    return device, codes


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def recovery_codes_renew(*, user: User) -> list[str]:
    """New recovery codes for a user with an app; the old ones stop working."""
    if not has_app(user):
        raise ValidationError("Set up an authenticator app first")
    codes = _new_recovery_codes(user)
    _audit(user, "recovery codes renewed", by=user)
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def second_factor_verify(*, user: User, code: str):
    """The device that accepts ``code`` (the app's code, or a recovery code, which is then used up), or a
    ValidationError. Wrong codes slow the next tries (django-otp's throttling)."""
    code = _clean_code(code)
    if not code:
        raise ValidationError({"code": "Enter the code from your authenticator app, or a recovery code"})
    # The app's codes are 6 digits, recovery codes 8 characters: a code goes only to its own kind of device, so
    # trying a recovery code never slows the app's codes.
    kind = TOTPDevice if code.isdigit() and len(code) < RECOVERY_CODE_LENGTH else StaticDevice
    for device in devices_for_user(user, confirmed=True):
        if not isinstance(device, kind):
            continue
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            raise ValidationError({"code": "Too many wrong codes: wait a minute, then try the new code"})
        if device.verify_token(code.lower() if isinstance(device, StaticDevice) else code):
            return device
    raise ValidationError({"code": "The code is not right: try the new code, or a recovery code"})


@transaction.atomic
def second_factor_reset(*, user: User, by: User) -> None:
    """Remove a user's app and recovery codes (a lost phone): they enrol again at their next sign-in. Audited on the
    user with who reset it."""
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    _audit(user, "reset", by=by)


class SecondFactorMiddleware:
    """Send a signed-in user who must give a second factor, and has not in this session, to enrol or verify first.
    The session API answers 403 until then; token clients (no session) are not affected."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(OPEN_PREFIXES)
            and not user.is_verified()
            and _due(request)
        ):
            if request.path.startswith(API_PREFIX):
                return JsonResponse({"detail": "Sign in with your second factor in the browser first"}, status=403)
            page = "accounts:second-factor-verify" if has_app(user) else "accounts:second-factor-enrol"
            return redirect(f"{reverse(page)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

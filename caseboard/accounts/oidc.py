"""Single sign-on with the council's account, over OpenID Connect (mozilla-django-oidc).

Off unless ``OIDC_ISSUER`` and ``OIDC_CLIENT_ID`` are set. The provider's endpoints come from its discovery document
(``{issuer}/.well-known/openid-configuration``) unless they are given one by one. The flow is the library's
(authorization code with PKCE, state and nonce kept in the session, the ID token's RS256 signature checked against
the provider's keys); this module adds what the library leaves to its user:

- the ID token must come from the configured issuer, for this client, and carry an expiry;
- the member of staff is found by a stable claim (``OIDC_USER_ID_CLAIM``: ``sub``, or Entra ID's ``oid``) kept in a
  ``SignInIdentity``, never by email, except once, on a first sign-in, when ``OIDC_LINK_BY_EMAIL`` is on;
- their role, teams and the service they lead follow the provider's groups (``ProviderGroup``, kept by an
  administrator) at every sign-in, through ``services.staff_follow_provider``, so each change is a history row and
  in the audit; someone in no mapped group, or deactivated in Caseboard, is refused with a page that says why;
- a provider that asserts a second factor (``OIDC_MFA_CLAIM`` holding one of ``OIDC_MFA_VALUES``) stands for
  Caseboard's own TOTP (``second_factor.remember_due``).

Sign-ins are audited as password sign-ins are: django-axes writes its access log on ``user_logged_in``, and counts
a refused or unverifiable answer as a failed sign-in from that address.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from . import services
from .models import ProviderGroup, Service, SignInIdentity, Team, User

LOGGER = logging.getLogger(__name__)
CALLBACK_URL_NAME = "oidc_authentication_callback"
REFUSAL_KEY = "council_sign_in_refused"
# Set on the user the backend returns, for the second factor's ``remember_due`` at ``user_logged_in``.
PROVIDER_MFA_ATTR = "provider_asserted_mfa"
HISTORY_NOTE = "From the council's sign-in (provider groups)"


def enabled() -> bool:
    """Whether single sign-on is configured (read per request, so tests and deployments can switch it)."""
    return bool(settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)


def lockout_parameters(request: Any, credentials: dict | None = None) -> list[str]:
    """django-axes' lock-out parameters: per account and per address for a password, per address only for a
    sign-in with the council's account (it names no username), so that refused answers never lock out everyone
    who signs in that way."""
    if credentials is not None and not credentials.get("username"):
        return ["ip_address"]
    return ["username", "ip_address"]


# --- the provider's endpoints --------------------------------------------------------------------------------------
_discovery: dict[str, tuple[float, dict[str, Any]]] = {}
_discovery_lock = threading.Lock()
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


def discovery_document() -> dict[str, Any]:
    """The issuer's discovery document, fetched once an hour (``OIDC_DISCOVERY_CACHE_SECONDS``) per process. Its
    ``issuer`` must be the configured one (OpenID Connect Discovery, section 4.3)."""
    issuer = settings.OIDC_ISSUER
    with _discovery_lock:
        cached = _discovery.get(issuer)
        if cached and time.monotonic() - cached[0] < settings.OIDC_DISCOVERY_CACHE_SECONDS:
            return cached[1]
    response = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT)
    response.raise_for_status()
    document = response.json()
    if str(document.get("issuer", "")).rstrip("/") != issuer:
        raise ImproperlyConfigured(f"The discovery document at {issuer} names another issuer: {document.get('issuer')}")
    with _discovery_lock:
        _discovery[issuer] = (time.monotonic(), document)
    return document


def forget_discovery() -> None:
    with _discovery_lock:
        _discovery.clear()


def provider_setting(name: str, *default: Any) -> Any:
    """A mozilla-django-oidc setting, with the provider's endpoints taken from discovery when not set."""
    if name in ENDPOINTS:
        value = getattr(settings, name, "")
        return value or discovery_document().get(ENDPOINTS[name], "")
    if default:
        return getattr(settings, name, default[0])
    return getattr(settings, name)


# --- what the provider's claims give --------------------------------------------------------------------------------
class SignInRefused(Exception):
    """The provider signed someone in, but Caseboard does not let them in; ``reason`` names the page's message."""

    def __init__(self, reason: str, details: list[str] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.details = details or []


@dataclass
class Access:
    """What a member of staff's provider groups give them."""

    role: str
    teams: list[Team] = field(default_factory=list)
    service: Service | None = None
    groups: list[ProviderGroup] = field(default_factory=list)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return [str(value)]


def provider_groups(claims: dict[str, Any]) -> list[str]:
    """The groups the provider says the person is in. Entra ID sends a pointer instead of the list when someone is
    in too many groups (more than 200 in an ID token): that is refused, with advice to assign groups to the app."""
    name = settings.OIDC_GROUPS_CLAIM
    if name not in claims and name in (claims.get("_claim_names") or {}):
        raise SignInRefused("too_many_groups")
    return _as_list(claims.get(name))


def access_from_groups(groups: list[str]) -> Access:
    """The role, teams and service the mapped groups among ``groups`` give: the teams of all of them, the role of
    the first (by precedence) that gives a role, the service of the first that names one. Refused when no group is
    mapped, or none gives a role."""
    mapped = list(ProviderGroup.objects.filter(group__in=groups).select_related("service").prefetch_related("teams"))
    if not mapped:
        raise SignInRefused("no_group")
    role = next((group.role for group in mapped if group.role), "")
    if not role:
        raise SignInRefused("no_role")
    teams: dict[int, Team] = {}
    for group in mapped:
        for team in group.teams.all():
            teams.setdefault(team.pk, team)
    service = next((group.service for group in mapped if group.service_id and group.role == role), None)
    if role not in services.SERVICE_LEADING_ROLES:
        service = None
    return Access(role=role, teams=list(teams.values()), service=service, groups=mapped)


def provider_asserts_mfa(claims: dict[str, Any]) -> bool:
    """Whether the provider says this sign-in used more than a password (``amr`` contains ``mfa`` by default)."""
    wanted = set(settings.OIDC_MFA_VALUES)
    return bool(wanted) and any(value in wanted for value in _as_list(claims.get(settings.OIDC_MFA_CLAIM)))


def _names(claims: dict[str, Any]) -> tuple[str, str]:
    first, last = str(claims.get("given_name") or "").strip(), str(claims.get("family_name") or "").strip()
    if not (first and last):
        parts = str(claims.get("name") or "").strip().rsplit(" ", 1)
        if len(parts) == 2:
            first, last = first or parts[0], last or parts[1]
    return first, last


def _email(claims: dict[str, Any]) -> str:
    email = str(claims.get("email") or "").strip()
    if not email:
        preferred = str(claims.get("preferred_username") or "").strip()
        email = preferred if "@" in preferred else ""
    return email


def _new_username(claims: dict[str, Any], subject: str) -> str:
    """A username for someone new: what the provider calls them (Entra ID: their UPN), made unique."""
    wanted = str(claims.get("preferred_username") or claims.get("email") or "").strip()
    base = re.sub(r"[^\w.@+-]", "", wanted)[:140] or "council-" + re.sub(r"[^\w-]", "", subject)[:20]
    username, n = base, 1
    while User.objects.filter(username__iexact=username).exists():
        n += 1
        username = f"{base}-{n}"
    return username


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [message for messages in error.message_dict.values() for message in messages]
    return list(error.messages)


@transaction.atomic
def council_sign_in(*, issuer: str, claims: dict[str, Any]) -> User:
    """The member of staff these verified claims sign in, created or brought up to date with their provider groups.
    Raises ``SignInRefused``."""
    subject = str(claims.get(settings.OIDC_USER_ID_CLAIM) or "").strip()
    if not subject:
        raise SignInRefused("unverified", [f"The sign-in service sent no {settings.OIDC_USER_ID_CLAIM} claim."])
    identity = SignInIdentity.objects.select_related("user").filter(issuer=issuer, subject=subject).first()
    member = identity.user if identity is not None else None
    email = _email(claims)
    if member is None and settings.OIDC_LINK_BY_EMAIL and email:
        candidates = list(User.objects.filter(email__iexact=email).exclude(sign_in_identities__issuer=issuer)[:2])
        member = candidates[0] if len(candidates) == 1 else None
    if member is not None and not member.is_active:
        raise SignInRefused("deactivated")
    if member is None and not settings.OIDC_CREATE_USERS:
        raise SignInRefused("unknown")
    access = access_from_groups(provider_groups(claims))
    first_name, last_name = _names(claims)
    try:
        if member is None:
            member = services.staff_create(
                created_by=None,
                username=_new_username(claims, subject),
                first_name=first_name,
                last_name=last_name,
                email=email,
                role=access.role,
                teams=access.teams,
                service=access.service,
                note=HISTORY_NOTE,
            )
        else:
            member = services.staff_follow_provider(
                member=member,
                first_name=first_name or member.first_name,
                last_name=last_name or member.last_name,
                email=email or member.email,
                role=access.role,
                teams=access.teams,
                service=access.service,
                note=HISTORY_NOTE,
            )
    except ValidationError as error:
        raise SignInRefused("incomplete", _messages(error)) from error
    if identity is None:
        identity = SignInIdentity(user=member, issuer=issuer, subject=subject)
    identity.last_signed_in_at = timezone.now()
    identity.save()
    return member


# --- the backend ---------------------------------------------------------------------------------------------------
class CouncilSignInBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, switched by settings read per request, answering only the callback, and
    signing in whoever ``council_sign_in`` says."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The library reads its settings here; Django makes a backend for every sign-in, passwords included, so
        # nothing is read (or fetched) until the provider's answer arrives.
        self.UserModel = get_user_model()

    get_settings = staticmethod(provider_setting)

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self) -> str:
        return provider_setting("OIDC_OP_TOKEN_ENDPOINT")

    @property
    def OIDC_OP_USER_ENDPOINT(self) -> str:
        return provider_setting("OIDC_OP_USER_ENDPOINT")

    @property
    def OIDC_OP_JWKS_ENDPOINT(self) -> str:
        return provider_setting("OIDC_OP_JWKS_ENDPOINT")

    @property
    def OIDC_RP_CLIENT_ID(self) -> str:
        return settings.OIDC_RP_CLIENT_ID

    @property
    def OIDC_RP_CLIENT_SECRET(self) -> str:
        return settings.OIDC_RP_CLIENT_SECRET

    @property
    def OIDC_RP_SIGN_ALGO(self) -> str:
        return settings.OIDC_RP_SIGN_ALGO

    OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if request is None or not enabled() or request.path != reverse(CALLBACK_URL_NAME) or "nonce" not in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except SignInRefused as refusal:
            LOGGER.warning("Council sign-in refused: %s %s", refusal.reason, "; ".join(refusal.details))
            refuse(request, refusal.reason, refusal.details)
        except (SuspiciousOperation, jwt.InvalidTokenError, requests.RequestException, ImproperlyConfigured) as error:
            LOGGER.warning("Council sign-in not verified: %s", error)
            refuse(request, "unverified")
        return None

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """The library checks the signature (against the provider's keys), the expiry and the nonce; this adds the
        issuer and the audience (OpenID Connect Core, 3.1.3.7)."""
        payload = super().verify_token(token, **kwargs)
        if str(payload.get("iss", "")).rstrip("/") != settings.OIDC_ISSUER:
            raise SuspiciousOperation("The ID token comes from another issuer")
        audience = _as_list(payload.get("aud"))
        if settings.OIDC_RP_CLIENT_ID not in audience:
            raise SuspiciousOperation("The ID token is for another client")
        if len(audience) > 1 and payload.get("azp") != settings.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("The ID token was issued to another party")
        if "exp" not in payload:
            raise SuspiciousOperation("The ID token has no expiry")
        return payload

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> dict[str, Any]:
        """The ID token's claims, with what the userinfo endpoint adds (Entra ID puts groups, ``oid`` and ``amr`` in
        the ID token only). The ID token's claims win; a userinfo answer about someone else is refused."""
        claims: dict[str, Any] = {}
        if settings.OIDC_USE_USERINFO and provider_setting("OIDC_OP_USER_ENDPOINT"):
            claims = dict(super().get_userinfo(access_token, id_token, payload))
            if claims.get("sub") != payload.get("sub"):
                raise SuspiciousOperation("The userinfo answer is about someone else")
        claims.update(payload)
        return claims

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User:
        claims = self.get_userinfo(access_token, id_token, payload)
        user = council_sign_in(issuer=settings.OIDC_ISSUER, claims=claims)
        setattr(user, PROVIDER_MFA_ATTR, provider_asserts_mfa(claims))
        return user

    def get_user(self, user_id: Any) -> User | None:
        user = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


# --- the pages -----------------------------------------------------------------------------------------------------
def refuse(request: HttpRequest, reason: str, details: list[str] | None = None) -> None:
    request.session[REFUSAL_KEY] = {"reason": reason, "details": list(details or [])}


class CouncilSignInStart(OIDCAuthenticationRequestView):
    """ "Sign in with your council account": off to the provider, with state, nonce and a PKCE challenge."""

    def __init__(self, **kwargs: Any) -> None:
        View.__init__(self, **kwargs)  # the library reads the endpoint here; it is read when used instead

    get_settings = staticmethod(provider_setting)

    @property
    def OIDC_OP_AUTH_ENDPOINT(self) -> str:
        return provider_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")

    @property
    def OIDC_RP_CLIENT_ID(self) -> str:
        return settings.OIDC_RP_CLIENT_ID

    def get(self, request: HttpRequest) -> HttpResponse:
        if not enabled():
            raise Http404("Single sign-on is not configured")
        if request.user.is_authenticated:
            return redirect(settings.LOGIN_REDIRECT_URL)
        request.session.pop(REFUSAL_KEY, None)
        try:
            return super().get(request)
        except (requests.RequestException, ImproperlyConfigured, ValueError) as error:
            LOGGER.warning("The council's sign-in service cannot be reached: %s", error)
            refuse(request, "unavailable")
            return redirect("accounts:council-sign-in-refused")


class CouncilSignInCallback(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back: signed in, or the page that says why not."""

    get_settings = staticmethod(provider_setting)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not enabled():
            raise Http404("Single sign-on is not configured")
        try:
            return super().get(request)
        except SuspiciousOperation as error:  # a state this browser never sent
            LOGGER.warning("Council sign-in not verified: %s", error)
            refuse(request, "unverified")
            return redirect("accounts:council-sign-in-refused")

    def login_failure(self) -> HttpResponse:
        if REFUSAL_KEY not in self.request.session:
            refuse(self.request, "cancelled" if self.request.GET.get("error") else "unverified")
        return redirect("accounts:council-sign-in-refused")


REFUSALS = {
    "no_group": (
        "Your council account does not give you access to Caseboard",
        "You signed in, but you are not in any of the council's groups that Caseboard knows. Ask your manager or the "
        "IT service desk to add you to the right group, then try again.",
    ),
    "no_role": (
        "Your council account does not give you a role in Caseboard",
        "Your groups give you teams but no role. Ask your Caseboard administrator to check the provider groups.",
    ),
    "too_many_groups": (
        "Your council account is in too many groups to read",
        "The sign-in service sent a link to your groups instead of the groups. Ask your IT service desk to send "
        "only the groups assigned to Caseboard.",
    ),
    "deactivated": (
        "Your Caseboard account has been deactivated",
        "You cannot sign in to Caseboard. If you still work here, ask your Caseboard administrator to reactivate it.",
    ),
    "unknown": (
        "You do not have a Caseboard account",
        "Ask your Caseboard administrator to add you.",
    ),
    "incomplete": (
        "Your details from the council's sign-in cannot be used",
        "Ask your Caseboard administrator to check them:",
    ),
    "cancelled": (
        "You did not sign in",
        "The council's sign-in service did not sign you in.",
    ),
    "unavailable": (
        "The council's sign-in service is not answering",
        "Try again in a few minutes, or sign in with your Caseboard password if you have one.",
    ),
    "unverified": (
        "Your sign-in could not be checked",
        "The answer from the council's sign-in service could not be checked, or it was used already. Start again.",
    ),
}


@require_GET
def council_sign_in_refused(request: HttpRequest) -> HttpResponse:
    """Why a sign-in with the council's account did not let someone in (the reason is kept in the session, not in
    the address)."""
    refusal = request.session.get(REFUSAL_KEY) or {"reason": "unverified", "details": []}
    title, explanation = REFUSALS.get(refusal.get("reason"), REFUSALS["unverified"])
    response = render(
        request,
        "accounts/council_sign_in_refused.html",
        {"title": title, "explanation": explanation, "details": refusal.get("details") or []},
        status=403,
    )
    response["Cache-Control"] = "no-store"
    return response

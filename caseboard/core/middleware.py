"""Request middleware: the client's address, the audit's actor, input limits, caching and sign-in checks."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from auditlog.middleware import AuditlogMiddleware
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

PUBLIC_PREFIXES = (
    "/accounts/login/",
    "/accounts/signed-out/",
    "/accounts/set-password/",
    "/accounts/council-sign-in/",
    "/oidc/",
    "/static/",
    "/healthz",
)
# The API answers 401/403 itself (token clients have no session); its docs page is for signed-in staff.
API_PREFIX = "/api/v1/"
API_DOCS = "/api/v1/docs/"

# The request being answered, so the audit can name whoever authenticated it, however late that happened.
current_request: ContextVar[HttpRequest | None] = ContextVar("caseboard_current_request", default=None)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def _strip_port(address: str) -> str:
    address = address.strip()
    if address.startswith("["):  # [IPv6]:port
        return address[1:].split("]")[0]
    if address.count(":") == 1:  # IPv4:port
        return address.split(":")[0]
    return address


def client_address(meta: dict[str, Any], trusted_proxies: tuple[str, ...]) -> str:
    """The address of the client: the peer's, unless the peer is a trusted proxy, in which case the nearest
    address in ``X-Forwarded-For`` that is not itself a trusted proxy (read from the right, where the proxies
    we trust append; anything further left was written by the client and proves nothing)."""
    peer = meta.get("REMOTE_ADDR", "") or ""
    networks = _networks(trusted_proxies)
    if not networks or not _is_trusted(peer, networks):
        return peer
    forwarded = [_strip_port(hop) for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(forwarded):
        if not _is_trusted(hop, networks):
            return hop
    return forwarded[0] if forwarded else peer


class TrustedProxyMiddleware:
    """Resolve the client's address once, from the configured trusted proxies only (``TRUSTED_PROXIES``).

    ``REMOTE_ADDR`` becomes the client's address, so sign-in lock-out (django-axes), the audit log and the
    break-glass record all see the same one. Forwarding headers from anyone but a trusted proxy are dropped,
    so a client cannot choose its address or claim HTTPS (``SECURE_PROXY_SSL_HEADER``).
    """

    FORWARDING_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_PORT", "HTTP_FORWARDED")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        proxies = tuple(settings.TRUSTED_PROXIES)
        meta = request.META
        peer = meta.get("REMOTE_ADDR", "")
        meta["CASEBOARD_PEER_ADDR"] = peer
        meta["REMOTE_ADDR"] = client_address(meta, proxies)
        if not proxies or not _is_trusted(peer, _networks(proxies)):
            for header in self.FORWARDING_HEADERS:
                meta.pop(header, None)
        else:
            # The address is resolved; auditlog must not read X-Forwarded-For again.
            meta.pop("HTTP_X_FORWARDED_FOR", None)
        return self.get_response(request)


class AuditMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware, with the actor taken when an entry is written rather than when the request
    arrives: the API authenticates tokens inside the view (DRF), long after auditlog's middleware has run, and
    DRF then sets ``request.user``. See ``caseboard.core.audit.actor_from_request``."""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_request.set(request)
        try:
            return super().__call__(request)
        finally:
            current_request.reset(token)


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every response to a signed-in user or an API client: pages, search results,
    API answers and downloads all carry personal data, and none of it may stay in a browser's or a proxy's cache.
    Static files (served before this by WhiteNoise) keep their long cache lifetimes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path.startswith(API_PREFIX):
            add_never_cache_headers(response)
        return response


class InputLimitsMiddleware:
    """Answer 400 for a NUL character anywhere in the address or its query (PostgreSQL refuses them in text,
    which would otherwise surface as a server error), and for a form field past the longest free text. Form
    fields refuse NUL themselves, with a message; the API's parsers check its bodies."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            return bad_request(request)
        if request.method == "POST" and not request.path.startswith(API_PREFIX) and _too_long(request):
            return bad_request(request)
        return self.get_response(request)


def _too_long(request: HttpRequest) -> bool:
    """A form field longer than any free text may be (``MAX_TEXT``); the whole body is already bounded by
    ``DATA_UPLOAD_MAX_MEMORY_SIZE``."""
    from caseboard.core.limits import MAX_TEXT

    content_type = request.META.get("CONTENT_TYPE", "")
    if not content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        return False
    return any(len(value) > MAX_TEXT for _key, values in request.POST.lists() for value in values)


class RateLimitMiddleware:
    """Rate limits from the shared cache (django-ratelimit): failed sign-ins per address (``SIGN_IN_RATE_LIMIT``),
    which slows a password sprayed across many accounts, and page writes per user (``WRITE_RATE_LIMIT``). The API
    counts its own writes per user once it knows who they are (``caseboard.api.throttling``)."""

    SIGN_IN_PATH = "/accounts/login/"
    UNSAFE = ("POST", "PUT", "PATCH", "DELETE")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django_ratelimit.core import get_usage, is_ratelimited

        if request.method not in self.UNSAFE or request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if request.path == self.SIGN_IN_PATH:
            sign_in = {"group": "sign-in-failures", "key": "ip", "rate": settings.SIGN_IN_RATE_LIMIT}
            usage = get_usage(request, **sign_in, increment=False)
            if usage is not None and usage["count"] >= usage["limit"]:
                return too_many_requests(request)
            response = self.get_response(request)
            if response.status_code != 302:  # signed in users are redirected; anything else is a failure
                get_usage(request, **sign_in, increment=True)
            return response
        if request.user.is_authenticated and is_ratelimited(
            request, group="writes", key="user", rate=settings.WRITE_RATE_LIMIT, increment=True
        ):
            return too_many_requests(request)
        return self.get_response(request)


def bad_request(request: HttpRequest) -> HttpResponse:
    """400, drawn without the database: JSON for the API, the GOV.UK page for everyone else."""
    from django.http import JsonResponse
    from django.template.loader import render_to_string

    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "The request contains a null character."}, status=400)
    return HttpResponse(render_to_string("400.html"), status=400)


def too_many_requests(request: HttpRequest) -> HttpResponse:
    from django.template.loader import render_to_string

    response = HttpResponse(render_to_string("429.html"), status=429)
    response["Retry-After"] = "60"
    return response


SIGNED_IN_AT = "caseboard_signed_in_at"


class AbsoluteSessionMiddleware:
    """End a session a fixed time after sign-in (``SESSION_ABSOLUTE_HOURS``), however active it has been: the idle
    timeout alone would let a session opened on a shared machine run for ever. The user signs in again."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        import time

        from django.contrib.auth import logout

        if request.user.is_authenticated and hasattr(request, "session"):
            signed_in_at = request.session.get(SIGNED_IN_AT)
            now = int(time.time())
            if signed_in_at is None:
                request.session[SIGNED_IN_AT] = now
            elif now - int(signed_in_at) > settings.SESSION_ABSOLUTE_HOURS * 3600:
                logout(request)
                if request.path.startswith(API_PREFIX):
                    return self.get_response(request)
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)


def mark_signed_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """``user_logged_in`` receiver: the session's absolute lifetime counts from now."""
    import time

    if hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = int(time.time())


class LoginRequiredMiddleware:
    """Send anyone not signed in to the sign-in page (the API answers 401/403 itself)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        is_api = path.startswith(API_PREFIX) and not path.startswith(API_DOCS)
        if not request.user.is_authenticated and not is_api and not path.startswith(PUBLIC_PREFIXES):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)

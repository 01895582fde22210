"""Every page needs a signed-in user, except the few listed here."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

PUBLIC_PREFIXES = ("/accounts/login/", "/accounts/signed-out/", "/accounts/set-password/", "/static/", "/healthz")
# The API answers 401/403 itself (token clients have no session); its docs page is for signed-in staff.
API_PREFIX = "/api/v1/"
API_DOCS = "/api/v1/docs/"


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

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import LoginView, PasswordResetConfirmView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.views.decorators.http import require_GET, require_http_methods

from .demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from .forms import SetOwnPasswordForm, SignInForm


class SignInView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: object) -> dict:
        from .oidc import enabled as council_sign_in_enabled

        context = super().get_context_data(**kwargs)
        context["council_sign_in"] = council_sign_in_enabled()
        if settings.DEMO_MODE:
            context["demo_accounts"] = DEMO_ACCOUNTS
            context["demo_password"] = DEMO_PASSWORD
        return context


class SetPasswordView(PasswordResetConfirmView):
    """A member of staff follows a one-time link (emailed, or given to them by an administrator) and sets their
    password; they are then signed in. The token leaves the address at once (Django moves it into the session), and
    the link stops working once used."""

    template_name = "accounts/set_password.html"
    form_class = SetOwnPasswordForm
    reset_url_token = "set-password"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"

    def get_success_url(self) -> str:
        return resolve_url(settings.LOGIN_REDIRECT_URL)

    def get_user(self, uidb64: str):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None


@require_GET
def keepalive(request: HttpRequest) -> HttpResponse:
    """Renews the idle session (the session is saved on every request)."""
    return HttpResponse(status=204)


@require_http_methods(["GET", "POST"])
def timed_out(request: HttpRequest) -> HttpResponse:
    """Where the timeout warning sends an idle user. Signing out is a POST (the warning's button, or its script when
    the time is up), then the page says so; opening the address only shows the page, and changes nothing."""
    if request.method == "POST":
        logout(request)
        return redirect("accounts:timed-out")
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/timed_out.html")


@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    """My notifications, newest first, the unread ones marked new until the user marks them read (a POST: opening a
    page never changes anything)."""
    from django.core.paginator import Paginator

    from .models import Notification
    from .services import notifications_mark_read

    if request.method == "POST":
        notifications_mark_read(user=request.user)
        return redirect("accounts:notifications")
    page = Paginator(Notification.objects.filter(recipient=request.user).order_by("-created_at", "-pk"), 50).get_page(
        request.GET.get("page")
    )
    unread = {n.pk for n in page if n.read_at is None}
    has_unread = bool(unread) or Notification.objects.filter(recipient=request.user, read_at__isnull=True).exists()
    return render(request, "accounts/notifications.html", {"page": page, "unread": unread, "has_unread": has_unread})

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from .forms import SignInForm


class SignInView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: object) -> dict:
        context = super().get_context_data(**kwargs)
        if settings.DEMO_MODE:
            context["demo_accounts"] = DEMO_ACCOUNTS
            context["demo_password"] = DEMO_PASSWORD
        return context


@require_GET
def keepalive(request: HttpRequest) -> HttpResponse:
    """Renews the idle session (the session is saved on every request)."""
    return HttpResponse(status=204)


def timed_out(request: HttpRequest) -> HttpResponse:
    """Where the timeout warning sends an idle user: signs them out and says so."""
    logout(request)
    return render(request, "accounts/timed_out.html")


def notifications(request: HttpRequest) -> HttpResponse:
    """My notifications, newest first; opening the page marks them read."""
    from django.core.paginator import Paginator

    from .models import Notification
    from .services import notifications_mark_read

    page = Paginator(Notification.objects.filter(recipient=request.user).order_by("-created_at", "-pk"), 50).get_page(
        request.GET.get("page")
    )
    unread = {n.pk for n in page if n.read_at is None}
    notifications_mark_read(user=request.user)
    return render(request, "accounts/notifications.html", {"page": page, "unread": unread})

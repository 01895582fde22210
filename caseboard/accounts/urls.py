from django.contrib.auth.views import LogoutView
from django.urls import path

from . import oidc, views, views_second_factor

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("council-sign-in/refused/", oidc.council_sign_in_refused, name="council-sign-in-refused"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("keepalive/", views.keepalive, name="keepalive"),
    path("signed-out/", views.timed_out, name="timed-out"),
    path("notifications/", views.notifications, name="notifications"),
    path("second-factor/", views_second_factor.second_factor_page, name="second-factor"),
    path("second-factor/enrol/", views_second_factor.second_factor_enrol, name="second-factor-enrol"),
    path("second-factor/verify/", views_second_factor.second_factor_verify, name="second-factor-verify"),
    path("second-factor/recovery-codes/", views_second_factor.recovery_codes_renew, name="recovery-codes-renew"),
    path("set-password/<uidb64>/<token>/", views.SetPasswordView.as_view(), name="set-password"),
]

"""Single sign-on's addresses, under ``/oidc/`` (the redirect URI registered at the provider is
``SITE/oidc/callback/``). Unnamespaced: mozilla-django-oidc reverses these names itself."""

from django.urls import path

from . import oidc

urlpatterns = [
    path("authenticate/", oidc.CouncilSignInStart.as_view(), name="oidc_authentication_init"),
    path("callback/", oidc.CouncilSignInCallback.as_view(), name=oidc.CALLBACK_URL_NAME),
]

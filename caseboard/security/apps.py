from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """API tokens a council can manage, and the shared cache behind rate limits."""

    name = "caseboard.security"
    label = "security"

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.contrib import admin
        from knox.models import AuthToken

        from caseboard.accounts.rules import is_administrator
        from caseboard.core.hooks import NavItem, register_nav_item

        from . import rules  # noqa: F401
        from .models import ApiToken

        # The secret's digest and prefix stay out of the audit log; who, which name and when are recorded.
        auditlog.register(ApiToken, exclude_fields=["digest", "token_key"])
        # knox's own token model is swapped for ApiToken: its admin page would have no table behind it.
        if admin.site.is_registered(AuthToken):
            admin.site.unregister(AuthToken)
        register_nav_item(NavItem(137, "API tokens", "security:tokens", is_administrator, group="settings"))

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "caseboard.accounts"
    label = "accounts"

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.contrib import admin

        from caseboard.core.hooks import register_demo_step

        from .demo import add_demo_line_managers
        from .models import Service, StaffChange, Team, User

        auditlog.register(User, exclude_fields=["password", "last_login"], m2m_fields={"teams"})
        auditlog.register(Team)
        auditlog.register(Service)
        auditlog.register(StaffChange)
        register_demo_step(add_demo_line_managers)
        # Django admin is for administrators only, whatever else a user's flags say.
        admin.site.has_permission = lambda request: bool(
            request.user.is_active and request.user.is_staff and request.user.is_administrator
        )

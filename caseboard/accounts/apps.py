from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "caseboard.accounts"
    label = "accounts"

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.contrib import admin
        from django.contrib.auth.signals import user_logged_in

        from caseboard.core.hooks import NavItem, register_demo_step, register_nav_counter, register_nav_item

        from .demo import add_demo_line_managers, add_demo_staff_history
        from .models import ProviderGroup, Service, SignInIdentity, StaffChange, Team, User
        from .rules import unread_notifications
        from .second_factor import remember_due

        auditlog.register(User, exclude_fields=["password", "last_login"], m2m_fields={"teams"})
        auditlog.register(Team)
        auditlog.register(Service)
        auditlog.register(StaffChange)
        auditlog.register(ProviderGroup, m2m_fields={"teams"})
        auditlog.register(SignInIdentity, exclude_fields=["last_signed_in_at"])
        user_logged_in.connect(remember_due, dispatch_uid="caseboard.second_factor.remember_due")
        register_demo_step(add_demo_line_managers)
        register_demo_step(add_demo_staff_history)
        # Django admin is for administrators only, whatever else a user's flags say.
        admin.site.has_permission = lambda request: bool(
            request.user.is_active and request.user.is_staff and request.user.is_administrator
        )
        register_nav_item(NavItem(120, "Notifications", "accounts:notifications", group="notifications"))
        register_nav_counter("accounts:notifications", unread_notifications)

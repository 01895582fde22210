from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "caseboard.education"
    label = "education"
    verbose_name = "Education"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from caseboard.accounts.rules import is_front_door_practitioner
        from caseboard.core.hooks import NavItem, register_nav_item

        from .models import AttendanceImport

        # Attendance rows are written in bulk from a school's file; the import that wrote them is audited.
        auditlog.register(AttendanceImport)
        register_nav_item(NavItem(78, "Education", "education:index", ~is_front_door_practitioner, group="services"))

from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "caseboard.reporting"
    label = "reporting"
    verbose_name = "Reporting"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from caseboard.accounts.rules import oversees_teams
        from caseboard.core.hooks import NavItem, register_labels, register_nav_item
        from caseboard.visits.models import VisitMode

        from .models import DemandAlertSetting, StoredReturn

        auditlog.register(StoredReturn, exclude_fields=["figures"])
        auditlog.register(DemandAlertSetting)
        register_labels("visit_mode", dict(VisitMode.choices))
        register_nav_item(NavItem(60, "Reports", "reporting:index", oversees_teams))

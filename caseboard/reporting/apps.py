from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "caseboard.reporting"
    label = "reporting"
    verbose_name = "Reporting"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from caseboard.accounts.rules import is_administrator
        from caseboard.core.hooks import NavItem, register_labels, register_nav_item
        from caseboard.policy.hooks import SettingsSection, register_settings_section
        from caseboard.visits.models import VisitMode

        from .models import (
            RETENTION_FIELDS,
            SURVEY_FIELDS,
            SURVEY_SECTION,
            DemandAlertSetting,
            RetentionSettings,
            StoredReturn,
            SurveySettings,
        )
        from .rules import sees_reports, works_at_front_door

        auditlog.register(StoredReturn, exclude_fields=["figures"])
        auditlog.register(DemandAlertSetting)
        auditlog.register(RetentionSettings)
        auditlog.register(SurveySettings)
        register_settings_section(
            SettingsSection(
                key=SURVEY_SECTION, title="Vulnerable children survey", model=SurveySettings, fields=SURVEY_FIELDS
            )
        )
        register_settings_section(
            SettingsSection(
                key="retention", title="Records retention", model=RetentionSettings, fields=RETENTION_FIELDS
            )
        )
        register_nav_item(NavItem(139, "Retention", "reporting:retention", is_administrator, group="reports"))
        register_labels("visit_mode", dict(VisitMode.choices))
        # The same predicates as the report views: the front door has its demand report only.
        register_nav_item(NavItem(35, "Reports", "reporting:index", sees_reports, group="reports"))
        register_nav_item(
            NavItem(36, "Demand", "reporting:demand", works_at_front_door & ~sees_reports, group="reports")
        )
        from caseboard.core.hooks import register_page_panel as register_home_card

        from . import home

        for card in (home.reports_card,):
            register_home_card("home", card)

from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "caseboard.plans"
    label = "plans"
    verbose_name = "Plans and delays"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from caseboard.core.hooks import NavItem, register_child_panel, register_demo_step, register_nav_item
        from caseboard.policy.hooks import SettingsSection, register_settings_section

        from . import rules
        from .demo import add_demo_plans
        from .models import DELAY_SETTINGS_FIELDS, Action, Delay, DelaySettings, Objective, Plan, Review, Service
        from .operating import SECTION_KEY
        from .panels import plans_panel

        for model in (Plan, Objective, Action, Service, Review, Delay, DelaySettings):
            auditlog.register(model)
        register_child_panel(plans_panel)
        register_nav_item(NavItem(65, "Delays", "plans:delays-report", rules.view_delay_report, group="reports"))
        register_demo_step(add_demo_plans)
        register_settings_section(
            SettingsSection(key=SECTION_KEY, title="Causes of delay", model=DelaySettings, fields=DELAY_SETTINGS_FIELDS)
        )

from decimal import Decimal

from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "caseboard.finance"
    label = "finance"
    verbose_name = "Payments"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from caseboard.core.hooks import NavItem, register_child_panel, register_demo_step, register_nav_item
        from caseboard.people.rules import edits_records
        from caseboard.policy.hooks import SettingsSection, register_settings_section

        from . import rules
        from .demo import add_demo_payments
        from .models import FINANCE_SETTINGS_FIELDS, Budget, CostCode, FinanceSettings, Payment
        from .operating import SECTION_KEY
        from .panels import payments_panel

        for model in (CostCode, Budget, Payment, FinanceSettings):
            auditlog.register(model)
        register_child_panel(payments_panel)
        register_nav_item(
            NavItem(
                81,
                "Payments",
                "finance:payments",
                edits_records | rules.reads_spend | rules.approves_payments,
                group="services",
            )
        )
        register_demo_step(add_demo_payments)
        register_settings_section(
            SettingsSection(
                key=SECTION_KEY,
                title="Payments: approval limits",
                model=FinanceSettings,
                fields=FINANCE_SETTINGS_FIELDS,
                # In the pandemic more hardship requests came in: team coordinators approve more without a manager.
                presets={"covid": {"coordinator_limit": Decimal("100.00"), "manager_limit": Decimal("500.00")}},
            )
        )

from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "caseboard.decisions"
    label = "decisions"
    verbose_name = "Key decisions"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from caseboard.accounts.rules import is_manager
        from caseboard.compliance.facts import register_fact_source
        from caseboard.core.hooks import (
            NavItem,
            register_child_panel,
            register_demo_step,
            register_nav_counter,
            register_nav_item,
        )

        from .demo import add_demo_decisions
        from .facts import decision_facts
        from .models import DecisionEvent, KeyDecision
        from .panels import decisions_panel
        from .selectors import approvals_count

        auditlog.register(KeyDecision, m2m_fields={"children"})
        auditlog.register(DecisionEvent)
        register_child_panel(decisions_panel)
        register_fact_source(decision_facts)
        register_nav_counter("decisions:approvals", approvals_count)
        register_demo_step(add_demo_decisions)
        register_nav_item(NavItem(110, "Approvals", "decisions:approvals", is_manager, group="work"))
        from caseboard.core.hooks import register_page_panel as register_home_card

        from . import home

        for card in (home.approvals_card,):
            register_home_card("home", card)

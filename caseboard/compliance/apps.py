from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "caseboard.compliance"
    label = "compliance"
    verbose_name = "Statutory clock"

    def ready(self) -> None:
        from caseboard.accounts.rules import oversees_teams
        from caseboard.clock.vocabulary import DUE_KIND_LABELS
        from caseboard.core.hooks import (
            NavItem,
            register_caseload_annotator,
            register_child_panel,
            register_labels,
            register_nav_item,
        )
        from caseboard.policy.hooks import register_facts_reader

        from . import receivers  # noqa: F401  (recompute due items when a child's facts change)
        from .facts import facts_for
        from .panels import due_items_panel
        from .selectors import annotate_next_due

        register_child_panel(due_items_panel)
        register_caseload_annotator(annotate_next_due)
        register_labels("due_kind", {kind.value: label for kind, label in DUE_KIND_LABELS.items()})
        register_facts_reader(facts_for)
        register_nav_item(NavItem(20, "Due and overdue", "compliance:my-worklist", group="work"))
        register_nav_item(NavItem(40, "Overdue by team", "compliance:dashboard", oversees_teams, group="reports"))
        from caseboard.core.hooks import register_page_panel as register_home_card

        from . import home

        for card in (
            home.week_card,
            home.teams_overdue_card,
        ):
            register_home_card("home", card)

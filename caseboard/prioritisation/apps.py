from django.apps import AppConfig


class PrioritisationConfig(AppConfig):
    name = "caseboard.prioritisation"
    label = "prioritisation"
    verbose_name = "RAG prioritisation"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from caseboard.accounts.rules import oversees_teams
        from caseboard.compliance.facts import register_fact_source
        from caseboard.core.hooks import (
            NavItem,
            register_caseload_annotator,
            register_caseload_filter,
            register_caseload_sort,
            register_child_panel,
            register_demo_step,
            register_labels,
            register_nav_item,
            register_worklist_annotator,
        )

        from .demo import add_demo_ratings
        from .facts import campaign_facts, rag_facts
        from .models import RagFactor, RagRating, RatingCampaign, RatingColour, RatingVisitSettings
        from .panels import rag_panel
        from .selectors import annotate_child_rag, annotate_current_rag, filter_by_rag, order_by_rag

        auditlog.register(RagFactor)
        auditlog.register(RagRating, m2m_fields={"factors"})
        auditlog.register(RatingCampaign)
        auditlog.register(RatingVisitSettings)
        register_child_panel(rag_panel)
        register_fact_source(rag_facts)
        register_fact_source(campaign_facts)
        register_caseload_annotator(annotate_current_rag)
        register_caseload_sort("rag", order_by_rag)
        register_caseload_filter("rag", "RAG rating", [*RatingColour.choices, ("none", "Not rated")], filter_by_rag)
        register_worklist_annotator(annotate_child_rag)
        register_labels("rag_rating", dict(RatingColour.choices))
        register_demo_step(add_demo_ratings)
        register_nav_item(NavItem(50, "RAG assurance", "prioritisation:assurance", oversees_teams, group="reports"))
        from caseboard.core.hooks import register_page_panel as register_home_card

        from . import home

        for card in (home.rag_card,):
            register_home_card("home", card)
        _register_visit_rules()


def _register_visit_rules() -> None:
    """Visits by rating: a section of every operating-model version, read by the statutory clock."""
    from caseboard.policy.hooks import SettingsSection, register_rules_contributor, register_settings_section

    from .models import RATING_VISIT_FIELDS, RATING_VISIT_PRESETS, RatingVisitSettings
    from .visit_rules import SECTION_KEY, rules_by_rating

    register_settings_section(
        SettingsSection(
            key=SECTION_KEY,
            title="Visits by RAG rating",
            model=RatingVisitSettings,
            fields=RATING_VISIT_FIELDS,
            presets=RATING_VISIT_PRESETS,
        )
    )
    register_rules_contributor(rules_by_rating)

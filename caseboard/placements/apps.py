from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "caseboard.placements"
    label = "placements"
    verbose_name = "Placements and carers"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from caseboard.compliance.facts import register_episode_fact_source, register_fact_source
        from caseboard.core.hooks import (
            NavItem,
            register_child_panel,
            register_demo_step,
            register_nav_item,
            register_page_panel,
        )
        from caseboard.people.selectors import register_visibility_source
        from caseboard.policy.hooks import SettingsSection, register_settings_section
        from caseboard.prioritisation.hooks import register_factor_evidence

        from . import rules  # noqa: F401  (the permissions)
        from .demo import add_demo_placements
        from .facts import episode_facts, placement_facts
        from .home import carer_reviews_card, carer_reviews_panel
        from .models import (
            SETTINGS_FIELDS,
            SETTINGS_PRESETS,
            AnnualReview,
            Approval,
            CarerVisit,
            HouseholdHealth,
            HouseholdMember,
            Placement,
            PlacementPlan,
            PlacementSettings,
            Setting,
            SettingNotice,
        )
        from .panels import placement_panel
        from .rules import sees_placements
        from .selectors import breakdown_evidence, supervised_child_ids

        for model in (
            Setting,
            HouseholdMember,
            Approval,
            HouseholdHealth,
            SettingNotice,
            AnnualReview,
            Placement,
            PlacementPlan,
            CarerVisit,
            PlacementSettings,
        ):
            auditlog.register(model)
        register_fact_source(placement_facts)
        register_episode_fact_source(episode_facts)
        register_visibility_source(supervised_child_ids)
        register_child_panel(placement_panel)
        register_factor_evidence(breakdown_evidence)
        register_nav_item(NavItem(78, "Placements", "placements:index", sees_placements, group="services"))
        register_page_panel("my-worklist", carer_reviews_panel)
        register_page_panel("home", carer_reviews_card)
        register_demo_step(add_demo_placements)
        register_settings_section(
            SettingsSection(
                key="placements",
                title="Placements and carers' approvals",
                model=PlacementSettings,
                fields=SETTINGS_FIELDS,
                presets=SETTINGS_PRESETS,
            )
        )

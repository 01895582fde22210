from django.apps import AppConfig


class FrontDoorConfig(AppConfig):
    name = "caseboard.frontdoor"
    label = "frontdoor"
    verbose_name = "Front door and assessments"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from caseboard.compliance.facts import register_fact_source
        from caseboard.core.hooks import (
            NavItem,
            register_child_panel,
            register_demo_step,
            register_labels,
            register_nav_counter,
            register_nav_item,
        )

        from .demo import add_demo_front_door
        from .facts import assessment_facts
        from .models import (
            AgencyCheck,
            Assessment,
            AssessmentOutcome,
            AssessmentPause,
            Contact,
            ContactDecision,
            Referral,
            Screening,
        )
        from .panels import front_door_panel
        from .rules import uses_the_front_door
        from .selectors import awaiting_count

        auditlog.register(Contact, m2m_fields={"children"})
        for model in (Referral, Screening, AgencyCheck, Assessment, AssessmentPause):
            auditlog.register(model)
        register_fact_source(assessment_facts)
        register_child_panel(front_door_panel)
        register_nav_counter("frontdoor:queue", awaiting_count)
        register_labels("contact_decision", dict(ContactDecision.choices))
        register_labels("assessment_outcome", dict(AssessmentOutcome.choices))
        register_demo_step(add_demo_front_door)
        register_nav_item(NavItem(90, "Front door", "frontdoor:queue", uses_the_front_door, group="work"))
        from caseboard.core.hooks import register_page_panel as register_home_card

        from . import home

        for card in (home.queue_card, home.screenings_to_confirm_card):
            register_home_card("home", card)

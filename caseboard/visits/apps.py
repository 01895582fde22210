from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "caseboard.visits"
    label = "visits"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from caseboard.compliance.facts import register_fact_source
        from caseboard.core.hooks import (
            register_caseload_annotator,
            register_child_panel,
            register_demo_step,
            register_labels,
        )

        from .demo import add_demo_visits
        from .facts import visit_facts
        from .models import CaseNote, ChildSeen, PreVisitCheck, Visit, VisitMode
        from .panels import visits_panel
        from .selectors import annotate_last_visit

        for model in (PreVisitCheck, Visit, ChildSeen, CaseNote):
            auditlog.register(model, m2m_fields={"children"} if model is PreVisitCheck else None)
        register_fact_source(visit_facts)
        register_child_panel(visits_panel)
        register_caseload_annotator(annotate_last_visit)
        register_labels("visit_mode", dict(VisitMode.choices))
        register_demo_step(add_demo_visits)
        _register_contact_settings()


def _register_contact_settings() -> None:
    """Which case notes are remote contact: a section of every operating-model version, read by the statutory
    clock."""
    from auditlog.registry import auditlog

    from caseboard.policy.hooks import SettingsSection, register_rules_contributor, register_settings_section

    from .facts import remote_contact_kinds
    from .models import CONTACT_FIELDS, CONTACT_SECTION, ContactSettings

    auditlog.register(ContactSettings)
    register_settings_section(
        SettingsSection(
            key=CONTACT_SECTION,
            title="Remote contact: which case notes count",
            model=ContactSettings,
            fields=CONTACT_FIELDS,
        )
    )
    register_rules_contributor(remote_contact_kinds)

from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "caseboard.meetings"
    label = "meetings"
    verbose_name = "Meetings and conferences"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from caseboard.compliance.facts import register_fact_source
        from caseboard.core.hooks import (
            NavItem,
            register_child_panel,
            register_demo_step,
            register_labels,
            register_nav_item,
        )

        from . import rules  # noqa: F401  (registers the meetings.record_meeting permission)
        from .demo import add_demo_meetings
        from .facts import meeting_facts
        from .models import (
            Invitee,
            Meeting,
            MeetingAction,
            MeetingFormat,
            MeetingKind,
            Postponement,
            Section47Enquiry,
        )
        from .panels import meetings_panel

        auditlog.register(Meeting, m2m_fields={"children"})
        for model in (Invitee, Postponement, MeetingAction, Section47Enquiry):
            auditlog.register(model)
        register_fact_source(meeting_facts)
        register_child_panel(meetings_panel)
        register_labels("meeting_kind", dict(MeetingKind.choices))
        register_labels("meeting_format", dict(MeetingFormat.choices))
        register_demo_step(add_demo_meetings)
        register_nav_item(NavItem(70, "Meetings", "meetings:index", group="work"))
        from caseboard.policy.hooks import SettingsSection, register_settings_section

        from .models import CANCELLATION_FIELDS, CANCELLATION_SECTION, CancellationSettings

        auditlog.register(CancellationSettings)
        register_settings_section(
            SettingsSection(
                key=CANCELLATION_SECTION,
                title="Meetings that need a key decision to cancel",
                model=CancellationSettings,
                fields=CANCELLATION_FIELDS,
            )
        )
        from caseboard.core.hooks import register_page_panel as register_home_card

        from . import home

        for card in (home.iro_reviews_card,):
            register_home_card("home", card)

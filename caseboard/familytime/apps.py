from django.apps import AppConfig


class FamilyTimeConfig(AppConfig):
    name = "caseboard.familytime"
    label = "familytime"
    verbose_name = "Family time"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from caseboard.accounts.rules import is_front_door_practitioner
        from caseboard.core.hooks import (
            NavItem,
            register_child_panel,
            register_deactivation_check,
            register_demo_step,
            register_nav_counter,
            register_nav_item,
            register_page_panel,
        )

        from . import receivers, rules  # noqa: F401  (the decision listener and the permissions)
        from .demo import add_demo_family_time
        from .models import (
            Arrangement,
            ArrangementChange,
            FamilyTimeSettings,
            RiskAssessment,
            Room,
            RoomClosure,
            SchoolHoliday,
            Session,
            Venue,
            WaitingListEntry,
        )
        from .panels import family_time_panel, observation_notes_due_panel
        from .selectors import nav_count, supervision_still_held

        auditlog.register(Arrangement, m2m_fields={"family_members", "siblings"})
        auditlog.register(Venue, m2m_fields={"coordinators"})
        for model in (
            ArrangementChange,
            RiskAssessment,
            Room,
            RoomClosure,
            SchoolHoliday,
            WaitingListEntry,
            FamilyTimeSettings,
        ):
            auditlog.register(model)
        # The supervisor's notes task is a reverse relation, not a field of the session: logging it with each new
        # session would read it back, a query per booking.
        auditlog.register(Session, exclude_fields=["observation_task"])
        register_child_panel(family_time_panel)
        register_page_panel("my-worklist", observation_notes_due_panel)
        register_nav_item(NavItem(75, "Family time", "familytime:index", ~is_front_door_practitioner, group="services"))
        register_nav_counter("familytime:index", nav_count)
        register_deactivation_check(supervision_still_held)
        register_demo_step(add_demo_family_time)
        _register_settings_section(FamilyTimeSettings)
        from caseboard.core.hooks import register_page_panel as register_home_card

        from . import home

        for card in (
            home.coordinator_card,
            home.supervisor_card,
            home.attention_card,
        ):
            register_home_card("home", card)


def _register_settings_section(model: type) -> None:
    """Contribute the family time section to every operating-model version."""
    from caseboard.policy.hooks import SettingsSection, register_settings_section

    from .models import SETTINGS_FIELDS, SETTINGS_PRESETS

    register_settings_section(
        SettingsSection(
            key="family_time",
            title="Family time and the family centre",
            model=model,
            fields=SETTINGS_FIELDS,
            presets=SETTINGS_PRESETS,
        )
    )

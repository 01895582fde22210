from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "caseboard.workforce"
    label = "workforce"
    verbose_name = "Workforce"

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.db.models.signals import post_save

        from caseboard.core.hooks import (
            NavItem,
            register_child_panel,
            register_deactivation_check,
            register_demo_step,
            register_labels,
            register_nav_counter,
            register_nav_item,
            register_page_panel,
        )
        from caseboard.visits.models import Visit

        from . import models
        from .demo import add_demo_workforce
        from .panels import duty_today_panel, oversight_panel
        from .receivers import visit_saved

        # Every record is audited except the derived due items and the survey's responses and participations
        # (an audit entry would name who wrote the response, and its time would line up with the participation).
        for model in (
            models.StaffRecord,
            models.Availability,
            models.BuddyPair,
            models.CheckIn,
            models.SupervisionSession,
            models.CaseDiscussion,
            models.SupervisionAction,
            models.CoverArrangement,
            models.Office,
            models.DeskCapacity,
            models.RotaDay,
            models.IndividualNeed,
            models.OfficeBooking,
            models.DutyShift,
            models.PpeStock,
            models.PpeLedgerEntry,
            models.StaffSurvey,
            models.WorkforceSettings,
        ):
            auditlog.register(model)
        register_child_panel(oversight_panel)
        register_page_panel("frontdoor-queue", duty_today_panel)
        register_demo_step(add_demo_workforce)
        register_labels("staff_due_kind", dict(models.StaffDueKind.choices))
        register_labels("workforce_skill", dict(models.Skill.choices))
        register_nav_item(NavItem(77, "Workforce", "workforce:index", group="services"))
        register_nav_counter("workforce:index", _overdue_count)
        register_deactivation_check(_duty_still_held)
        post_save.connect(visit_saved, sender=Visit, dispatch_uid="workforce-visit-ppe")
        _register_settings_section()


def _overdue_count(user) -> int:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from .models import StaffDueItem

    return StaffDueItem.objects.filter(responsible=user, due_on__lt=timezone.localdate()).count()


def _duty_still_held(user) -> list[str]:  # type: ignore[no-untyped-def]
    """A leaver's duty shifts from today on must be given to someone else first."""
    from django.utils import timezone

    from .models import DutyShift

    count = DutyShift.objects.filter(person=user, on__gte=timezone.localdate()).count()
    return [f"{count} duty shift{'s' if count != 1 else ''} from today on the duty rota"] if count else []


def _register_settings_section() -> None:
    """The workforce cadences and thresholds as a section of every operating-model version."""
    from caseboard.policy.hooks import SettingsSection, register_settings_section

    from .models import COVID_PRESET, SETTINGS_FIELDS, WorkforceSettings

    register_settings_section(
        SettingsSection(
            key="workforce",
            title="Workforce: welfare check-ins, supervision, PPE and the staff survey",
            model=WorkforceSettings,
            fields=SETTINGS_FIELDS,
            presets={"covid": COVID_PRESET},
        )
    )

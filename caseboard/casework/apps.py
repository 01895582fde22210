from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "caseboard.casework"
    label = "casework"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from caseboard.accounts.rules import oversees_teams
        from caseboard.core.hooks import NavItem, register_nav_item
        from caseboard.people.selectors import register_open_allocations

        from .models import (
            Adoption,
            AdoptionDecision,
            Allocation,
            AsylumSeekingStatus,
            CareLeaverOutcome,
            ChildInNeedPlan,
            Episode,
            HealthOutcome,
            MissingEpisode,
            Motherhood,
            PreviousPermanence,
        )

        auditlog.register(Episode)
        auditlog.register(Allocation)
        for model in (
            MissingEpisode,
            AsylumSeekingStatus,
            HealthOutcome,
            CareLeaverOutcome,
            PreviousPermanence,
            AdoptionDecision,
            Adoption,
            Motherhood,
            ChildInNeedPlan,
        ):
            auditlog.register(model)
        register_open_allocations(lambda: Allocation.objects.filter(ended_on__isnull=True))
        register_nav_item(NavItem(10, "My caseload", "casework:my-caseload", group="children"))
        register_nav_item(NavItem(5, "Teams", "casework:teams", oversees_teams, group="children"))
        register_nav_item(NavItem(80, "Find a child", "casework:search", group="children"))
        from caseboard.core.hooks import register_page_panel as register_home_card

        from . import home

        for card in (
            home.caseload_card,
            home.teams_card,
        ):
            register_home_card("home", card)

from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "caseboard.casework"
    label = "casework"

    def ready(self) -> None:
        from auditlog.registry import auditlog

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

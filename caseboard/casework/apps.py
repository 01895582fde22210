from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "caseboard.casework"
    label = "casework"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Allocation, Episode

        auditlog.register(Episode)
        auditlog.register(Allocation)

from django.apps import AppConfig
from django.db.models.signals import pre_save


class CoreConfig(AppConfig):
    name = "caseboard.core"
    label = "core"

    def ready(self) -> None:
        from auditlog.models import LogEntry

        from .audit import actor_from_request

        pre_save.connect(actor_from_request, sender=LogEntry, dispatch_uid="caseboard-audit-actor")

from django.apps import AppConfig
from django.db.models.signals import pre_save


class CoreConfig(AppConfig):
    name = "caseboard.core"
    label = "core"

    def ready(self) -> None:
        from auditlog.models import LogEntry

        from caseboard.accounts.rules import administers_the_site

        from .audit import actor_from_request
        from .hooks import NavItem, register_nav_item

        pre_save.connect(actor_from_request, sender=LogEntry, dispatch_uid="caseboard-audit-actor")
        register_nav_item(NavItem(140, "Administration", "admin:index", administers_the_site))

from django.apps import AppConfig
from django.db.models.signals import pre_save


class CoreConfig(AppConfig):
    name = "caseboard.core"
    label = "core"

    def ready(self) -> None:
        from auditlog.models import LogEntry
        from django.contrib.auth.signals import user_logged_in

        from caseboard.accounts.rules import administers_the_site

        from .audit import actor_from_request
        from .hooks import NavItem, register_nav_item
        from .middleware import mark_signed_in
        from .validation import check_before_save

        pre_save.connect(actor_from_request, sender=LogEntry, dispatch_uid="caseboard-audit-actor")
        # One set of rules for every record, whether it comes from a form, the API or an import.
        pre_save.connect(check_before_save, dispatch_uid="caseboard-validation")
        user_logged_in.connect(mark_signed_in, dispatch_uid="caseboard-signed-in-at")
        register_nav_item(NavItem(140, "Administration", "admin:index", administers_the_site, group="settings"))

from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "caseboard.interchange"
    label = "interchange"
    verbose_name = "DfE returns and imports"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from caseboard.core.hooks import register_demo_step

        from .demo import add_demo_return_records
        from .models import GeneratedReturn, ImportRun, LookedAfterReviewParticipation, ReturnDownload

        auditlog.register(GeneratedReturn, exclude_fields=["files", "validation", "progress"])
        auditlog.register(ImportRun, exclude_fields=["files", "progress"])
        auditlog.register(LookedAfterReviewParticipation)
        auditlog.register(ReturnDownload)
        register_demo_step(add_demo_return_records)
        from caseboard.core.hooks import register_page_panel as register_home_card

        from . import home

        for card in (home.returns_card,):
            register_home_card("home", card)

from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "caseboard.policy"
    label = "policy"
    verbose_name = "Operating models"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from caseboard.core.hooks import NavItem, register_nav_item

        from .models import DeviationRule, OperatingModel, OperatingModelVersion, PreVisitQuestion, VisitFrequency

        auditlog.register(OperatingModel)
        auditlog.register(OperatingModelVersion)
        auditlog.register(VisitFrequency)
        auditlog.register(DeviationRule)
        auditlog.register(PreVisitQuestion)
        register_nav_item(NavItem(130, "Operating model", "policy:index", group="settings"))
        from caseboard.core.hooks import register_page_panel as register_home_card

        from . import home

        for card in (home.operating_model_card,):
            register_home_card("home", card)

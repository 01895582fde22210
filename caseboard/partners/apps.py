from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "caseboard.partners"
    label = "partners"
    verbose_name = "Partners"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from caseboard.core.hooks import NavItem, register_child_panel, register_demo_step, register_nav_item

        from . import rules  # noqa: F401  (the permissions)
        from .demo import add_demo_partners
        from .models import Agency, AgencyContact, ChildProfessional, Escalation, InformationShare, Problem
        from .panels import partners_panel

        for model in (Agency, AgencyContact, ChildProfessional, InformationShare, Problem, Escalation):
            auditlog.register(model)
        register_child_panel(partners_panel)
        register_nav_item(NavItem(79, "Partners", "partners:agencies", group="services"))
        register_demo_step(add_demo_partners)

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "caseboard.people"
    label = "people"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from caseboard.core.hooks import NavItem, register_nav_item

        from .models import BreakGlassAccess, Child, FamilyMember, Household, HouseholdMember, SiblingLink
        from .rules import reviews_access

        auditlog.register(Child, m2m_fields={"restricted_to"})
        auditlog.register(FamilyMember)
        auditlog.register(BreakGlassAccess)
        auditlog.register(Household)
        auditlog.register(HouseholdMember)
        auditlog.register(SiblingLink)
        register_nav_item(NavItem(100, "Access report", "people:access-report", reviews_access, group="reports"))

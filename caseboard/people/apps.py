from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "caseboard.people"
    label = "people"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import BreakGlassAccess, Child, FamilyMember, Household, HouseholdMember, SiblingLink

        auditlog.register(Child, m2m_fields={"restricted_to"})
        auditlog.register(FamilyMember)
        auditlog.register(BreakGlassAccess)
        auditlog.register(Household)
        auditlog.register(HouseholdMember)
        auditlog.register(SiblingLink)

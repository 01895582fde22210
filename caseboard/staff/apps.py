from django.apps import AppConfig


class StaffConfig(AppConfig):
    """Administrators' pages and API for staff, teams and services. Above casework, so that a leaver's open
    allocations can be listed and handed on through casework's allocation service."""

    name = "caseboard.staff"
    label = "staff"
    verbose_name = "Staff and teams"

    def ready(self) -> None:
        from caseboard.core.hooks import register_deactivation_check

        from .selectors import open_allocations_check

        register_deactivation_check(open_allocations_check)

from django.apps import AppConfig


class StaffConfig(AppConfig):
    """Administrators' pages and API for staff, teams and services. Above casework, so that a leaver's open
    allocations can be listed and handed on through casework's allocation service."""

    name = "caseboard.staff"
    label = "staff"
    verbose_name = "Staff and teams"

    def ready(self) -> None:
        from caseboard.accounts.rules import manages_staff
        from caseboard.core.hooks import NavItem, register_deactivation_check, register_nav_item

        from .selectors import open_allocations_check

        register_deactivation_check(open_allocations_check)
        register_nav_item(NavItem(135, "Staff", "staff:index", manages_staff, group="settings"))
        from caseboard.core.hooks import register_page_panel as register_home_card

        from . import home

        for card in (home.staff_card,):
            register_home_card("home", card)

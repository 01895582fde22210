from datetime import date

import pytest

from caseboard.accounts.demo import add_demo_line_managers
from caseboard.accounts.models import Role, User
from caseboard.conftest import make_user


@pytest.mark.django_db
def test_demo_staff_report_to_their_team_manager_and_managers_to_their_head(council):
    cp_manager = make_user("cpmanager", Role.TEAM_MANAGER, council.cp_team)
    summary = add_demo_line_managers(1, date(2026, 12, 1))
    line_manager = dict(User.objects.values_list("username", "line_manager__username"))
    assert line_manager["worker"] == "manager" and line_manager["colleague"] == "manager"
    assert line_manager["manager"] == "head"
    assert line_manager["cpworker"] == "cpmanager" and line_manager[cp_manager.username] == "cphead"
    assert line_manager["head"] is None and line_manager["admin"] is None
    assert summary.endswith("staff with a line manager")
    # Deterministic: a second run changes nothing.
    assert add_demo_line_managers(1, date(2026, 12, 1)) == "0 staff with a line manager"


@pytest.mark.django_db
def test_demo_staff_history_goes_back_to_2019_and_is_deterministic(council):
    from caseboard.accounts.demo import add_demo_staff_history
    from caseboard.accounts.models import StaffChange

    summary = add_demo_staff_history(1, date(2026, 12, 1))
    rows = list(StaffChange.objects.order_by("pk").values_list("member__username", "kind", "to_value", "changed_at"))
    assert summary.endswith("from January 2019")
    assert {username for username, kind, *_ in rows if kind == "added"} == set(
        User.objects.values_list("username", flat=True)
    )
    assert min(changed_at for *_, changed_at in rows).year == 2019
    assert add_demo_staff_history(1, date(2026, 12, 1)) == "staff history already loaded"
    StaffChange.objects.all()._raw_delete(StaffChange.objects.db)
    add_demo_staff_history(1, date(2026, 12, 1))
    again = list(StaffChange.objects.order_by("pk").values_list("member__username", "kind", "to_value", "changed_at"))
    assert again == rows

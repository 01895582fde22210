"""The load run (``manage.py load``): who the users sign in as, bounds, and how the figures are read."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from caseboard.devtools.management.commands.load import TOKEN_NAME, Command, summary
from caseboard.security.models import ApiToken

pytestmark = pytest.mark.django_db


def test_the_users_are_allocated_social_workers_and_managers_with_tokens_made_for_the_run(council):
    accounts = Command().accounts(30)
    # Social workers with children allocated: "nobody" (no role) and the managers are not among them.
    assert "worker" in accounts["workers"]
    assert set(accounts["workers"]) <= {"worker", "colleague", "otherworker", "cpworker"}
    assert accounts["managers"] == ["manager"]
    assert len(accounts["tokens"]) == ApiToken.objects.filter(name=TOKEN_NAME).count() > 0


def test_a_database_without_the_demo_council_is_refused(db):
    with pytest.raises(CommandError, match="no demo council"):
        Command().accounts(30)


@pytest.mark.parametrize("arguments", [["--users", "0"], ["--users", "1000"], ["--seconds", "3600"]])
def test_the_run_is_bounded(council, arguments):
    with pytest.raises(CommandError, match="bounded"):
        call_command("load", *arguments)


def test_the_summary_reads_locusts_aggregated_row():
    rows = [
        {
            "Type": "GET",
            "Name": "home",
            "Request Count": "10",
            "Failure Count": "0",
            "Requests/s": "1.5",
            "50%": "100",
            "95%": "200",
            "99%": "300",
        },
        {
            "Type": "",
            "Name": "Aggregated",
            "Request Count": "734",
            "Failure Count": "2",
            "Requests/s": "12.43",
            "50%": "150",
            "95%": "4600",
            "99%": "8200",
        },
    ]
    assert summary(rows) == {"requests": 734, "failures": 2, "rps": 12.4, "p50_ms": 150, "p95_ms": 4600, "p99_ms": 8200}

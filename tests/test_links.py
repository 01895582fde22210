"""Every in-app link a demo role is offered leads somewhere it may go: a crawl of the demo council as each demo
account (GET only, bounded) fails on any link that answers 403, 404 or 500, and on any form or link that would put
fields other than filters, sorting and record ids in the address."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import transaction

from caseboard.accounts.models import User
from caseboard.accounts.views import DEMO_ACCOUNTS

from .crawl import crawl, parameterless_pages


@pytest.fixture(scope="module")
def demo_council(django_db_setup, django_db_blocker):
    """A small demo council with every app's demo step, built once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", children=120, seed=1, verbosity=0)
        call_command("recompute_due", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("username", [username for username, _ in DEMO_ACCOUNTS])
def test_every_link_a_demo_role_is_offered_can_be_followed(demo_council, db, client, username):
    client.force_login(User.objects.get(username=username))
    result = crawl(client, typed=parameterless_pages())
    print(f"{username}: {result.fetched} pages", dict(result.routes))
    assert result.fetched > 10
    problems = sorted({str(problem) for problem in result.problems})
    assert not problems, f"{len(problems)} problem(s) for {username}:\n" + "\n".join(problems)

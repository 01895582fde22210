"""Every in-app link a demo role is offered leads somewhere it may go: a crawl of the demo council as each demo
account (GET only, bounded) fails on any link that answers 403, 404 or 500, on any form or link that would put
fields other than filters, sorting and record ids in the address, and on any page whose GET writes to the database
(state changes only by POST)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from caseboard.accounts.demo import DEMO_ACCOUNTS
from caseboard.accounts.models import User

from .crawl import crawl, parameterless_pages

# What a GET may write: the session (saved on every request), the audit's access entries for record views
# (checked below to be only access entries), and an operating-model version's settings section made on first read
# from the version or preset it descends from (caseboard/policy/hooks.py: the same values whenever it is made).
GET_MAY_WRITE = ("django_session", "auditlog_logentry")


def tables_a_get_may_write() -> set[str]:
    from caseboard.policy.hooks import settings_sections

    return set(GET_MAY_WRITE) | {section.model._meta.db_table for section in settings_sections()}


def changes_since(last_entry: int):
    """Audit entries after ``last_entry`` other than record views and settings sections made on first read."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from caseboard.policy.hooks import settings_sections

    sections = ContentType.objects.get_for_models(*(section.model for section in settings_sections())).values()
    return (
        LogEntry.objects.filter(pk__gt=last_entry)
        .exclude(action=LogEntry.Action.ACCESS)
        .exclude(action=LogEntry.Action.CREATE, content_type__in=list(sections))
    )


class WritesSeen:
    """A connection wrapper that notes each INSERT, UPDATE or DELETE with the table it writes."""

    def __init__(self) -> None:
        self.tables: set[str] = set()

    def __call__(self, execute, sql, params, many, context):
        words = sql.lstrip().split(None, 3)
        verb = words[0].upper() if words else ""
        if verb in {"INSERT", "UPDATE", "DELETE"}:
            target = words[2] if verb in {"INSERT", "DELETE"} else words[1]
            self.tables.add(target.strip('"`'))
        return execute(sql, params, many, context)


@pytest.fixture(scope="module")
def demo_council(django_db_setup, django_db_blocker):
    """A small demo council with every app's demo step, built once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", children=120, seed=1, verbosity=0)
        call_command("recompute_due", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("username", [account.username for account in DEMO_ACCOUNTS])
def test_every_link_a_demo_role_is_offered_can_be_followed(demo_council, db, client, username):
    from auditlog.models import LogEntry

    client.force_login(User.objects.get(username=username))
    last_entry = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    writes = WritesSeen()
    with connection.execute_wrapper(writes):
        result = crawl(client, typed=parameterless_pages())
    print(f"{username}: {result.fetched} pages", dict(result.routes))
    assert result.fetched > 10
    problems = sorted({str(problem) for problem in result.problems})
    assert not problems, f"{len(problems)} problem(s) for {username}:\n" + "\n".join(problems)
    allowed = tables_a_get_may_write()
    assert writes.tables <= allowed, f"pages opened by GET wrote to {sorted(writes.tables - allowed)}"
    changes = changes_since(last_entry)
    assert not changes.exists(), [str(entry) for entry in changes[:5]]


# --- the known cases, each with the line that says who can ---------------------------------------------------------
def _signed_in(client, username):
    client.force_login(User.objects.get(username=username))
    return client


def test_the_iro_is_told_who_proposes_a_cancellation_instead_of_a_link_they_cannot_follow(demo_council, db, client):
    from caseboard.meetings.models import DEFAULT_NEEDS_DECISION_TO_CANCEL, Meeting, MeetingStatus
    from caseboard.people.selectors import children_visible_to

    iro = User.objects.get(username="iro")
    meeting = (
        Meeting.objects.filter(
            kind__in=DEFAULT_NEEDS_DECISION_TO_CANCEL,
            status=MeetingStatus.SCHEDULED,
            children__in=children_visible_to(iro),
        )
        .order_by("pk")
        .first()
    )
    assert meeting is not None
    content = _signed_in(client, "iro").get(f"/meetings/{meeting.pk}/cancel/").content.decode()
    assert 'data-testid="propose-cancellation"' not in content
    assert "can propose it; a head of service approves it" in content

    allocated = meeting.children.order_by("pk").first().allocations.filter(ended_on__isnull=True, role="social_worker")
    client.force_login(allocated.first().worker)
    content = client.get(f"/meetings/{meeting.pk}/cancel/").content.decode()
    assert 'data-testid="propose-cancellation"' in content


def test_the_front_door_sees_names_it_cannot_open_as_text_and_its_demand_without_reports(demo_council, db, client):
    from caseboard.frontdoor.models import Contact
    from caseboard.people.selectors import children_visible_to

    frontdoor = User.objects.get(username="frontdoor")
    contact = Contact.objects.exclude(children__in=children_visible_to(frontdoor)).order_by("pk").first()
    child = contact.children.first()
    content = _signed_in(client, "frontdoor").get(f"/front-door/contacts/{contact.pk}/").content.decode()
    assert f'href="/children/{child.pk}/"' not in content
    assert f"Only staff with need to know for {child.first_name}" in content

    demand = client.get("/reports/demand/").content.decode()
    assert 'href="/reports/"' not in demand and 'href="/reports/demand/service/"' not in demand
    assert 'href="/front-door/">Front door</a>' in demand
    assert ">Demand</a>" in client.get("/caseload/").content.decode()


def test_the_front_door_is_offered_its_queue_only_if_it_may_see_it(demo_council, db, client):
    from caseboard.frontdoor.selectors import contacts_visible_to

    worker = User.objects.get(username="worker")
    contact = contacts_visible_to(worker).order_by("pk").first()
    content = _signed_in(client, "worker").get(f"/front-door/contacts/{contact.pk}/").content.decode()
    assert "Back to the front door" not in content
    assert f'href="/children/{contact.children.first().pk}/#front-door"' in content


def test_a_performance_officer_reads_a_teams_ratings_without_links_to_rate(demo_council, db, client):
    from caseboard.accounts.models import Team

    team = Team.objects.get(name="Children in need team 1")
    content = _signed_in(client, "performance").get(f"/teams/{team.pk}/rag/").content.decode()
    assert "/rag/new/" not in content
    assert "The child's social worker, a team manager or a head of service rates a child." in content
    content = _signed_in(client, "manager").get(f"/teams/{team.pk}/rag/").content.decode()
    assert "/rag/new/" in content

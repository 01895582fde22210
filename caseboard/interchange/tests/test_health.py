"""The return health page: errors and queries by rule, by team and by week from the stored, checked builds, the
children to fix (linked where the reader may see them, audited), who may open it, the refresh (on demand and
nightly) and the API; a fixed number of queries whatever the number of builds or children."""

from __future__ import annotations

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from caseboard.api.tests.tokens import token_client
from caseboard.core.schedule import JOBS
from caseboard.interchange.health import NO_TEAM, WHOLE_RETURN, health_section, health_years, return_health
from caseboard.interchange.models import GeneratedReturn
from caseboard.interchange.services import health_refresh

pytestmark = pytest.mark.django_db

UPN = {"rule": "8500", "type": "error", "message": "Check the UPN", "table": "ChildIdentifiers", "field": "UPN"}
DOB = {"rule": "1510", "type": "error", "message": "Date of birth missing", "table": "ChildIdentifiers",
       "field": "PersonBirthDate"}  # fmt: skip
NEED = {"rule": "8868", "type": "query", "message": "Check the primary need", "table": "CINdetails",
        "field": "PrimaryNeedCode"}  # fmt: skip


def stored(kind, year, issues, *, days_ago=0, return_level=(), status=GeneratedReturn.Status.READY, checked=True):
    """A build as the task stores it, with what the validator found (or that it could not check it)."""
    generated = GeneratedReturn(
        kind=kind,
        collection_year=year,
        format="xml" if kind == "cin" else "csv",
        status=status,
        requested_at=timezone.now() - timedelta(days=days_ago),
        generated_at=timezone.now() - timedelta(days=days_ago),
        children=10,
        content_hash="0" * 64,
    )
    if checked:
        everything = list(issues) + list(return_level)
        counts: dict[tuple, int] = {}
        for issue in everything:
            key = (issue["rule"], issue["type"], issue["message"])
            counts[key] = counts.get(key, 0) + 1
        generated.validation = {
            "package": "csc-validator-be-cin 0.1.13",
            "issues": list(issues),
            "return_level": list(return_level),
            "by_rule": [
                {"rule": r, "type": t, "message": m, "count": c}
                for (r, t, m), c in sorted(counts.items(), key=lambda item: -item[1])
            ],
        }
        generated.error_count = sum(1 for i in everything if i["type"] == "error")
        generated.query_count = sum(1 for i in everything if i["type"] == "query")
    elif status == GeneratedReturn.Status.READY:
        generated.validation = {"unavailable": "The DfE validators are not installed"}
    generated.save()
    return generated


def hand_built_set(council):
    """The CIN census this year: two earlier weeks and this week (two builds this week: the later counts), the last
    one the validator could not check; C1 (CIN team 1) has two errors and a query, C4 (CP team 1) one error, C99
    (no longer in the record) one error, and the return as a whole one query."""
    year = health_years()[0]
    own, cp = council.own_child.local_id, council.cp_child.local_id
    stored("cin", year, [{**UPN, "child": own}] * 3, days_ago=14)
    stored("cin", year, [{**UPN, "child": own}], days_ago=7)
    early = stored("cin", year, [{**UPN, "child": own}, {**UPN, "child": cp}], days_ago=0)
    early.requested_at -= timedelta(minutes=5)
    early.save()
    latest = stored(
        "cin",
        year,
        [
            {**UPN, "child": own},
            {**DOB, "child": own},
            {**NEED, "child": own},
            {**UPN, "child": cp},
            {**DOB, "child": "C99"},
        ],
        return_level=[{"rule": "100", "type": "query", "message": "Check the census date"}],
    )
    stored("cin", year, [], checked=False)
    return latest


def test_the_figures_by_rule_by_team_by_week_and_the_children_to_fix(council):
    latest = hand_built_set(council)
    sections = return_health()
    years = health_years()
    assert [(s.kind, s.year) for s in sections] == [(k, y) for k in ("cin", "903") for y in years]
    cin = health_section(sections, kind="cin", year=years[0])
    assert cin.latest["pk"] == latest.pk and (cin.errors, cin.queries) == (4, 2)
    assert cin.unchecked is not None and "not installed" in cin.unchecked["reason"]
    assert [(r["rule"], r["type"], r["count"]) for r in cin.by_rule][:2] == [("8500", "error", 2), ("1510", "error", 2)]
    assert cin.by_team == [
        {"team": "CIN team 1", "errors": 2, "queries": 1, "children": 1},
        {"team": "CP team 1", "errors": 1, "queries": 0, "children": 1},
        {"team": NO_TEAM, "errors": 1, "queries": 0, "children": 1},
        {"team": WHOLE_RETURN, "errors": 0, "queries": 1, "children": 0},
    ]
    assert [(p.errors, p.queries) for p in cin.trend][-3:] == [(3, 0), (1, 0), (4, 2)]
    assert len({p.week_starting for p in cin.trend}) == len(cin.trend)
    assert [c.local_id for c in cin.children] == ["C1", "C4", "C99"]
    first = cin.children[0]
    assert (first.errors, first.queries) == (2, 1)
    assert [f["rule"] for f in first.failures] == ["1510", "8500", "8868"]
    assert first.failures[0]["field_label"] == "Date of birth" and first.failures[0]["home"] == "the child's details"
    assert cin.children_with_errors == 3
    empty = health_section(sections, kind="903", year=years[0])
    assert empty.latest is None and empty.children == [] and empty.trend == []


def test_only_those_who_build_returns_may_open_or_refresh_it(client, council):
    for user in (council.worker, council.manager, council.iro, council.nobody):
        client.force_login(user)
        assert client.get(reverse("interchange:health")).status_code == 403
        assert client.post(reverse("interchange:health-refresh")).status_code == 403
        assert token_client(user).get("/api/v1/dfe-returns/health/").status_code == 403
    assert not GeneratedReturn.objects.exists()
    for user in (council.performance, council.head, council.admin):
        client.force_login(user)
        response = client.get(reverse("interchange:health"))
        assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert client.get(reverse("interchange:health-for", args=["annex_a", health_years()[0]])).status_code == 404
    assert b"Return health" in client.get(reverse("interchange:index")).content
    health = reverse("interchange:health").encode()
    assert health in client.get(reverse("reporting:index")).content
    client.force_login(council.manager)  # sees the reports, not the returns
    assert health not in client.get(reverse("reporting:index")).content


def test_the_page_links_children_the_reader_may_see_and_audits_the_list(client, council):
    hand_built_set(council)
    client.force_login(council.head)  # head of the CIN service: not the CP child's record
    page = client.get(reverse("interchange:health"))
    content = page.content.decode()
    assert reverse("casework:child", args=[council.own_child.pk]) in content and "Ava Brown" in content
    assert reverse("casework:child", args=[council.cp_child.pk]) not in content and "Dan Evans" not in content
    assert "C4<span" in content and "a record you may not open" in content
    assert "CIN team 1" in content and NO_TEAM in content and "Date of birth" in content
    assert "was not checked by the DfE validator" in content
    seen = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, additional_data__via__startswith="return health")
    assert [(e.object_pk, e.actor_id) for e in seen] == [(str(council.own_child.pk), council.head.pk)]
    other = client.get(reverse("interchange:health-for", args=["903", health_years()[-1]]))
    assert other.status_code == 200 and b"has not been built and checked" in other.content


def test_refresh_now_asks_for_both_returns_for_both_years_audited_and_says_when_the_validators_are_missing(
    client, council, monkeypatch
):
    monkeypatch.setenv("CASEBOARD_VALIDATORS_PYTHON", "/nonexistent/python")
    client.force_login(council.performance)
    response = client.post(reverse("interchange:health-refresh"))
    assert response.status_code == 302 and response.url == reverse("interchange:health")
    built = list(GeneratedReturn.objects.order_by("kind", "collection_year"))
    years = sorted(health_years())
    assert [(g.kind, g.collection_year) for g in built] == [(k, y) for k in ("903", "cin") for y in years]
    assert all(g.requested_by == council.performance and len(g.content_hash) == 64 for g in built)
    assert all(g.status == "ready" and "unavailable" in g.validation for g in built)  # built, not checked
    created = LogEntry.objects.get_for_objects(GeneratedReturn.objects.all()).filter(action=LogEntry.Action.CREATE)
    assert created.count() == 4 and {e.actor_id for e in created} == {council.performance.pk}
    page = client.get(reverse("interchange:health")).content.decode()
    assert "The DfE validators are not installed on this server" in page
    assert "was not checked by the DfE validator" in page


def test_a_refresh_waiting_to_be_built_is_shown_and_not_asked_for_twice(client, council, monkeypatch):
    monkeypatch.setenv("CASEBOARD_VALIDATORS_PYTHON", "/nonexistent/python")
    year = health_years()[0]
    stored("cin", year, [], status=GeneratedReturn.Status.QUEUED, checked=False)
    stale = stored("903", year, [], status=GeneratedReturn.Status.BUILDING, checked=False)
    stale.requested_at -= timedelta(days=2)  # its worker stopped long ago
    stale.save()
    client.force_login(council.performance)
    page = client.get(reverse("interchange:health")).content.decode()
    assert "The figures are being refreshed" in page and "Being refreshed" in page
    requested = health_refresh(requested_by=council.performance)
    assert sorted((g.kind, g.collection_year) for g in requested) == sorted(
        [("903", y) for y in health_years()] + [("cin", y) for y in health_years()[1:]]
    )


def test_the_nightly_job_asks_the_task_worker_for_the_builds(client, council, monkeypatch):
    monkeypatch.setenv("CASEBOARD_VALIDATORS_PYTHON", "/nonexistent/python")
    job = next(job for job in JOBS if job.name == "returns_refresh")
    call_command(*job.command, verbosity=0)
    built = GeneratedReturn.objects.all()
    assert built.count() == 2 * len(health_years())
    assert all(g.requested_by is None and g.status == "ready" and g.content_hash for g in built)
    client.force_login(council.performance)
    assert b"by the nightly schedule" in client.get(reverse("interchange:index")).content


def test_the_page_takes_the_same_queries_for_few_builds_and_children_and_for_many(client, council):
    year = health_years()[0]
    stored("cin", year, [{**UPN, "child": council.own_child.local_id}])
    client.force_login(council.performance)
    client.get(reverse("interchange:health"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("interchange:health"))
    for week in range(1, 30):
        stored("903", year, [{**UPN, "child": f"X{n}"} for n in range(week * 10)], days_ago=week * 7)
        stored("cin", health_years()[-1], [{**DOB, "child": f"Y{n}"} for n in range(40)], days_ago=week)
    issues = [{**UPN, "child": c.local_id} for c in (council.own_child, council.team_child, council.cp_child)]
    stored("cin", year, issues + [{**DOB, "child": f"Z{n}"} for n in range(300)])
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("interchange:health"))
    assert response.context["page"].paginator.num_pages > 1
    assert len(many.captured_queries) == len(few.captured_queries), [q["sql"] for q in many.captured_queries]
    assert len(few.captured_queries) <= 12


def test_the_api_gives_the_figures_and_the_children_to_fix_audited(council):
    hand_built_set(council)
    api = token_client(council.performance)
    body = api.get("/api/v1/dfe-returns/health/").json()
    cin = next(r for r in body["returns"] if r["kind"] == "cin" and r["is_current_year"])
    assert (cin["latest"]["error_count"], cin["latest"]["query_count"]) == (4, 2)
    assert cin["by_team"][0] == {"team": "CIN team 1", "errors": 2, "queries": 1, "children": 1}
    assert cin["trend"][-1]["errors"] == 4 and cin["not_checked"] is not None
    assert "Ava" not in str(body)
    children = api.get(f"/api/v1/dfe-returns/health/cin/{health_years()[0]}/children/").json()
    assert [c["local_id"] for c in children["results"]] == ["C1", "C4", "C99"]
    assert children["results"][0]["name"] == "Ava Brown" and children["results"][2]["child_id"] is None
    seen = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, additional_data__via__startswith="API: return")
    assert seen.count() == 2  # C1 and C4 (a performance officer sees both); C99 is not in the record
    assert api.get("/api/v1/dfe-returns/health/annex_a/2025-26/children/").status_code == 404
    assert token_client(council.worker).post("/api/v1/dfe-returns/health/refresh/").status_code == 403
    assert (
        token_client(council.worker).get(f"/api/v1/dfe-returns/health/cin/{health_years()[0]}/children/").status_code
        == 403
    )


def test_a_refresh_through_the_api_is_answered_202_with_the_builds_asked_for(council, monkeypatch):
    monkeypatch.setenv("CASEBOARD_VALIDATORS_PYTHON", "/nonexistent/python")
    response = token_client(council.performance).post("/api/v1/dfe-returns/health/refresh/")
    assert response.status_code == 202
    asked = response.json()["returns"]
    assert len(asked) == 2 * len(health_years()) and {r["kind"] for r in asked} == {"cin", "903"}
    assert GeneratedReturn.objects.filter(requested_by=council.performance).count() == len(asked)

"""Visits by rating: red and amber children whose last counting visit was virtual or is overdue, by team, with the
covering decision; the weekly share of children of each rating seen in person in the last 4 weeks; the page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from caseboard.compliance.models import DueItem
from caseboard.compliance.services import due_items_recompute
from caseboard.prioritisation.assurance import red_amber_visits, seen_in_person_trend
from caseboard.visits.models import VisitMode, VisitPurpose
from caseboard.visits.services import ChildSeenInput, visit_record

from .factories import TODAY, rate

pytestmark = pytest.mark.django_db


def visit(council, child, days_ago, mode=VisitMode.IN_PERSON_HOME):
    return visit_record(
        children_seen=[ChildSeenInput(child=child, was_seen=True)],
        worker=council.worker,
        recorded_by=council.worker,
        visited_on=TODAY - timedelta(days=days_ago),
        mode=mode,
        purpose=VisitPurpose.STATUTORY_CIN,
        today=TODAY,
    )


def test_red_and_amber_children_overdue_or_last_seen_virtually_by_team(council):
    red, green = council.own_child, council.team_child
    rate(council, child=red, by=council.worker, rating="red", rationale="Worried", today=TODAY - timedelta(days=60))
    rate(council, child=green, by=council.colleague, rating="green", rationale="Settled", today=TODAY)
    due_items_recompute(child_ids=[red.pk, green.pk], today=TODAY)
    assert DueItem.objects.get(child=red, kind="cin_visit").status == "overdue"  # never visited since January
    (group,) = red_amber_visits(user=council.manager, today=TODAY)
    assert group.team == council.cin_team
    assert [(row.child, row.rating) for row in group.rows] == [(red, "red")]
    assert group.rows[0].why.startswith("Overdue since")
    assert red_amber_visits(user=council.cp_head, today=TODAY) == []  # not their teams


def test_the_share_seen_in_person_in_the_last_4_weeks_week_by_week(council):
    red, green = council.own_child, council.team_child
    rate(council, child=red, by=council.worker, rating="red", rationale="Worried", today=TODAY - timedelta(weeks=3))
    rate(council, child=green, by=council.colleague, rating="green", rationale="Settled", today=TODAY)
    visit(council, red, 2)
    visit(council, green, 1, mode=VisitMode.VIDEO)
    with CaptureQueriesContext(connection) as queries:
        trend = seen_in_person_trend(user=council.manager, today=TODAY)
    assert len(queries) <= 4
    assert len(trend) == 8 and trend[-1].ends_on == TODAY
    assert trend[-1].seen["red"] == (1, 1) and trend[-1].seen["green"] == (0, 1)
    assert trend[-1].share("red") == 100 and trend[-1].share("amber") is None
    assert trend[0].seen["red"] == (0, 0)  # not yet rated eight weeks ago


def test_the_page_lists_the_child_and_the_trend(client, council):
    red = council.own_child
    rate(council, child=red, by=council.worker, rating="red", rationale="Worried", today=TODAY - timedelta(days=60))
    due_items_recompute(child_ids=[red.pk], today=TODAY)
    client.force_login(council.manager)
    page = client.get(reverse("prioritisation:visits-by-rating")).content.decode()
    assert page.count("<h1") == 1 and "Ava Brown" in page and "Overdue since" in page
    assert 'data-testid="seen-trend"' in page
    client.force_login(council.worker)
    assert client.get(reverse("prioritisation:visits-by-rating")).status_code == 403


def test_the_trend_counts_each_child_in_the_team_they_were_allocated_to_that_week(council):
    from datetime import date

    from caseboard.conftest import allocate, make_child, open_cin

    moved_on = date(2026, 11, 9)  # a Monday: the weeks ending 15 November and after are in the new team
    incoming, outgoing = make_child("C8", "Dan", "Evans"), make_child("C9", "Eve", "Ford")
    open_cin(incoming), open_cin(outgoing)
    allocate(incoming, council.other_worker, council.cin_team_2, ended_on=moved_on - timedelta(days=1))
    allocate(incoming, council.worker, council.cin_team, started_on=moved_on)
    allocate(outgoing, council.worker, council.cin_team, ended_on=moved_on - timedelta(days=1))
    allocate(outgoing, council.other_worker, council.cin_team_2, started_on=moved_on)
    rated_on = date(2026, 10, 1)
    rate(council, child=incoming, by=council.worker, rating="red", rationale="Worried", today=rated_on)
    rate(council, child=outgoing, by=council.other_worker, rating="green", rationale="Settled", today=rated_on)
    trend = {week.ends_on: week.seen for week in seen_in_person_trend(user=council.manager, today=TODAY)}
    # The week ending Sunday 8 November: Eve was in the manager's team, Dan was not.
    assert trend[date(2026, 11, 8)]["red"] == (0, 0) and trend[date(2026, 11, 8)]["green"] == (0, 1)
    # From the week ending 15 November: Dan is, Eve is not.
    for end in (date(2026, 11, 15), date(2026, 11, 22), TODAY):
        assert trend[end]["red"] == (0, 1) and trend[end]["green"] == (0, 0)


def test_the_list_is_paginated_with_a_fixed_number_of_queries(client, council, monkeypatch):
    from caseboard.conftest import allocate, make_child, open_cin
    from caseboard.prioritisation import assurance_views

    monkeypatch.setattr(assurance_views, "PAGE_SIZE", 3)

    def red_children(n: int, start: int) -> None:
        made = []
        for index in range(start, start + n):
            child = make_child(f"R{index}", f"Red{index}", "Child")
            open_cin(child)
            allocate(child, council.worker, council.cin_team)
            rate(
                council,
                child=child,
                by=council.worker,
                rating="red",
                rationale="Worried",
                today=TODAY - timedelta(days=60),
            )
            made.append(child.pk)
        due_items_recompute(child_ids=made, today=TODAY)

    client.force_login(council.manager)
    url = reverse("prioritisation:visits-by-rating")
    red_children(1, 0)
    with CaptureQueriesContext(connection) as small:
        one = client.get(url)
    assert one.context["page"].paginator.count == 1 and 'aria-label="Pagination"' not in one.content.decode()
    red_children(4, 1)
    with CaptureQueriesContext(connection) as large:
        first = client.get(url)
    assert len(large) == len(small)
    page = first.context["page"]
    assert page.paginator.count == 5 and len(page.object_list) == 3
    assert 'aria-label="Pagination"' in first.content.decode() and "Page 1 of 2 (5 in all)" in first.content.decode()
    second = client.get(url + "?page=2")
    rows = [row for group in second.context["by_team"] for row in group.rows]
    assert len(rows) == 2 and all(row.rating == "red" for row in rows)
    shown = {row.child.pk for group in first.context["by_team"] for row in group.rows} | {r.child.pk for r in rows}
    assert len(shown) == 5  # every child once, across the two pages


def test_the_section_sets_looked_after_and_private_fostering_visits_by_rating(council):
    """Through the database: the version's "Visits by RAG rating" section asks for red looked-after children to be
    seen at least every 2 weeks (reg 28 asks 6 in the placement's first year), and counts a green privately fostered
    child's video visit (the version's own counting is in person only)."""
    from datetime import date

    from caseboard.policy.hooks import section_for
    from caseboard.policy.selectors import version_in_force
    from caseboard.testing.factories import EpisodeFactory

    from ..visit_rules import SECTION_KEY

    row = section_for(version_in_force(TODAY), SECTION_KEY)
    row.lac_red_every, row.lac_red_unit, row.lac_red_counting = 2, "weeks", "in_person_only"
    row.private_fostering_green_counting = "virtual"
    row.save()
    looked_after, fostered = council.own_child, council.team_child
    placed = date(2026, 11, 2)  # Mon
    EpisodeFactory(child=looked_after, looked_after=True, start_on=placed)
    EpisodeFactory(child=fostered, kind="private_fostering", start_on=placed)
    rate(council, child=looked_after, by=council.worker, rating="green", rationale="Settled", today=placed)
    rate(council, child=fostered, by=council.colleague, rating="green", rationale="Settled", today=placed)
    visit_record(
        children_seen=[ChildSeenInput(child=looked_after, was_seen=True)],
        worker=council.worker,
        recorded_by=council.worker,
        visited_on=date(2026, 11, 6),
        mode=VisitMode.IN_PERSON_HOME,
        purpose=VisitPurpose.STATUTORY_CIN,
        today=TODAY,
    )
    visit_record(
        children_seen=[ChildSeenInput(child=fostered, was_seen=True)],
        worker=council.colleague,
        recorded_by=council.colleague,
        visited_on=date(2026, 11, 4),
        mode=VisitMode.VIDEO,
        purpose=VisitPurpose.STATUTORY_CIN,
        today=TODAY,
    )
    due_items_recompute(child_ids=[looked_after.pk, fostered.pk], today=date(2026, 11, 10))
    lac = DueItem.objects.get(child=looked_after, kind="lac_visit")
    assert lac.due_on == date(2026, 12, 18)  # green: reg 28(2)(b), 6 weeks from Fri 6 November
    # Made red on Wed 11 November, while that interval runs: at least every 2 weeks from the same visit.
    rate(council, child=looked_after, by=council.worker, rating="red", rationale="Worried", today=date(2026, 11, 11))
    due_items_recompute(child_ids=[looked_after.pk], today=date(2026, 11, 12))
    lac = DueItem.objects.get(child=looked_after, kind="lac_visit")
    assert lac.due_on == date(2026, 11, 20)
    assert "Red since 11 November 2026: visits at least every 2 weeks, in person only" in lac.basis
    assert "sooner than CPPCR reg 28(2)(b) asks" in lac.basis
    pf = DueItem.objects.get(child=fostered, kind="private_fostering_visit")
    assert pf.due_on == date(2026, 12, 16)  # the video visit on Wed 4 November counted: 6 weeks on
    assert "Green since 2 November 2026" in pf.basis

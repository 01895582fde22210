"""The placement pages: who sees what, the same predicate on links and views, errors kept with what was typed, and
every page's audit entry."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry

from caseboard.placements import services
from caseboard.placements.models import Placement

from .conftest import START

pytestmark = pytest.mark.django_db


def _place(council, fostering):
    services.approval_record(
        setting=fostering.connected, recorded_by=council.manager, kind="temporary", approved_on=START, places=1
    )
    return services.placement_start(
        child=council.own_child,
        setting=fostering.connected,
        placed_by=council.worker,
        start_on=START,
        placement_type="U3",
        legal_status="V2",
        today=START,
    )


def test_every_page_answers_for_a_social_worker(client, council, fostering):
    placement = _place(council, fostering)
    client.force_login(council.worker)
    for url in (
        "/placements/",
        f"/placements/settings/{fostering.connected.pk}/",
        "/placements/sufficiency/",
        "/placements/finder/",
        f"/placements/children/{council.own_child.pk}/",
        f"/placements/children/{council.own_child.pk}/new/",
        f"/placements/children/{council.own_child.pk}/find/",
        f"/placements/placements/{placement.pk}/plan/",
        f"/placements/placements/{placement.pk}/stability/",
    ):
        assert client.get(url).status_code == 200, url
    # A social worker does not change settings.
    assert client.get("/placements/settings/new/").status_code == 403
    assert client.get(f"/placements/settings/{fostering.connected.pk}/visits/new/").status_code == 403


def test_the_supervising_social_worker_opens_the_child_and_records_a_visit(client, council, fostering):
    _place(council, fostering)
    client.force_login(fostering.ssw)
    page = client.get(f"/placements/settings/{fostering.connected.pk}/").content.decode()
    assert council.own_child.full_name in page and "Record a visit to the carers" in page
    assert client.get(f"/children/{council.own_child.pk}/").status_code == 200
    assert LogEntry.objects.filter(object_pk=str(council.own_child.pk), action=LogEntry.Action.ACCESS).exists()
    # Not a child placed elsewhere, and no placing.
    assert client.get(f"/children/{council.team_child.pk}/").status_code == 403
    assert client.get(f"/placements/children/{council.own_child.pk}/new/").status_code == 403
    day = START + timedelta(days=2)
    response = client.post(
        f"/placements/settings/{fostering.connected.pk}/visits/new/",
        {
            "visited_on_0": day.day,
            "visited_on_1": day.month,
            "visited_on_2": day.year,
            "mode": "video",
            "children": [str(council.own_child.pk)],
        },
    )
    assert response.status_code == 302
    assert council.own_child.visits_seen.count() == 1


def test_a_refused_placement_keeps_what_was_typed(client, council, fostering):
    client.force_login(council.worker)
    response = client.post(
        f"/placements/children/{council.own_child.pk}/new/",
        {
            "setting": fostering.connected.pk,
            "start_on_0": "2",
            "start_on_1": "6",
            "start_on_2": "2025",
            "placement_type": "U3",
            "legal_status": "V2",
            "exception_reason": "Typed by the worker",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "have no approval in force on 2 June 2025" in page and "Typed by the worker" in page
    assert "govuk-error-summary" in page
    assert not Placement.objects.exists()


def test_a_child_outside_need_to_know_is_not_shown(client, council, fostering):
    client.force_login(council.other_worker)
    assert client.get(f"/placements/children/{council.own_child.pk}/").status_code == 403
    assert client.get(f"/placements/children/{council.own_child.pk}/find/").status_code == 403


def test_the_rag_rating_page_ticks_a_placement_at_risk_of_breakdown(client, council, fostering):
    placement = _place(council, fostering)
    client.force_login(council.worker)
    page = client.get(f"/children/{council.own_child.pk}/rag/new/").content.decode()
    assert 'data-testid="evidence"' not in page
    assert not re.search(r'value="placement_at_risk"[^>]*checked', page)
    noted = START + timedelta(days=3)
    services.placement_update(
        placement=placement,
        updated_by=council.worker,
        expected_version=placement.version,
        risk_of_breakdown=True,
        breakdown_noted_on=noted,
        today=noted,
    )
    page = client.get(f"/children/{council.own_child.pk}/rag/new/").content.decode()
    assert re.search(r'value="placement_at_risk"[^>]*checked', page)
    assert f"at risk of breakdown since {noted:%-d %B %Y}" in page


def _more_carers(council, n):
    """``n`` more mainstream households approved in 2024 (so their review is overdue), each self-isolating."""
    for number in range(n):
        setting = services.setting_save(
            saved_by=council.manager, kind="foster_in_house", name=f"Carers {number}", placement_provider="PR1"
        )
        services.approval_record(
            setting=setting, recorded_by=council.manager, kind="mainstream", approved_on=date(2024, 2, 5), places=1
        )
        services.health_record(
            setting=setting, recorded_by=council.manager, kind="self_isolating", started_on=START, ended_on=None
        )


def test_sufficiency_shows_carers_unavailable_with_their_children_and_reviews_due(
    client, council, fostering, django_assert_num_queries, django_assert_max_num_queries
):
    services.placement_start(
        child=council.own_child,
        setting=fostering.mainstream,
        placed_by=council.worker,
        start_on=START,
        placement_type="U6",
        legal_status="V2",
        today=START,
    )
    services.health_record(
        setting=fostering.mainstream,
        recorded_by=council.manager,
        kind="self_isolating",
        started_on=START + timedelta(days=7),
        risk_discussed_on=START + timedelta(days=7),
        risk_discussion="The placement continues; daily calls.",
    )
    services.review_record(
        setting=fostering.mainstream,
        recorded_by=council.manager,
        held_on=date(2025, 1, 13),
        mode="virtual",
    )
    client.force_login(council.worker)
    client.get("/placements/sufficiency/")  # sessions, sites: the same for both counts below
    with django_assert_max_num_queries(20) as one:
        page = client.get("/placements/sufficiency/").content.decode()
    assert "Sarah and Tom Hughes</a>: self-isolating from 9 Jun 2025; 1 child placed there" in page
    assert "Sarah and Tom Hughes</a>: due 13 January 2026" in page  # a year from the review, not the approval
    _more_carers(council, 3)
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get("/placements/sufficiency/").content.decode()
    assert page.count("0 children placed there") == 3 and "Carers 2</a>: due 5 February 2025" in page


def test_the_setting_page_says_when_the_carers_review_is_due(client, council, fostering):
    client.force_login(council.worker)
    page = client.get(f"/placements/settings/{fostering.mainstream.pk}/").content.decode()
    assert "Due 8 January 2025" in page and "Overdue" in page
    services.review_record(
        setting=fostering.mainstream, recorded_by=council.manager, held_on=date(2025, 1, 13), mode="in_person"
    )
    page = client.get(f"/placements/settings/{fostering.mainstream.pk}/").content.decode()
    assert "Due 13 January 2026" in page


def test_the_unaccompanied_asylum_seeking_status_with_its_dates(client, council):
    from caseboard.casework.models import AsylumSeekingStatus

    url = f"/placements/children/{council.own_child.pk}/asylum-status/"
    client.force_login(council.other_worker)
    assert client.get(url).status_code == 403
    client.force_login(council.worker)
    page = client.get(f"/placements/children/{council.own_child.pk}/").content.decode()
    assert "Unaccompanied asylum-seeking child</dt>" in page and url in page
    bad = {"since_on_0": "10", "since_on_1": "5", "since_on_2": "2026", "ceased_on_0": "1", "ceased_on_1": "5"}
    bad["ceased_on_2"] = "2026"
    response = client.post(url, bad)
    assert response.status_code == 200
    assert "The date the status ceased must be after the date it began" in response.content.decode()
    assert not AsylumSeekingStatus.objects.exists()
    entries = LogEntry.objects.filter(object_pk=str(council.own_child.pk), action=LogEntry.Action.ACCESS).count()
    good = {"since_on_0": "10", "since_on_1": "5", "since_on_2": "2026"}
    assert client.post(url, good).status_code == 302
    status = AsylumSeekingStatus.objects.get(child=council.own_child)
    assert (status.since_on, status.ceased_on) == (date(2026, 5, 10), None)
    assert LogEntry.objects.filter(object_pk=str(status.pk), action=LogEntry.Action.CREATE).exists()
    assert LogEntry.objects.filter(object_pk=str(council.own_child.pk), action=LogEntry.Action.ACCESS).count() > entries
    page = client.get(f"/placements/children/{council.own_child.pk}/").content.decode()
    assert "Yes, since 10 May 2026" in page

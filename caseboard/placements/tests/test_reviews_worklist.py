"""Carers' reviews on the supervising social worker's own Due and overdue (and their team manager's), and on the home
page: overdue or due within the operating model's window, with the fostering panels to come; nobody else's."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from caseboard.placements import services

pytestmark = pytest.mark.django_db

WORKLIST = "/worklist/"


def _carers(council, ssw, n, *, approved_on=date(2024, 2, 5)):
    """``n`` more mainstream households supervised by ``ssw``, approved on ``approved_on``."""
    for number in range(n):
        setting = services.setting_save(
            saved_by=council.manager,
            kind="foster_in_house",
            name=f"Carers {number}",
            placement_provider="PR1",
            supervising_social_worker=ssw,
        )
        services.approval_record(
            setting=setting, recorded_by=council.manager, kind="mainstream", approved_on=approved_on, places=1
        )


def test_the_supervising_social_worker_sees_their_carers_reviews_due_and_overdue(client, council, fostering):
    # Sarah and Tom Hughes (supervised by the second SSW) were approved on 8 January 2024: overdue since 2025.
    client.force_login(fostering.other_ssw)
    page = client.get(WORKLIST).content.decode()
    assert "Carers' reviews overdue or due within 28 days (1)" in page
    assert "Sarah and Tom Hughes</a>" in page and "8 Jan 2025" in page and 'govuk-tag--red">Overdue' in page
    assert "12 months from the last review or the approval on 8 January 2024" in page
    assert "Supervising social worker</th>" not in page  # their own
    # The other SSW supervises only carers with no approval to review: nothing shown.
    client.force_login(fostering.ssw)
    assert "carer-reviews-due" not in client.get(WORKLIST).content.decode()
    # A social worker who places children has no carers' reviews.
    client.force_login(council.worker)
    assert "carer-reviews-due" not in client.get(WORKLIST).content.decode()


def test_a_review_due_soon_is_shown_due_soon_and_one_beyond_the_window_is_not(client, council, fostering):
    today = timezone.localdate()
    _carers(council, fostering.ssw, 1, approved_on=today - timedelta(days=365) + timedelta(days=2))
    client.force_login(fostering.ssw)
    page = client.get(WORKLIST).content.decode()
    assert "Carers 0</a>" in page and 'govuk-tag--orange">Due soon' in page
    services.review_record(
        setting=fostering.mainstream, recorded_by=council.manager, held_on=today - timedelta(days=5), mode="virtual"
    )
    client.force_login(fostering.other_ssw)
    assert "carer-reviews-due" not in client.get(WORKLIST).content.decode()  # next due in a year


def test_the_team_manager_sees_the_reviews_of_carers_supervised_in_their_team(client, council, fostering):
    client.force_login(council.manager)
    assert "carer-reviews-due" not in client.get(WORKLIST).content.decode()
    fostering.other_ssw.teams.add(council.cin_team)
    page = client.get(WORKLIST).content.decode()
    assert "Sarah and Tom Hughes</a>" in page and "Supervising social worker</th>" in page
    assert fostering.other_ssw.get_full_name() in page
    # Not a team's worklist: only the manager's own page lists them.
    assert "carer-reviews-due" not in client.get(f"/teams/{council.cin_team.pk}/worklist/").content.decode()


def test_fostering_panels_to_come_are_listed(client, council, fostering):
    today = timezone.localdate()
    services.review_record(
        setting=fostering.mainstream,
        recorded_by=council.manager,
        held_on=today - timedelta(days=3),
        mode="in_person",
        panel_on=today + timedelta(days=10),
    )
    client.force_login(fostering.other_ssw)
    page = client.get(WORKLIST).content.decode()
    assert "Fostering panels within 28 days (1)" in page and "carer-reviews-due" not in page
    assert f"{today + timedelta(days=10):%-d %b %Y}" in page
    assert f"The review held {today - timedelta(days=3):%-d %B %Y} goes to the fostering panel" in page


def test_the_home_page_card_and_the_worklists_queries_do_not_grow_with_more_carers(
    client, council, fostering, django_assert_num_queries, django_assert_max_num_queries
):
    client.force_login(fostering.other_ssw)
    page = client.get("/").content.decode()
    assert "Carers&#x27; reviews" in page or "Carers' reviews" in page
    assert "carers&#x27; reviews overdue" in page or "carers' reviews overdue" in page
    client.get(WORKLIST)
    with django_assert_max_num_queries(40) as one:
        client.get(WORKLIST)
    _carers(council, fostering.other_ssw, 4)
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(WORKLIST).content.decode()
    assert "Carers' reviews overdue or due within 28 days (5)" in page

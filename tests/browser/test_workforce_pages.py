"""Every workforce page a team manager, a head of service and an HR adviser open, in Chromium with axe (WCAG 2.2
AA) and at a phone's width; the journey in ``test_workforce.py`` covers the pages it walks through."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from tests.browser.conftest import check_page, login, logout, url

pytestmark = pytest.mark.browser


def visit(page: Page, live_server, path: str) -> None:
    response = page.goto(url(live_server, path))
    assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
    check_page(page)


WIDTHS = ({"width": 1280, "height": 900}, {"width": 390, "height": 844})


def visit_at_both_widths(page: Page, live_server, paths: list[str]) -> None:
    """Every page at a desktop's width and at a phone's, with axe on each."""
    for viewport in WIDTHS:
        page.set_viewport_size(viewport)
        for path in paths:
            visit(page, live_server, path)
    page.set_viewport_size(WIDTHS[0])


def test_workforce_pages_pass_axe(page: Page, live_server, demo, demo_mode):
    from datetime import timedelta

    from django.utils import timezone

    from caseboard.accounts.demo import add_demo_line_managers
    from caseboard.accounts.models import User
    from caseboard.devtools.scenarios import install_covid_version
    from caseboard.workforce import services
    from caseboard.workforce.demo import add_demo_workforce
    from caseboard.workforce.models import Office, PpeStock, SupervisionSession

    install_covid_version()
    today = timezone.localdate()
    add_demo_line_managers(1, today)
    add_demo_workforce(1, today)
    manager = User.objects.get(username="manager")
    worker = User.objects.get(username="worker")
    head = User.objects.get(username="head")
    team = manager.teams.order_by("pk").first()
    office = Office.objects.order_by("pk").first()
    stock = PpeStock.objects.order_by("pk").first()
    supervision = SupervisionSession.objects.filter(supervisor=manager).order_by("pk").first()
    assert office is not None and stock is not None, "the demo council has offices and PPE stock"
    # A survey the worker has not answered yet, and one with enough responses for its results to show.
    open_survey = services.survey_create(
        title="Working from home",
        created_by=head,
        opens_on=today,
        closes_on=today + timedelta(days=14),
        questions=[("I feel supported by my manager", "scale"), ("What would help?", "text")],
    )
    answered = services.survey_create(
        title="Office time pilot",
        created_by=head,
        opens_on=today,
        closes_on=today + timedelta(days=14),
        questions=[("The rota works for me", "scale"), ("What would you change?", "text")],
    )
    scale, text = answered.questions.order_by("order", "pk")
    respondents = User.objects.filter(is_active=True, role="social_worker").exclude(pk=worker.pk).order_by("pk")[:6]
    for n, person in enumerate(respondents):
        services.survey_respond(
            survey=answered, person=person, answers={scale.pk: n % 5 + 1, text.pk: f"More quiet rooms {n}"}
        )
    worker.refresh_from_db()
    assert worker.line_manager_id == manager.pk, "the demo worker's line manager is the demo manager"
    services.individual_need_save(person=worker, description="No quiet space to work at home", recorded_by=worker)

    login(page, live_server, "manager")
    paths = [
        reverse("workforce:index"),
        reverse("workforce:staff-list"),
        reverse("workforce:staff", args=[worker.pk]),
        reverse("workforce:availability-new", args=[worker.pk]),
        reverse("workforce:individual-need", args=[worker.pk]),
        reverse("workforce:buddies", args=[team.pk]),
        reverse("workforce:checkin-new"),
        reverse("workforce:missed"),
        reverse("workforce:supervisions"),
        reverse("workforce:supervision-new"),
        reverse("workforce:capacity-index"),
        reverse("workforce:team-capacity", args=[team.pk]),
        reverse("workforce:offices"),
        reverse("workforce:office", args=[office.pk]),
        reverse("workforce:office-capacity", args=[office.pk]),
        reverse("workforce:rota-new", args=[office.pk]),
        reverse("workforce:duty"),
        reverse("workforce:ppe"),
        reverse("workforce:ppe-stock", args=[stock.pk]),
        reverse("workforce:surveys"),
        reverse("workforce:report-availability"),
        reverse("workforce:report-unavailable"),
        reverse("workforce:report-checkins"),
        reverse("workforce:report-ppe"),
    ]
    if supervision is not None:
        paths.append(reverse("workforce:supervision", args=[supervision.pk]))
    visit_at_both_widths(page, live_server, paths)
    logout(page)

    # A worker: their own staff record, booking a desk, answering a survey.
    login(page, live_server, "worker")
    visit_at_both_widths(
        page,
        live_server,
        [
            reverse("workforce:index"),
            reverse("workforce:staff", args=[worker.pk]),
            reverse("workforce:individual-need", args=[worker.pk]),
            reverse("workforce:office", args=[office.pk]),
            reverse("workforce:surveys"),
            reverse("workforce:survey-respond", args=[open_survey.pk]),
        ],
    )
    logout(page)

    # A head of service: the service's capacity, writing a survey and reading its results.
    login(page, live_server, "head")
    visit_at_both_widths(
        page,
        live_server,
        [
            reverse("workforce:service-capacity", args=[head.service_id]),
            reverse("workforce:survey-new"),
            reverse("workforce:survey-results", args=[answered.pk]),
            reverse("workforce:report-availability"),
            reverse("workforce:report-unavailable"),
        ],
    )
    logout(page)

    login(page, live_server, "hr")
    visit_at_both_widths(
        page,
        live_server,
        [
            reverse("workforce:staff", args=[worker.pk]),
            reverse("workforce:staff-edit", args=[worker.pk]),
            reverse("workforce:individual-need", args=[worker.pk]),
            reverse("workforce:report-unavailable"),
        ],
    )

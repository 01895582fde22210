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


def test_workforce_pages_pass_axe(page: Page, live_server, demo, demo_mode):
    from django.utils import timezone

    from caseboard.accounts.models import User
    from caseboard.devtools.scenarios import install_covid_version
    from caseboard.workforce.demo import add_demo_workforce
    from caseboard.workforce.models import Office, PpeStock, SupervisionSession

    install_covid_version()
    add_demo_workforce(1, timezone.localdate())
    manager = User.objects.get(username="manager")
    worker = User.objects.get(username="worker")
    team = manager.teams.order_by("pk").first()
    office = Office.objects.order_by("pk").first()
    stock = PpeStock.objects.order_by("pk").first()
    supervision = SupervisionSession.objects.filter(supervisor=manager).order_by("pk").first()
    assert office is not None and stock is not None, "the demo council has offices and PPE stock"

    login(page, live_server, "manager")
    paths = [
        reverse("workforce:index"),
        reverse("workforce:staff-list"),
        reverse("workforce:staff", args=[worker.pk]),
        reverse("workforce:availability-new", args=[worker.pk]),
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
        reverse("workforce:report-checkins"),
        reverse("workforce:report-ppe"),
    ]
    if supervision is not None:
        paths.append(reverse("workforce:supervision", args=[supervision.pk]))
    for path in paths:
        visit(page, live_server, path)
    page.set_viewport_size({"width": 390, "height": 844})
    for path in (reverse("workforce:staff-list"), reverse("workforce:team-capacity", args=[team.pk])):
        visit(page, live_server, path)
    page.set_viewport_size({"width": 1280, "height": 900})
    logout(page)

    login(page, live_server, "head")
    head = User.objects.get(username="head")
    for path in (reverse("workforce:service-capacity", args=[head.service_id]), reverse("workforce:survey-new")):
        visit(page, live_server, path)
    logout(page)

    login(page, live_server, "hr")
    for path in (reverse("workforce:staff", args=[worker.pk]), reverse("workforce:staff-edit", args=[worker.pk])):
        visit(page, live_server, path)

"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

One Chromium per session, a fresh context (cookies, storage) per test. Every page a journey visits is checked with
axe (WCAG 2.2 AA) and for Content-Security-Policy errors in the console. Set CASEBOARD_SCREENSHOTS=1 to save
full-page screenshots to docs/screenshots/.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

# Playwright's sync API runs an event loop in the main thread; without this Django's ORM refuses to run there
# ("SynchronousOnlyOperation"). Set before Django or Playwright touch the database.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings as django_settings
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Error,
    Locator,
    Page,
    expect,
    sync_playwright,
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1280, "height": 900}
DEMO_PASSWORD = "caseboard-demo"
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
DEMO_BANNER = "Demo data: all people are fictional"
CSP_MARKERS = ("Content Security Policy", "Refused to")

_axe = Axe()


# --- browser ---------------------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: `apt-get install -y chromium libatomic1` (./dev test does this)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(10_000)
    expect.set_options(timeout=10_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext, live_server) -> Iterator[Page]:
    """A page whose console errors and uncaught exceptions are collected; the test fails on any CSP error."""
    page = context.new_page()
    page.console_errors = []  # type: ignore[attr-defined]
    page.page_errors = []  # type: ignore[attr-defined]

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            page.console_errors.append(f"{page.url}: {message.text}")  # type: ignore[attr-defined]

    def on_page_error(error: Error) -> None:
        page.page_errors.append(f"{page.url}: {error}")  # type: ignore[attr-defined]

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    yield page
    assert_no_csp_errors(page)


# --- data ------------------------------------------------------------------------------------------------------
@pytest.fixture
def demo(transactional_db):
    """The demo council (60 children, seed 1). Transactional tests flush the database, so it is built per test, with
    what the data migrations installed and the flush removed: the operating-model presets and the RAG factors."""
    from caseboard.casework.demo import DemoBuilder
    from caseboard.policy.models import DeviationRule, OperatingModel, OperatingModelVersion, VisitFrequency
    from caseboard.policy.presets import install as install_presets
    from caseboard.prioritisation.defaults import install as install_factors
    from caseboard.prioritisation.models import RagFactor

    if not OperatingModel.objects.exists():
        install_presets(OperatingModel, OperatingModelVersion, VisitFrequency, DeviationRule)
    if not RagFactor.objects.exists():
        install_factors(RagFactor)
    return DemoBuilder(children=60, seed=1).build()


@pytest.fixture
def demo_mode(settings):
    """DEMO_MODE on for the live server too (settings are process-wide and read per request)."""
    settings.DEMO_MODE = True
    return settings


# --- helpers ---------------------------------------------------------------------------------------------------
def url(live_server, path: str) -> str:
    return f"{live_server.url}{path}"


def login(page: Page, live_server, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the form and wait for the page it lands on."""
    page.goto(url(live_server, "/accounts/login/"))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    follow(page, page.get_by_role("button", name="Sign in", exact=True))
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    assert "/accounts/login/" not in page.url, f"{username} could not sign in"


def follow(page: Page, locator: Locator) -> None:
    """Click a link or submit button and wait for the page it leads to (not a race with the old page)."""
    with page.expect_navigation():
        locator.click()


def nav_link(page: Page, label: str) -> Locator:
    """The navigation's link to the item named ``label`` (its name may go on with a count). An item in a group other
    than the page's is in the sub navigation only once its group is open, so the group is followed first."""
    from caseboard.core.hooks import NAV_GROUPS, nav_items

    name = re.compile(rf"^{re.escape(label)}(\s|$)")
    sub = page.get_by_test_id("sub-navigation").get_by_role("link", name=name)
    top = page.locator("#navigation").get_by_role("link", name=name)
    if sub.count():
        return sub
    if top.count():
        return top
    group = next(NAV_GROUPS[item.group].label for item in nav_items.values() if item.label == label)
    follow(page, page.locator("#navigation").get_by_role("link", name=re.compile(rf"^{re.escape(group)}(\s|$)")))
    return page.get_by_test_id("sub-navigation").get_by_role("link", name=name)


def logout(page: Page) -> None:
    follow(page, page.get_by_role("button", name="Sign out"))


def check_accessibility(page: Page) -> None:
    """Run axe (WCAG 2.0/2.1 A and AA, 2.2 AA) on the page as it is now; fail listing every violation."""
    results = _axe.run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    if violations:
        lines = [f"{len(violations)} axe violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}")
            for node in violation["nodes"]:
                lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}")
        raise AssertionError("\n".join(lines))


def assert_no_csp_errors(page: Page) -> None:
    errors = [e for e in page.console_errors if any(marker in e for marker in CSP_MARKERS)]  # type: ignore[attr-defined]
    assert not errors, "Content-Security-Policy errors:\n" + "\n".join(errors)
    assert not page.page_errors, "JavaScript errors:\n" + "\n".join(page.page_errors)  # type: ignore[attr-defined]


def check_page(page: Page, *, axe: bool = True) -> None:
    """What every page must pass: GOV.UK Frontend's JS started, one h1, at most one current navigation item, the
    demo banner when in demo mode, no CSP or JS errors, and axe."""
    expect(page.locator("body.govuk-frontend-supported")).to_have_count(1)
    expect(page.locator("h1")).to_have_count(1)
    current = page.locator('.govuk-service-navigation [aria-current="page"]')
    assert current.count() <= 1, f"{current.count()} navigation items are the current page: {current.all_inner_texts()}"
    banner = page.get_by_text(DEMO_BANNER)
    if django_settings.DEMO_MODE:
        expect(banner).to_be_visible()
    else:
        expect(banner).to_have_count(0)
    assert_no_csp_errors(page)
    if axe:
        check_accessibility(page)


def screenshot(page: Page, name: str) -> None:
    """Save a full-page PNG to docs/screenshots/ when CASEBOARD_SCREENSHOTS=1 (CI leaves the files alone)."""
    if os.environ.get("CASEBOARD_SCREENSHOTS") != "1":
        return
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(VIEWPORT)
    page.screenshot(path=str(SCREENSHOT_DIR / name), full_page=True, animations="disabled", caret="hide")

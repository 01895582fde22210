"""Single sign-on in the browser, against an OpenID provider run in the test (caseboard.testing.oidc_provider): the
sign-in page offers "Sign in with your council account", the provider signs the person in and sends them back, and
they land on their home page with the role their provider groups give; a head of service whose provider asserts a
second factor is not asked for Caseboard's; someone in no mapped group sees why they are refused. Every page passes
axe, at a desktop's and a phone's width."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from caseboard.testing.oidc_provider import LocalProvider, person, running_provider
from tests.browser.conftest import check_page, follow, logout, url

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def provider(settings, transactional_db) -> Iterator[LocalProvider]:
    from caseboard.accounts.oidc import forget_discovery

    with running_provider() as provider:
        for name, value in provider.settings().items():
            setattr(settings, name, value)
        yield provider
    forget_discovery()


@pytest.fixture
def mapped(transactional_db):
    from caseboard.accounts.models import ProviderGroup, Role, Service, Team

    service = Service.objects.create(name="Child protection", slug="cp")
    team = Team.objects.create(name="Riverside CP team", service=service)
    managers = ProviderGroup.objects.create(
        group="9f1c-managers", description="CP team managers", role=Role.TEAM_MANAGER
    )
    managers.teams.set([team])
    ProviderGroup.objects.create(
        group="4b2e-heads", description="Heads of service", role=Role.HEAD_OF_SERVICE, service=service
    )
    return team


def both_widths(page: Page) -> None:
    check_page(page)
    page.set_viewport_size(PHONE)
    check_page(page)
    page.set_viewport_size(DESKTOP)


def sign_in_with_council_account(page: Page, live_server) -> None:
    page.goto(url(live_server, "/accounts/login/"))
    follow(page, page.get_by_role("button", name="Sign in with your council account"))


def test_a_manager_signs_in_with_their_council_account(page: Page, live_server, provider, mapped):
    from caseboard.accounts.models import User

    page.goto(url(live_server, "/accounts/login/"))
    expect(page.get_by_role("button", name="Sign in with your council account")).to_be_visible()
    both_widths(page)

    provider.person = person(
        sub="entra-mgr", groups=["9f1c-managers", "everyone"], given_name="Amara", family_name="Okafor"
    )
    follow(page, page.get_by_role("button", name="Sign in with your council account"))
    assert page.url == f"{live_server.url}/", page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    expect(page.locator(".govuk-caption-l").first).to_have_text("Team manager")
    both_widths(page)
    member = User.objects.get(sign_in_identities__subject="entra-mgr")
    assert member.get_full_name() == "Amara Okafor" and [t.name for t in member.teams.all()] == [mapped.name]
    assert any(r.startswith("POST /token") for r in provider.requests)
    logout(page)


def test_a_head_of_service_whose_provider_asserts_mfa_is_not_asked_for_a_code(
    page: Page, live_server, provider, mapped, settings
):
    settings.SECOND_FACTOR_REQUIRED = True
    settings.SECOND_FACTOR_EXEMPT_DEMO_ACCOUNTS = False
    provider.person = person(
        sub="entra-head", groups=["4b2e-heads"], amr=["pwd", "mfa"], email="head@northmoor.example"
    )
    sign_in_with_council_account(page, live_server)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    expect(page.locator(".govuk-caption-l").first).to_have_text("Head of service")
    logout(page)

    # Signed in by password alone at the provider: Caseboard's own second factor is asked for, as before.
    provider.person = person(sub="entra-head", groups=["4b2e-heads"], amr=["pwd"], email="head@northmoor.example")
    sign_in_with_council_account(page, live_server)
    expect(page.get_by_role("heading", name="Set up your second factor")).to_be_visible()
    check_page(page)


def test_someone_in_no_mapped_group_is_told_why(page: Page, live_server, provider, mapped):
    provider.person = person(sub="entra-finance", groups=["finance-team"], email="finance@northmoor.example")
    sign_in_with_council_account(page, live_server)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your council account does not give you access to Caseboard"
    )
    both_widths(page)
    follow(page, page.get_by_role("link", name="Go back to sign in"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Caseboard")

"""The front door in a browser: a practitioner records a contact about a new child, decides it is a referral and
screens it (a remote initial visit agreed by key decision, approved by the MASH team manager); and, while Early
Help referrals are paused, follows an Early Help request through the risk check. Every page is checked."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from .conftest import check_page, follow, login, logout, nav_link, screenshot, url

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def council(demo):
    """The demo council with its operating model (transactional tests flush what the data migration installed)."""
    from caseboard.policy.models import DeviationRule, OperatingModel, OperatingModelVersion, VisitFrequency
    from caseboard.policy.presets import install

    install(OperatingModel, OperatingModelVersion, VisitFrequency, DeviationRule)
    return demo


def fill_date(page: Page, name: str, day: date) -> None:
    for index, value in enumerate((day.day, day.month, day.year)):
        page.fill(f"#id_{name}_{index}", str(value))


def h1(page: Page):
    return page.locator("h1")


def record_contact(page: Page, *, agency: str, concerns: str) -> None:
    today = timezone.localdate()
    fill_date(page, "received_on", today)
    page.fill("#id_referrer_name", "Jo Smith, designated safeguarding lead")
    page.select_option("#id_referrer_agency", agency)
    page.locator("input[name=method][value=phone]").check()
    page.fill("#id_concerns", concerns)


def test_contact_referral_and_screening_with_a_remote_initial_visit(page, live_server, council, demo_mode):
    today = timezone.localdate()
    login(page, live_server, "frontdoor")
    follow(page, nav_link(page, "Front door"))
    expect(h1(page)).to_have_text("Front door")
    check_page(page)
    screenshot(page, "frontdoor-queue.png")

    follow(page, page.get_by_role("link", name="Record a contact"))
    check_page(page)
    record_contact(
        page, agency="2A", concerns="Came to school with a bruise on the arm; says they do not want to go home."
    )
    page.fill("#id_find", "Nobody Knownhere")
    follow(page, page.get_by_role("button", name="Find"))
    expect(page.get_by_test_id("search-result")).to_contain_text("No known child matches")
    expect(page.locator("#id_referrer_name")).to_have_value("Jo Smith, designated safeguarding lead")
    page.fill("#id_new_first_name", "Ruby")
    page.fill("#id_new_last_name", "Hill")
    fill_date(page, "new_date_of_birth", date(2012, 4, 3))
    page.get_by_label("Female").check()
    check_page(page)
    screenshot(page, "frontdoor-contact-form.png")
    follow(page, page.get_by_role("button", name="Save the contact"))
    expect(page.get_by_text("The contact is recorded")).to_be_visible()
    expect(page.get_by_test_id("decision")).to_contain_text("Awaiting decision")
    check_page(page)

    follow(page, page.get_by_role("link", name="Record the decision"))
    check_page(page)
    follow(page, page.get_by_role("button", name="Record the decision"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the decision")
    check_page(page)
    page.get_by_label("Referral to children's social care").check()
    page.fill("#id_reasons", "Unexplained bruising and the child is afraid to go home")
    page.select_option("#id_primary_need", "N1")
    follow(page, page.get_by_role("button", name="Record the decision"))

    # Straight to the screening of the new referral.
    expect(h1(page)).to_have_text("Screening of the referral")
    expect(page.get_by_test_id("outstanding")).to_contain_text("Record whether the agency checks are done")
    check_page(page)
    form = page.locator("main form[method=post]").last
    for name in (
        "agency_checks_done",
        "referrer_spoken_to",
        "parents_spoken_to",
        "child_spoken_to",
        "initial_visit_needed",
        "initial_visit_remote",
    ):
        form.locator(f"input[name={name}][value=yes]").check()
    page.fill("#id_agency_checks_notes", "Police and health: nothing known")
    from caseboard.accounts.models import User

    mash_manager = User.objects.get(username="tm.mash-team-1")
    page.select_option("#id_manager", value=str(mash_manager.pk))
    page.fill("#id_manager_risk_assessment", "Safe to hold the initial visit by video with the child at school.")
    fill_date(page, "outcome_sent_to_referrer_on", today)
    fill_date(page, "outcome_sent_to_family_on", today)
    follow(page, page.get_by_role("button", name="Save the screening"))
    expect(page.get_by_test_id("outstanding")).to_contain_text("awaiting a manager's approval")
    expect(page.get_by_test_id("outstanding")).to_contain_text("has to confirm the manager's decision")
    expect(page.get_by_test_id("manager-decision")).to_contain_text("Waiting for the manager to confirm")
    expect(page.get_by_test_id("remote-visit-decision")).to_contain_text("Awaiting approval")
    check_page(page)

    # Each agency asked, from the directory: a date answered before the date asked is refused, what was typed kept.
    from caseboard.partners.models import Agency

    Agency.objects.get_or_create(
        name="Northmoor Police Public Protection Unit",
        kind="police",
        defaults={"recorded_by": mash_manager, "recorded_at": timezone.now()},
    )
    follow(page, page.get_by_role("link", name="Add an agency asked"))
    expect(h1(page)).to_have_text("Add an agency asked")
    check_page(page)
    page.get_by_label("Agency asked").select_option(label="Northmoor Police Public Protection Unit")
    fill_date(page, "asked_on", today)
    page.get_by_label("What the agency shared").fill("Two call-outs to the address in 2020")
    follow(page, page.get_by_role("button", name="Save the agency check"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date the agency answered")
    expect(page.get_by_label("What the agency shared")).to_have_value("Two call-outs to the address in 2020")
    check_page(page)
    fill_date(page, "answered_on", today)
    follow(page, page.get_by_role("button", name="Save the agency check"))
    expect(page.get_by_test_id("agency-checks")).to_contain_text("Two call-outs to the address in 2020")
    page.set_viewport_size({"width": 390, "height": 844})
    check_page(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "frontdoor-screening.png")
    screening_url = page.url
    decision_url = (
        page.get_by_test_id("remote-visit-decision").get_by_role("link", name="key decision").get_attribute("href")
    )

    # The MASH team manager approves the key decision.
    logout(page)
    login(page, live_server, "tm.mash-team-1")
    page.goto(url(live_server, decision_url))
    check_page(page)
    page.get_by_label("Approve").check()
    follow(page, page.get_by_role("button", name="Save", exact=True))
    expect(page.get_by_text("The decision is approved")).to_be_visible()
    # The decision recorded in their name is in their queue: they confirm it on the screening.
    page.goto(url(live_server, "/"))
    expect(page.get_by_role("heading", name="Screening decisions to confirm")).to_be_visible()
    check_page(page)
    page.goto(screening_url)
    expect(page.get_by_test_id("manager-decision")).to_contain_text("Waiting for the manager to confirm")
    check_page(page)
    follow(page, page.get_by_role("button", name="Confirm the decision"))
    expect(page.get_by_text("You confirmed the screening decision")).to_be_visible()
    expect(page.get_by_test_id("manager-decision")).to_contain_text("Confirmed")
    check_page(page)
    logout(page)

    login(page, live_server, "frontdoor")
    page.goto(screening_url)
    follow(page, page.get_by_role("button", name="Save the screening"))
    expect(page.get_by_text("Screening complete")).to_be_visible()
    check_page(page)

    follow(page, page.get_by_role("link", name="Back to the referral"))
    expect(h1(page)).to_have_text("Referral for Ruby Hill")
    check_page(page)
    follow(page, page.get_by_role("link", name="Start an assessment"))
    check_page(page)
    fill_date(page, "started_on", today)
    follow(page, page.get_by_role("button", name="Start the assessment"))
    expect(page.get_by_test_id("clock")).to_contain_text("45 working days from the referral")
    check_page(page)
    follow(page, page.get_by_role("link", name="Pause the assessment (needs an approved key decision)"))
    check_page(page)
    fill_date(page, "starts_on", today)
    follow(page, page.get_by_role("button", name="Pause the assessment"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Pausing an assessment needs an approved key decision")
    check_page(page)


def test_early_help_request_while_early_help_referrals_are_paused(page, live_server, council, demo_mode):
    from caseboard.devtools.scenarios import install_covid_version
    from caseboard.people.models import Child

    install_covid_version()  # the COVID-19 preset pauses new Early Help referrals
    child = Child.objects.filter(is_restricted=False).order_by("pk").first()
    login(page, live_server, "frontdoor")
    page.goto(url(live_server, "/front-door/contacts/new/"))
    record_contact(
        page,
        agency="1A",
        concerns="Grandmother asks for help with the family: parents struggling with money and routines.",
    )
    page.fill("#id_find", child.local_id)
    follow(page, page.get_by_role("button", name="Find"))
    page.get_by_label(child.full_name, exact=False).check()
    check_page(page)
    follow(page, page.get_by_role("button", name="Save the contact"))
    follow(page, page.get_by_role("link", name="Record the decision"))
    expect(page.get_by_test_id("early-help-pause")).to_contain_text("New Early Help referrals are paused")
    check_page(page)
    page.get_by_label("Early Help", exact=True).check()
    page.fill("#id_reasons", "Family support would help; no safeguarding concern")
    follow(page, page.get_by_role("button", name="Record the decision"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "answer whether this request needs an urgent social work response"
    )
    check_page(page)
    page.get_by_label("Early Help", exact=True).check()
    page.locator("input[name=needs_urgent_social_work][value=no]").check()
    page.fill("#id_risk_check_notes", "School and health visitor see the children weekly; no immediate risk.")
    page.get_by_label("I advised the referrer to re-refer when the pause ends").check()
    follow(page, page.get_by_role("button", name="Record the decision"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("the referrer was advised to re-refer")
    expect(page.get_by_test_id("early-help-pause-record")).to_contain_text(
        "Does this request need an urgent social work response? No"
    )
    check_page(page)
    follow(page, page.get_by_role("link", name="Back to the front door"))
    page.goto(url(live_server, "/front-door/?show=decided"))
    expect(page.get_by_test_id("queue")).to_contain_text("Early Help")
    check_page(page)

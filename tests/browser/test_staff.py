"""Staff and teams for administrators, in Chromium with axe on every page: a new social worker added to a team
signs in with a one-time link and sees the caseload their manager allocated; a leaver is deactivated and their
children handed on; staff imported from a CSV file; teams and services added and renamed."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_page, follow, login, logout, nav_link, url

pytestmark = pytest.mark.browser

TEAM = "Children in need team 1"


def heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def test_a_new_social_worker_signs_in_with_a_one_time_link_and_sees_the_allocated_caseload(
    page, live_server, demo, demo_mode
):
    from caseboard.accounts.models import StaffChange, User

    manager = User.objects.get(username="manager")
    login(page, live_server, "admin")
    follow(page, nav_link(page, "Staff"))
    heading(page, "Staff")
    check_page(page)
    follow(page, page.get_by_role("link", name="Add a member of staff"))
    heading(page, "Add a member of staff")
    check_page(page)
    follow(page, page.get_by_role("button", name="Add member of staff"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the first name")
    expect(summary).to_contain_text("Select the role")
    check_page(page)

    page.get_by_label("First name").fill("Nia")
    page.get_by_label("Last name").fill("Starter")
    page.get_by_label("Username").fill("nstarter")
    page.get_by_label("Email address").fill("nia.starter@northmoor.example")
    page.get_by_label("Role").select_option(label="Social worker")
    page.get_by_label(f"{TEAM} (Children in need)").check()
    page.get_by_label("Line manager").select_option(label=f"{manager} (Team manager)")
    page.get_by_label("Job title (optional)").fill("Newly qualified social worker")
    page.get_by_label("Email them a link to set their password now").uncheck()
    follow(page, page.get_by_role("button", name="Add member of staff"))
    heading(page, "Nia Starter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Nia Starter has been added")
    expect(page.locator(".govuk-summary-list")).to_contain_text(str(manager))
    check_page(page)

    # The administrator copies the one-time link for the new starter.
    follow(page, page.get_by_role("link", name="Send or copy a link to set a password"))
    heading(page, "A link for Nia Starter to set a password")
    check_page(page)
    follow(page, page.get_by_role("button", name="Show it to copy"))
    heading(page, "Copy the link for Nia Starter")
    check_page(page)
    link = page.get_by_label("Link to set a password").input_value()
    assert "/accounts/set-password/" in link
    follow(page, page.get_by_role("link", name="Done"))

    # The team's members page lists her.
    follow(page, page.locator(".govuk-summary-list").get_by_role("link", name=TEAM))
    heading(page, f"{TEAM}: members")
    expect(page.get_by_role("table")).to_contain_text("Nia Starter")
    check_page(page)
    logout(page)

    # Her manager allocates a child to her.
    login(page, live_server, "manager")
    follow(page, nav_link(page, "Teams"))
    follow(page, page.get_by_role("link", name=TEAM))
    row = page.locator("[data-testid=children-table] tbody tr").filter(has_text="Sam Okafor").first
    child_name = row.get_by_role("link").inner_text().strip()
    follow(page, row.get_by_role("link"))
    follow(page, page.get_by_role("link", name="Allocate to a worker"))
    page.locator("#id_team").select_option(label=TEAM)
    page.locator("#id_worker").select_option(label="Nia Starter (Social worker)")
    today = date.today()
    page.locator("#id_started_on_0").fill(str(today.day))
    page.locator("#id_started_on_1").fill(str(today.month))
    page.locator("#id_started_on_2").fill(str(today.year))
    follow(page, page.get_by_role("button", name="Allocate"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{child_name} is now allocated to Nia Starter")
    logout(page)

    # She follows the link, sets her password and sees her caseload.
    page.goto(url(live_server, link[link.index("/accounts/") :]))
    heading(page, "Set your password")
    expect(page.get_by_text("Your username is nstarter")).to_be_visible()
    check_page(page)
    page.get_by_label("New password", exact=True).fill("short")
    page.get_by_label("Confirm the new password").fill("short")
    follow(page, page.get_by_role("button", name="Set password and sign in"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("too short")
    check_page(page)
    page.get_by_label("New password", exact=True).fill("first-day-at-northmoor-7")
    page.get_by_label("Confirm the new password").fill("first-day-at-northmoor-7")
    follow(page, page.get_by_role("button", name="Set password and sign in"))
    heading(page, "Your work")
    expect(page.get_by_test_id("home-caseload")).to_contain_text("children allocated to you")
    follow(page, nav_link(page, "My caseload"))
    heading(page, "My caseload")
    expect(page.locator("[data-testid=children-table]")).to_contain_text(child_name)
    check_page(page)
    logout(page)

    # The link worked once.
    page.goto(url(live_server, link[link.index("/accounts/") :]))
    heading(page, "This link no longer works")
    check_page(page)
    login(page, live_server, "nstarter", "first-day-at-northmoor-7")
    heading(page, "Your work")
    kinds = list(StaffChange.objects.filter(member__username="nstarter").order_by("pk").values_list("kind", flat=True))
    assert kinds == ["added", "password_link", "password_set"]


def test_the_administrator_deactivates_a_leaver_and_reallocates_their_children(page, live_server, demo, demo_mode):
    from django.db.models import Count, Q

    from caseboard.accounts.models import User
    from caseboard.casework.models import Allocation

    leaver = (
        User.objects.filter(teams__name=TEAM, role="social_worker", is_active=True)
        .exclude(username="worker")
        .annotate(open=Count("allocations", filter=Q(allocations__ended_on__isnull=True)))
        .filter(open__gte=2)
        .order_by("-open", "pk")
        .first()
    )
    assert leaver is not None, "no social worker in the team holds two children"
    colleague = User.objects.get(username="worker")
    manager = User.objects.get(username="manager")
    open_before = list(
        Allocation.objects.filter(worker=leaver, ended_on__isnull=True).values_list("child_id", flat=True)
    )

    login(page, live_server, "admin")
    page.goto(url(live_server, f"/staff/?q={leaver.username}"))
    heading(page, "Staff")
    follow(page, page.get_by_role("link", name=str(leaver)))
    heading(page, str(leaver))
    check_page(page)
    follow(page, page.get_by_role("link", name="Deactivate (a leaver)"))
    heading(page, f"Deactivate {leaver}")
    expect(page.get_by_role("table", name="Their open allocations").locator("tbody tr")).to_have_count(len(open_before))
    check_page(page)
    button = page.get_by_role("button", name=f"Move the children and deactivate {leaver}")
    follow(page, button)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose who takes on")
    check_page(page)
    leaver.refresh_from_db()
    assert leaver.is_active

    page.get_by_label(f"Everyone in {TEAM} to").select_option(label=f"{colleague} (Social worker)")
    page.get_by_role("table", name="Their open allocations").locator("select").first.select_option(
        label=f"{manager} (Team manager)"
    )
    follow(page, page.get_by_role("button", name=f"Move the children and deactivate {leaver}"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"{leaver} has been deactivated: {len(open_before)} children moved to other workers"
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Deactivated")
    expect(page.get_by_role("table")).to_contain_text("Deactivated")
    check_page(page)

    assert not Allocation.objects.filter(worker=leaver, ended_on__isnull=True).exists()
    now_with = dict(
        Allocation.objects.filter(child_id__in=open_before, ended_on__isnull=True, role="social_worker").values_list(
            "child_id", "worker__username"
        )
    )
    assert sorted(set(now_with.values())) == ["manager", "worker"]
    assert Allocation.objects.filter(worker=leaver, child_id__in=open_before).count() == len(open_before)

    page.goto(url(live_server, "/staff/?status=inactive"))
    expect(page.get_by_role("table")).to_contain_text(str(leaver))
    check_page(page)
    logout(page)

    # The leaver can no longer sign in.
    leaver = User.objects.get(pk=leaver.pk)
    assert not leaver.is_active
    leaver.set_password("the-leavers-password-1")
    leaver.save()
    page.goto(url(live_server, "/accounts/login/"))
    page.fill("#id_username", leaver.username)
    page.fill("#id_password", "the-leavers-password-1")
    follow(page, page.get_by_role("button", name="Sign in"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert "/accounts/login/" in page.url


def test_import_staff_and_manage_teams_and_services(page, live_server, demo, demo_mode, tmp_path):
    from caseboard.accounts.models import User
    from caseboard.accounts.staff_import import COLUMNS

    login(page, live_server, "admin")
    page.goto(url(live_server, "/staff/"))
    follow(page, page.get_by_role("link", name="Import staff from a CSV file"))
    heading(page, "Import staff from a CSV file")
    check_page(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the template (CSV)").click()
    assert download.value.suggested_filename == "caseboard-staff-template.csv"

    header = ",".join(COLUMNS)
    bad = tmp_path / "staff.csv"
    bad.write_text(f"{header}\nasmith,Amy,Smith,amy@example.org,Wizard,{TEAM},,,\nbjones,,Jones,bj,Social worker,,,,\n")
    page.get_by_label("Upload a CSV file").set_input_files(str(bad))
    follow(page, page.get_by_role("button", name="Import staff"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Nobody has been imported: the file has 4 problems")
    problems = page.get_by_role("table", name="Problems in the file")
    expect(problems.locator("tbody tr")).to_have_count(4)
    expect(problems).to_contain_text("Wizard is not a role")
    check_page(page)
    assert not User.objects.filter(username__in=["asmith", "bjones"]).exists()

    good = tmp_path / "staff-fixed.csv"
    good.write_text(
        f"{header}\nasmith,Amy,Smith,amy@example.org,Social worker,{TEAM},manager,,\n"
        f"bjones,Bea,Jones,bea@example.org,Social worker,{TEAM},asmith,,\n"
    )
    page.get_by_label("Upload a CSV file").set_input_files(str(good))
    page.get_by_label("Email everyone a link to set their password").uncheck()
    follow(page, page.get_by_role("button", name="Import staff"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("2 members of staff have been added")
    assert User.objects.get(username="bjones").line_manager.username == "asmith"

    follow(page, page.get_by_role("link", name="Teams and services"))
    heading(page, "Teams and services")
    check_page(page)
    follow(page, page.get_by_role("link", name="Add a service"))
    heading(page, "Add a service")
    check_page(page)
    page.get_by_label("Name of the service").fill("Fostering")
    follow(page, page.get_by_role("button", name="Add service"))
    follow(page, page.get_by_role("link", name="Add a team to Fostering"))
    heading(page, "Add a team")
    follow(page, page.get_by_role("button", name="Add team"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the team's name")
    check_page(page)
    page.get_by_label("Name of the team").fill("Fostering team 1")
    follow(page, page.get_by_role("button", name="Add team"))
    heading(page, "Fostering team 1: members")
    check_page(page)
    follow(page, page.get_by_role("link", name="Rename or move the team"))
    heading(page, "Rename or move Fostering team 1")
    check_page(page)
    page.get_by_label("Name of the team").fill("Fostering north")
    follow(page, page.get_by_role("button", name="Save changes"))
    heading(page, "Fostering north: members")
    follow(page, page.get_by_role("link", name="Teams and services"))
    follow(page, page.get_by_role("link", name="Rename Fostering"))
    heading(page, "Rename Fostering")
    check_page(page)
    page.get_by_label("Name of the service").fill("Fostering and adoption")
    follow(page, page.get_by_role("button", name="Save changes"))
    expect(page.get_by_role("heading", name="Fostering and adoption")).to_be_visible()


def test_only_administrators_see_the_staff_pages(page, live_server, demo):
    login(page, live_server, "manager")
    expect(page.get_by_role("link", name="Staff", exact=True)).to_have_count(0)
    response = page.goto(url(live_server, "/staff/"))
    assert response is not None and response.status == 403

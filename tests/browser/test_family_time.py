"""Family time in Chromium: a social worker records a court-ordered arrangement (twice weekly, supervised); the
COVID-19 preset comes into force; the coordinator sees the daily limit fall to 6 and the waiting list fill; the
worker proposes a change to video calls, the team manager cannot approve it, the head of service approves it; the
sessions become video calls; a carer's feedback is recorded and the worker is told. axe on every page."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import pytest
from playwright.sync_api import Page, expect

from caseboard.clock.calendar import is_working_day
from tests.browser.conftest import check_page, follow, login, logout, nav_link, url

pytestmark = pytest.mark.browser
COVID = "COVID-19 response (spring 2020)"


def h1(page: Page):
    return page.get_by_role("heading", level=1)


def fill_date(page: Page, name: str, day: date) -> None:
    for index, value in enumerate((day.day, day.month, day.year)):
        page.fill(f"#id_{name}_{index}", str(value))


def nav(page: Page, label: str):
    return nav_link(page, label)


def next_monday() -> date:
    """The day the arrangement starts: sessions are booked from the frequency in calendar weeks from tomorrow, so
    an arrangement starting today would have only a weekend left in its first week when this runs on a Friday or a
    Saturday. Starting on the next Monday makes its first week a whole one, whatever day the test runs on."""
    today = date.today()
    return today + timedelta(days=7 - today.weekday())


@pytest.fixture
def family_centre(demo):
    """The demo council with the family centre, and one of the demo worker's school-age children looked after and
    without family time; the centre's mornings in weeks 2 to 4 from the next Monday filled by six younger children
    (6 a day)."""
    from caseboard.accounts.models import User
    from caseboard.casework.models import Allocation, AllocationRole, Episode, EpisodeKind
    from caseboard.familytime import services
    from caseboard.familytime.demo import add_demo_family_time
    from caseboard.familytime.models import Arrangement, Venue
    from caseboard.testing.factories import AllocationFactory, ChildFactory, EpisodeFactory

    add_demo_family_time(1, date.today())
    worker = User.objects.get(username="worker")
    lac = Episode.objects.filter(kind=EpisodeKind.LOOKED_AFTER).values("child_id")
    allocation = (
        Allocation.objects.filter(
            worker=worker,
            role=AllocationRole.SOCIAL_WORKER,
            ended_on__isnull=True,
            child__is_restricted=False,
            child__date_of_birth__lte=date.today() - timedelta(days=365 * 7),
            child__date_of_birth__gte=date.today() - timedelta(days=365 * 14),
        )
        .exclude(child__in=lac)
        .exclude(child__in=Arrangement.objects.values("child_id"))
        .select_related("child", "team")
        .order_by("child__pk")
        .first()
    )
    assert allocation is not None
    child = allocation.child
    EpisodeFactory(child=child, looked_after=True, start_on=date.today() - timedelta(days=60))
    child.family_members.create(name="Kerry Mills", relationship="mother", has_parental_responsibility=True)
    venue = Venue.objects.get()
    coordinator = User.objects.get(username="coordinator")
    rooms = list(venue.rooms.order_by("-capacity", "pk"))[:6]
    monday = next_monday() + timedelta(days=7)
    for index, room in enumerate(rooms):
        young = ChildFactory(
            local_id=f"FT{index}",
            first_name="Filler",
            last_name=f"Child {index}",
            sex="M",
            date_of_birth=date.today() - timedelta(days=365 * 3),
        )
        EpisodeFactory(child=young, looked_after=True, start_on=date.today() - timedelta(days=90))
        AllocationFactory(child=young, worker=worker, team=allocation.team, started_on=date.today())
        filler = services.arrangement_record(
            child=young,
            recorded_by=worker,
            source="care_plan",
            times=5,
            period="week",
            duration_minutes=90,
            supervision="supported",
            mode="in_person",
            venue_kind="family_centre",
            venue=venue,
            starts_on=date.today(),
            with_whom="Mother",
        )
        for day in range(7, 28):
            when = monday + timedelta(days=day - 7)
            if (
                is_working_day(when)  # the centre is closed on bank holidays
                and not room.sessions.filter(
                    starts_at__lt=datetime.combine(when, time(10, 45)).astimezone(),
                    ends_at__gt=datetime.combine(when, time(8, 45)).astimezone(),
                ).exists()
            ):  # a morning the demo centre already uses in this room is filled already
                services.session_book(
                    arrangement=filler,
                    room=room,
                    booked_by=coordinator,
                    starts_at=datetime.combine(when, time(9, 0)).astimezone(),
                )
    return child


def test_court_ordered_family_time_through_the_covid_19_response(page, live_server, family_centre, demo_mode):
    from caseboard.familytime import services
    from caseboard.familytime.models import Arrangement, Session, WaitingListEntry

    child = family_centre
    today = date.today()
    starts_on = next_monday()

    # The worker records a court-ordered arrangement: an empty form is refused with specific messages.
    login(page, live_server, "worker")
    page.goto(url(live_server, f"/children/{child.pk}/"))
    expect(page.get_by_role("heading", name="Family time")).to_be_visible()
    follow(page, page.get_by_role("link", name="Record a family time arrangement"))
    expect(h1(page)).to_have_text("Record a family time arrangement")
    check_page(page)
    follow(page, page.get_by_role("button", name="Record the arrangement"))
    summary = page.locator(".govuk-error-summary")
    for message in (
        "Select where the arrangement comes from",
        "Enter the start date",
        "Select how family time happens",
    ):
        expect(summary).to_contain_text(message)
    check_page(page)
    page.get_by_label("Kerry Mills (Mother)").check()
    page.get_by_label("Court order").check()
    page.get_by_label("The order's contact provision").fill("Supervised contact with the mother twice a week.")
    page.fill("#id_times", "2")
    page.get_by_label("Every").select_option("week")
    page.fill("#id_duration_minutes", "90")
    page.get_by_label("Supervised", exact=True).check()
    page.get_by_label("In person").check()
    page.get_by_label("Family centre", exact=True).check()
    page.get_by_label("Which family centre").select_option(label="Riverside Family Centre")
    page.get_by_label("Who supervises").select_option(label="Maria Santos (Family time supervisor)")
    fill_date(page, "starts_on", starts_on)
    follow(page, page.get_by_role("button", name="Record the arrangement"))
    expect(page.get_by_text("The family time arrangement is recorded")).to_be_visible()
    expect(page.get_by_test_id("frequency")).to_have_text("twice a week, 90 minutes")
    check_page(page)
    arrangement = Arrangement.objects.get(child=child)
    logout(page)

    # The COVID-19 preset comes into force today: the head drafts it, an administrator approves it.
    login(page, live_server, "head")
    follow(page, nav(page, "Operating model"))
    follow(page, page.get_by_role("link", name="Draft a new version"))
    page.get_by_label("Start from").select_option(label=f"{COVID} (preset)")
    fill_date(page, "effective_from", today)
    follow(page, page.get_by_role("button", name="Create draft"))
    expect(page.get_by_text("Family time and the family centre").first).to_be_visible()
    check_page(page)
    number = re.search(r"Change version (\d+)", h1(page).inner_text())[1]
    logout(page)
    login(page, live_server, "admin")
    follow(page, nav(page, "Operating model"))
    follow(page, page.get_by_role("link", name=f"Version {number}", exact=True))
    follow(page, page.get_by_role("button", name="Approve"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is approved")
    logout(page)

    # The coordinator sees the daily limit at 6, and booking four weeks leaves the arrangement waiting.
    login(page, live_server, "coordinator")
    follow(page, nav(page, "Family time"))
    expect(h1(page)).to_have_text("Family time")
    expect(page.get_by_text("up to 6 sessions a day")).to_be_visible()
    check_page(page)
    follow(page, page.get_by_role("link", name="today at Riverside Family Centre"))
    expect(page.get_by_test_id("daily-limit")).to_contain_text("of 6 sessions")
    check_page(page)
    follow(page, page.get_by_role("link", name="Week view"))
    check_page(page)
    page.goto(url(live_server, f"/family-time/arrangements/{arrangement.pk}/book/"))
    expect(h1(page)).to_have_text("Book family time")
    check_page(page)
    follow(page, page.get_by_role("button", name="Book the sessions"))
    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_contain_text("the arrangement is on the waiting list")
    assert Session.objects.filter(arrangement=arrangement).count() == 0  # no risk assessment yet
    page.goto(url(live_server, "/family-time/waiting-list/"))
    expect(page.get_by_test_id("waiting-list")).to_contain_text(child.full_name)
    expect(page.get_by_test_id("waiting-list")).to_contain_text("Court order")
    check_page(page)
    logout(page)

    # The worker records the risk assessment the COVID-19 operating model needs; then the first week is booked (the
    # centre is full in the three weeks after it).
    login(page, live_server, "worker")
    page.goto(url(live_server, f"/family-time/arrangements/{arrangement.pk}/"))
    expect(page.get_by_text("needs a risk assessment before in-person sessions are booked")).to_be_visible()
    follow(page, page.get_by_role("link", name="Record a risk assessment"))
    check_page(page)
    for name in ("anyone_symptomatic", "anyone_isolating", "anyone_tested_positive", "anyone_clinically_vulnerable"):
        page.locator(f"input[name={name}][value=no]").check()
    page.locator("input[name=can_meet_outdoors][value=yes]").check()
    page.get_by_label("Risks of this arrangement, and how they are reduced").fill("Mother may arrive unwell: check.")
    page.get_by_label("Go ahead in person with PPE").check()
    follow(page, page.get_by_role("button", name="Record the risk assessment"))
    expect(page.get_by_text("The risk assessment is recorded")).to_be_visible()
    follow(page, page.get_by_role("link", name="Book sessions"))
    follow(page, page.get_by_role("button", name="Book the sessions"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "2 sessions booked; 6 could not be placed and the arrangement is on the waiting list"
    )
    booked = Session.objects.filter(arrangement=arrangement, status="booked")
    assert booked.count() == 2 and all(s.mode == "in_person" for s in booked)
    assert all(starts_on <= s.starts_at.astimezone().date() < starts_on + timedelta(days=7) for s in booked)
    assert WaitingListEntry.objects.filter(arrangement=arrangement, resolved_on__isnull=True).exists()

    # The worker proposes video calls instead: a key decision for the head of service.
    follow(page, page.get_by_role("link", name="Propose a change"))
    expect(h1(page)).to_have_text("Propose a change to family time")
    check_page(page)
    page.get_by_label("Video call").check()
    page.get_by_label("Carer's home").check()
    page.get_by_label("Which family centre").select_option(label="None")
    page.get_by_label("How the spirit of the order is kept").fill("Video calls twice a week at the same times.")
    page.get_by_label("Why the arrangement should change").fill("Six sessions a day cannot meet the order.")
    follow(page, page.get_by_role("button", name="Propose the change for approval"))
    expect(page.get_by_text("Court-ordered contact changed").first).to_be_visible()
    expect(page.get_by_test_id("mode")).to_have_text("In person")
    check_page(page)
    decision = arrangement.changes.get().decision
    logout(page)

    login(page, live_server, "manager")
    page.goto(url(live_server, f"/decisions/{decision.pk}/"))
    expect(page.get_by_role("heading", name="Approve or reject")).to_have_count(0)
    check_page(page)
    logout(page)

    login(page, live_server, "head")
    follow(page, nav(page, "Approvals"))
    card = page.get_by_test_id("pending-decision").filter(has_text="Court-ordered contact changed")
    card.get_by_label("Approve").check()
    follow(page, card.get_by_role("button", name=re.compile("^Save decision")))
    expect(page.get_by_text("The decision is approved")).to_be_visible()
    logout(page)

    login(page, live_server, "worker")
    page.goto(url(live_server, f"/family-time/arrangements/{arrangement.pk}/"))
    expect(page.get_by_test_id("mode")).to_have_text("Video call")
    expect(page.get_by_test_id("arrangement-sessions")).to_contain_text("Video call")
    expect(page.get_by_test_id("arrangement-sessions")).not_to_contain_text("In person")
    expect(page.get_by_test_id("arrangement-history")).to_contain_text("In effect")
    check_page(page)
    logout(page)

    # A session last week was held; the supervisor records the carer's feedback and the worker is told.
    past = Session.objects.filter(arrangement=arrangement).first()  # next week's
    held = Session.objects.create(
        arrangement=arrangement,
        child=child,
        mode="video",
        supervisor=arrangement.supervisor,
        starts_at=past.starts_at - timedelta(days=14),
        ends_at=past.ends_at - timedelta(days=14),
        booked_at=past.booked_at,
    )
    services.session_record(
        session=held,
        recorded_by=arrangement.supervisor,
        held=True,
        mode_held="video",
        attended="Child and mother by video",
        now=held.ends_at + timedelta(hours=1),
    )
    login(page, live_server, "supervisor")
    # The observation notes due are with the supervisor's other due work.
    follow(page, nav(page, "Due and overdue"))
    expect(page.get_by_test_id("observation-notes-due")).to_contain_text(child.full_name)
    check_page(page)
    follow(page, nav(page, "Family time"))
    follow(page, page.get_by_role("link", name="My sessions to supervise"))
    expect(page.get_by_test_id("supervisor-tasks")).to_contain_text(child.full_name)
    check_page(page)
    follow(page, page.get_by_test_id("supervisor-tasks").get_by_role("link").first)
    check_page(page)
    page.get_by_label("The carer's feedback").fill("He was calm after the call and talked about his mum at tea.")
    follow(page, page.get_by_role("button", name="Save the feedback"))
    expect(page.get_by_test_id("carer-feedback")).to_contain_text("calm after the call")
    check_page(page)
    logout(page)

    login(page, live_server, "worker")
    expect(nav(page, "Notifications").locator(".app-count")).to_be_visible()
    follow(page, nav(page, "Family time"))
    follow(page, page.get_by_role("link", name="Sessions needing my attention"))
    expect(page.get_by_test_id("attention")).to_contain_text(child.full_name)
    check_page(page)
    follow(page, page.get_by_test_id("attention").get_by_role("link").first)
    follow(page, page.get_by_role("button", name="Mark as read"))
    check_page(page)

    # The reports, each page checked.
    logout(page)
    login(page, live_server, "head")
    page.goto(url(live_server, "/reports/"))
    follow(page, page.get_by_test_id("report-links").get_by_role("link", name=re.compile("^Family time")))
    expect(h1(page)).to_contain_text("Family time")
    check_page(page)
    for name in (
        "Looked-after children with no direct",
        "Sessions per week",
        "Venue use against capacity",
        "The waiting list over time",
        "Court-ordered contact not met",
    ):
        follow(page, page.get_by_role("link", name=re.compile(name)))
        check_page(page)
        page.go_back()


def phone_width(page: Page, name: str) -> None:
    """The page at a phone's width: no sideways scrolling, axe clean."""
    page.set_viewport_size({"width": 390, "height": 844})
    check_page(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{name} scrolls sideways by {overflow}px at 390px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_coordinator_adds_a_venue_and_its_rooms_and_changes_them(page, live_server, demo, demo_mode):
    from caseboard.familytime.demo import add_demo_family_time
    from caseboard.familytime.models import Room, Venue

    add_demo_family_time(1, date.today())
    login(page, live_server, "coordinator")
    follow(page, nav(page, "Family time"))
    follow(page, page.get_by_role("link", name="Add a venue"))
    expect(h1(page)).to_have_text("Add a venue")
    check_page(page)

    # Bad input: the same name as the demo centre, in other capitals; what was typed is kept, nothing is written.
    page.get_by_label("Name of the venue").fill("riverside family centre")
    page.get_by_label("Address").fill("12 Mill Lane")
    follow(page, page.get_by_role("button", name="Add the venue"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("There is already a venue called")
    expect(page.get_by_label("Address")).to_have_value("12 Mill Lane")
    check_page(page)
    assert Venue.objects.count() == 1

    page.get_by_label("Name of the venue").fill("Hillside Family Centre")
    follow(page, page.get_by_role("button", name="Add the venue"))
    expect(h1(page)).to_have_text("Hillside Family Centre: rooms")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("now add its rooms")
    check_page(page)

    page.get_by_label("Room name").fill("Orchard room")
    page.get_by_label("How many people it holds").fill("0")
    follow(page, page.get_by_role("button", name="Add the room"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter at least 1")
    expect(page.get_by_label("Room name")).to_have_value("Orchard room")
    check_page(page)
    page.get_by_label("How many people it holds").fill("5")
    follow(page, page.get_by_role("button", name="Add the room"))
    expect(page.get_by_test_id("rooms")).to_contain_text("Orchard room")
    phone_width(page, "venue rooms")

    follow(page, page.get_by_role("link", name="Change Orchard room"))
    expect(h1(page)).to_have_text("Change Orchard room")
    check_page(page)
    page.get_by_label("How many people it holds").fill("6")
    follow(page, page.get_by_role("button", name="Save the room"))
    expect(page.get_by_test_id("rooms")).to_contain_text("6")
    assert Room.objects.get(name="Orchard room", venue__name="Hillside Family Centre").capacity == 6

    follow(page, page.get_by_role("link", name="Change the venue's name, address, opening hours or coordinators"))
    expect(h1(page)).to_have_text("Change Hillside Family Centre")
    check_page(page)
    page.get_by_label("Address").fill("1 Hill Road")
    # Its own opening hours: both times or neither, closing after opening.
    page.get_by_label("Opens at").fill("10:00")
    follow(page, page.get_by_role("button", name="Save the venue"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the time the venue closes")
    expect(page.get_by_label("Opens at")).to_have_value("10:00")
    check_page(page)
    page.get_by_label("Closes at").fill("16:00")
    follow(page, page.get_by_role("button", name="Save the venue"))
    expect(page.get_by_text("1 Hill Road")).to_be_visible()
    expect(page.get_by_text("Open 10:00 to 16:00 (the venue's own hours)")).to_be_visible()
    check_page(page)
    hillside = Venue.objects.get(name="Hillside Family Centre")
    assert hillside.address == "1 Hill Road" and (hillside.opens_at, hillside.closes_at) == (time(10), time(16))


def test_a_coordinator_keeps_the_school_holidays(page, live_server, demo, demo_mode):
    from caseboard.familytime.demo import add_demo_family_time
    from caseboard.familytime.models import SchoolHoliday

    add_demo_family_time(1, date.today())  # the coordinator, and the demo's term dates to the summer after next
    login(page, live_server, "coordinator")
    follow(page, nav(page, "Family time"))
    follow(page, page.get_by_role("link", name="School holidays"))
    expect(h1(page)).to_have_text("School holidays")
    check_page(page)
    year = date.today().year + 3
    page.get_by_label("Name of the holiday").fill(f"Summer holiday {year}")
    fill_date(page, "starts_on", date(year, 7, 22))
    fill_date(page, "ends_on", date(year, 7, 1))
    follow(page, page.get_by_role("button", name="Add the holiday"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be the same as or after the first day")
    expect(page.get_by_label("Name of the holiday")).to_have_value(f"Summer holiday {year}")
    check_page(page)
    fill_date(page, "ends_on", date(year, 9, 1))
    follow(page, page.get_by_role("button", name="Add the holiday"))
    expect(page.get_by_test_id("school-holidays")).to_contain_text(f"Summer holiday {year}")
    check_page(page)
    phone_width(page, "school holidays")
    assert SchoolHoliday.objects.filter(name=f"Summer holiday {year}").exists()
    follow(page, page.get_by_role("button", name=f"Remove Summer holiday {year}"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is removed from the school holidays")
    assert not SchoolHoliday.objects.filter(name=f"Summer holiday {year}").exists()

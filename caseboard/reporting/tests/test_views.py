from datetime import date

import pytest
from django.urls import reverse

from caseboard.reporting.models import ReturnDownload, StoredReturn
from caseboard.reporting.returns.services import stored_return_generate

from .conftest import WEEK, visit

pytestmark = pytest.mark.django_db

PAGES = [
    reverse("reporting:index"),
    reverse("reporting:weekly-visits") + "?week=2026-03-23",
    reverse("reporting:weekly-visits-list") + "?week=2026-03-23&group=CIN&mode=physical",
    reverse("reporting:survey") + "?date=2026-03-29",
    reverse("reporting:survey-children") + "?date=2026-03-29&group=CIN&status=not_seen",
]


@pytest.mark.parametrize("url", PAGES)
def test_report_pages_are_for_managers_heads_and_performance_officers(week, client, url):
    for user, status in ((week.council.worker, 403), (week.council.iro, 403), (week.council.nobody, 403)):
        client.force_login(user)
        assert client.get(url).status_code == status
    for user in (week.council.manager, week.council.head, week.council.performance, week.council.admin):
        client.force_login(user)
        assert client.get(url).status_code == 200


def test_the_weekly_page_shows_the_users_figures_says_so_and_links_every_number(week, client):
    client.force_login(week.council.performance)
    response = client.get(reverse("reporting:weekly-visits"), {"week": "2026-03-23"})
    page = response.content.decode()
    assert "These figures count only the visits to children whose records you may see" in page
    assert "looked after (LAC) first, then a child protection plan (CP), then child in need (CIN)" in page
    assert "in person, at home; in person, somewhere else" in page
    assert "video call; phone call; other electronic means" in page
    assert [(row.group, row.total) for row in response.context["result"].rows] == [
        ("CIN", 6),
        ("CP", 2),
        ("LAC", 2),
        ("All", 10),
    ]
    list_url = reverse("reporting:weekly-visits-list")
    assert f"{list_url}?week=2026-03-23&amp;group=LAC&amp;mode=virtual" in page
    assert page.count(f"{list_url}?week=2026-03-23") == 20


def test_a_date_that_is_not_a_monday_moves_to_its_monday_with_a_message(week, client):
    client.force_login(week.council.performance)
    response = client.get(reverse("reporting:weekly-visits"), {"week": "2026-03-26"})
    assert response.context["result"].week_start == WEEK
    assert "Thursday 26 March 2026 is not a Monday: showing the week from Monday 23 March 2026" in (
        response.content.decode()
    )


def test_a_bad_date_shows_an_error_and_keeps_what_was_typed(week, client):
    client.force_login(week.council.performance)
    boxes = {"week-day": "31", "week-month": "02", "week-year": "2026"}
    response = client.get(reverse("reporting:weekly-visits"), boxes)
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter the week as a real date" in page
    for name, value in boxes.items():
        assert f'name="{name}" type="text" inputmode="numeric" value="{value}"' in page
    assert '<a href="#week-day">' in page  # the error summary links to the day box
    assert response.context["result"] is not None
    # The same date given as one value (a link or a bookmark) is refused alike and shown in the boxes.
    linked = client.get(reverse("reporting:weekly-visits"), {"week": "31/02/2026"}).content.decode()
    assert (
        "Enter the week as a real date" in linked
        and 'name="week-day" type="text" inputmode="numeric" value="31"' in linked
    )


def test_the_week_is_read_from_the_date_boxes_or_one_value_alike(week, client):
    client.force_login(week.council.performance)
    url = reverse("reporting:weekly-visits")
    by_boxes = client.get(url, {"week-day": "13", "week-month": "5", "week-year": "2020"})
    by_value = client.get(url, {"week": "2020-05-13"})
    assert by_boxes.context["result"].week_start == by_value.context["result"].week_start
    assert str(by_boxes.context["result"].week_start) == "2020-05-11"
    page = by_value.content.decode()  # the boxes show the date given
    assert 'name="week-day" type="text" inputmode="numeric" value="13"' in page
    assert 'name="week-year" type="text" inputmode="numeric" value="2020"' in page
    missing = client.get(url, {"week-day": "13", "week-month": "5"}).content.decode()
    assert "Enter the week as a real date" in missing


def test_the_drill_down_lists_only_visible_visits_in_a_fixed_number_of_queries(
    week, client, django_assert_max_num_queries
):
    client.force_login(week.council.performance)
    url = reverse("reporting:weekly-visits-list")
    with django_assert_max_num_queries(12):
        response = client.get(url, {"week": "2026-03-23", "group": "CIN", "mode": "all"})
    assert response.context["page"].paginator.count == 6
    assert "Eve" not in response.content.decode()  # the restricted record
    for _n in range(40):
        visit(week.council.own_child, date(2026, 3, 24), "video")
    with django_assert_max_num_queries(12):
        response = client.get(url, {"week": "2026-03-23", "group": "CIN", "mode": "all"})
    assert response.context["page"].paginator.count == 46
    assert client.get(url, {"week": "2026-03-23", "group": "XX"}).status_code == 404


def test_survey_drill_down_in_a_fixed_number_of_queries(week, client, django_assert_max_num_queries):
    client.force_login(week.council.performance)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("reporting:survey-children"), {"date": "2026-03-29", "group": "All"})
    assert response.context["page"].paginator.count == 5


def test_downloads_csv_and_xlsx(week, client):
    client.force_login(week.council.manager)
    response = client.get(reverse("reporting:weekly-visits"), {"week": "2026-03-23", "format": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="weekly-visits-2026-03-23.csv"'
    assert response.content.decode().splitlines()[-1] == "All,6,4,66.67,2,33.33"
    response = client.get(reverse("reporting:survey"), {"date": "2026-03-29", "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_stored_returns_generate_now_page_differences_and_downloads(week, client):
    client.force_login(week.council.manager)
    assert client.get(reverse("reporting:returns")).status_code == 403
    assert client.post(reverse("reporting:generate"), {"kind": "weekly_visits"}).status_code == 403
    client.force_login(week.council.performance)
    stored = stored_return_generate(kind="weekly_visits", start=WEEK, generated_by=None)
    visit(week.council.team_child, date(2026, 3, 26), "phone")
    page = client.get(reverse("reporting:return", args=[stored.pk])).content.decode()
    assert "What a re-run now would change" in page and "57.14" in page and "50.00" in page
    response = client.get(reverse("reporting:return-download", args=[stored.pk, "csv"]))
    assert response.content.decode().splitlines()[4] == "All,11,6,54.55,5,45.45"
    assert ReturnDownload.objects.get().downloaded_by == week.council.performance
    listing = client.get(reverse("reporting:returns")).content.decode()
    assert "Performance Test (CSV" in listing
    # Generate now runs the task (at once in tests; queued for the worker elsewhere).
    response = client.post(reverse("reporting:generate"), {"kind": "survey"}, follow=True)
    assert "is being generated" in response.content.decode()
    assert StoredReturn.objects.filter(kind="survey", generated_by=week.council.performance).exists()


def test_the_briefing_pdf_downloads(week, client):
    client.force_login(week.council.performance)
    response = client.get(reverse("reporting:briefing"), {"week": "2026-03-23", "date": "2026-03-29"})
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_reports_in_the_navigation_for_managers_only(week, client):
    client.force_login(week.council.manager)
    assert ">Reports<" in client.get(reverse("reporting:index")).content.decode()
    client.force_login(week.council.worker)
    assert 'href="/reports/"' not in client.get(reverse("casework:my-caseload")).content.decode()


def test_a_stored_return_downloads_as_stored_in_excel_with_number_formats(week, client):
    import io

    from openpyxl import load_workbook

    stored = stored_return_generate(kind="weekly_visits", start=WEEK, generated_by=None)
    client.force_login(week.council.head)
    page = client.get(reverse("reporting:return", args=[stored.pk])).content.decode()
    assert "57.14" in page and "54.55" in page
    response = client.get(reverse("reporting:return-download", args=[stored.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[5]] == ["All", 11, 6, 54.55, 5, 45.45]
    assert sheet["D5"].number_format == "0.00" and sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold

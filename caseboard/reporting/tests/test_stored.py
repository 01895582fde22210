from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from caseboard.reporting.models import ReturnDownload, ReturnKind, StoredReturn
from caseboard.reporting.returns.services import (
    figures_hash,
    rerun_differences,
    return_download_record,
    stored_return_generate,
    weekly_return_store_previous,
)

from .conftest import WEEK, visit

pytestmark = pytest.mark.django_db


def test_a_stored_return_keeps_the_whole_councils_figures_and_their_hash(week):
    stored = stored_return_generate(kind=ReturnKind.WEEKLY_VISITS, start=WEEK, generated_by=week.council.performance)
    assert (stored.period_start, stored.period_end) == (WEEK, date(2026, 3, 29))
    assert stored.figures["rows"][3] == {
        "group": "All",
        "total": 11,
        "physical": 6,
        "physical_pct": "54.55",
        "virtual": 5,
        "virtual_pct": "45.45",
    }
    assert stored.content_hash == figures_hash(stored.figures)
    assert stored.generated_by_label == "Performance Test"


def test_a_late_entry_leaves_the_stored_return_unchanged_and_shows_in_what_a_rerun_would_change(week):
    stored = stored_return_generate(kind=ReturnKind.WEEKLY_VISITS, start=WEEK, generated_by=None)
    before = (stored.figures, stored.content_hash)
    assert rerun_differences(stored) == []

    visit(week.council.team_child, date(2026, 3, 26), "phone")  # entered after the return was stored

    stored.refresh_from_db()
    assert (stored.figures, stored.content_hash) == before
    changes = {(d.row, d.column): (d.stored, d.now) for d in rerun_differences(stored)}
    assert changes == {
        ("CIN", "total"): ("7", "8"),
        ("CIN", "virtual"): ("3", "4"),
        ("CIN", "physical_pct"): ("57.14", "50.00"),
        ("CIN", "virtual_pct"): ("42.86", "50.00"),
        ("All", "total"): ("11", "12"),
        ("All", "virtual"): ("5", "6"),
        ("All", "physical_pct"): ("54.55", "50.00"),
        ("All", "virtual_pct"): ("45.45", "50.00"),
    }


def test_the_monday_job_stores_last_weeks_return_once(week):
    first = weekly_return_store_previous(today=date(2026, 4, 1))
    again = weekly_return_store_previous(today=date(2026, 4, 5))
    assert first.pk == again.pk
    assert (first.period_start, first.generated_by) == (WEEK, None)
    assert StoredReturn.objects.count() == 1


def test_store_weekly_command_for_cron(week, capsys):
    call_command("report", "store-weekly", "--week", "2026-03-25")
    stored = StoredReturn.objects.get()
    assert (stored.kind, stored.period_start, stored.generated_by) == ("weekly_visits", WEEK, None)
    assert "Stored return" in capsys.readouterr().out


def test_a_weekly_return_starts_on_a_monday_and_not_in_the_future(council):
    with pytest.raises(ValidationError):
        stored_return_generate(kind=ReturnKind.WEEKLY_VISITS, start=date(2026, 3, 24), generated_by=None)
    with pytest.raises(ValidationError):
        stored_return_generate(kind=ReturnKind.WEEKLY_VISITS, start=date(2099, 3, 23), generated_by=None)
    assert not StoredReturn.objects.exists()


def test_a_stored_survey_and_its_differences(week):
    stored = stored_return_generate(kind=ReturnKind.SURVEY, start=date(2026, 3, 29), generated_by=None)
    assert (stored.period_start, stored.period_end) == (date(2026, 3, 23), date(2026, 3, 29))
    cohorts = {row["group"]: row["children"] for row in stored.figures["cohorts"]}
    assert cohorts == {"LAC": 1, "CP": 0, "CIN": 5, "All": 6}
    visit(week.council.closed_child, date(2026, 3, 28), worker=week.council.worker)
    changes = {(d.row, d.column): (d.stored, d.now) for d in rerun_differences(stored)}
    assert changes[("CIN", "not_seen")] == ("1", "0")


def test_downloads_are_recorded(week):
    stored = stored_return_generate(kind=ReturnKind.WEEKLY_VISITS, start=WEEK, generated_by=None)
    return_download_record(stored_return=stored, user=week.council.performance, format="csv")
    with pytest.raises(ValidationError):
        return_download_record(stored_return=stored, user=week.council.performance, format="docx")
    assert list(ReturnDownload.objects.values_list("downloaded_by__username", "format")) == [("performance", "csv")]

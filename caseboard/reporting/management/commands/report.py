"""Returns from the command line, over the whole council:

manage.py report weekly-visits --week 2020-05-11 --format csv|json|xlsx [--output FILE]
manage.py report survey --date 2020-06-04 --format csv|json|xlsx [--output FILE]
manage.py report store-weekly [--week 2020-05-11]     # Mondays from cron: store last week's return
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from caseboard.reporting import exports
from caseboard.reporting.models import ReturnKind
from caseboard.reporting.returns import selectors as weekly
from caseboard.reporting.returns.services import stored_return_generate, weekly_return_store_previous
from caseboard.reporting.survey import selectors as survey

FORMATS = ("csv", "json", "xlsx")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Give the date as YYYY-MM-DD, like 2020-05-11 (not {text!r})") from None


class Command(BaseCommand):
    help = "Print or store a return (the weekly visits return, the vulnerable children survey) for the whole council."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="which", required=True, metavar="{weekly-visits,survey,store-weekly}")
        visits = commands.add_parser("weekly-visits", help="The weekly visits return (Monday to Sunday)")
        visits.add_argument("--week", required=True, help="Any date in the week (YYYY-MM-DD); moved to its Monday")
        survey_parser = commands.add_parser("survey", help="The vulnerable children survey on a snapshot date")
        survey_parser.add_argument("--date", default=None, help="The snapshot date (YYYY-MM-DD); default today")
        for sub in (visits, survey_parser):
            sub.add_argument("--format", choices=FORMATS, default="csv")
            sub.add_argument("--output", default=None, help="Write to this file (default: standard output)")
        store = commands.add_parser("store-weekly", help="Store a weekly visits return (default: last week, once)")
        store.add_argument("--week", default=None, help="Store this week's return (any date in it), even if stored")

    def handle(self, *args: Any, which: str, **options: Any) -> None:
        if which == "store-weekly":
            self._store(options.get("week"))
            return
        if options["format"] == "xlsx" and not options["output"]:
            raise CommandError("An Excel file needs --output FILE")
        if which == "weekly-visits":
            self._weekly(_date(options["week"]), options["format"], options["output"])
        else:
            on = _date(options["date"]) if options.get("date") else timezone.localdate()
            self._survey(on, options["format"], options["output"])

    def _write(self, content: str | bytes, output: str | None) -> None:
        if output:
            path = Path(output)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
            self.stderr.write(f"Written to {path}")
        else:
            self.stdout.write(content if isinstance(content, str) else content.decode(), ending="")

    def _monday(self, day: date) -> date:
        monday = weekly.monday_of(day)
        if monday != day:
            self.stderr.write(f"{day:%A %-d %B %Y} is not a Monday: reporting the week from Monday {monday:%-d %B %Y}")
        return monday

    def _weekly(self, day: date, fmt: str, output: str | None) -> None:
        result = weekly.weekly_visits_return(children=None, week_start=self._monday(day))
        if fmt == "json":
            self._write(json.dumps(result.figures(), indent=2) + "\n", output)
        elif fmt == "csv":
            self._write(exports.csv_text(weekly.CSV_HEADERS, result.table_rows()), output)
        else:
            formats = dict.fromkeys(weekly.PERCENT_COLUMNS, exports.PERCENT_FORMAT)
            sheet = (f"Visits w-c {result.week_start:%d-%m-%Y}", weekly.CSV_HEADERS, result.table_rows(), formats)
            self._write(exports.xlsx_bytes([sheet]), output)

    def _survey(self, on: date, fmt: str, output: str | None) -> None:
        result = survey.survey_snapshot(children=None, on=on)
        if fmt == "json":
            self._write(json.dumps(result.figures(), indent=2) + "\n", output)
        elif fmt == "csv":
            self._write(exports.csv_text(survey.COHORT_HEADERS, result.cohort_table()), output)
        else:
            formats = dict.fromkeys(survey.COHORT_PERCENT_COLUMNS, exports.PERCENT_FORMAT)
            sheets = [
                ("Cohorts", survey.COHORT_HEADERS, result.cohort_table(), formats),
                ("Referrals and starts", survey.TREND_HEADERS, result.trend_table(), {}),
            ]
            self._write(exports.xlsx_bytes(sheets), output)

    def _store(self, week: str | None) -> None:
        try:
            if week is None:
                stored = weekly_return_store_previous(today=timezone.localdate())
            else:
                stored = stored_return_generate(
                    kind=ReturnKind.WEEKLY_VISITS, start=self._monday(_date(week)), generated_by=None
                )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Stored return {stored.pk}: {stored} (hash {stored.content_hash[:12]})"))

"""``manage.py returns export|validate|import|refresh``: the DfE returns from the command line, with progress;
``refresh`` (nightly, from the schedule) asks the task worker to build and check the returns the return health page
shows."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

KINDS = {"cin": "cin", "903": "903", "ssda903": "903", "annex-a": "annex_a"}


def _bar(stream: Any, label: str) -> Any:
    started = time.monotonic()
    shown = [-1]

    def progress(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        if filled == shown[0] and done < total:
            return
        shown[0] = filled
        rate = done / max(time.monotonic() - started, 1e-6)
        stream.write(f"\r  {label} [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} ({rate:,.0f}/s)")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return progress


class Command(BaseCommand):
    help = "Export, validate or import the DfE returns (CIN census, SSDA903, Ofsted Annex A)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="Build a return from the record")
        export.add_argument("kind", choices=sorted(KINDS))
        export.add_argument("--year", required=True, help="Collection year, e.g. 2025-26")
        export.add_argument("--format", default="", help="xml or csv (SSDA903); default xml for CIN, csv for 903")
        export.add_argument("--output", required=True, help="A file (one-file returns) or a folder (903 CSV)")
        export.add_argument("--as-at", default="", help="Annex A: the date to draw the lists up on (YYYY-MM-DD)")
        export.add_argument("--validate", action="store_true", help="Also check the files with the DfE validator")
        validate = sub.add_parser("validate", help="Check files with the DfE validator")
        validate.add_argument("kind", choices=["cin", "903", "ssda903"])
        validate.add_argument("files", nargs="+")
        validate.add_argument("--year", required=True)
        validate.add_argument("--json", action="store_true", help="Print every failure as JSON")
        imp = sub.add_parser("import", help="Import files from another system (all or nothing per file)")
        imp.add_argument("kind", choices=["cin", "903", "ssda903"])
        imp.add_argument("files", nargs="+")
        imp.add_argument("--year", required=True)
        imp.add_argument("--user", required=True, help="Username the import is recorded as")
        imp.add_argument("--dry-run", action="store_true", help="List the problems and write nothing")
        sub.add_parser(
            "refresh",
            help="Build and check the CIN census and SSDA903 for this year and last (the return health page's figures)"
            " by the task worker",
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        getattr(self, f"_{action}")(**options)

    def _export(self, *, kind: str, year: str, format: str, output: str, as_at: str, validate: bool, **_: Any) -> None:
        from datetime import date

        from caseboard.interchange.layouts import UnknownYear
        from caseboard.interchange.services import build_return_files

        kind = KINDS[kind]
        fmt = format or {"cin": "xml", "903": "csv", "annex_a": "xlsx"}[kind]
        started = time.monotonic()
        try:
            files, count = build_return_files(
                kind=kind,
                year_name=year,
                fmt=fmt,
                as_at=date.fromisoformat(as_at) if as_at else None,
                progress=_bar(self.stderr, "children"),
            )
        except UnknownYear as error:
            raise CommandError(str(error)) from error
        target = Path(output)
        if len(files) == 1 and not target.is_dir():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(next(iter(files.values())))
            written = [target]
        else:
            target.mkdir(parents=True, exist_ok=True)
            written = []
            for name, content in files.items():
                (target / name).write_bytes(content)
                written.append(target / name)
        self.stdout.write(f"{count:,} children in {len(written)} file(s) in {time.monotonic() - started:.1f}s")
        if validate:
            self._report(kind, year, {p.name: p.read_bytes() for p in written}, as_json=False)

    def _validate(self, *, kind: str, files: list[str], year: str, json: bool, **_: Any) -> None:
        self._report(KINDS[kind], year, {Path(p).name: Path(p).read_bytes() for p in files}, as_json=json)

    def _report(self, kind: str, year: str, files: dict[str, bytes], *, as_json: bool) -> None:
        from django.conf import settings

        from caseboard.interchange.validation import ValidatorUnavailable, validate_files

        started = time.monotonic()
        try:
            result = validate_files(kind=kind, collection_year=year, files=files, la_code=settings.COUNCIL_ONS_CODE)
        except ValidatorUnavailable as error:
            raise CommandError(str(error)) from error
        if as_json:
            self.stdout.write(json.dumps(result.as_dict(), indent=2))
            return
        self.stdout.write(
            f"{result.package} ({result.ruleset}), {result.rules_run} rules in {time.monotonic() - started:.1f}s: "
            f"{len(result.errors)} errors, {len(result.queries)} queries"
        )
        for row in result.by_rule():
            self.stdout.write(f"  {row['type']:5} {row['rule']:>10} x{row['count']:<6} {row['message']}")
        for row in result.failed_rules:
            self.stdout.write(f"  rule {row['rule']} could not run on this data (a validator bug): {row['message']}")
        for row in result.suppressed[:1]:
            self.stdout.write(f"  suppressed {len(result.suppressed)} failures of rule {row['rule']}: {row['reason']}")
        if result.errors:
            sys.exit(1)

    def _import(self, *, kind: str, files: list[str], year: str, user: str, dry_run: bool, **_: Any) -> None:
        from caseboard.accounts.models import User
        from caseboard.interchange.imports import import_files

        started = time.monotonic()
        try:
            who = User.objects.get(username=user)
        except User.DoesNotExist as error:
            raise CommandError(f"There is no user {user!r}") from error
        outcome = import_files(
            kind=KINDS[kind],
            year_name=year,
            files={Path(p).name: Path(p).read_bytes() for p in files},
            user=who,
            dry_run=dry_run,
            progress=_bar(self.stderr, "children"),
        )
        for problem in outcome.problems:
            self.stdout.write(f"  {problem['location']}: {problem['field'] or '-'}: {problem['message']}")
        for warning in outcome.warnings:
            self.stdout.write(f"  query: {warning['location']}: {warning['field']}: {warning['message']}")
        for note in outcome.unmapped:
            self.stdout.write(f"  not imported: {note}")
        self.stdout.write(f"{outcome.headline} (in {time.monotonic() - started:.1f}s)")
        if outcome.problems:
            sys.exit(1)

    def _refresh(self, **_: Any) -> None:
        from caseboard.interchange.services import health_refresh
        from caseboard.interchange.validation import validator_python, validators_available

        if not validators_available():
            self.stderr.write(
                f"The DfE validators are not installed ({validator_python()} is missing): the returns will be built"
                " but not checked. Run ./dev validators to install them."
            )
        asked = health_refresh(requested_by=None)
        for generated in asked:
            self.stdout.write(f"  asked for the {generated.get_kind_display()} {generated.collection_year}")
        self.stdout.write(f"{len(asked)} return(s) asked for; the task worker builds and checks them")

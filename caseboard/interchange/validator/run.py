"""Run the DfE validators on return files and print what they find as JSON.

This script runs in the validators' own virtualenv (``.venv-validators``), never inside Django: both validators pin
old pandas and numpy. Caseboard calls it as a subprocess (``caseboard.interchange.validation``)::

    .venv-validators/bin/python caseboard/interchange/validator/run.py cin 2025-26 FILE.xml
    .venv-validators/bin/python caseboard/interchange/validator/run.py 903 2025-26 FILE.csv [FILE.csv ...]
    .venv-validators/bin/python caseboard/interchange/validator/run.py rules cin 2025-26
    .venv-validators/bin/python caseboard/interchange/validator/run.py read cin 2025-26 FILE.xml

``read`` only reads the files into the validator's tables, as it does before running any rule, and prints
``{"seconds": S, "rows": N}``: the benchmark compares Caseboard's time to write a return with it.

It prints one JSON object on standard output: ``{"issues": [...], "return_level": [...], "failed_rules": [...],
"rules_run": N, "package": "...", "ruleset": "..."}``. Each issue is ``{"rule": code, "type": "error"|"query",
"message", "table", "field", "row", "child"}``. Whatever the validators print or log goes to standard error, so the
JSON stays clean (the 903 validator configures logging on import and some rules print).

Known validator behaviour handled here (each is reported, not hidden):
- the CIN ``run`` command defaults to last year's rules: the ruleset is always chosen from the collection year;
- ``create_issue_df`` raises "No objects to concatenate" when nothing fails: that means no issues;
- rules that crash on the data (903 rules 231 and 233 raise ``KeyError``) are listed in ``failed_rules``;
- the 903 report fails on a table with no rows and no columns (the XML reader makes them): they get their columns.
"""

from __future__ import annotations

import json
import logging
import math
import sys
import traceback
from importlib.metadata import version
from pathlib import Path


def _year_end(collection_year: str) -> str:
    """'2025-26' -> '2026', the year both validators use for the 2025-26 collection."""
    start = int(collection_year.split("-")[0])
    return str(start + 1)


def _clean(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (list, tuple)):
        return [_clean(item) for item in value]
    return str(value) if not isinstance(value, (int, str)) else value


def _cin(collection_year: str, path: str) -> dict:
    import xml.etree.ElementTree as ET

    from cin_validator import cin_validator
    from cin_validator.rule_engine import RuleType
    from cin_validator.rules.ruleset_utils import get_year_ruleset

    registry = get_year_ruleset(_year_end(collection_year))
    types = {str(rule.code): ("query" if rule.rule_type == RuleType.QUERY else "error") for rule in registry.values()}
    messages = {str(rule.code): rule.message for rule in registry.values()}
    root = ET.parse(path).getroot()  # noqa: S314 - the validator's own parser, on a file Caseboard wrote
    tables = cin_validator.process_data(cin_validator.convert_data(root))
    result = cin_validator.CinValidator(tables, registry, selected_rules=None)
    issues = []
    report = result.full_issue_df
    if report is not None and len(report):
        for row in report.to_dict("records"):
            code = str(row.get("rule_code"))
            issues.append(
                {
                    "rule": code,
                    "type": types.get(code, "error"),
                    "message": messages.get(code, row.get("rule_description")),
                    "table": _clean(row.get("tables_affected")),
                    "field": _clean(row.get("columns_affected")),
                    "row": _clean(row.get("row_id")),
                    "child": _clean(row.get("child_id")),
                }
            )
    return_level = []
    multichild = getattr(result, "multichild_issues", None)
    if multichild is not None and len(multichild):
        for row in multichild.drop_duplicates().to_dict("records"):
            code = str(row.get("rule_code"))
            return_level.append({"rule": code, "type": types.get(code, "error"), "message": messages.get(code, "")})
    return {
        "package": f"csc-validator-be-cin {version('csc-validator-be-cin')}",
        "ruleset": f"cin{int(_year_end(collection_year)) - 1}_{_year_end(collection_year)[2:]}",
        "rules_run": len(registry),
        "failed_rules": [],
        "issues": issues,
        "return_level": return_level,
    }


def _903_type(code: str) -> str:
    return "query" if code.endswith("Q") else "error"


def _903(collection_year: str, paths: list[str], local_authority: str) -> dict:
    from lac_validator import lac_validator
    from lac_validator.report import Report
    from lac_validator.rules.ruleset_utils import get_year_ruleset

    year = _year_end(collection_year)
    registry = get_year_ruleset(year)
    files = [{"name": Path(p).name, "description": "This year", "file_content": Path(p).read_bytes()} for p in paths]
    validator = lac_validator.LacValidator(
        metadata={"collectionYear": year, "localAuthority": local_authority}, files=files, registry=registry
    )
    # Known: a table with no rows (as the XML reader makes when no child has, say, a missing episode) has no
    # columns, and the report then fails with KeyError 'CHILD': give such tables their columns.
    import pandas as pd
    from lac_validator.config import column_names

    for name, table in list(validator.ds_results.items()):
        if name != "metadata" and isinstance(table, pd.DataFrame) and "CHILD" not in table.columns:
            validator.ds_results[name] = pd.DataFrame(columns=column_names.get(name.replace("_last", ""), ["CHILD"]))
    report = Report(validator.ds_results, registry)
    try:
        issue_df = lac_validator.create_issue_df(report.report, report.error_report)
        rows = issue_df.to_dict("records")
    except ValueError as error:
        # Known: create_issue_df cannot concatenate zero issue tables.
        if "No objects to concatenate" not in str(error):
            raise
        rows = []
    issues = []
    for row in rows:
        code = str(row.get("rule_code"))
        issues.append(
            {
                "rule": code,
                "type": _903_type(code),
                "message": row.get("rule_description") or "",
                "table": _clean(row.get("tables_affected")),
                "field": _clean(row.get("columns_affected")),
                "row": _clean(row.get("row_id")),
                "child": _clean(row.get("child_id")),
            }
        )
    return {
        "package": f"csc-validator-be-903 {version('csc-validator-be-903')}",
        "ruleset": f"lac{int(year) - 1}_{year[2:]}",
        "rules_run": len(registry) - len(validator.fails),
        "failed_rules": [
            {"rule": str(code), "message": str(registry[code].message) if code in registry else ""}
            for code in validator.fails
        ],
        "skipped_rules": [str(code) for code in validator.skips],
        "issues": issues,
        "return_level": [],
    }


def _rules(kind: str, collection_year: str) -> dict:
    year = _year_end(collection_year)
    if kind == "cin":
        from cin_validator.rule_engine import RuleType
        from cin_validator.rules.ruleset_utils import get_year_ruleset

        registry = get_year_ruleset(year)
        rules = [
            {
                "rule": str(rule.code),
                "type": "query" if rule.rule_type == RuleType.QUERY else "error",
                "message": rule.message,
            }
            for rule in registry.values()
        ]
    else:
        from lac_validator.rules.ruleset_utils import get_year_ruleset

        registry = get_year_ruleset(year)
        rules = [
            {"rule": str(code), "type": _903_type(str(code)), "message": rule.message, "fields": rule.affected_fields}
            for code, rule in registry.items()
        ]
    return {"rules": rules}


def _read(kind: str, collection_year: str, paths: list[str]) -> dict:
    """Read files as the validator does before its rules (the CIN XML into its tables; the 903 files into its data
    store), timed here so that the interpreter's start and the imports are left out."""
    import time

    if kind == "cin":
        import xml.etree.ElementTree as ET

        from cin_validator import cin_validator

        started = time.perf_counter()
        root = ET.parse(paths[0]).getroot()  # noqa: S314 - the validator's own parser, on a file Caseboard wrote
        tables = cin_validator.process_data(cin_validator.convert_data(root))
        seconds = time.perf_counter() - started
        rows = sum(len(table) for table in tables.values())
    else:
        from lac_validator.datastore import create_datastore
        from lac_validator.ingress import read_from_text

        files = [
            {"name": Path(p).name, "description": "This year", "file_content": Path(p).read_bytes()} for p in paths
        ]
        started = time.perf_counter()
        dfs, extras = read_from_text(raw_files=files)
        create_datastore(dfs, {"collectionYear": _year_end(collection_year), "localAuthority": "E09000033", **extras})
        seconds = time.perf_counter() - started
        rows = sum(len(table) for table in dfs.values())
    return {"seconds": seconds, "rows": rows}


def main(argv: list[str]) -> int:
    real_stdout = sys.stdout
    sys.stdout = sys.stderr  # anything the validators print must not corrupt the JSON
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    try:
        if argv[0] == "cin":
            result = _cin(argv[1], argv[2])
        elif argv[0] == "903":
            local_authority = "E09000033"
            paths = []
            for arg in argv[2:]:
                if arg.startswith("--la="):
                    local_authority = arg[5:]
                else:
                    paths.append(arg)
            result = _903(argv[1], paths, local_authority)
        elif argv[0] == "rules":
            result = _rules(argv[1], argv[2])
        elif argv[0] == "read":
            result = _read(argv[1], argv[2], argv[3:])
        else:
            raise SystemExit(f"Unknown command {argv[0]}")
    except Exception as error:  # any crash becomes one JSON message for the caller
        traceback.print_exc(file=sys.stderr)
        real_stdout.write(json.dumps({"error": f"{type(error).__name__}: {error}"}))
        return 2
    real_stdout.write(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

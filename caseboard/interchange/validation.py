"""Checking a return with the DfE validators (``csc-validator-be-cin``, ``csc-validator-be-903``).

The validators pin old pandas and numpy, so they live in their own virtualenv (``.venv-validators``, made by
``./dev`` from ``requirements-validators.txt``) and run as a subprocess (``validator/run.py``, alone in its folder so
that nothing beside it shadows a standard module) that reads the files and prints JSON. Nothing of them is imported
here.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

RUNNER = Path(__file__).with_name("validator") / "run.py"
# Known validator bugs handled here rather than hidden (DOMAIN.md section 9.4):
# lac2024_25 rule 146 lists "k3", so a valid K3 placement is flagged that year only.
SUPPRESSED = {("903", "2024-25", "146"): "The 2024-25 validator's rule 146 rejects the valid placement code K3"}
# Rule SW17STG2 ("There is no social worker episode open at 31 March", from 2025-26) expects every child's last
# social worker episode to be open, but only a child looked after on 31 March has one open then: a child who left
# care in the year has their social worker episodes reported (rule SW12STG2 asks for them), the last one ending
# with their care. The rule is set aside for children not looked after on 31 March only.
SUPPRESSED_UNLESS_LOOKED_AFTER_AT_END = {
    ("903", "SW17STG2"): "The validator's rule SW17STG2 expects an open social worker episode of a child who was "
    "not looked after on 31 March (the rule is for children looked after then)"
}


class ValidatorUnavailable(RuntimeError):
    """The validators' environment is missing or failed: says how to make it."""


def validator_python() -> Path:
    configured = os.environ.get("CASEBOARD_VALIDATORS_PYTHON") or getattr(settings, "VALIDATORS_PYTHON", "")
    return Path(configured) if configured else Path(settings.BASE_DIR) / ".venv-validators" / "bin" / "python"


def validators_available() -> bool:
    return validator_python().exists()


@dataclass
class ValidationResult:
    package: str = ""
    ruleset: str = ""
    rules_run: int = 0
    issues: list[dict] = field(default_factory=list)
    return_level: list[dict] = field(default_factory=list)
    failed_rules: list[dict] = field(default_factory=list)
    suppressed: list[dict] = field(default_factory=list)

    @property
    def errors(self) -> list[dict]:
        return [issue for issue in self.issues if issue["type"] == "error"]

    @property
    def queries(self) -> list[dict]:
        return [issue for issue in self.issues if issue["type"] == "query"]

    def by_rule(self) -> list[dict]:
        """Each rule that failed, with its type, message and how many places fail it (most first)."""
        counts = Counter((i["rule"], i["type"], i["message"]) for i in self.issues + self.return_level)
        return [
            {"rule": rule, "type": kind, "message": message, "count": count}
            for (rule, kind, message), count in sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
        ]

    def as_dict(self) -> dict:
        return {
            "package": self.package,
            "ruleset": self.ruleset,
            "rules_run": self.rules_run,
            "issues": self.issues,
            "return_level": self.return_level,
            "failed_rules": self.failed_rules,
            "suppressed": self.suppressed,
            "by_rule": self.by_rule(),
        }


def _run(arguments: list[str], timeout: int) -> dict:
    python = validator_python()
    if not python.exists():
        raise ValidatorUnavailable(
            f"The DfE validators are not installed ({python} is missing): run ./dev validators to install them"
        )
    completed = subprocess.run(  # noqa: S603 - fixed program and arguments, no shell
        [str(python), str(RUNNER), *arguments], capture_output=True, timeout=timeout, check=False
    )
    if not completed.stdout:
        raise ValidatorUnavailable(f"The validator gave no result: {completed.stderr[-500:].decode(errors='replace')}")
    try:
        result = json.loads(completed.stdout)
    except json.JSONDecodeError as error:
        raise ValidatorUnavailable(f"The validator gave no result: {completed.stderr[-500:]!r}") from error
    if "error" in result:
        raise ValidatorUnavailable(f"The validator could not check the file: {result['error']}")
    return result


def _empty_csv(name: str, content: bytes) -> bool:
    return name.lower().endswith(".csv") and len(content.strip().splitlines()) <= 1


def _looked_after_at_end(files: dict[str, bytes]) -> set[str]:
    """The children an SSDA903 return's episodes table has looked after on 31 March: an episode with no end that is
    not a short break (V3, V4), as the DfE counts them."""
    found: set[str] = set()
    for name, content in files.items():
        if not name.lower().endswith(".csv"):
            continue
        rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig", errors="replace"))))
        if not rows or not {"CHILD", "DECOM", "DEC", "LS"} <= set(rows[0]):
            continue
        found |= {r["CHILD"] for r in rows if not r["DEC"].strip() and r["LS"].strip() not in {"V3", "V4"}}
    return found


def validate_files(
    *, kind: str, collection_year: str, files: dict[str, bytes], la_code: str = "", timeout: int = 3600
) -> ValidationResult:
    """Run the DfE validator for ``kind`` ("cin" or "903") on the files of a return and collect what it found."""
    if kind != "cin":
        # The 903 validator's report fails (KeyError 'CHILD') on a CSV table with no rows: such tables say nothing
        # to check, so they are left out of its input (the return itself keeps them).
        files = {name: content for name, content in files.items() if not _empty_csv(name, content)}
    with tempfile.TemporaryDirectory(prefix="caseboard-validate-") as directory:
        paths = []
        for name, content in files.items():
            path = Path(directory) / Path(name).name
            path.write_bytes(content)
            paths.append(str(path))
        if kind == "cin":
            raw = _run(["cin", collection_year, paths[0]], timeout)
        else:
            extra = [f"--la={la_code}"] if la_code else []
            raw = _run(["903", collection_year, *paths, *extra], timeout)
    result = ValidationResult(
        package=raw.get("package", ""),
        ruleset=raw.get("ruleset", ""),
        rules_run=raw.get("rules_run", 0),
        return_level=raw.get("return_level", []),
        failed_rules=raw.get("failed_rules", []),
    )
    looked_after = _looked_after_at_end(files) if kind != "cin" else set()
    for issue in raw.get("issues", []):
        reason = SUPPRESSED.get((kind, collection_year, str(issue["rule"])))
        unless = SUPPRESSED_UNLESS_LOOKED_AFTER_AT_END.get((kind, str(issue["rule"])))
        if unless and str(issue.get("child", "")) not in looked_after:
            reason = unless
        if reason:
            result.suppressed.append({**issue, "reason": reason})
        else:
            result.issues.append(issue)
    return result

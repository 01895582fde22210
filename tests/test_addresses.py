"""No personal data in addresses: every query-string parameter that the code or a template writes into a link, a
redirect or a GET form is on the allow-list of filters, periods and record ids (``crawl.ALLOWED_QUERY_PARAMETERS``).
The link crawl checks the same on every rendered page (``test_links.py``); this reads the source, so it also covers
redirects and pages the crawl does not reach."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from .crawl import ALLOWED_QUERY_PARAMETERS

ROOT = Path(__file__).resolve().parents[1] / "caseboard"
PARAMETER = re.compile(r"[?&](?:amp;)?([A-Za-z_][\w-]*)=")
GET_FORM = re.compile(r"<form(?![^>]*method=\"post\")[^>]*>(.*?)</form>", re.S | re.I)


def _source_files(suffix: str) -> list[Path]:
    return [path for path in ROOT.rglob(f"*{suffix}") if not {"tests", "migrations"} & set(path.parts)]


def parameters_in_python() -> dict[str, set[str]]:
    """Names in ``"...?name="`` strings (redirects, reversed URLs with a query) and in ``urlencode({...})`` keys."""
    found: dict[str, set[str]] = {}
    for path in _source_files(".py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names: list[str] = []
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "?" in node.value:
                names = PARAMETER.findall(node.value)
            elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "urlencode":
                names = [
                    key.value
                    for argument in node.args
                    if isinstance(argument, ast.Dict)
                    for key in argument.keys
                    if isinstance(key, ast.Constant)
                ]
            for name in names:
                found.setdefault(name, set()).add(f"{path.relative_to(ROOT.parent)}:{node.lineno}")
    return found


def parameters_in_templates() -> dict[str, set[str]]:
    """Names in the query strings of ``href``s and the field names written into GET forms."""
    found: dict[str, set[str]] = {}
    for path in _source_files(".html"):
        text = path.read_text()
        names = [name for href in re.findall(r'href="([^"]*)"', text) for name in PARAMETER.findall(href)]
        names += [name for form in GET_FORM.findall(text) for name in re.findall(r'name="([^"{]+)"', form)]
        for name in names:
            found.setdefault(name, set()).add(str(path.relative_to(ROOT.parent)))
    return found


def test_the_scan_finds_the_parameters_it_should():
    python, templates = parameters_in_python(), parameters_in_templates()
    assert "check" in python  # visits: the pre-visit check chosen for the visit form
    assert "q" in templates and "what" in templates  # the search form; the demand report's lists


def test_no_link_redirect_or_get_form_puts_other_fields_in_the_address():
    found = parameters_in_python() | parameters_in_templates()
    unexpected = {name: sorted(where) for name, where in found.items() if name not in ALLOWED_QUERY_PARAMETERS}
    assert not unexpected, (
        "Query-string parameters not on the allow-list (carry health, concerns or risk on the server: a draft, the "
        f"session or a POST; add a plain filter or id to crawl.ALLOWED_QUERY_PARAMETERS): {unexpected}"
    )


def test_the_pre_visit_check_sends_no_answers_in_the_address():
    views = (ROOT / "visits" / "views.py").read_text()
    assert "risk_assessment_notes" not in "".join(PARAMETER.findall(views))
    assert not re.search(r"redirect\([^)]*\?[^)]*risk", views)

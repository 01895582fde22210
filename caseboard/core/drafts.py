"""What one page hands to the next, kept on the server (in the session) rather than in the address.

A pre-visit check that says "do not visit in person" leads to proposing a key decision with the check's answers as
its risk assessment. Those answers are special-category data (a household's symptoms, isolation, clinical
vulnerability): in a query string they would be written to access logs and browser history. The first page puts
them in a draft, the next page reads it as the form's initial values and discards it once the form is saved.
"""

from __future__ import annotations

from django.http import HttpRequest

SESSION_KEY = "caseboard_drafts"


def draft_put(request: HttpRequest, name: str, values: dict[str, str]) -> None:
    """Keep ``values`` for the next page under ``name`` (e.g. ``decision-for-child-12``), replacing any before."""
    drafts = dict(request.session.get(SESSION_KEY, {}))
    drafts[name] = dict(values)
    request.session[SESSION_KEY] = drafts


def draft_get(request: HttpRequest, name: str) -> dict[str, str]:
    """The values kept under ``name``, or an empty dict. Reading does not discard them (a page may be reloaded)."""
    return dict(request.session.get(SESSION_KEY, {}).get(name, {}))


def draft_discard(request: HttpRequest, name: str) -> None:
    drafts = dict(request.session.get(SESSION_KEY, {}))
    if drafts.pop(name, None) is not None:
        request.session[SESSION_KEY] = drafts

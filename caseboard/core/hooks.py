"""Extension points, so that a feature app can add to pages of a lower app without the lower app importing it
(DESIGN.md section 3: a lower app never imports a higher one).

- ``child_panels``: each callable(request, child) returns a ``Panel`` (a template and its context) to show on the
  child's record, or None.
- ``caseload_annotators``: each callable(queryset of children) returns it with extra annotations for caseload and
  search tables (e.g. the next due item), in a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Panel:
    order: int
    template: str
    context: dict[str, Any] = field(default_factory=dict)


child_panels: list[Callable[..., Panel | None]] = []
# Labels for codes that feature apps annotate onto lower apps' rows, e.g. {"due_kind": {"cin_visit": "…"}}; shown
# with the ``label`` template filter.
labels: dict[str, dict[str, str]] = {}
caseload_annotators: list[Callable[[Any], Any]] = []


def register_child_panel(function: Callable[..., Panel | None]) -> None:
    if function not in child_panels:
        child_panels.append(function)


def register_caseload_annotator(function: Callable[[Any], Any]) -> None:
    if function not in caseload_annotators:
        caseload_annotators.append(function)


# Extra orderings for caseload and search tables: {sort key: callable(queryset, descending) -> ordered queryset}.
caseload_sorts: dict[str, Callable[[Any, bool], Any]] = {}


def register_caseload_sort(key: str, order: Callable[[Any, bool], Any]) -> None:
    caseload_sorts[key] = order


# Filters for caseload tables from the query string: {parameter: (label, choices, callable(queryset, value))}.
caseload_filters: dict[str, tuple[str, list[tuple[str, str]], Callable[[Any, str], Any]]] = {}
# Annotations for worklist rows (due items), e.g. the child's current RAG rating: callable(queryset) -> queryset.
worklist_annotators: list[Callable[[Any], Any]] = []


def register_caseload_filter(
    parameter: str, label: str, choices: list[tuple[str, str]], apply: Callable[[Any, str], Any]
) -> None:
    caseload_filters[parameter] = (label, choices, apply)


def register_worklist_annotator(function: Callable[[Any], Any]) -> None:
    if function not in worklist_annotators:
        worklist_annotators.append(function)


def apply_caseload_filters(children: Any, params: Any) -> Any:
    for parameter, (_label, choices, apply) in caseload_filters.items():
        value = params.get(parameter, "")
        if value in {code for code, _ in choices}:
            children = apply(children, value)
    return children


# Counts shown beside navigation items: {url name: callable(user) -> int}.
nav_counters: dict[str, Callable[[Any], int]] = {}


def register_nav_counter(url_name: str, count: Callable[[Any], int]) -> None:
    nav_counters[url_name] = count


def register_labels(name: str, mapping: dict[str, str]) -> None:
    labels[name] = dict(mapping)


def panels_for(request: Any, child: Any) -> list[Panel]:
    panels = [panel for function in child_panels if (panel := function(request, child)) is not None]
    return sorted(panels, key=lambda panel: panel.order)


# Steps that add a feature's fictional records to the demo council after the children exist:
# callable(seed: int, today: date) -> str (a line for the command's summary).
demo_steps: list[Callable[[int, Any], str]] = []


def register_demo_step(step: Callable[[int, Any], str]) -> None:
    if step not in demo_steps:
        demo_steps.append(step)


# Panels on a lower app's page other than the child's record, by page name ("frontdoor-queue"; "my-worklist", the
# user's own Due and overdue, for due work that is the user's rather than a child's, e.g. a family time supervisor's
# observation notes): callable(request) -> Panel or None. Shown with ``{% page_panels "frontdoor-queue" %}``.
page_panels: dict[str, list[Callable[..., Panel | None]]] = {}


def register_page_panel(page: str, function: Callable[..., Panel | None]) -> None:
    functions = page_panels.setdefault(page, [])
    if function not in functions:
        functions.append(function)


def page_panels_for(page: str, request: Any) -> list[Panel]:
    panels = [panel for function in page_panels.get(page, []) if (panel := function(request)) is not None]
    return sorted(panels, key=lambda panel: panel.order)


# The service navigation: each app adds its own items from ``ready()``, so core names no higher app. Items are
# grouped by what a role does; the top level shows one link per group (at most seven), the group's first item the
# user may open, and the page's own group shows its items below (GOV.UK sub navigation).
@dataclass(frozen=True)
class NavGroup:
    order: int
    label: str


NAV_GROUPS: dict[str, NavGroup] = {
    "children": NavGroup(10, "Children"),
    "work": NavGroup(20, "Work"),
    "services": NavGroup(30, "Services"),
    "reports": NavGroup(40, "Reports"),
    "settings": NavGroup(50, "Settings"),
    "notifications": NavGroup(60, "Notifications"),
}


@dataclass(frozen=True)
class NavItem:
    """A link in the service navigation: shown, in ``order`` within its ``group`` (a key of ``NAV_GROUPS``), to users
    for whom ``visible(user)`` holds (a ``rules`` predicate taking the user; None: every signed-in user)."""

    order: int
    label: str
    url_name: str
    visible: Callable[[Any], bool] | None = None
    group: str = field(kw_only=True)


nav_items: dict[str, NavItem] = {}


def register_nav_item(item: NavItem) -> None:
    if item.group not in NAV_GROUPS:
        raise ValueError(f"Unknown navigation group {item.group!r} for {item.label!r}")
    nav_items[item.url_name] = item


def navigation_for(user: Any) -> list[tuple[str, str]]:
    """(label, url name) of the items this user sees, group by group, in order."""
    items = sorted(nav_items.values(), key=lambda item: (NAV_GROUPS[item.group].order, item.order, item.label))
    return [(item.label, item.url_name) for item in items if item.visible is None or item.visible(user)]


def navigation_groups_for(user: Any) -> list[tuple[NavGroup, list[tuple[str, str]]]]:
    """The groups this user sees, each with its (label, url name) items in order; empty groups left out."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    for label, url_name in navigation_for(user):
        grouped.setdefault(nav_items[url_name].group, []).append((label, url_name))
    return [(NAV_GROUPS[key], items) for key, items in grouped.items()]


# Work that must be handed on before a member of staff is deactivated (a leaver): callable(user) -> list of
# sentences, each saying what is still held (e.g. "12 open allocations"). Deactivation refuses while any is left.
deactivation_checks: list[Callable[[Any], list[str]]] = []


def register_deactivation_check(check: Callable[[Any], list[str]]) -> None:
    if check not in deactivation_checks:
        deactivation_checks.append(check)

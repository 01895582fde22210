"""The home page's cards. Each app registers, for the page "home", a function of the request that returns its card
for this user, or None when it has nothing for them (``core.hooks.register_page_panel("home", ...)``); the card is
data only (figures, a short table, links), drawn by one template so every role's home page looks alike."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .hooks import Panel

CARD_TEMPLATE = "core/home_card.html"
# A card lists at most this many rows; the link goes to the rest.
CARD_ROWS = 8


@dataclass(frozen=True)
class Figure:
    label: str
    value: int | str
    url: str = ""
    warning: bool = False


@dataclass(frozen=True)
class Cell:
    text: str = ""
    url: str = ""
    tag: str = ""
    colour: str = ""


@dataclass(frozen=True)
class Link:
    text: str
    url: str
    hint: str = ""


def home_card(
    order: int,
    key: str,
    title: str,
    *,
    figures: Iterable[Figure] = (),
    headers: Sequence[str] = (),
    rows: Sequence[Sequence[Cell]] = (),
    empty: str = "",
    link: Link | None = None,
    links: Iterable[Link] = (),
    total_rows: int | None = None,
) -> Panel:
    """A card for the home page. ``rows`` beyond ``CARD_ROWS`` are left out and counted under the table."""
    shown = list(rows)[:CARD_ROWS]
    total = len(rows) if total_rows is None else total_rows
    more = f"Showing {len(shown)} of {total}." if total > len(shown) else ""
    return Panel(
        order=order,
        template=CARD_TEMPLATE,
        context={
            "key": key,
            "title": title,
            "figures": list(figures),
            "headers": list(headers),
            "rows": shown,
            "more": more,
            "empty": empty,
            "link": link,
            "links": list(links),
        },
    )

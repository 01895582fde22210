"""Accessible SVG charts for report pages: line charts for trends, bar charts for counts.

Every chart is an ``<svg role="img">`` named by its ``<title>`` and described by a ``<desc>`` that summarises the
data in words (first and last value, lowest and highest of each series), so a screen reader user hears what a
sighted user sees. Colour is never the only cue: each series also has its own dash pattern and marker shape (lines)
or fill pattern (bars), and the legend shows them. Colours are from the GOV.UK palette and each has a contrast of at
least 3:1 against white (WCAG 2.2 1.4.11). Pages always show the same numbers in a table beside or below the chart.

The markup uses presentation attributes only (no ``style``), so it passes the Content-Security-Policy.

Public functions (also used by the PDF service briefing):

- ``line_chart_svg(title, series, x_labels, *, y_label, desc=None, percent=False) -> str``
- ``bar_chart_svg(title, series, x_labels, *, y_label, desc=None) -> str``

``series`` is a sequence of ``(name, values)``, one value per x label; a value may be ``None`` (a gap). Both return
safe markup (``SafeString``) ready for a template.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

__all__ = ["bar_chart_svg", "line_chart_svg"]

Number = int | float | Decimal
Series = Sequence[tuple[str, Sequence[Number | None]]]

# GOV.UK colours, each at least 3:1 against white: blue, black, red, green, purple, brown.
COLOURS = ("#1d70b8", "#0b0c0c", "#d4351c", "#00703c", "#4c2c92", "#6f4e37")
DASHES = ("", "8 4", "2 3", "12 4 2 4", "6 2", "1 2")
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "circle-open")
TEXT = "#0b0c0c"
GRID = "#b1b4b6"

WIDTH = 760
PLOT_LEFT = 64
PLOT_RIGHT = 16
PLOT_TOP = 16
PLOT_HEIGHT = 220
AXIS_LABEL_SPACE = 48
LEGEND_ROW = 22


def _id(title: str, kind: str) -> str:
    digest = hashlib.sha256(f"{kind}:{title}".encode()).hexdigest()[:8]
    return f"chart-{digest}"


def _fmt(value: Number | None, percent: bool = False) -> str:
    if value is None:
        return "no data"
    number = Decimal(str(value))
    text = f"{number.normalize():f}" if number != number.to_integral_value() else f"{int(number)}"
    return f"{text}%" if percent else text


def _nice_max(largest: float) -> float:
    """A round top for the y axis: 1, 2, 2.5 or 5 times a power of ten, at least the largest value."""
    if largest <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(largest))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= largest:
            return float(step * power)
    return float(10 * power)


def summary(series: Series, x_labels: Sequence[str], *, percent: bool = False) -> str:
    """The data in words: each series' first and last value, its lowest and highest, with their labels."""
    parts: list[str] = []
    for name, values in series:
        known = [(label, value) for label, value in zip(x_labels, values, strict=False) if value is not None]
        if not known:
            parts.append(f"{name}: no data.")
            continue
        low = min(known, key=lambda pair: pair[1])
        high = max(known, key=lambda pair: pair[1])
        parts.append(
            f"{name}: {_fmt(known[0][1], percent)} ({known[0][0]}) to {_fmt(known[-1][1], percent)} "
            f"({known[-1][0]}); lowest {_fmt(low[1], percent)} ({low[0]}), highest {_fmt(high[1], percent)} "
            f"({high[0]})."
        )
    return " ".join(parts)


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if shape == "triangle":
        return f'<path d="M{x:.1f} {y - 5:.1f} L{x + 5:.1f} {y + 4:.1f} L{x - 5:.1f} {y + 4:.1f} Z" fill="{colour}"/>'
    if shape == "diamond":
        return (
            f'<path d="M{x:.1f} {y - 5:.1f} L{x + 5:.1f} {y:.1f} L{x:.1f} {y + 5:.1f} L{x - 5:.1f} {y:.1f} Z" '
            f'fill="{colour}"/>'
        )
    if shape == "cross":
        return (
            f'<path d="M{x - 4:.1f} {y - 4:.1f} L{x + 4:.1f} {y + 4:.1f} M{x - 4:.1f} {y + 4:.1f} L{x + 4:.1f} '
            f'{y - 4:.1f}" stroke="{colour}" stroke-width="2"/>'
        )
    if shape == "circle-open":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#ffffff" stroke="{colour}" stroke-width="2"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def _frame(title: str, desc: str, chart_id: str, height: int, body: list[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" focusable="false" font-family="Arial, Helvetica, sans-serif">'
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(desc)}</desc>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - every text in it is escaped above or below


def _axes(top: float, y_label: str, percent: bool) -> tuple[list[str], float]:
    """Gridlines and y-axis labels at fifths of a round maximum; returns the markup and that maximum."""
    body: list[str] = []
    bottom = PLOT_TOP + PLOT_HEIGHT
    right = WIDTH - PLOT_RIGHT
    for step in range(6):
        value = top * step / 5
        y = bottom - PLOT_HEIGHT * step / 5
        body.append(f'<line x1="{PLOT_LEFT}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>')
        label = _fmt(round(value, 1) if value % 1 else int(value), percent)
        body.append(
            f'<text x="{PLOT_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="{TEXT}">{label}</text>'
        )
    body.append(
        f'<line x1="{PLOT_LEFT}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{TEXT}" stroke-width="1"/>'
        f'<line x1="{PLOT_LEFT}" y1="{PLOT_TOP}" x2="{PLOT_LEFT}" y2="{bottom}" stroke="{TEXT}" stroke-width="1"/>'
        f'<text x="14" y="{PLOT_TOP + PLOT_HEIGHT / 2:.1f}" text-anchor="middle" font-size="12" fill="{TEXT}" '
        f'transform="rotate(-90 14 {PLOT_TOP + PLOT_HEIGHT / 2:.1f})">{escape(y_label)}</text>'
    )
    return body, top


def _x_labels(x_labels: Sequence[str], centres: list[float]) -> list[str]:
    bottom = PLOT_TOP + PLOT_HEIGHT
    every = max(1, math.ceil(len(x_labels) / 12))
    body = []
    for index, (label, x) in enumerate(zip(x_labels, centres, strict=True)):
        if index % every:
            continue
        body.append(
            f'<text x="{x:.1f}" y="{bottom + 18}" text-anchor="middle" font-size="11" fill="{TEXT}">'
            f"{escape(label)}</text>"
        )
    return body


def _largest(series: Series) -> float:
    values = [float(v) for _, values in series for v in values if v is not None]
    return max(values, default=0.0)


def line_chart_svg(
    title: str,
    series: Series,
    x_labels: Sequence[str],
    *,
    y_label: str,
    desc: str | None = None,
    percent: bool = False,
) -> SafeString:
    """A line chart of one or more series over ``x_labels`` (e.g. weeks). Each series has its own colour, dash
    pattern and marker; ``None`` values leave a gap. ``percent`` fixes the axis at 0-100% and writes values with a
    % sign. ``desc`` replaces the generated summary of the data."""
    count = len(x_labels)
    # Counts get a top of at least 5, so the fifths on the axis are whole numbers.
    top = 100.0 if percent else max(_nice_max(_largest(series)), 5.0)
    body, top = _axes(top, y_label, percent)
    step = (WIDTH - PLOT_LEFT - PLOT_RIGHT - 20) / max(count - 1, 1)
    centres = [PLOT_LEFT + 10 + index * step for index in range(count)]
    bottom = PLOT_TOP + PLOT_HEIGHT
    for number, (name, values) in enumerate(series):
        colour, dash, shape = (
            COLOURS[number % len(COLOURS)],
            DASHES[number % len(DASHES)],
            MARKERS[number % len(MARKERS)],
        )
        points = [
            (centres[index], bottom - PLOT_HEIGHT * float(value) / top if top else bottom)
            for index, value in enumerate(values[:count])
            if value is not None
        ]
        runs: list[list[tuple[float, float]]] = [[]]
        for index, value in enumerate(values[:count]):
            if value is None:
                runs.append([])
            else:
                runs[-1].append((centres[index], bottom - PLOT_HEIGHT * float(value) / top))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        group = [f'<g aria-hidden="true" data-series="{escape(name)}">']
        for run in runs:
            if len(run) > 1:
                path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f} {y:.1f}" for i, (x, y) in enumerate(run))
                group.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>')
        group += [_marker(shape, x, y, colour) for x, y in points]
        group.append("</g>")
        body += group
    body += _x_labels(x_labels, centres)
    body += _legend(series, bottom + 30, kind="line")
    height = bottom + 30 + _legend_height(series) + 8
    text = desc or (
        f"Line chart, {y_label} by {count} period{'s' if count != 1 else ''}"
        + (f" from {x_labels[0]} to {x_labels[-1]}" if count else "")
        + ". "
        + summary(series, x_labels, percent=percent)
        + " The same figures are in the table."
    )
    return _frame(title, text, _id(title, "line"), int(height), body)


def _pattern_defs(count: int) -> list[str]:
    """Fill patterns, one per series: solid, diagonal hatching, dots, cross-hatching (colour is not the only cue)."""
    defs = ["<defs>"]
    for number in range(count):
        colour = COLOURS[number % len(COLOURS)]
        kind = number % 4
        pid = f"p{number}"
        if kind == 0:
            continue
        defs.append(f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="6" height="6">')
        defs.append('<rect width="6" height="6" fill="#ffffff"/>')
        if kind == 1:
            defs.append(f'<path d="M0 6 L6 0 M-1 1 L1 -1 M5 7 L7 5" stroke="{colour}" stroke-width="2"/>')
        elif kind == 2:
            defs.append(f'<circle cx="3" cy="3" r="1.8" fill="{colour}"/>')
        else:
            defs.append(f'<path d="M0 3 H6 M3 0 V6" stroke="{colour}" stroke-width="1.5"/>')
        defs.append("</pattern>")
    defs.append("</defs>")
    return defs


def _fill(number: int, scope: str) -> str:
    return COLOURS[number % len(COLOURS)] if number % 4 == 0 else f"url(#{scope}-p{number})"


def _legend_columns(series: Series) -> int:
    """Three legend entries a row when the names are short, two when longer, one each when long."""
    longest = max((len(name) for name, _values in series), default=0)
    return 3 if longest <= 24 else 2 if longest <= 38 else 1


def _legend_height(series: Series) -> int:
    return LEGEND_ROW * math.ceil(len(series) / _legend_columns(series)) if series else 0


def _legend(series: Series, y: float, *, kind: str, scope: str = "") -> list[str]:
    body = ['<g aria-hidden="true">']
    columns = _legend_columns(series)
    for number, (name, _values) in enumerate(series):
        x = PLOT_LEFT + (number % columns) * ((WIDTH - PLOT_LEFT) // columns)
        row_y = y + (number // columns) * LEGEND_ROW
        colour = COLOURS[number % len(COLOURS)]
        if kind == "line":
            dash = DASHES[number % len(DASHES)]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            body.append(
                f'<line x1="{x}" y1="{row_y}" x2="{x + 36}" y2="{row_y}" stroke="{colour}" stroke-width="2.5"'
                f"{dash_attr}/>"
            )
            body.append(_marker(MARKERS[number % len(MARKERS)], x + 18, row_y, colour))
        else:
            body.append(
                f'<rect x="{x}" y="{row_y - 7}" width="28" height="14" fill="{_fill(number, scope)}" '
                f'stroke="{colour}" stroke-width="1.5"/>'
            )
        body.append(f'<text x="{x + 44}" y="{row_y + 4}" font-size="13" fill="{TEXT}">{escape(name)}</text>')
    body.append("</g>")
    return body


def bar_chart_svg(
    title: str,
    series: Series,
    x_labels: Sequence[str],
    *,
    y_label: str,
    desc: str | None = None,
) -> SafeString:
    """A grouped bar chart: for each x label one bar per series, each series with its own colour and fill
    pattern (solid, hatched, dotted, cross-hatched). Values are written above the bars when they fit."""
    count = len(x_labels)
    scope = _id(title, "bar")
    body = _pattern_defs(len(series))
    body = [part.replace('id="p', f'id="{scope}-p') for part in body]
    axes, top = _axes(max(_nice_max(_largest(series)), 5.0), y_label, False)
    body += axes
    bottom = PLOT_TOP + PLOT_HEIGHT
    group_width = (WIDTH - PLOT_LEFT - PLOT_RIGHT) / max(count, 1)
    bar_width = max(2.0, (group_width - 4) / max(len(series), 1))
    show_values = count * len(series) <= 30
    centres = []
    for index in range(count):
        x0 = PLOT_LEFT + index * group_width + 2
        centres.append(x0 + (group_width - 4) / 2)
    body.append('<g aria-hidden="true">')
    for number, (_name, values) in enumerate(series):
        colour = COLOURS[number % len(COLOURS)]
        for index, value in enumerate(values[:count]):
            if value is None:
                continue
            height = PLOT_HEIGHT * float(value) / top if top else 0
            x = PLOT_LEFT + index * group_width + 2 + number * bar_width
            body.append(
                f'<rect x="{x:.1f}" y="{bottom - height:.1f}" width="{bar_width:.1f}" height="{height:.1f}" '
                f'fill="{_fill(number, scope)}" stroke="{colour}" stroke-width="1"/>'
            )
            if show_values:
                body.append(
                    f'<text x="{x + bar_width / 2:.1f}" y="{bottom - height - 4:.1f}" text-anchor="middle" '
                    f'font-size="11" fill="{TEXT}">{_fmt(value)}</text>'
                )
    body.append("</g>")
    body += _x_labels(x_labels, centres)
    body += _legend(series, bottom + 30, kind="bar", scope=scope)
    height = bottom + 30 + _legend_height(series) + 8
    text = desc or (
        f"Bar chart, {y_label} for {count} period{'s' if count != 1 else ''}"
        + (f" from {x_labels[0]} to {x_labels[-1]}" if count else "")
        + ". "
        + summary(series, x_labels)
        + " The same figures are in the table."
    )
    return _frame(title, text, scope, int(height), body)

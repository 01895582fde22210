"""The forms the report pages share: a report's date (?week= or ?date=) and a period (?from=&to=) with its trend."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms

from caseboard.core.forms import PeriodBoxes, date_asked

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class ReportDateForm(forms.Form):
    """The date a report is for, from the query string (?week= or ?date=, YYYY-MM-DD or dd/mm/yyyy, or the page's
    day, month and year boxes: ``date_asked``)."""

    def __init__(self, data: Any, *, name: str, noun: str, default: date) -> None:
        value = date_asked(data, name)
        super().__init__({name: value} if value else None)
        self.name = name
        self.default = default
        self.fields[name] = forms.DateField(
            input_formats=DATE_FORMATS,
            error_messages={"invalid": f"Enter {noun} as a real date, like {default:%-d %-m %Y}"},
        )
        self.fields[name].widget.attrs["id"] = f"{name}-day"  # the error summary links to the day box

    @property
    def day(self) -> date:
        """The date asked for, or the default when none (or a bad one) was given."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data[self.name]
        return self.default

    @property
    def error(self) -> str:
        errors = self.errors.get(self.name) if self.is_bound else None
        return errors[0] if errors else ""


def last_complete_sunday(today: date) -> date:
    return today - timedelta(days=today.weekday() + 1)


class PeriodForm(PeriodBoxes, forms.Form):
    """The period a report covers (?from=&to=, YYYY-MM-DD or dd/mm/yyyy, or the page's day, month and year boxes:
    ``date_asked``) and how many weeks the trend shows."""

    date_from = forms.DateField(
        label="From",
        input_formats=DATE_FORMATS,
        required=False,
        error_messages={"invalid": "Enter the start of the period as a real date, like 11 5 2020"},
    )
    date_to = forms.DateField(
        label="To",
        input_formats=DATE_FORMATS,
        required=False,
        error_messages={"invalid": "Enter the end of the period as a real date, like 7 6 2020"},
    )
    weeks = forms.TypedChoiceField(
        label="Trend over",
        choices=[(12, "the last 12 weeks"), (26, "the last 26 weeks")],
        coerce=int,
        required=False,
        empty_value=12,
    )

    def __init__(self, data: Any, *, today: date) -> None:
        values = {
            "date_from": date_asked(data, "from"),
            "date_to": date_asked(data, "to"),
            "weeks": data.get("weeks", ""),
        }
        super().__init__(values)
        self._link_boxes()
        self.default_to = last_complete_sunday(today)
        self.default_from = self.default_to - timedelta(days=7 * 12 - 1)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end of the period must be the same as or after the start")
        return data

    @property
    def period(self) -> tuple[date, date, int]:
        if self.is_valid():
            start = self.cleaned_data.get("date_from") or self.default_from
            end = self.cleaned_data.get("date_to") or self.default_to
            return start, end, self.cleaned_data.get("weeks") or 12
        return self.default_from, self.default_to, 12

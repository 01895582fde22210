from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class ReportDateForm(forms.Form):
    """The date a report is for, from the query string (?week= or ?date=), as YYYY-MM-DD or dd/mm/yyyy."""

    def __init__(self, data: Any, *, name: str, noun: str, default: date) -> None:
        super().__init__(data if data.get(name) else None)
        self.name = name
        self.default = default
        self.fields[name] = forms.DateField(
            input_formats=DATE_FORMATS,
            error_messages={"invalid": f"Enter {noun} as a real date, like {default:%Y-%m-%d}"},
        )

    @property
    def day(self) -> date:
        """The date asked for, or the default when none (or a bad one) was given."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data[self.name]
        return self.default

    @property
    def typed(self) -> str:
        return self.data.get(self.name, "") if self.is_bound else self.default.isoformat()

"""Form helpers shared by every app: GOV.UK date inputs and error messages."""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone


class GovDateField(DateInputField):
    """A GOV.UK date input whose messages name the date ("Enter the date of birth")."""

    def __init__(self, *, noun: str, past_only: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.noun = noun
        self.past_only = past_only
        self.error_messages["required"] = f"Enter the {noun}"
        self.error_messages["incomplete"] = f"The {noun} must include a day, month and year"
        for sub, part in zip(self.fields, ("day", "month", "year"), strict=True):
            sub.error_messages["incomplete"] = f"The {noun} must include a {part}"
            sub.validators = []

    def clean(self, value: Any) -> date | None:
        try:
            result = super().clean(value)
        except ValidationError as error:
            messages = [m for m in error.messages if not m.startswith("Enter a valid")]
            raise ValidationError(messages or [f"The {self.noun} must be a real date"]) from None
        if result is not None and self.past_only and result > timezone.localdate():
            raise ValidationError(f"The {self.noun} must be today or in the past")
        return result

    def compress(self, data_list: Any) -> date | None:
        day, month, year = data_list
        if day in self.empty_values and month in self.empty_values and year in self.empty_values:
            return None
        try:
            day_n, month_n, year_n = int(day), int(month), int(year)
            if year_n < 1900:
                raise ValueError
            return date(year_n, month_n, day_n)
        except (TypeError, ValueError):
            raise ValidationError(f"The {self.noun} must be a real date, like 27 3 2020") from None


def gds_helper(form: forms.Form, *layout: Any) -> FormHelper:
    """A crispy-forms-gds helper for a form rendered inside the page's own <form> tag, with small labels and
    legends and the given layout."""
    helper = FormHelper(form)
    helper.form_tag = False
    helper.label_size = Size.SMALL
    helper.legend_size = Size.SMALL
    helper.layout = Layout(*layout)
    return helper


def apply_validation_error(form: forms.Form, error: ValidationError, fields: dict[str, str] | None = None) -> None:
    """Put a service's ValidationError onto the form, field by field, so the page shows an error summary and
    keeps what was typed. ``fields`` maps a service's field name to the form's (so a cross-field error shows by the
    field it is about)."""
    fields = fields or {}
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            field = fields.get(field, field)
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item.messages[0] if hasattr(item, "messages") else str(item))
    else:
        for message in error.messages:
            form.add_error(None, message)


class PeriodForm(forms.Form):
    """A report's period from ?from=&to= (YYYY-MM-DD); by default the 12 months to today."""

    date_from = forms.DateField(
        label="From",
        required=False,
        error_messages={"invalid": "Enter the start of the period as a date, like 2020-03-23"},
    )
    date_to = forms.DateField(
        label="To", required=False, error_messages={"invalid": "Enter the end of the period as a date, like 2020-06-30"}
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", "The end of the period must be the same as or after the start")
        return data

    def __init__(self, params: Any, *, today: Any) -> None:
        super().__init__({"date_from": params.get("from", ""), "date_to": params.get("to", "")})
        self.default_to = today
        self.default_from = today.replace(day=1, year=today.year - 1)

    @property
    def period(self) -> tuple[Any, Any]:
        if self.is_valid():
            return (
                self.cleaned_data.get("date_from") or self.default_from,
                self.cleaned_data.get("date_to") or self.default_to,
            )
        return self.default_from, self.default_to

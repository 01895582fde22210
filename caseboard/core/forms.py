"""Form helpers shared by every app: GOV.UK date inputs and error messages."""

from __future__ import annotations

from datetime import date, datetime
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


# --- dates in a query string: a report's date boxes --------------------------------------------------------------
DATE_PARTS = ("day", "month", "year")


def date_asked(params: Any, name: str) -> str:
    """The date a query string asks for, as one value a form's DateField reads: ``name`` itself (YYYY-MM-DD, from a
    link, a bookmark or the API) or the page's GOV.UK date input (``name-day``, ``name-month``, ``name-year``) as
    day/month/year, parts left empty kept empty so the date is refused; "" when neither is given."""
    value = params.get(name, "")
    if value:
        return value
    parts = [str(params.get(f"{name}-{part}", "")).strip() for part in DATE_PARTS]
    return "/".join(parts) if any(parts) else ""


def asked_day(params: Any, name: str, default: date) -> tuple[date, str]:
    """The date a query string asks for (``date_asked``), or ``default`` when none is given; with the problem to show
    when what was given is not a real date (the default is then used)."""
    value = date_asked(params, name)
    if not value:
        return default, ""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date(), ""
        except ValueError:
            continue
    return default, f"Enter a real date, like {default:%-d %-m %Y}"


def date_boxes(params: Any, name: str, shown: date | None) -> dict[str, str]:
    """What a report's date input shows: the boxes as typed; or else the date given as one value (YYYY-MM-DD or
    dd/mm/yyyy, from a link), split into the boxes; or else the date in use (``shown``; None for none)."""
    typed = {part: str(params.get(f"{name}-{part}", "")) for part in DATE_PARTS}
    if any(typed.values()):
        return typed
    value = str(params.get(name, "")).strip()
    for separator, order in (("-", ("year", "month", "day")), ("/", DATE_PARTS)):
        pieces = value.split(separator)
        if len(pieces) == 3 and all(piece.isdigit() for piece in pieces):
            return dict(zip(order, pieces, strict=True))
    if shown is None:
        return dict.fromkeys(DATE_PARTS, "")
    return {"day": str(shown.day), "month": str(shown.month), "year": str(shown.year)}


class PeriodBoxes:
    """For a period form with ``date_from`` and ``date_to`` read from ?from=&to=: each field's first error
    (``first_errors``), the date each date input shows when nothing was typed (``shown``: the period in use, None for
    a field with an error), and the error summary linking to the day box (``from-day``, ``to-day``)."""

    def _link_boxes(self) -> None:
        for field, name in (("date_from", "from"), ("date_to", "to")):
            self.fields[field].widget.attrs["id"] = f"{name}-day"  # type: ignore[attr-defined]

    @property
    def first_errors(self) -> dict[str, str]:
        return {name: errors[0] for name, errors in self.errors.items()}  # type: ignore[attr-defined]

    @property
    def shown(self) -> dict[str, date | None]:
        start, end = self.period[:2]  # type: ignore[attr-defined]
        errors = self.errors  # type: ignore[attr-defined]
        return {"date_from": None if "date_from" in errors else start, "date_to": None if "date_to" in errors else end}


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


class PeriodForm(PeriodBoxes, forms.Form):
    """A report's period from ?from=&to= (YYYY-MM-DD, or the page's day, month and year boxes: ``date_asked``); by
    default the 12 months to today."""

    date_from = forms.DateField(
        label="From",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": "Enter the start of the period as a real date, like 23 3 2020"},
    )
    date_to = forms.DateField(
        label="To",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": "Enter the end of the period as a real date, like 30 6 2020"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", "The end of the period must be the same as or after the start")
        return data

    def __init__(self, params: Any, *, today: Any) -> None:
        super().__init__({"date_from": date_asked(params, "from"), "date_to": date_asked(params, "to")})
        self._link_boxes()
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

from __future__ import annotations

from crispy_forms_gds.layout import Field
from django import forms
from django.utils import timezone

from caseboard.core.forms import GovDateField, gds_helper

from .layouts import YEARS, year_containing
from .models import ReturnFormat, ReturnKind

KIND_FORMATS = (
    ("cin:xml", "Children in need census (XML)"),
    ("903:csv", "SSDA903 children looked after return (CSV files)"),
    ("903:xml", "SSDA903 children looked after return (XML)"),
    ("annex_a:xlsx", "Ofsted Annex A lists (Excel workbook, drawn up on a date)"),
)


def default_year() -> str:
    """The last complete collection year: the one submitted most recently."""
    today = timezone.localdate()
    current = year_containing(today)
    previous = f"{int(current.name[:4]) - 1}-{current.name[2:4]}"
    return previous if previous in YEARS else current.name


class ReturnRequestForm(forms.Form):
    return_kind = forms.ChoiceField(
        label="Which return",
        choices=KIND_FORMATS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select which return to build"},
    )
    collection_year = forms.ChoiceField(
        label="Collection year",
        help_text="1 April to 31 March",
        error_messages={"required": "Select the collection year", "invalid_choice": "Select a collection year"},
    )
    as_at = GovDateField(
        noun="date to draw the Annex A lists up on",
        past_only=True,
        required=False,
        label="Annex A only: the date to draw the lists up on",
        help_text="For example, 27 3 2026. Leave empty for today.",
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["collection_year"].choices = [(name, name) for name in sorted(YEARS, reverse=True)]
        self.fields["collection_year"].initial = default_year()
        self.helper = gds_helper(self, Field.radios("return_kind"), Field.select("collection_year"), "as_at")

    def kind_and_format(self) -> tuple[str, str]:
        kind, fmt = self.cleaned_data["return_kind"].split(":")
        return ReturnKind(kind), ReturnFormat(fmt)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (SSDA903 comes as one CSV file per table)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: object, initial: object = None) -> object:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)]


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label="What the files are",
        choices=(("cin", "Children in need census (XML)"), ("903", "SSDA903 (CSV files or one XML file)")),
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the files are"},
    )
    collection_year = forms.ChoiceField(label="Collection year the files are for")
    files = MultipleFileField(label="Files", error_messages={"required": "Choose the files to import"})
    is_dry_run = forms.BooleanField(
        label="Check only (a dry run: list every problem and write nothing)", required=False, initial=True
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["collection_year"].choices = [(name, name) for name in sorted(YEARS, reverse=True)]
        self.fields["collection_year"].initial = default_year()
        self.helper = gds_helper(
            self, Field.radios("kind"), Field.select("collection_year"), "files", Field.checkbox("is_dry_run")
        )

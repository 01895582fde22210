from __future__ import annotations

from crispy_forms_gds.layout import Field, Submit
from django import forms

from caseboard.core.forms import gds_helper


class ImportForm(forms.Form):
    week_starting = forms.DateField(
        label="Week starting (Monday)",
        help_text="For example, 2020-03-23",
        error_messages={
            "required": "Enter the Monday the file's week starts",
            "invalid": "Enter the date as YYYY-MM-DD",
        },
    )
    file = forms.FileField(
        label="Attendance file (CSV)",
        help_text="Columns: child (the local ID), date (YYYY-MM-DD), code",
        error_messages={"required": "Choose the attendance file"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self, Field.text("week_starting", field_width=10), Field("file"), Submit("import", "Import the file")
        )

"""The demand alert settings form."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Submit
from django import forms

from caseboard.core.forms import gds_helper

from . import selectors as demand


class AlertSettingForm(forms.Form):
    """The demand alert thresholds: whole percentages from 1 to 500, and the number of earlier years."""

    surge_above_pct = forms.IntegerField(
        label="Alert when referrals are more than this percentage above the usual level",
        help_text="A whole number from 1 to 500, for example 20",
    )
    fall_below_pct = forms.IntegerField(
        label="Alert when referrals are more than this percentage below the usual level",
        help_text="A whole number from 1 to 500, for example 30",
    )
    baseline_years = forms.IntegerField(
        label="Number of earlier years the usual level is the mean of",
        help_text="A whole number from 1 to 10",
    )

    MESSAGES = {
        "surge_above_pct": "the percentage above the usual level",
        "fall_below_pct": "the percentage below the usual level",
        "baseline_years": "the number of earlier years",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, words in self.MESSAGES.items():
            field = self.fields[name]
            highest = demand.MAX_BASELINE_YEARS if name == "baseline_years" else demand.MAX_PCT
            field.error_messages = {
                "required": f"Enter {words}",
                "invalid": f"Enter {words} as a whole number from 1 to {highest}",
            }
            # GOV.UK asks for a text input with a numeric keyboard rather than <input type="number">.
            field.widget = forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})
        self.helper = gds_helper(
            self,
            *(Field.text(name, field_width=4) for name in self.MESSAGES),
            Submit("submit", "Save the thresholds"),
        )

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import HTML, Button, Field, Size, Submit
from django import forms

from caseboard.core.forms import GovDateField, gds_helper

from .models import RagFactor, RatingColour

GROUP_LABELS = {"red": "Factors that point towards red", "amber": "Factors that point towards amber"}


class RateForm(forms.Form):
    """The factors that apply (grouped by the colour they point towards), the worker's rating and their reasons."""

    rating = forms.ChoiceField(
        label="Your rating",
        choices=RatingColour.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select red, amber or green"},
    )
    rationale = forms.CharField(
        label="Reasons for the rating",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Required if your rating differs from the suggested rating",
    )

    def __init__(self, *args: Any, factors: list[RagFactor], submit_label: str = "Save the rating", **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.groups: dict[str, list[RagFactor]] = {}
        for factor in factors:
            self.groups.setdefault(factor.pushes_towards, []).append(factor)
        layout: list[Any] = []
        for colour in ("red", "amber"):
            if colour not in self.groups:
                continue
            name = f"{colour}_factors"
            self.fields[name] = forms.MultipleChoiceField(
                label=GROUP_LABELS[colour],
                choices=[(factor.code, factor.label) for factor in self.groups[colour]],
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
            layout.append(Field.checkboxes(name, legend_size=Size.MEDIUM, small=True))
        self.order_fields([*(f"{c}_factors" for c in ("red", "amber")), "rating", "rationale"])
        # The suggestion for the factors ticked: updated as they are ticked (static/caseboard/rag-suggestion.js), or
        # by "Check the suggestion" without JavaScript.
        layout += [
            HTML('{% include "prioritisation/suggestion.html" %}'),
            Button.secondary("check", "Check the suggestion", data_rag_check=""),
            Field.radios("rating", legend_size=Size.MEDIUM, inline=True),
            Field.textarea("rationale"),
            Submit("submit", submit_label),
        ]
        self.helper = gds_helper(self, *layout)

    def ticked(self) -> list[str]:
        """The factor codes ticked in the data given (valid or not), in the order of the page."""
        if not self.is_bound:
            return [code for colour in ("red", "amber") for code in self.initial.get(f"{colour}_factors", [])]
        known = {code for field in self.groups.values() for code in (f.code for f in field)}
        return [code for colour in ("red", "amber") for code in self.data.getlist(f"{colour}_factors") if code in known]

    def factor_codes(self) -> list[str]:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return [code for colour in ("red", "amber") for code in data.get(f"{colour}_factors", [])]


class ConfirmForm(forms.Form):
    """The ratings ticked on the team review page."""

    ratings = forms.TypedMultipleChoiceField(
        coerce=int, choices=(), required=True, error_messages={"required": "Select the ratings to confirm"}
    )

    def __init__(self, *args: Any, rating_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ratings"].choices = [(pk, pk) for pk in rating_ids]


class CampaignForm(forms.Form):
    """Start a rating campaign: a name, the service or team, and the deadline. ``scope`` is "service-<id>" or
    "team-<id>" among the choices the user may start a campaign for."""

    name = forms.CharField(
        label="Name of the campaign",
        max_length=200,
        error_messages={"required": "Enter a name for the campaign"},
    )
    scope = forms.ChoiceField(
        label="Who is in the campaign",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a team you manage", "invalid_choice": "Choose a team you manage"},
    )
    deadline = GovDateField(noun="deadline", label="Deadline", help_text="For example, 11 12 2026")

    def __init__(self, *args: Any, scopes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = scopes
        self.helper = gds_helper(
            self,
            Field.text("name"),
            Field.radios("scope", legend_size=Size.SMALL),
            "deadline",
            Submit("submit", "Start the campaign"),
        )

"""The forms of payments, cost codes and budgets: what a person types; the rules are the services' (shared with the
API), so these only say what is missing or not a number."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Submit
from django import forms

from caseboard.core.forms import gds_helper

from .models import PaymentKind, PaymentMethod


class PaymentForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of payment",
        choices=PaymentKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of payment"},
    )
    need = forms.CharField(
        label="What the payment is for",
        help_text="For example, food for the family for a week while the parent is self-isolating",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    evidence = forms.CharField(
        label="Evidence that it is needed",
        help_text="There must be clear evidence: what you saw or were shown, and who confirmed it",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    amount = forms.CharField(label="Amount in pounds", max_length=12, required=False)
    method = forms.ChoiceField(
        label="Paid by",
        choices=[("", "Select how it is paid"), *PaymentMethod.choices],
        error_messages={"required": "Select how it is paid"},
    )
    cost_code = forms.TypedChoiceField(
        label="Cost code", coerce=int, empty_value=None, error_messages={"required": "Select the cost code"}
    )

    def __init__(self, *args: Any, cost_codes: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cost_codes = {c.pk: c for c in cost_codes}
        self.fields["cost_code"].choices = [("", "Select the cost code")] + [(c.pk, str(c)) for c in cost_codes]
        self.helper = gds_helper(
            self,
            Field.radios("kind", legend_size="s"),
            Field.textarea("need"),
            Field.textarea("evidence"),
            Field.text("amount", field_width=10),
            Field.select("method"),
            Field.select("cost_code"),
            Submit("save", "Request the payment"),
        )


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label="Reason (needed to refuse)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self, Field.textarea("reason"))


class CostCodeForm(forms.Form):
    code = forms.CharField(label="Cost code", max_length=20, required=False)
    name = forms.CharField(label="What it is for", max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self, Field.text("code", field_width=10), Field.text("name"), Submit("add", "Add the cost code")
        )


class BudgetForm(forms.Form):
    cost_code = forms.TypedChoiceField(
        label="Cost code", coerce=int, empty_value=None, error_messages={"required": "Select the cost code"}
    )
    year = forms.IntegerField(
        label="Financial year starting in April of",
        error_messages={
            "required": "Enter the year the financial year starts in, like 2020",
            "invalid": "Enter the year the financial year starts in, like 2020",
        },
    )
    amount = forms.CharField(label="Budget in pounds", max_length=14, required=False)

    def __init__(self, *args: Any, cost_codes: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cost_codes = {c.pk: c for c in cost_codes}
        self.fields["cost_code"].choices = [("", "Select the cost code")] + [(c.pk, str(c)) for c in cost_codes]
        self.helper = gds_helper(
            self,
            Field.select("cost_code"),
            Field.text("year", field_width=4),
            Field.text("amount", field_width=10),
            Submit("budget", "Set the budget"),
        )

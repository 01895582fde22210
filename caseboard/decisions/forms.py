from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms
from django.utils import timezone

from caseboard.core.forms import GovDateField, gds_helper
from caseboard.policy.selectors import deviation_kinds_in_force


def proposal_draft_name(child: object) -> str:
    """The name of the server-side draft (``caseboard.core.drafts``) that prefills the proposal for this child, e.g.
    from a pre-visit check that said "do not visit in person"."""
    return f"decision-for-child-{child.pk}"  # type: ignore[attr-defined]


class ProposeForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is the decision?",
        choices=(),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the kind of decision",
            "invalid_choice": "Select a kind of decision in the operating model in force",
        },
    )
    siblings = forms.ModelMultipleChoiceField(
        label="Also for these brothers and sisters", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    rationale = forms.CharField(
        label="Reasons for the decision",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Record the deviation from normal practice and why; do not write as if a "
        "statutory duty were suspended.",
        error_messages={"required": "Enter the reasons for the decision"},
    )
    risks_considered = forms.CharField(
        label="Risks considered", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    mitigations = forms.CharField(
        label="How the risks are reduced", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    risk_assessment_notes = forms.CharField(
        label="Other risk assessment notes", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    conditions = forms.CharField(
        label="Conditions",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="For example: weekly video call with the child seen alone",
    )
    starts_on = GovDateField(noun="date the decision applies from", help_text="For example, 24 11 2026")
    ends_on = GovDateField(
        noun="date the decision applies until",
        required=False,
        help_text="Leave empty if it runs until it is reviewed and ended",
    )
    record_and_approve = forms.BooleanField(
        label="Record and approve it now (where the operating model allows)", required=False
    )

    def __init__(
        self, *args: Any, siblings: Any, can_record_and_approve: bool, today: date | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # The kinds of the operating model in force; the service checks the kind against the same version.
        self.fields["kind"].choices = [
            (rule.kind, rule.name) for rule in deviation_kinds_in_force(today or timezone.localdate())
        ]
        self.fields["siblings"].queryset = siblings
        self.fields["siblings"].label_from_instance = lambda child: f"{child.full_name} ({child.local_id})"
        layout: list[Any] = [Field.radios("kind", legend_size=Size.MEDIUM)]
        if siblings.exists():
            layout.append(Field.checkboxes("siblings", small=True))
        else:
            del self.fields["siblings"]
        layout += [
            Field.textarea("rationale"),
            Field.textarea("risks_considered"),
            Field.textarea("mitigations"),
            Field.textarea("risk_assessment_notes"),
            Field.textarea("conditions"),
            "starts_on",
            "ends_on",
        ]
        if can_record_and_approve:
            layout.append(Field.checkbox("record_and_approve", small=True))
        else:
            del self.fields["record_and_approve"]
        layout.append(Submit("submit", "Propose the decision"))
        self.helper = gds_helper(self, *layout)


class DecideForm(forms.Form):
    """Approve or reject, with a reason (required to reject)."""

    outcome = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve"), ("reject", "Reject")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select approve or reject"},
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Required if you reject the decision",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self, Field.radios("outcome", inline=True), Field.textarea("reason"), Submit("submit", "Save")
        )


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome of the review",
        choices=[("continue", "Continue as it is"), ("change", "Continue with changes"), ("end", "End it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the decision continues, changes or ends"},
    )
    rationale = forms.CharField(
        label="Reasons",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reasons for the review outcome"},
    )
    conditions = forms.CharField(
        label="What changes (new conditions)", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    next_review_on = GovDateField(
        noun="date of the next review",
        required=False,
        help_text="Leave empty to use the review period in the operating model",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self,
            Field.radios("outcome"),
            Field.textarea("rationale"),
            Field.textarea("conditions"),
            "next_review_on",
            Submit("submit", "Record the review"),
        )

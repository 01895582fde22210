from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Fieldset, Size, Submit
from django import forms

from caseboard.core.forms import GovDateField, gds_helper

from .models import PPE, AskedHow, CaseNoteKind, CheckOutcome, VisitMode, VisitPurpose

YES_NO = [("yes", "Yes"), ("no", "No")]


def _siblings_field(form: forms.Form, siblings: Any, label: str) -> bool:
    form.fields["siblings"] = forms.ModelMultipleChoiceField(
        queryset=siblings, required=False, label=label, widget=forms.CheckboxSelectMultiple
    )
    form.fields["siblings"].label_from_instance = lambda child: f"{child.full_name} ({child.local_id})"
    return siblings.exists()


def _yes_or_no(question: str) -> str:
    """The error for an unanswered yes-or-no question, naming it (the summary lists several)."""
    return f"Select yes or no for ‘{question}’"


class PreVisitCheckForm(forms.Form):
    asked_who = forms.CharField(
        label="Who did you ask?",
        max_length=200,
        help_text="For example, mother",
        error_messages={"required": "Enter who was asked"},
    )
    asked_how = forms.ChoiceField(
        label="How did you ask?",
        choices=AskedHow.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how they were asked"},
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=CheckOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the check"},
    )
    ppe_needed = forms.MultipleChoiceField(
        label="PPE to use", choices=PPE.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, siblings: Any, questions: list[tuple[str, str]] = (), **kwargs: Any) -> None:
        """``questions``: the operating model's pre-visit questions in force, as (key, wording), in order."""
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for key, question in self.questions:
            self.fields[key] = forms.ChoiceField(
                label=question,
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": _yes_or_no(question)},
            )
        has_siblings = _siblings_field(self, siblings, "Also for these brothers and sisters in the household")
        layout: list[Any] = [Field.text("asked_who", field_width=20), Field.radios("asked_how", inline=True)]
        layout += [Field.radios(key, inline=True) for key, _ in self.questions]
        layout += [Field.radios("outcome"), Field.checkboxes("ppe_needed", small=True)]
        if has_siblings:
            layout.append(Field.checkboxes("siblings", small=True))
        else:
            del self.fields["siblings"]
        layout += [Field.textarea("notes"), Submit("submit", "Save the check")]
        # The error summary lists problems in the order of the fields on the page.
        self.order_fields(
            [
                "asked_who",
                "asked_how",
                *(key for key, _ in self.questions),
                "outcome",
                "ppe_needed",
                "siblings",
                "notes",
            ]
        )
        self.helper = gds_helper(self, *layout)

    def answers(self) -> dict[str, bool]:
        """The answers by question key."""
        return {key: self.cleaned_data[key] == "yes" for key, _ in self.questions}


class VisitForm(forms.Form):
    visited_on = GovDateField(noun="date of the visit", help_text="For example, 24 11 2026")
    mode = forms.ChoiceField(
        label="How was the visit held?",
        choices=VisitMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the visit was held"},
    )
    purpose = forms.ChoiceField(
        label="Purpose", choices=VisitPurpose.choices, error_messages={"required": "Select the purpose of the visit"}
    )
    pre_visit_check = forms.ModelChoiceField(
        label="Pre-visit check", queryset=None, required=False, empty_label="No pre-visit check"
    )
    # Asked, never assumed: a visit records whether the child was seen, so nothing is ticked until the worker says.
    was_seen = forms.TypedChoiceField(
        label="Was the child seen?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the child was seen"},
    )
    seen_alone = forms.BooleanField(label="The child was seen alone", required=False)
    bedroom_seen = forms.BooleanField(label="The child's bedroom was seen", required=False)
    others_present = forms.CharField(label="Who else was present", max_length=300, required=False)
    child_views = forms.CharField(label="The child's views", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    ppe_used = forms.MultipleChoiceField(
        label="PPE used", choices=PPE.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(
        self, *args: Any, checks: Any, siblings: Any, suggested: dict[int, str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pre_visit_check"].queryset = checks
        self.fields["pre_visit_check"].label_from_instance = lambda check: str(check)
        has_siblings = _siblings_field(
            self, siblings, "Brothers and sisters and other children of the household also seen on this visit"
        )
        suggested = suggested or {}
        self.sibling_list = list(siblings) if has_siblings else []
        for sibling in self.sibling_list:
            self.fields[f"purpose_{sibling.pk}"] = forms.ChoiceField(
                label=f"Kind of visit for {sibling.full_name}",
                choices=[("", "The same as the purpose above"), *VisitPurpose.choices],
                required=False,
                initial=suggested.get(sibling.pk, ""),
                help_text="The statutory visit that fits their involvement, or other",
            )
        layout: list[Any] = [
            "visited_on",
            Field.radios("mode"),
            Field.select("purpose"),
            Field.select("pre_visit_check"),
            Fieldset(
                Field.radios("was_seen", inline=True, legend_size=Size.SMALL),
                Field.checkbox("seen_alone", small=True),
                Field.checkbox("bedroom_seen", small=True),
                Field.text("others_present"),
                Field.textarea("child_views"),
                legend="The child",
                legend_size=Size.SMALL,
            ),
        ]
        if has_siblings:
            layout.append(Field.checkboxes("siblings", small=True))
            layout.append(
                Fieldset(
                    *(Field.select(f"purpose_{sibling.pk}") for sibling in self.sibling_list),
                    legend="What the visit was for each of them (if also seen)",
                    legend_size=Size.SMALL,
                )
            )
        else:
            del self.fields["siblings"]
        layout += [
            Field.checkboxes("ppe_used", small=True),
            Field.textarea("notes"),
            Submit("submit", "Save the visit"),
        ]
        self.helper = gds_helper(self, *layout)


class CaseNoteForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of contact?",
        choices=CaseNoteKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of contact"},
    )
    occurred_on = GovDateField(noun="date of the contact")
    text = forms.CharField(
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what happened"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self, Field.radios("kind"), "occurred_on", Field.textarea("text"), Submit("submit", "Save the case note")
        )


class VisitNotesForm(forms.Form):
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self, Field.textarea("notes"), "version", Submit("submit", "Save notes"))


def sibling_purposes(form: VisitForm) -> dict[int, str]:
    """The purpose chosen for each brother or sister on the visit form (empty: the same as the child's)."""
    return {sibling.pk: form.cleaned_data.get(f"purpose_{sibling.pk}", "") for sibling in form.sibling_list}

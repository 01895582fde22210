from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Submit
from django import forms

from caseboard.core.forms import GovDateField, gds_helper

from .models import ActionStatus, PlanKind, Progress


def _text(label: str, required: str, *, rows: int = 3, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
        error_messages={"required": required},
    )


class PlanForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of plan",
        choices=[("", "Select the kind of plan"), *PlanKind.choices],
        error_messages={"required": "Select the kind of plan", "invalid_choice": "Select the kind of plan"},
    )
    started_on = GovDateField(noun="start date of the plan", label="Start date", help_text="For example, 27 3 2020")
    summary = forms.CharField(label="What the plan is for", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self, Field.select("kind"), Field("started_on"), Field.textarea("summary"), Submit("save", "Start the plan")
        )


class ObjectiveForm(forms.Form):
    text = _text("Objective", "Enter the objective", rows=2)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="objective", **kwargs)
        self.helper = gds_helper(self, Field.textarea("text"), Submit("add_objective", "Add the objective"))


class ActionForm(forms.Form):
    text = _text("What is to be done", "Enter what is to be done")
    owner_name = forms.CharField(
        label="Who will do it", max_length=200, error_messages={"required": "Enter who will do it"}
    )
    due_on = GovDateField(noun="date the action is due", label="By when", help_text="For example, 27 3 2020")
    objective = forms.TypedChoiceField(label="Towards which objective", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, objectives: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["objective"].choices = [("", "None in particular")] + [(o.pk, o.text[:80]) for o in objectives]
        self.objectives = {o.pk: o for o in objectives}
        self.helper = gds_helper(
            self,
            Field.textarea("text"),
            Field.text("owner_name"),
            Field("due_on"),
            Field.select("objective"),
            Submit("save", "Add the action"),
        )


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status of the action"},
    )
    done_on = GovDateField(noun="date the action was done", label="Date done (if done)", required=False)
    delay_reason = forms.ChoiceField(label="Cause of the delay (if delayed)", required=False)
    delay_details = forms.CharField(
        label="What happened (if delayed)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    now_due_on = GovDateField(
        noun="date the action is now expected", label="Date it is now expected (if delayed and known)", required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, reasons: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delay_reason"].choices = [("", "Select the cause"), *reasons]
        self.helper = gds_helper(
            self,
            Field.radios("status", small=True),
            Field("done_on"),
            Field.select("delay_reason"),
            Field.textarea("delay_details"),
            Field("now_due_on"),
            "version",
            Submit("save", "Save the action"),
        )


class DelayForm(forms.Form):
    work = forms.ChoiceField(
        label="Which piece of work is delayed", error_messages={"required": "Select the piece of work"}
    )
    delay_reason = forms.ChoiceField(
        label="Cause of the delay", error_messages={"required": "Select the cause of the delay"}
    )
    delay_details = forms.CharField(label="What happened", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    now_due_on = GovDateField(
        noun="date it is now expected", label="Date it is now expected (if known)", required=False
    )

    def __init__(self, *args: Any, work: list[tuple[str, str, Any]], reasons: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["work"].choices = [("", "Select the piece of work")] + [(key, label) for key, label, _ in work]
        self.fields["work"].error_messages["invalid_choice"] = "Select a piece of work from the list"
        self.fields["delay_reason"].choices = [("", "Select the cause"), *reasons]
        self.fields["delay_reason"].error_messages["invalid_choice"] = "Select a cause of delay from the list"
        self.helper = gds_helper(
            self,
            Field.select("work"),
            Field.select("delay_reason"),
            Field.textarea("delay_details"),
            Field("now_due_on"),
            Submit("save", "Record the delay"),
        )


class ServiceForm(forms.Form):
    name = forms.CharField(label="Service", max_length=200, error_messages={"required": "Enter the service"})
    provider = forms.CharField(label="Who provides it", max_length=200, required=False)
    how_often = forms.CharField(label="How often", max_length=200, required=False, help_text="For example, daily calls")
    starts_on = GovDateField(noun="date the service starts", label="Start date")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="service", **kwargs)
        self.helper = gds_helper(
            self,
            Field.text("name"),
            Field.text("provider"),
            Field.text("how_often"),
            Field("starts_on"),
            Submit("add_service", "Add the service"),
        )


class ReviewForm(forms.Form):
    reviewed_on = GovDateField(noun="date of the review", label="Date of the review")
    meeting = forms.TypedChoiceField(label="At which meeting", required=False, coerce=int, empty_value=None)
    progress = forms.ChoiceField(
        label="How far has the plan come",
        choices=Progress.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how far the plan has come"},
    )
    notes = forms.CharField(label="What the review found", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, meetings: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meetings = {m.pk: m for m in meetings}
        self.fields["meeting"].choices = [("", "Not at a meeting")] + [
            (m.pk, f"{m.get_kind_display()}, {m.scheduled_for:%-d %b %Y}") for m in meetings
        ]
        self.helper = gds_helper(
            self,
            Field("reviewed_on"),
            Field.select("meeting"),
            Field.radios("progress", small=True),
            Field.textarea("notes"),
            Submit("save", "Record the review"),
        )


class EndForm(forms.Form):
    ended_on = GovDateField(noun="date the plan ended", label="Date the plan ended")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="end", **kwargs)
        self.helper = gds_helper(
            self, Field("ended_on"), Submit("end_plan", "End the plan", css_class="govuk-button--warning")
        )

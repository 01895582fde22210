from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from crispy_forms_gds.layout import HTML, Field, Fieldset, Size, Submit
from django import forms
from django.utils import timezone

from caseboard.accounts.models import Role, User
from caseboard.casework.codes import CategoryOfAbuse
from caseboard.core.forms import GovDateField, gds_helper

from .models import OUTCOMES_FOR_KIND, MeetingFormat, MeetingKind, Section47Outcome, TakingPart
from .services import InviteeInput

CHAIR_ROLES = (Role.IRO, Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.SOCIAL_WORKER)
INVITEES_HELP = "One a line: name, then role or agency. For example: Jo Patel, school designated safeguarding lead"


def _time_field(noun: str) -> forms.TimeField:
    return forms.TimeField(
        label="Time",
        help_text="Use the 24-hour clock, for example 10:30 or 14:00",
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": f"Enter the time of the {noun}",
            "invalid": f"Enter the time of the {noun} like 10:30",
        },
    )


def combine(day: date | None, at: time | None) -> datetime | None:
    """A local date and time as an aware datetime (None if either is missing)."""
    if day is None or at is None:
        return None
    return datetime.combine(day, at, tzinfo=timezone.get_current_timezone())


def parse_invitees(text: str) -> list[InviteeInput]:
    invitees = []
    for line in (text or "").splitlines():
        name, _, role = line.partition(",")
        if name.strip():
            invitees.append(InviteeInput(name=name.strip()[:200], role=role.strip()[:200]))
    return invitees


def _chair_field(**kwargs: Any) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(
        label="Chair",
        queryset=User.objects.filter(is_active=True, role__in=CHAIR_ROLES).order_by("role", "last_name", "pk"),
        required=False,
        empty_label="Not chosen yet",
        **kwargs,
    )
    field.label_from_instance = lambda user: f"{user.get_full_name() or user.username} ({user.get_role_display()})"
    return field


class ScheduleForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of meeting",
        choices=[("", "Select the kind of meeting"), *MeetingKind.choices],
        error_messages={"required": "Select the kind of meeting"},
    )
    siblings = forms.ModelMultipleChoiceField(
        label="Brothers and sisters also on this meeting",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    scheduled_on = GovDateField(noun="date of the meeting", help_text="For example, 12 5 2026")
    scheduled_at = _time_field("meeting")
    format = forms.ChoiceField(
        label="How will it be held?",
        choices=MeetingFormat.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the meeting will be held"},
    )
    chair = _chair_field()
    venue = forms.CharField(label="Where (room or address)", max_length=200, required=False)
    joining_details = forms.CharField(
        label="How to join (phone number, video link)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="What the family and professionals are sent so they can join",
    )
    joining_details_shared_on = GovDateField(
        noun="date the joining details were shared with the family", required=False, past_only=True
    )
    invitees = forms.CharField(
        label="Who else is invited", widget=forms.Textarea(attrs={"rows": 4}), required=False, help_text=INVITEES_HELP
    )

    def __init__(self, *args: Any, siblings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["siblings"].queryset = siblings
        self.fields["siblings"].label_from_instance = lambda child: f"{child.full_name} ({child.local_id})"
        layout: list[Any] = [Field.select("kind")]
        if siblings.exists():
            layout.append(Field.checkboxes("siblings", small=True))
        else:
            del self.fields["siblings"]
        layout += [
            "scheduled_on",
            Field.text("scheduled_at", field_width=5),
            Field.radios("format"),
            Field.select("chair"),
            Field.text("venue"),
            Field.textarea("joining_details"),
            "joining_details_shared_on",
            HTML('<p class="govuk-body">The chair and the allocated social worker are invited automatically.</p>'),
            Field.textarea("invitees"),
            Submit("submit", "Arrange the meeting"),
        ]
        self.helper = gds_helper(self, *layout)

    def scheduled_for(self) -> datetime | None:
        return combine(self.cleaned_data.get("scheduled_on"), self.cleaned_data.get("scheduled_at"))


class EditScheduledForm(forms.Form):
    format = ScheduleForm.base_fields["format"]
    chair = _chair_field()
    venue = forms.CharField(label="Where (room or address)", max_length=200, required=False)
    joining_details = forms.CharField(
        label="How to join (phone number, video link)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    joining_details_shared_on = GovDateField(
        noun="date the joining details were shared with the family", required=False, past_only=True
    )
    add_invitees = forms.CharField(
        label="Invite more people", widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text=INVITEES_HELP
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self,
            Field.radios("format"),
            Field.select("chair"),
            Field.text("venue"),
            Field.textarea("joining_details"),
            "joining_details_shared_on",
            Field.textarea("add_invitees"),
            "version",
            Submit("submit", "Save changes"),
        )


class EditHeldForm(forms.Form):
    minutes = forms.CharField(label="Minutes", widget=forms.Textarea(attrs={"rows": 8}), required=False)
    decisions = forms.CharField(label="Decisions", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self,
            Field.textarea("minutes"),
            Field.textarea("decisions"),
            "version",
            Submit("submit", "Save the minutes"),
        )


NOT_PRESENT = [("", "Did not take part")]


class HoldForm(forms.Form):
    held_on = GovDateField(noun="date the meeting was held", past_only=True, help_text="For example, 12 5 2026")
    format = forms.ChoiceField(
        label="How was it held?",
        choices=MeetingFormat.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the meeting was held"},
    )
    outcome = forms.ChoiceField(
        label="Outcome", widget=forms.RadioSelect, error_messages={"required": "Select the outcome"}
    )
    category_of_abuse = forms.ChoiceField(
        label="Category of abuse (for a child protection plan)",
        choices=[("", "Select the category"), *CategoryOfAbuse.choices],
        required=False,
    )
    minutes = forms.CharField(label="Minutes", widget=forms.Textarea(attrs={"rows": 8}), required=False)
    decisions = forms.CharField(label="Decisions", widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, meeting: Any, invitees: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invitees = invitees
        outcomes = OUTCOMES_FOR_KIND.get(meeting.kind, ())
        layout: list[Any] = ["held_on", Field.radios("format")]
        names = []
        for invitee in invitees:
            name = f"took_part_{invitee.pk}"
            self.fields[name] = forms.ChoiceField(
                label=str(invitee), choices=NOT_PRESENT + list(TakingPart.choices), required=False
            )
            names.append(Field.select(name))
        layout.append(Fieldset(*names, legend="Who took part, and how", legend_size=Size.SMALL))
        if outcomes:
            self.fields["outcome"].choices = [(o.value, o.label) for o in outcomes]
            layout.append(Field.radios("outcome"))
        else:
            del self.fields["outcome"]
        if meeting.kind == MeetingKind.INITIAL_CONFERENCE:
            layout.append(Field.select("category_of_abuse"))
        else:
            del self.fields["category_of_abuse"]
        layout += [
            Field.textarea("minutes"),
            Field.textarea("decisions"),
            Submit("submit", "Record the meeting as held"),
        ]
        self.helper = gds_helper(self, *layout)

    def attendance(self) -> dict[int, str]:
        return {
            invitee.pk: self.cleaned_data[f"took_part_{invitee.pk}"]
            for invitee in self.invitees
            if self.cleaned_data.get(f"took_part_{invitee.pk}")
        }


class PostponeForm(forms.Form):
    new_on = GovDateField(noun="new date of the meeting", help_text="For example, 19 5 2026")
    new_at = _time_field("meeting")
    reason = forms.CharField(
        label="Why is it postponed?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the meeting is postponed"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self, "new_on", Field.text("new_at", field_width=5), Field.textarea("reason"), Submit("submit", "Postpone")
        )

    def new_scheduled_for(self) -> datetime | None:
        return combine(self.cleaned_data.get("new_on"), self.cleaned_data.get("new_at"))


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why is it cancelled?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the meeting is cancelled"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self, Field.textarea("reason"), Submit("submit", "Cancel the meeting", css_class="govuk-button--warning")
        )


class ActionForm(forms.Form):
    text = forms.CharField(label="What", widget=forms.Textarea(attrs={"rows": 2}))
    owner_name = forms.CharField(label="Who", max_length=200)
    due_on = GovDateField(noun="date it is due", label="By when", help_text="For example, 30 6 2026")

    def __init__(self, *args: Any, word: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].label = word.capitalize()
        self.fields["text"].error_messages["required"] = f"Enter the {word}"
        self.fields["owner_name"].error_messages["required"] = f"Enter who owns the {word}"
        self.fields["due_on"].error_messages["required"] = f"Enter the date the {word} is due"
        self.helper = gds_helper(
            self,
            Field.textarea("text"),
            Field.text("owner_name", field_width=20),
            "due_on",
            Submit("submit", f"Add the {word}", css_class="govuk-button--secondary"),
        )


class Section47Form(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome of the enquiry",
        choices=Section47Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the enquiry"},
    )
    completed_on = GovDateField(noun="date the enquiry was completed", past_only=True)
    findings = forms.CharField(label="Findings", widget=forms.Textarea(attrs={"rows": 5}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self,
            Field.radios("outcome"),
            "completed_on",
            Field.textarea("findings"),
            Submit("submit", "Record the outcome"),
        )

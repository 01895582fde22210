from __future__ import annotations

from datetime import datetime, time
from typing import Any

from crispy_forms_gds.layout import HTML, Field, Fieldset, Submit
from django import forms
from django.utils import timezone

from caseboard.accounts.models import Role, User
from caseboard.core.forms import GovDateField, gds_helper
from caseboard.visits.models import CHECK_QUESTIONS

from .models import (
    CancelledBy,
    CancelReason,
    Mode,
    Period,
    RiskOutcome,
    Source,
    Supervision,
    Venue,
    VenueKind,
)

YES_NO = [("yes", "Yes"), ("no", "No")]


def _choice(
    label: str, choices: Any, required_message: str, *, radios: bool = True, **kwargs: Any
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect if radios else forms.Select,
        error_messages={"required": required_message},
        **kwargs,
    )


def _text(label: str, *, required: bool = False, rows: int = 3, help_text: str = "", **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
        **kwargs,
    )


def _time_field(noun: str) -> forms.TimeField:
    return forms.TimeField(
        label="Time",
        help_text="Use the 24-hour clock, for example 16:00",
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": f"Enter the time of the {noun}",
            "invalid": f"Enter the time of the {noun} like 16:00",
        },
    )


def combine(day: Any, at: time | None) -> datetime | None:
    if day is None or at is None:
        return None
    return datetime.combine(day, at, tzinfo=timezone.get_current_timezone())


def supervisors() -> Any:
    return User.objects.filter(is_active=True, role__in=[Role.FAMILY_TIME_SUPERVISOR, Role.SOCIAL_WORKER]).order_by(
        "role", "last_name", "first_name", "pk"
    )


def _supervisor_field() -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(
        label="Who supervises", queryset=supervisors(), required=False, empty_label="Not chosen yet"
    )
    field.label_from_instance = lambda user: f"{user.get_full_name() or user.username} ({user.get_role_display()})"
    return field


class ArrangementForm(forms.Form):
    family_members = forms.ModelMultipleChoiceField(
        label="Family members", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    siblings = forms.ModelMultipleChoiceField(
        label="Brothers and sisters known to the service",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    with_whom = forms.CharField(label="Who with (anyone else)", max_length=300, required=False)
    source = _choice("Where does it come from?", Source.choices, "Select where the arrangement comes from")
    court_order_provision = _text(
        "The order's contact provision", help_text="As the order words it, for a court-ordered arrangement"
    )
    times = forms.IntegerField(
        label="How many times",
        min_value=1,
        max_value=14,
        error_messages={
            "required": "Enter how many times",
            "min_value": "Enter at least 1 time",
            "max_value": "Enter 14 times or fewer",
            "invalid": "Enter how many times as a number",
        },
    )
    period = _choice("Every", Period.choices, "Select how often", radios=False)
    duration_minutes = forms.IntegerField(
        label="How long (minutes)",
        min_value=15,
        max_value=480,
        error_messages={
            "required": "Enter how long each session lasts",
            "min_value": "Enter at least 15 minutes",
            "max_value": "Enter 480 minutes or fewer",
            "invalid": "Enter the minutes as a number",
        },
    )
    supervision = _choice("Supervision", Supervision.choices, "Select the level of supervision")
    mode = _choice("How", Mode.choices, "Select how family time happens")
    venue_kind = _choice("Where", VenueKind.choices, "Select where family time happens")
    venue = forms.ModelChoiceField(
        label="Which family centre", queryset=Venue.objects.filter(is_active=True), required=False, empty_label="None"
    )
    supervisor = _supervisor_field()
    transport_needs = _text("Transport needs", help_text="Who takes the child and how")
    escort_needs = _text("Escort needs", help_text="Anyone who must accompany the child or the family")
    risks = _text("Risks of this arrangement", help_text="What could go wrong and how it is reduced")
    starts_on = GovDateField(noun="start date", help_text="For example, 6 4 2026")
    ends_on = GovDateField(noun="end date", required=False, help_text="Leave empty if it continues")
    not_looked_after_reason = _text(
        "Why family time is arranged for a child who is not looked after", help_text="Only for a child in need"
    )

    def __init__(self, *args: Any, child: Any, siblings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["family_members"].queryset = child.family_members.exclude(relationship="foster_carer")
        self.fields["family_members"].label_from_instance = lambda m: f"{m.name} ({m.get_relationship_display()})"
        self.fields["siblings"].queryset = siblings
        self.fields["siblings"].label_from_instance = lambda c: f"{c.full_name} ({c.local_id})"
        layout: list[Any] = []
        people: list[Any] = []
        if self.fields["family_members"].queryset.exists():
            people.append(Field.checkboxes("family_members", small=True))
        else:
            del self.fields["family_members"]
        if siblings.exists():
            people.append(Field.checkboxes("siblings", small=True))
        else:
            del self.fields["siblings"]
        people.append(Field.text("with_whom"))
        layout.append(Fieldset(*people, legend="Who with", legend_size="m"))
        layout += [
            Field.radios("source"),
            Field.textarea("court_order_provision"),
            Fieldset(
                Field.text("times", field_width=3),
                Field.select("period"),
                Field.text("duration_minutes", field_width=4),
                legend="How often and how long",
                legend_size="m",
            ),
            Field.radios("supervision"),
            Field.radios("mode"),
            Field.radios("venue_kind"),
            Field.select("venue"),
            Field.select("supervisor"),
            Field.textarea("transport_needs"),
            Field.textarea("escort_needs"),
            Field.textarea("risks"),
            "starts_on",
            "ends_on",
            Field.textarea("not_looked_after_reason"),
            Submit("submit", "Record the arrangement"),
        ]
        self.helper = gds_helper(self, *layout)


class ChangeForm(forms.Form):
    times = ArrangementForm.base_fields["times"]
    period = ArrangementForm.base_fields["period"]
    duration_minutes = ArrangementForm.base_fields["duration_minutes"]
    supervision = ArrangementForm.base_fields["supervision"]
    mode = ArrangementForm.base_fields["mode"]
    venue_kind = ArrangementForm.base_fields["venue_kind"]
    venue = forms.ModelChoiceField(
        label="Which family centre", queryset=Venue.objects.filter(is_active=True), required=False, empty_label="None"
    )
    supervisor = _supervisor_field()
    spirit_of_the_order = _text(
        "How the spirit of the order is kept",
        help_text="For court-ordered contact that cannot happen face to face: what is done instead, and how often",
    )
    applies_from = GovDateField(noun="date the change applies from", help_text="For example, 6 4 2026")
    reason = _text(
        "Why the arrangement should change",
        required=True,
        rows=4,
        help_text="Shown to the approver",
        error_messages={"required": "Enter the reasons for the change"},
    )
    risks_considered = _text("Risks considered", help_text="What could go wrong for the child")
    mitigations = _text("How the risks are reduced", help_text="What is done about them")

    def __init__(self, *args: Any, court_ordered: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        intro = (
            "A change to court-ordered contact is a key decision for the head of service."
            if court_ordered
            else "A change to family time is a key decision, approved as the operating model says."
        )
        layout: list[Any] = [
            HTML(f'<p class="govuk-body">{intro} Nothing changes until it is approved.</p>'),
            Fieldset(
                Field.text("times", field_width=3),
                Field.select("period"),
                Field.text("duration_minutes", field_width=4),
                legend="How often and how long",
                legend_size="m",
            ),
            Field.radios("supervision"),
            Field.radios("mode"),
            Field.radios("venue_kind"),
            Field.select("venue"),
            Field.select("supervisor"),
        ]
        if court_ordered:
            layout.append(Field.textarea("spirit_of_the_order"))
        else:
            del self.fields["spirit_of_the_order"]
        layout += [
            "applies_from",
            Field.textarea("reason"),
            Field.textarea("risks_considered"),
            Field.textarea("mitigations"),
            Submit("submit", "Propose the change for approval"),
        ]
        self.helper = gds_helper(self, *layout)


class RiskAssessmentForm(forms.Form):
    arrangement_risks = _text(
        "Risks of this arrangement, and how they are reduced",
        required=True,
        rows=4,
        help_text="For example: the family's behaviour at the last session, travel, who else may attend",
        error_messages={"required": "Enter the risks of this arrangement and how they are reduced"},
    )
    outcome = _choice("Outcome", RiskOutcome.choices, "Select the outcome of the risk assessment")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        questions = []
        for key, question in CHECK_QUESTIONS.items():
            self.fields[key] = _choice(question, YES_NO, f"Answer: {question}")
            self.fields[key].widget.attrs["class"] = "govuk-radios--inline"
            questions.append(Field.radios(key, inline=True))
        self.helper = gds_helper(
            self,
            Fieldset(*questions, legend="Infection risk (the pre-visit check's questions)", legend_size="m"),
            Field.textarea("arrangement_risks"),
            Field.radios("outcome"),
            Submit("submit", "Record the risk assessment"),
        )

    def answers(self) -> dict[str, bool]:
        return {key: self.cleaned_data.get(key) == "yes" for key in CHECK_QUESTIONS if self.cleaned_data.get(key)}


class GenerateForm(forms.Form):
    weeks = forms.IntegerField(
        label="Book sessions for the next (weeks)",
        min_value=1,
        max_value=26,
        initial=4,
        error_messages={
            "required": "Enter how many weeks to book",
            "min_value": "Enter at least 1 week",
            "max_value": "Enter 26 weeks or fewer",
            "invalid": "Enter the weeks as a number",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self, Field.text("weeks", field_width=3), Submit("generate", "Book the sessions"))


class BookOneForm(forms.Form):
    day = GovDateField(noun="date of the session", help_text="For example, 14 4 2026")
    at = _time_field("session")
    room = forms.ModelChoiceField(label="Room", queryset=None, required=False, empty_label="Select a room")

    def __init__(self, *args: Any, rooms: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        layout: list[Any] = ["day", Field.text("at", field_width=5)]
        if rooms is None:
            del self.fields["room"]
        else:
            self.fields["room"].queryset = rooms
            self.fields["room"].label_from_instance = lambda room: f"{room.name} (holds {room.capacity})"
            layout.append(Field.select("room"))
        layout.append(Submit("book", "Book this session"))
        self.helper = gds_helper(self, *layout)

    def starts_at(self) -> datetime | None:
        return combine(self.cleaned_data.get("day"), self.cleaned_data.get("at"))


class RecordForm(forms.Form):
    held = _choice("Was the session held?", [("yes", "Yes"), ("no", "No")], "Select whether the session was held")
    mode_held = _choice("How was it held?", Mode.choices, "Select how the session was held", required=False)
    attended = _text("Who attended", help_text="The child, family members and anyone else")
    cancelled_by = _choice(
        "If not held: because of",
        CancelledBy.choices,
        "Select who the session did not go ahead because of",
        required=False,
    )
    cancel_reason = _choice(
        "If not held: why",
        [("", "Select why"), *CancelReason.choices],
        "Select why the session was not held",
        radios=False,
        required=False,
    )
    cancel_notes = _text("Anything else about why it was not held")
    childs_views = _text("The child's views", rows=4, help_text="In the child's own words where possible")
    observation_notes = _text(
        "Supervisor's observation notes", rows=5, help_text="Or add them later: they are due from the supervisor"
    )
    concern_raised = forms.BooleanField(label="A concern was raised in the session", required=False)
    concern_details = _text("The concern", help_text="The allocated social worker is told at once")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self,
            Field.radios("held", inline=True),
            Field.radios("mode_held"),
            Field.textarea("attended"),
            Field.radios("cancelled_by"),
            Field.select("cancel_reason"),
            Field.textarea("cancel_notes"),
            Field.textarea("childs_views"),
            Field.textarea("observation_notes"),
            Field.checkbox("concern_raised"),
            Field.textarea("concern_details"),
            Submit("record", "Save the record"),
        )


class CancelForm(forms.Form):
    cancelled_by = _choice("Who cancelled?", CancelledBy.choices, "Select who cancelled the session")
    cancel_reason = _choice(
        "Why", [("", "Select why"), *CancelReason.choices], "Select why the session was cancelled", radios=False
    )
    cancel_notes = _text("More about why")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self,
            Field.radios("cancelled_by"),
            Field.select("cancel_reason"),
            Field.textarea("cancel_notes"),
            Submit("cancel", "Cancel the session", css_class="govuk-button--warning"),
        )


class VirtualForm(forms.Form):
    mode = _choice(
        "Offer instead",
        [(Mode.VIDEO, Mode.VIDEO.label), (Mode.PHONE, Mode.PHONE.label)],
        "Select video call or phone call",
    )
    reason = _text(
        "Why it cannot be held in person",
        required=True,
        help_text="For example: the household is self-isolating",
        error_messages={"required": "Enter why the session cannot be held in person"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self,
            Field.radios("mode", inline=True),
            Field.textarea("reason"),
            Submit("virtual", "Offer a call in its place", css_class="govuk-button--secondary"),
        )


class ObservationForm(forms.Form):
    observation_notes = _text(
        "Your observation notes",
        required=True,
        rows=6,
        help_text="What you saw and heard",
        error_messages={"required": "Enter your observation notes"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self, Field.textarea("observation_notes"), Submit("observe", "Save the notes"))


class FeedbackForm(forms.Form):
    carer_feedback = _text(
        "The carer's feedback",
        required=True,
        rows=4,
        help_text="How the child was before and after the call or visit",
        error_messages={"required": "Enter the carer's feedback"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self, Field.textarea("carer_feedback"), Submit("feedback", "Save the feedback"))


class RoomForm(forms.Form):
    name = forms.CharField(label="Room name", max_length=80, error_messages={"required": "Enter the room's name"})
    capacity = forms.IntegerField(
        label="How many people it holds",
        min_value=1,
        max_value=50,
        error_messages={
            "required": "Enter how many people the room holds",
            "min_value": "Enter at least 1",
            "max_value": "Enter 50 or fewer",
            "invalid": "Enter the number of people as a number",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self,
            Field.text("name", field_width=20),
            Field.text("capacity", field_width=3),
            Submit("add", "Add the room"),
        )


class ClosureForm(forms.Form):
    room = forms.ModelChoiceField(
        label="Room", queryset=None, empty_label="Select a room", error_messages={"required": "Select the room"}
    )
    starts_on = GovDateField(noun="date the room is out of use from")
    ends_on = GovDateField(
        noun="date the room is out of use until", required=False, help_text="Leave empty until further notice"
    )
    reason = forms.CharField(
        label="Why", max_length=300, error_messages={"required": "Enter why the room is out of use"}
    )

    def __init__(self, *args: Any, rooms: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms
        self.helper = gds_helper(
            self,
            Field.select("room"),
            "starts_on",
            "ends_on",
            Field.text("reason"),
            Submit("close", "Take the room out of use", css_class="govuk-button--secondary"),
        )


class SchoolHolidayForm(forms.Form):
    """A school holiday in the council's term dates; the rules are the service's (``school_holiday_add``)."""

    name = forms.CharField(
        label="Name of the holiday",
        max_length=80,
        help_text="For example, Summer holiday 2026",
        error_messages={
            "required": "Enter the name of the holiday, for example Summer holiday 2026",
            "max_length": "The name must be 80 characters or fewer",
        },
    )
    starts_on = GovDateField(noun="first day of the holiday", help_text="For example, 22 7 2026")
    ends_on = GovDateField(noun="last day of the holiday", help_text="For example, 2 9 2026")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self, Field.text("name", field_width=20), "starts_on", "ends_on", Submit("add", "Add the holiday")
        )


class VenueForm(forms.Form):
    """A venue's name, address, coordinators and (when editing) whether it is in use. The rules are the service's
    (``venue_create``, ``venue_update``), shared with the API."""

    name = forms.CharField(
        label="Name of the venue",
        max_length=120,
        help_text="For example, Riverside Family Centre",
        error_messages={
            "required": "Enter the venue's name",
            "max_length": "The venue's name must be 120 characters or fewer",
        },
    )
    address = _text("Address", rows=3)
    coordinators = forms.ModelMultipleChoiceField(
        label="Family time coordinators who book and manage it",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select family time coordinators only"},
    )
    opens_at = forms.TimeField(
        label="Opens at",
        required=False,
        help_text="Use the 24-hour clock, for example 10:00. Leave both times blank to use the operating model's hours",
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"invalid": "Enter the time the venue opens like 10:00"},
    )
    closes_at = forms.TimeField(
        label="Closes at",
        required=False,
        help_text="For example, 16:00",
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"invalid": "Enter the time the venue closes like 16:00"},
    )
    is_active = forms.BooleanField(label="The venue is in use", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, editing: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coordinators"].queryset = User.objects.filter(
            role=Role.FAMILY_TIME_COORDINATOR, is_active=True
        ).order_by("last_name", "first_name", "pk")
        layout: list[Any] = [
            Field.text("name", field_width=30),
            Field.textarea("address"),
            Fieldset(
                Field.text("opens_at", field_width=5),
                Field.text("closes_at", field_width=5),
                legend="Opening hours, if the venue's own",
                legend_size="s",
            ),
            Field.checkboxes("coordinators", small=True),
        ]
        if editing:
            layout += [Field.checkbox("is_active"), "version"]
        else:
            del self.fields["is_active"], self.fields["version"]
        layout.append(Submit("save", "Save the venue" if editing else "Add the venue"))
        self.helper = gds_helper(self, *layout)


class RoomEditForm(RoomForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self,
            Field.text("name", field_width=20),
            Field.text("capacity", field_width=3),
            "version",
            Submit("save", "Save the room"),
        )

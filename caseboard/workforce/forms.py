"""Forms for the workforce pages: they parse and show errors; every rule is in ``services``."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms

from caseboard.core.forms import GovDateField, gds_helper

from .models import (
    AvailabilityStatus,
    CheckInKind,
    CheckInMode,
    DbsCheckType,
    DutyKind,
    Skill,
    SurveyQuestion,
    Weekday,
    WorkingPattern,
)


def _people_field(label: str, people: Any, *, required: bool = True, message: str = "") -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(
        queryset=people,
        label=label,
        required=required,
        empty_label="Choose someone",
        error_messages={
            "required": message or f"Select {label.lower()}",
            "invalid_choice": message or "Select someone from the list",
        },
    )
    field.label_from_instance = lambda user: f"{user.get_full_name() or user.username} ({user.get_role_display()})"
    return field


class StaffRecordForm(forms.Form):
    working_pattern = forms.ChoiceField(
        label="Working pattern",
        choices=WorkingPattern.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the working pattern"},
    )
    working_days = forms.CharField(
        label="Days worked", max_length=40, required=False, help_text="For example, Monday to Thursday"
    )
    swe_registration = forms.CharField(
        label="Social Work England registration number",
        max_length=12,
        required=False,
        help_text="For example, SW123456",
    )
    qualified_on = GovDateField(
        noun="date qualified", label="Date qualified", required=False, past_only=True, help_text="For example, 1 9 2019"
    )
    dbs_checked_on = GovDateField(
        noun="date of the DBS check",
        label="Date of the DBS check",
        required=False,
        past_only=True,
        help_text="For example, 14 2 2020",
    )
    dbs_check_type = forms.ChoiceField(
        label="Type of DBS check", choices=[("", "Not recorded"), *DbsCheckType.choices], required=False
    )
    skills = forms.MultipleChoiceField(
        label="Skills", choices=Skill.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.CharField(
        label="Languages other than English", max_length=200, required=False, help_text="For example, Polish, Urdu"
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self,
            Field.radios("working_pattern", legend_size=Size.SMALL),
            Field.text("working_days", field_width=20),
            Field.text("swe_registration", field_width=10),
            "qualified_on",
            "dbs_checked_on",
            Field.select("dbs_check_type"),
            Field.checkboxes("skills", legend_size=Size.SMALL, small=True),
            Field.text("languages", field_width=20),
            "version",
            Submit("submit", "Save the staff record"),
        )


class AvailabilityForm(forms.Form):
    status = forms.ChoiceField(
        label="Availability",
        choices=AvailabilityStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the person's availability"},
    )
    starts_on = GovDateField(noun="start date", label="From", help_text="For example, 1 6 2020")
    ends_on = GovDateField(
        noun="end date",
        label="Until (optional for most)",
        required=False,
        help_text="Needed for self-isolating and shielding. Leave empty when it has no end yet.",
    )
    is_covid_related = forms.BooleanField(label="Because of COVID-19", required=False)
    health_note = forms.CharField(
        label="Health reason (private)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Seen only by the person, their line manager and HR",
    )
    redeployed_to = forms.CharField(
        label="Redeployed to", required=False, max_length=200, help_text="For example, the family centre"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self,
            Field.radios("status", legend_size=Size.SMALL),
            "starts_on",
            "ends_on",
            Field.checkbox("is_covid_related"),
            Field.textarea("health_note"),
            Field.text("redeployed_to", field_width=20),
            Submit("submit", "Save the availability"),
        )


class BuddyForm(forms.Form):
    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first"] = _people_field("First person", members, message="Select the first person")
        self.fields["second"] = _people_field("Their buddy", members, message="Select their buddy")
        self.helper = gds_helper(
            self, Field.select("first"), Field.select("second"), Submit("submit", "Pair them as buddies")
        )


class CheckInForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of check-in",
        choices=CheckInKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of check-in it was"},
    )
    held_on = GovDateField(noun="date of the check-in", label="Date", help_text="For example, 2 6 2020")
    mode = forms.ChoiceField(
        label="How",
        choices=CheckInMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you checked in"},
    )
    private_note = forms.CharField(
        label="Private note (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Seen only by the two of you",
    )
    concern = forms.CharField(
        label="Raise a concern with their line manager (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Their line manager is told that you raised a concern",
    )

    def __init__(self, *args: Any, people: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["with_person"] = _people_field("Who with", people, required=False)
        self.fields["team"] = forms.ModelChoiceField(
            queryset=teams, required=False, label="Team (for a team meeting)", empty_label="Choose a team"
        )
        self.helper = gds_helper(
            self,
            Field.radios("kind", legend_size=Size.SMALL),
            Field.select("with_person"),
            Field.select("team"),
            "held_on",
            Field.radios("mode", inline=True, legend_size=Size.SMALL),
            Field.textarea("private_note"),
            Field.textarea("concern"),
            Submit("submit", "Save the check-in"),
        )


DISCUSSIONS = 3
ACTIONS = 3


class SupervisionForm(forms.Form):
    held_on = GovDateField(noun="date of the supervision", label="Date", help_text="For example, 2 6 2020")
    mode = forms.ChoiceField(
        label="How",
        choices=CheckInMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the supervision was held"},
    )
    reflective_notes = forms.CharField(
        label="Reflective notes (private)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Seen only by the supervisor and the supervisee",
    )

    def __init__(self, *args: Any, supervisees: Any, children: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supervisee"] = _people_field("Supervisee", supervisees, message="Select who was supervised")
        layout: list[Any] = [
            Field.select("supervisee"),
            "held_on",
            Field.radios("mode", inline=True, legend_size=Size.SMALL),
            Field.textarea("reflective_notes"),
        ]
        for n in range(1, DISCUSSIONS + 1):
            child = forms.ModelChoiceField(
                queryset=children, required=False, label=f"Case discussion {n}: child", empty_label="No child"
            )
            child.label_from_instance = lambda c: f"{c.full_name} ({c.local_id})"
            self.fields[f"child_{n}"] = child
            self.fields[f"oversight_{n}"] = forms.CharField(
                label=f"Case discussion {n}: management oversight",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text="Shown on the child's record to their allocated workers",
            )
            layout += [Field.select(f"child_{n}"), Field.textarea(f"oversight_{n}")]
        for n in range(1, ACTIONS + 1):
            self.fields[f"action_{n}"] = forms.CharField(label=f"Action {n}", required=False, max_length=300)
            self.fields[f"owner_{n}"] = _people_field(f"Action {n}: owner", owners, required=False)
            self.fields[f"due_{n}"] = GovDateField(
                noun=f"due date of action {n}", label=f"Action {n}: due", required=False
            )
            layout += [Field.text(f"action_{n}"), Field.select(f"owner_{n}"), f"due_{n}"]
        layout.append(Submit("submit", "Save the supervision"))
        self.helper = gds_helper(self, *layout)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for n in range(1, DISCUSSIONS + 1):
            if data.get(f"child_{n}") and not (data.get(f"oversight_{n}") or "").strip():
                self.add_error(f"oversight_{n}", f"Enter the management oversight for case discussion {n}")
        for n in range(1, ACTIONS + 1):
            if (data.get(f"action_{n}") or "").strip():
                if not data.get(f"owner_{n}"):
                    self.add_error(f"owner_{n}", f"Select who owns action {n}")
                if not data.get(f"due_{n}") and f"due_{n}" not in self.errors:
                    self.add_error(f"due_{n}", f"Enter the due date of action {n}")
        return data


class CoverForm(forms.Form):
    ends_on = GovDateField(
        noun="date the cover ends",
        label="Cover ends on",
        help_text="The child goes back to their worker the day after. For example, 19 6 2020",
    )

    def __init__(self, *args: Any, workers: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cover_worker"] = forms.ChoiceField(
            label="Cover worker",
            choices=[
                ("", "Choose a worker"),
                *[
                    (str(w.pk), f"{w.get_full_name() or w.username} ({w.job_title or w.get_role_display()})")
                    for w in workers
                ],
            ],
            error_messages={
                "required": "Select the cover worker",
                "invalid_choice": "Select an available worker from the list",
            },
        )
        self.helper = gds_helper(self, Field.select("cover_worker"), "ends_on", Submit("submit", "Add cover"))


class DeskCapacityForm(forms.Form):
    effective_from = GovDateField(
        noun="date the capacity applies from", label="From", help_text="For example, 3 8 2020"
    )
    desks = forms.IntegerField(
        label="COVID-secure desks",
        min_value=0,
        max_value=2000,
        error_messages={
            "required": "Enter the number of desks",
            "invalid": "Enter the number of desks as a whole number",
            "min_value": "The number of desks must be 0 or more",
            "max_value": "The number of desks must be 2,000 or fewer",
        },
    )
    risk_assessment = forms.CharField(
        label="Why it changed (risk assessment)",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the capacity changed (the risk assessment)"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self,
            "effective_from",
            Field.text("desks", field_width=4),
            Field.textarea("risk_assessment"),
            Submit("submit", "Save the capacity"),
        )


class BookingForm(forms.Form):
    booked_on = GovDateField(noun="date you want to come in", label="Date", help_text="For example, 4 8 2020")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self, "booked_on", Submit("submit", "Book a desk"))


class IndividualNeedForm(forms.Form):
    description = forms.CharField(
        label="Individual need",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, no quiet space to work at home. Seen only by the person, their line manager and HR",
        error_messages={"required": "Enter the individual need"},
    )
    ends_on = GovDateField(
        noun="date it applies until",
        label="Applies until (optional)",
        required=False,
        help_text="Leave blank if it carries on. For example, 31 12 2020",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self, Field.textarea("description"), "ends_on", Submit("submit", "Save the individual need")
        )


class RotaDayForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label="Day",
        coerce=int,
        choices=Weekday.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the day"},
    )
    starts_on = GovDateField(noun="start date", label="From", help_text="For example, 3 8 2020")

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"] = forms.ModelChoiceField(
            queryset=teams, label="Team", empty_label="Choose a team", error_messages={"required": "Select the team"}
        )
        self.helper = gds_helper(
            self,
            Field.select("team"),
            Field.radios("weekday", inline=True, legend_size=Size.SMALL),
            "starts_on",
            Submit("submit", "Add the rota day"),
        )


class DutyShiftForm(forms.Form):
    kind = forms.ChoiceField(
        label="Rota", choices=DutyKind.choices, widget=forms.RadioSelect, error_messages={"required": "Select the rota"}
    )
    on = GovDateField(noun="date of the shift", label="Date", help_text="For example, 4 6 2020")
    starts_at = forms.TimeField(
        label="Shift starts (out of hours)",
        required=False,
        help_text="For example, 17:00",
        error_messages={"invalid": "Enter the time the shift starts, like 17:00"},
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"] = _people_field("Who", people, message="Select who is on duty")
        self.helper = gds_helper(
            self,
            Field.radios("kind", legend_size=Size.SMALL),
            Field.select("person"),
            "on",
            Field.text("starts_at", field_width=5),
            Submit("submit", "Add to the rota"),
        )


class PpeMovementForm(forms.Form):
    MOVEMENTS = [
        ("delivery", "Delivery"),
        ("issue", "Issue to a worker"),
        ("return", "Return from a worker"),
        ("write_off", "Write off"),
    ]
    movement = forms.ChoiceField(
        label="What happened",
        choices=MOVEMENTS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what happened"},
    )
    quantity = forms.IntegerField(
        label="Quantity",
        min_value=1,
        error_messages={
            "required": "Enter the quantity",
            "invalid": "Enter the quantity as a whole number",
            "min_value": "The quantity must be 1 or more",
        },
    )
    on = GovDateField(noun="date", label="Date", help_text="For example, 4 6 2020")
    note = forms.CharField(label="Note (needed for a write-off)", required=False, max_length=200)

    def __init__(self, *args: Any, workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"] = _people_field("Worker (for an issue or return)", workers, required=False)
        self.helper = gds_helper(
            self,
            Field.radios("movement", legend_size=Size.SMALL),
            Field.text("quantity", field_width=5),
            Field.select("worker"),
            "on",
            Field.text("note"),
            Submit("submit", "Record it"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("movement") in {"issue", "return"} and not data.get("worker"):
            self.add_error("worker", "Select the worker")
        return data


class ReorderForm(forms.Form):
    reorder_level = forms.IntegerField(
        label="Reorder level",
        min_value=0,
        error_messages={
            "required": "Enter the reorder level",
            "invalid": "Enter the reorder level as a whole number",
            "min_value": "The reorder level must be 0 or more",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self, Field.text("reorder_level", field_width=5), Submit("submit", "Save the reorder level")
        )


QUESTIONS = 5


class SurveyForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter a title for the survey"})
    introduction = forms.CharField(
        label="Introduction (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    opens_on = GovDateField(noun="opening date", label="Opens on", help_text="For example, 1 10 2020")
    closes_on = GovDateField(noun="closing date", label="Closes on", help_text="For example, 16 10 2020")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        layout: list[Any] = [Field.text("title"), Field.textarea("introduction"), "opens_on", "closes_on"]
        for n in range(1, QUESTIONS + 1):
            self.fields[f"question_{n}"] = forms.CharField(
                label=f"Question {n}",
                required=n == 1,
                max_length=300,
                error_messages={"required": "Enter at least one question"},
            )
            self.fields[f"kind_{n}"] = forms.ChoiceField(
                label=f"Question {n}: answer", choices=SurveyQuestion.Kind.choices, initial=SurveyQuestion.Kind.SCALE
            )
            layout += [Field.text(f"question_{n}"), Field.select(f"kind_{n}")]
        layout.append(Submit("submit", "Create the survey"))
        self.helper = gds_helper(self, *layout)

    def questions(self) -> list[tuple[str, str]]:
        return [
            (self.cleaned_data.get(f"question_{n}") or "", self.cleaned_data.get(f"kind_{n}") or "scale")
            for n in range(1, QUESTIONS + 1)
        ]


SCALE = [
    ("1", "1 Strongly disagree"),
    ("2", "2 Disagree"),
    ("3", "3 Neither"),
    ("4", "4 Agree"),
    ("5", "5 Strongly agree"),
]


class SurveyResponseForm(forms.Form):
    def __init__(self, *args: Any, questions: list, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        layout: list[Any] = []
        for question in questions:
            name = f"q{question.pk}"
            if question.kind == SurveyQuestion.Kind.SCALE:
                self.fields[name] = forms.ChoiceField(
                    label=question.text, choices=SCALE, widget=forms.RadioSelect, required=False
                )
                layout.append(Field.radios(name, legend_size=Size.SMALL))
            else:
                self.fields[name] = forms.CharField(
                    label=question.text, required=False, widget=forms.Textarea(attrs={"rows": 3})
                )
                layout.append(Field.textarea(name))
        self.fields["group"] = forms.ModelChoiceField(
            queryset=teams,
            required=False,
            label="Your team (optional)",
            empty_label="Prefer not to say",
            help_text="Results are shown for a team only when at least five of its members have answered",
        )
        layout += [Field.select("group"), Submit("submit", "Send my answers")]
        self.questions = questions
        self.helper = gds_helper(self, *layout)

    def answers(self) -> dict[int, int | str | None]:
        found: dict[int, int | str | None] = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            if question.kind == SurveyQuestion.Kind.SCALE:
                found[question.pk] = int(value) if value else None
            else:
                found[question.pk] = value or None
        return found

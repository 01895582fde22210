from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from crispy_forms_gds.layout import HTML, Field, Fieldset, Size, Submit
from django import forms
from django.utils import timezone

from caseboard.casework.codes import PrimaryNeed, ReferralSource
from caseboard.core.forms import GovDateField, gds_helper

from .codes import AssessmentFactor
from .models import AssessmentOutcome, ContactDecision, ContactMethod

YES_NO = [("yes", "Yes"), ("no", "No")]
SEX = [("F", "Female"), ("M", "Male"), ("U", "Not known")]


def yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def from_yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _child_label(child: Any) -> str:
    born = f"born {child.date_of_birth:%-d %B %Y}" if child.date_of_birth else "unborn"
    return f"{child.full_name}, {born} (local ID {child.local_id})"


class ContactForm(forms.Form):
    """A contact: who, how, the concerns and the children (found on the record, or a new child)."""

    received_on = GovDateField(
        noun="date the contact was received", past_only=True, label="Date received", help_text="For example, 4 6 2020"
    )
    received_time = forms.CharField(
        label="Time received (optional)",
        required=False,
        max_length=5,
        help_text="24-hour clock, for example 14:30. Leave empty for now (or 9:00 for an earlier day).",
    )
    referrer_name = forms.CharField(
        label="Who made the contact?",
        max_length=200,
        help_text="Their name and role, for example Jo Smith, designated safeguarding lead",
        error_messages={"required": "Enter who made the contact"},
    )
    referrer_agency = forms.ChoiceField(
        label="Referrer's agency",
        choices=[("", "Select the agency")] + ReferralSource.choices,
        error_messages={"required": "Select the referrer's agency"},
    )
    referrer_details = forms.CharField(label="Referrer's phone or email (optional)", max_length=200, required=False)
    method = forms.ChoiceField(
        label="How was the contact made?",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the contact was made"},
    )
    concerns = forms.CharField(
        label="The concerns",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the concerns"},
    )
    find = forms.CharField(
        label="Find a child already known",
        required=False,
        max_length=100,
        help_text="Name, local ID, UPN or date of birth (27/03/2015)",
    )
    children = forms.ModelMultipleChoiceField(
        label="Children the contact is about", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    new_first_name = forms.CharField(label="First name", max_length=100, required=False)
    new_last_name = forms.CharField(label="Last name", max_length=100, required=False)
    new_date_of_birth = GovDateField(
        noun="child's date of birth", required=False, label="Date of birth", help_text="For example, 27 3 2015"
    )
    new_sex = forms.ChoiceField(label="Sex", choices=SEX, widget=forms.RadioSelect, required=False)

    def __init__(self, *args: Any, children: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = children
        self.fields["children"].label_from_instance = _child_label
        layout: list[Any] = [
            "received_on",
            Field.text("received_time", field_width=5),
            Field.text("referrer_name"),
            Field.select("referrer_agency"),
            Field.text("referrer_details", field_width=20),
            Field.radios("method", inline=False),
            Field.textarea("concerns"),
            HTML('<h2 class="govuk-heading-m">Children</h2>'),
            Field.text("find", field_width=20),
            HTML(
                '<button type="submit" name="action" value="find" class="govuk-button govuk-button--secondary" '
                'data-module="govuk-button">Find</button>'
            ),
        ]
        if children.exists():
            layout.append(Field.checkboxes("children", small=True))
        layout += [
            Fieldset(
                Field.text("new_first_name", field_width=20),
                Field.text("new_last_name", field_width=20),
                "new_date_of_birth",
                Field.radios("new_sex", inline=True),
                legend="Or add a new child",
                legend_size=Size.SMALL,
            ),
            Submit("action", "Save the contact"),
        ]
        self.helper = gds_helper(self, *layout)

    def clean_received_time(self) -> time | None:
        text = self.cleaned_data.get("received_time", "").strip()
        if not text:
            return None
        try:
            return datetime.strptime(text.replace(".", ":"), "%H:%M").time()
        except ValueError:
            raise forms.ValidationError("Enter the time received like 14:30") from None

    def received_at(self) -> datetime | None:
        day: date | None = self.cleaned_data.get("received_on")
        if day is None:
            return None
        at = self.cleaned_data.get("received_time")
        now = timezone.localtime()
        if at is None:
            at = now.time().replace(second=0, microsecond=0) if day == now.date() else time(9, 0)
        return timezone.make_aware(datetime.combine(day, at))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.has_new_child():
            for name, message in (
                ("new_first_name", "Enter the child's first name"),
                ("new_last_name", "Enter the child's last name"),
                ("new_date_of_birth", "Enter the child's date of birth"),
                ("new_sex", "Select the child's sex"),
            ):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return data

    def has_new_child(self) -> bool:
        data = self.cleaned_data
        return any(
            [data.get("new_first_name"), data.get("new_last_name"), data.get("new_date_of_birth"), data.get("new_sex")]
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="What is the decision?",
        choices=[c for c in ContactDecision.choices if c[0]],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision"},
    )
    reasons = forms.CharField(
        label="Reasons for the decision",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reasons for the decision"},
    )
    primary_need = forms.ChoiceField(
        label="Primary need (for a referral or strategy discussion)",
        choices=[("", "Select the primary need")] + PrimaryNeed.choices,
        required=False,
    )
    needs_urgent_social_work = forms.ChoiceField(
        label="Does this request need an urgent social work response?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    risk_check_notes = forms.CharField(
        label="Notes of the risk check", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    referrer_advised_to_rerefer = forms.BooleanField(
        label="I advised the referrer to re-refer when the pause ends", required=False
    )

    def __init__(self, *args: Any, paused: bool, pause_reason: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        layout: list[Any] = [Field.radios("decision"), Field.textarea("reasons"), Field.select("primary_need")]
        if paused:
            layout.append(
                Fieldset(
                    HTML(
                        '<div class="govuk-inset-text" data-testid="early-help-pause"><p class="govuk-body">'
                        "<strong>New Early Help referrals are paused.</strong></p>"
                        '<p class="govuk-body">{{ pause_reason }}</p><p class="govuk-body">Check every Early Help '
                        "request for a need for an urgent social work response. If it needs one, it goes to "
                        "screening as a referral.</p></div>"
                    ),
                    Field.radios("needs_urgent_social_work", inline=True),
                    Field.textarea("risk_check_notes"),
                    Field.checkbox("referrer_advised_to_rerefer", small=True),
                    legend="If you choose Early Help: the risk check",
                    legend_size=Size.MEDIUM,
                )
            )
        else:
            for name in ("needs_urgent_social_work", "risk_check_notes", "referrer_advised_to_rerefer"):
                del self.fields[name]
        layout.append(Submit("submit", "Record the decision"))
        self.helper = gds_helper(self, *layout)


class ScreeningForm(forms.Form):
    agency_checks_done = forms.ChoiceField(
        label="Have the agency checks been done?", choices=YES_NO, widget=forms.RadioSelect, required=False
    )
    agency_checks_notes = forms.CharField(
        label="What the agency checks found", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    referrer_spoken_to = forms.ChoiceField(
        label="Has the referrer been spoken to?", choices=YES_NO, widget=forms.RadioSelect, required=False
    )
    parents_spoken_to = forms.ChoiceField(
        label="Have the parents or carers been spoken to?", choices=YES_NO, widget=forms.RadioSelect, required=False
    )
    parents_not_spoken_reason = forms.CharField(
        label="If not, why not",
        help_text="For example, speaking to them would put the child at risk",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    child_spoken_to = forms.ChoiceField(
        label="Has the child been spoken to?", choices=YES_NO, widget=forms.RadioSelect, required=False
    )
    child_not_spoken_reason = forms.CharField(
        label="If not, why not", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    initial_visit_needed = forms.ChoiceField(
        label="Is an initial visit needed?", choices=YES_NO, widget=forms.RadioSelect, required=False
    )
    initial_visit_remote = forms.ChoiceField(
        label="Can the initial visit be done remotely?",
        help_text="Where it is safe to manage the referral remotely. A remote initial visit is a key decision "
        "for a manager to approve.",
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    manager = forms.ModelChoiceField(
        label="Manager who made the decision", queryset=None, required=False, empty_label="Select the manager"
    )
    manager_risk_assessment = forms.CharField(
        label="The manager's risk assessment and decision", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    outcome_sent_to_referrer_on = GovDateField(
        noun="date the outcome was sent to the referrer",
        required=False,
        label="Date the outcome was sent to the referrer",
        help_text="For example, 4 6 2020",
    )
    outcome_sent_to_family_on = GovDateField(
        noun="date the outcome was sent to the family",
        required=False,
        label="Date the outcome was sent to the family",
        help_text="For example, 4 6 2020",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    YES_NO_FIELDS = (
        "agency_checks_done",
        "referrer_spoken_to",
        "parents_spoken_to",
        "child_spoken_to",
        "initial_visit_needed",
        "initial_visit_remote",
    )

    def __init__(self, *args: Any, managers: Any, asks_child: bool, age_note: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = managers
        self.fields["manager"].label_from_instance = lambda user: (
            f"{user.get_full_name() or user.username} ({user.get_role_display()})"
        )
        child_fields: list[Any] = []
        if asks_child:
            child_fields = [Field.radios("child_spoken_to", inline=True), Field.textarea("child_not_spoken_reason")]
        else:
            del self.fields["child_spoken_to"]
            del self.fields["child_not_spoken_reason"]
            child_fields = [HTML(f'<p class="govuk-body" data-testid="child-not-asked">{age_note}</p>')]
        self.helper = gds_helper(
            self,
            Fieldset(
                Field.radios("agency_checks_done", inline=True),
                Field.textarea("agency_checks_notes"),
                Field.radios("referrer_spoken_to", inline=True),
                Field.radios("parents_spoken_to", inline=True),
                Field.textarea("parents_not_spoken_reason"),
                *child_fields,
                legend="Checks and conversations",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("initial_visit_needed", inline=True),
                Field.radios("initial_visit_remote", inline=True),
                Field.select("manager"),
                Field.textarea("manager_risk_assessment"),
                legend="The manager's decision",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                "outcome_sent_to_referrer_on",
                "outcome_sent_to_family_on",
                legend="Outcome of the referral",
                legend_size=Size.MEDIUM,
            ),
            "version",
            Submit("submit", "Save the screening"),
        )

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        for name in self.YES_NO_FIELDS:
            if name in data:
                data[name] = from_yes_no(data[name])
        return data


class AssessmentStartForm(forms.Form):
    started_on = GovDateField(noun="start date", help_text="For example, 4 6 2020")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self, "started_on", Submit("submit", "Start the assessment"))


class AssessmentForm(forms.Form):
    authorised_on = GovDateField(noun="date authorised", required=False, help_text="For example, 4 6 2020")
    completed_on = GovDateField(noun="date completed", required=False, help_text="For example, 4 6 2020")
    factors = forms.MultipleChoiceField(
        label="Factors identified at the end of the assessment",
        help_text="CIN census codes. Choose '21: No factors identified' only on its own.",
        choices=AssessmentFactor.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    outcome = forms.ChoiceField(
        label="Outcome", choices=AssessmentOutcome.choices, widget=forms.RadioSelect, required=False
    )
    reason_late = forms.CharField(
        label="If it was completed late, why",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    delayed_by_pandemic = forms.BooleanField(label="The delay was caused by the pandemic", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self,
            "completed_on",
            "authorised_on",
            Field.checkboxes("factors", small=True),
            Field.radios("outcome"),
            Field.textarea("reason_late"),
            Field.checkbox("delayed_by_pandemic", small=True),
            "version",
            Submit("submit", "Save the assessment"),
        )


class PauseForm(forms.Form):
    decision = forms.ModelChoiceField(
        label="Key decision to pause the assessment",
        queryset=None,
        required=False,
        empty_label="Select the key decision",
    )
    starts_on = GovDateField(noun="date the pause starts", help_text="For example, 12 10 2020")
    ends_on = GovDateField(noun="date the pause ends", required=False, help_text="Leave empty while it is paused")

    def __init__(self, *args: Any, decisions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions
        self.fields["decision"].label_from_instance = lambda decision: (
            f"{decision.get_kind_display()} from {decision.starts_on:%-d %B %Y} "
            f"({decision.get_status_display().lower()})"
        )
        self.helper = gds_helper(
            self, Field.select("decision"), "starts_on", "ends_on", Submit("submit", "Pause the assessment")
        )


class PauseEndForm(forms.Form):
    ends_on = GovDateField(noun="date the pause ends", help_text="For example, 23 10 2020")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self, "ends_on", Submit("submit", "End the pause"))


class AgencyCheckForm(forms.Form):
    """An agency asked at screening and its answer; the rules are the service's (``agency_check_record``)."""

    agency = forms.ModelChoiceField(
        label="Agency asked",
        queryset=None,
        empty_label="Select an agency",
        help_text="From the directory of partner agencies",
        error_messages={"required": "Select the agency asked", "invalid_choice": "Select the agency asked"},
    )
    asked_on = GovDateField(noun="date the agency was asked", help_text="For example, 4 6 2020")
    answered_on = GovDateField(
        noun="date the agency answered", required=False, help_text="Leave empty until the agency answers"
    )
    shared = forms.CharField(
        label="What the agency shared",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "What the agency shared must be 5,000 characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from caseboard.partners.models import Agency

        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True).order_by("name", "pk")
        self.helper = gds_helper(
            self,
            Field.select("agency"),
            "asked_on",
            "answered_on",
            Field.textarea("shared"),
            Submit("save", "Save the agency check"),
        )

"""Forms for placements. They parse and label; the rules are the services' and the models' (one set for the pages
and the API)."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Fieldset, Submit
from django import forms
from django.utils.html import format_html

from caseboard.accounts.models import Role, User
from caseboard.casework.codes import LegalStatus, PlacementProvider, PlacementType, ReasonPlaceChange
from caseboard.core.forms import GovDateField, gds_helper
from caseboard.visits.models import VisitMode

from .models import (
    ApprovalKind,
    HealthKind,
    HouseholdMember,
    MeetingMode,
    NoticeKind,
    RegistrationStatus,
    SettingKind,
)


def _choices(options: Any, blank: str) -> list[tuple[str, str]]:
    return [("", blank), *options]


def _number(label: str, noun: str, *, low: int, high: int, required: bool = True, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        required=required,
        error_messages={
            "required": f"Enter the {noun}",
            "min_value": f"The {noun} must be {low} or more",
            "max_value": f"The {noun} must be {high} or fewer",
            "invalid": f"Enter the {noun} as a number",
        },
        **kwargs,
    )


class SettingForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of setting", choices=SettingKind.choices, error_messages={"required": "Select the kind of setting"}
    )
    name = forms.CharField(
        label="Name",
        max_length=160,
        help_text="A carer household by the carers' names, e.g. “Sarah and Tom Hughes”; a home by its name.",
        error_messages={"required": "Enter the name of the setting"},
    )
    provider_name = forms.CharField(label="Provider or agency (if not the council)", max_length=160, required=False)
    placement_provider = forms.ChoiceField(
        label="SSDA903 placement provider",
        choices=_choices(PlacementProvider.choices, "Select the provider"),
        error_messages={"required": "Select the placement provider"},
    )
    address = forms.CharField(label="Address", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    urn = forms.CharField(label="Ofsted URN", max_length=8, required=False)
    registration_status = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="Registration status",
        choices=RegistrationStatus.choices,
        initial=RegistrationStatus.NOT_REQUIRED,
    )
    ofsted_notified_on = GovDateField(
        noun="date Ofsted was told of the unregistered placement",
        required=False,
        label="Date Ofsted was told (unregistered settings)",
    )
    dfe_notified_on = GovDateField(noun="date the DfE was told", required=False, label="Date the DfE was told")
    places = _number("Number of children", "number of children", low=0, high=100, initial=1)
    age_from = _number("Youngest age", "youngest age", low=0, high=25, initial=0)
    age_to = _number("Oldest age", "oldest age", low=0, high=25, initial=17)
    takes_sibling_groups = forms.BooleanField(label="Takes brothers and sisters together", required=False)
    can_self_isolate = forms.BooleanField(
        label="A child can self-isolate here (a room and bathroom of their own)", required=False
    )
    supervising_social_worker = forms.ModelChoiceField(
        label="Supervising social worker", queryset=User.objects.none(), required=False, empty_label="None"
    )
    opened_on = GovDateField(noun="date first used", required=False, label="Date first used")
    closed_on = GovDateField(noun="date closed", required=False, label="Date closed")
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, submit: str = "Save the setting", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supervising_social_worker"].queryset = User.objects.filter(
            role=Role.SUPERVISING_SOCIAL_WORKER, is_active=True
        ).order_by("last_name", "first_name", "pk")
        self.helper = gds_helper(
            self,
            Field.select("kind"),
            Field.text("name"),
            Field.text("provider_name"),
            Field.select("placement_provider"),
            Field.textarea("address"),
            Field.text("postcode", field_width=10),
            Fieldset(
                Field.radios("registration_status", small=True),
                Field.text("urn", field_width=10),
                Field("ofsted_notified_on"),
                Field("dfe_notified_on"),
                legend="Ofsted registration",
                legend_size="s",
            ),
            Fieldset(
                Field.text("places", field_width=3),
                Field.text("age_from", field_width=3),
                Field.text("age_to", field_width=3),
                Field.checkbox("takes_sibling_groups", small=True),
                Field.checkbox("can_self_isolate", small=True),
                legend="Places and range",
                legend_size="s",
            ),
            Field.select("supervising_social_worker"),
            Field("opened_on"),
            Field("closed_on"),
            Field.textarea("notes"),
            Submit("save", submit),
        )


class MemberForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=160, error_messages={"required": "Enter the full name"})
    role = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="Role in the household",
        choices=HouseholdMember.Role.choices,
        error_messages={"required": "Select their role in the household"},
    )
    date_of_birth = GovDateField(noun="date of birth", required=False, past_only=True, label="Date of birth")
    dbs_checked_on = GovDateField(noun="date of the DBS check", required=False, label="Date of the DBS check")
    dbs_outcome = forms.ChoiceField(
        label="DBS outcome", choices=_choices(HouseholdMember.DbsOutcome.choices, "Not checked yet"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self,
            Field.text("full_name"),
            Field.radios("role", small=True),
            Field("date_of_birth"),
            Field("dbs_checked_on"),
            Field.select("dbs_outcome"),
            Submit("save", "Add the member"),
        )


class ApprovalForm(forms.Form):
    kind = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="Kind of approval",
        choices=ApprovalKind.choices,
        error_messages={"required": "Select the kind of approval"},
    )
    approved_on = GovDateField(noun="date of the approval", label="Date approved")
    panel_on = GovDateField(noun="date of the fostering panel", required=False, label="Date of the fostering panel")
    weeks = _number(
        "Length in weeks (temporary approvals)",
        "length in weeks",
        low=1,
        high=52,
        required=False,
        help_text="Leave empty for the operating model's length (16 weeks; 24 while SI 2020/445 was in force).",
    )
    places = _number("Number of children", "number of children", low=1, high=20, initial=1)
    age_from = _number("Youngest age", "youngest age", low=0, high=25, initial=0)
    age_to = _number("Oldest age", "oldest age", low=0, high=25, initial=17)
    takes_sibling_groups = forms.BooleanField(label="Brothers and sisters together", required=False)
    is_adopter = forms.BooleanField(label="Approved adopters fostering temporarily", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self,
            Field.radios("kind", small=True),
            Field("approved_on"),
            Field("panel_on"),
            Field.text("weeks", field_width=3),
            Fieldset(
                Field.text("places", field_width=3),
                Field.text("age_from", field_width=3),
                Field.text("age_to", field_width=3),
                Field.checkbox("takes_sibling_groups", small=True),
                legend="Approval range",
                legend_size="s",
            ),
            Field.checkbox("is_adopter", small=True),
            Submit("save", "Record the approval"),
        )


class ExtendForm(forms.Form):
    weeks = _number("Extend by (weeks)", "number of weeks", low=1, high=52, help_text="At most 8 weeks (reg 25).")
    extended_on = GovDateField(noun="date of the extension", label="Date extended")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self, Field.text("weeks", field_width=3), Field("extended_on"), Submit("save", "Extend the approval")
        )


class HealthForm(forms.Form):
    kind = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="Health",
        choices=HealthKind.choices,
        error_messages={"required": "Select the household's health"},
    )
    started_on = GovDateField(noun="start date", label="From")
    ended_on = GovDateField(noun="end date", required=False, label="Until", help_text="Leave empty if it continues.")
    takes_new_placements = forms.BooleanField(label="Can take new placements meanwhile", required=False)
    risk_discussed_on = GovDateField(
        noun="date the risks were discussed", required=False, label="Date the risks were discussed"
    )
    risk_discussion = forms.CharField(
        label="What was discussed and agreed", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self,
            Field.radios("kind", small=True),
            Field("started_on"),
            Field("ended_on"),
            Field.checkbox("takes_new_placements", small=True),
            Field("risk_discussed_on"),
            Field.textarea("risk_discussion"),
            Submit("save", "Record the household's health"),
        )


class NoticeForm(forms.Form):
    kind = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="Kind of notice",
        choices=NoticeKind.choices,
        error_messages={"required": "Select the kind of notice"},
    )
    told = forms.CharField(
        label="Who was told",
        max_length=200,
        error_messages={"required": "Enter who was told"},
        help_text="e.g. Ofsted, the DfE, placing councils.",
    )
    told_on = GovDateField(noun="date they were told", label="Date they were told")
    effective_on = GovDateField(noun="date it takes effect", required=False, label="Date it takes effect")
    details = forms.CharField(label="Details", widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self,
            Field.radios("kind", small=True),
            Field.text("told"),
            Field("told_on"),
            Field("effective_on"),
            Field.textarea("details"),
            Submit("save", "Record the notice"),
        )


class ReviewForm(forms.Form):
    held_on = GovDateField(noun="date the review was held", label="Date held")
    mode = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="How it was held",
        choices=MeetingMode.choices,
        error_messages={"required": "Select how it was held"},
    )
    panel_on = GovDateField(noun="date of the fostering panel", required=False, label="Date of the fostering panel")
    outcome = forms.CharField(label="Outcome", widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self,
            Field("held_on"),
            Field.radios("mode", small=True),
            Field("panel_on"),
            Field.textarea("outcome"),
            Submit("save", "Record the review"),
        )


class PlacementForm(forms.Form):
    setting = forms.ModelChoiceField(
        label="Setting or carers",
        queryset=None,
        empty_label="Select the setting",
        error_messages={"required": "Select the setting or carers", "invalid_choice": "Select a setting from the list"},
    )
    start_on = GovDateField(noun="date the placement starts", label="Date the placement starts")
    placement_type = forms.ChoiceField(
        label="SSDA903 placement type",
        choices=_choices(PlacementType.choices, "Select the placement type"),
        error_messages={"required": "Select the placement type"},
    )
    legal_status = forms.ChoiceField(
        label="Legal status",
        choices=_choices(LegalStatus.choices, "The same as now"),
        required=False,
        help_text="Needed when the child comes into care.",
    )
    reason_for_change = forms.ChoiceField(
        label="Reason for the change of placement",
        choices=_choices(ReasonPlaceChange.choices, "Not a change (the child comes into care)"),
        required=False,
    )
    is_emergency = forms.BooleanField(label="Emergency placement", required=False)
    intended_until_18 = forms.BooleanField(label="Intended to last until the child is 18", required=False)
    planned_end_on = GovDateField(
        noun="planned end date",
        required=False,
        label="Planned end date (if the placement is planned to end)",
        help_text="For example, a short-term or bridging placement, or a planned move. For example, 27 3 2026",
    )
    parent_assessment_complete = forms.BooleanField(
        label="The parent's assessment is complete (placements with parents)", required=False, initial=True
    )
    exception_reason = forms.CharField(
        label="Why the placement is outside the carers' approval or vacancies (if it is)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    exception_decision = forms.ModelChoiceField(
        label="The manager's approved key decision (if outside)",
        queryset=None,
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Select a key decision from the list"},
    )

    def __init__(
        self,
        *args: Any,
        settings: Any,
        decisions: Any,
        decision_kind: str = "",
        propose_url: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["setting"].queryset = settings
        self.fields["exception_decision"].queryset = decisions
        self.fields["exception_decision"].label_from_instance = _decision_label
        kind = decision_kind or "Placement outside approval"
        self.fields["exception_decision"].label = f"The manager's approved key decision “{kind}” (if outside)"
        if decisions.exists():
            hint = format_html("The child's approved key decisions “{}”.", kind)
        else:
            hint = format_html("There is no approved key decision “{}” for this child.", kind)
        if propose_url:
            hint = format_html(
                '{} To place outside the carers\' approval or vacancies, <a class="govuk-link" href="{}">propose a key '
                "decision “{}”</a> for a manager to approve, then record the placement.",
                hint,
                propose_url,
                kind,
            )
        self.fields["exception_decision"].help_text = hint
        self.helper = gds_helper(
            self,
            Field.select("setting"),
            Field("start_on"),
            Field.select("placement_type"),
            Field.select("legal_status"),
            Field.select("reason_for_change"),
            Field.checkbox("is_emergency", small=True),
            Field.checkbox("intended_until_18", small=True),
            Field("planned_end_on"),
            Field.checkbox("parent_assessment_complete", small=True),
            Fieldset(
                Field.textarea("exception_reason"),
                Field.select("exception_decision"),
                legend="Exception",
                legend_size="s",
            ),
            Submit("save", "Record the placement"),
        )


class NameSettingForm(forms.Form):
    setting = forms.ModelChoiceField(
        label="Setting or carers",
        queryset=None,
        empty_label="Select the setting",
        error_messages={"required": "Select the setting or carers"},
    )

    def __init__(self, *args: Any, settings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["setting"].queryset = settings
        self.helper = gds_helper(self, Field.select("setting"), Submit("save", "Name the setting"))


class PlanForm(forms.Form):
    completed_on = GovDateField(noun="date the plan was agreed", label="Date the placement plan was agreed")
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self, Field("completed_on"), Field.textarea("notes"), Submit("save", "Record the placement plan")
        )


class AsylumStatusForm(forms.Form):
    since_on = GovDateField(
        noun="date the child became an unaccompanied asylum-seeking child",
        label="Unaccompanied asylum-seeking child since",
    )
    ceased_on = GovDateField(
        noun="date the status ceased",
        required=False,
        label="Date the status ceased",
        help_text="The 18th birthday, the date leave was granted or the date the child was assessed as an adult.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self, Field("since_on"), Field("ceased_on"), Submit("save", "Save the status"))


def _decision_label(decision: Any) -> str:
    until = f" until {decision.ends_on:%-d %B %Y}" if decision.ends_on else ""
    return f"{decision.get_kind_display()} from {decision.starts_on:%-d %B %Y}{until}"


class StabilityForm(forms.Form):
    planned_end_on = GovDateField(
        noun="planned end date",
        required=False,
        label="Planned end date",
        help_text="Leave empty if the placement is not planned to end. For example, 27 3 2026",
    )
    risk_of_breakdown = forms.BooleanField(label="There is a risk of the placement breaking down", required=False)
    breakdown_noted_on = GovDateField(noun="date the risk was noted", required=False, label="Date the risk was noted")
    disruption_meeting_on = GovDateField(
        noun="date of the disruption meeting", required=False, label="Date of the disruption meeting"
    )
    parent_assessment_complete = forms.BooleanField(
        label="The parent's assessment is complete (placements with parents)", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self,
            Field("planned_end_on"),
            Field.checkbox("risk_of_breakdown", small=True),
            Field("breakdown_noted_on"),
            Field("disruption_meeting_on"),
            Field.checkbox("parent_assessment_complete", small=True),
            Submit("save", "Save"),
        )


class CarerVisitForm(forms.Form):
    visited_on = GovDateField(noun="date of the visit", label="Date of the visit")
    mode = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="How the visit was made",
        choices=VisitMode.choices,
        error_messages={"required": "Select how the visit was made"},
    )
    children = forms.MultipleChoiceField(
        label="Children seen on the visit",
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each child seen gets a statutory visit on their own record.",
    )
    seen_alone = forms.MultipleChoiceField(
        label="Children seen alone", choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, children: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = [(str(child.pk), child.full_name) for child in children]
        self.fields["children"].choices = options
        self.fields["seen_alone"].choices = options
        self.helper = gds_helper(
            self,
            Field("visited_on"),
            Field.radios("mode", small=True),
            Field.checkboxes("children", small=True),
            Field.checkboxes("seen_alone", small=True),
            Field.textarea("notes"),
            Submit("save", "Record the visit"),
        )


class FinderForm(forms.Form):
    age = _number("Child's age", "child's age", low=0, high=25, required=False)
    siblings = _number(
        "Brothers and sisters to place together", "number of brothers and sisters", low=0, high=8, required=False
    )
    postcode = forms.CharField(label="Postcode or district to search near", max_length=10, required=False)
    kinds = forms.MultipleChoiceField(
        label="Kinds of setting",
        choices=[c for c in SettingKind.choices if c[0] != SettingKind.WITH_PARENTS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    self_isolate = forms.BooleanField(label="Needs a place to self-isolate", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self,
            Field.text("age", field_width=3),
            Field.text("siblings", field_width=3),
            Field.text("postcode", field_width=10),
            Field.checkboxes("kinds", small=True),
            Field.checkbox("self_isolate", small=True),
            Submit("find", "Find a placement"),
        )

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fieldset, Layout, Size, Submit
from django import forms
from django.urls import reverse

from caseboard.core.forms import GovDateField

from .hooks import section_for, settings_sections
from .models import (
    APPROVER_ROLES,
    DEVIATION_FIELDS,
    FREQUENCY_FIELDS,
    ClockEffect,
    OperatingModelVersion,
    ReviewCadence,
    Unit,
    VisitCounting,
    VisitKind,
)
from .selectors import SCALAR_FIELDS

NUMBER_MESSAGES = {
    "required": "Enter a number",
    "invalid": "Enter a whole number",
    "min_value": "Enter a number of 1 or more",
    "max_value": "Enter a smaller number (at most %(limit_value)s)",
}


# Hint text for each setting, in plain words: what it changes for practitioners and for the statutory clock.
HINTS = {
    "effective_from": "The first day the version applies, once approved. For example, 1 12 2026",
    "summary": "Shown with the version, so managers can see why the rules changed.",
    "visit_counting": "Whether a visit by video counts towards the statutory visiting frequency.",
    "pre_visit_check_required": "Practitioners answer the check questions before visiting a home in person.",
    "pre_visit_check_valid_days": "How long one check covers repeat visits to the same household.",
    "speak_to_child_from_age_years": "Screening asks whether the child was spoken to if they are this age or older.",
    "early_help_referrals_open": "Untick to pause new Early Help referrals at the front door.",
    "early_help_pause_reason": "Needed when Early Help referrals are paused: referrers see it at the front door.",
    "remote_contact_weekly": "Adds a weekly remote contact due item for these children, besides their visits.",
    "lac_first_within_weeks": "The first statutory visit after a looked-after child's placement starts.",
    "lac_first_year_weeks": "How often a looked-after child is visited during the placement's first year.",
    "lac_after_year_until_18_months": "For a long-term placement meant to last until the child is 18.",
    "lac_after_year_other_weeks": "For every other placement after its first year.",
    "lac_placed_with_parent_weeks": "A child placed with a parent, before the parent's assessment is complete.",
    "lac_placed_with_parent_after_review_weeks": "The same children, once their first review has been held.",
    "lac_reg24_ico_weeks": "A child placed with a connected person, or at home under an interim care order.",
    "lac_reg24_ico_after_review_weeks": "The same children, once their first review has been held.",
    "lac_care_order_at_home_weeks": "A child on a care order who lives at home.",
    "care_leaver_contact_red_weeks": "Personal adviser contact for a care leaver rated red; 0 keeps the usual.",
    "care_leaver_contact_amber_weeks": "Personal adviser contact for a care leaver rated amber; 0 keeps the usual.",
    "care_leaver_contact_green_weeks": "Personal adviser contact for a care leaver rated green; 0 keeps the usual.",
    "pf_first_within_working_days": "After the council learns of a private fostering arrangement.",
    "pf_first_year_weeks": "How often a privately fostered child is visited in the arrangement's first year.",
    "pf_after_first_year_weeks": "How often a privately fostered child is visited after the first year.",
    "referral_decision_working_days": "The front door decides what happens next within this time.",
    "assessment_working_days": "A child and family assessment is due this many working days after the referral.",
    "initial_conference_working_days": "From the strategy discussion that started the section 47 enquiry.",
    "first_core_group_working_days": "From the initial child protection conference.",
    "first_review_conference_months": "From the initial child protection conference.",
    "later_review_conference_months": "From the previous review conference.",
    "first_lac_review_working_days": "From the day the child became looked after.",
    "second_lac_review_months": "From the first looked-after review.",
    "later_lac_review_months": "From the previous looked-after review.",
    "placement_plan_working_days": "From the start of the placement.",
    "rag_review_red_days": "A red rating is due for review this many days after it was given.",
    "rag_review_amber_days": "An amber rating is due for review this many days after it was given.",
    "rag_review_green_days": "A green rating is due for review this many days after it was given.",
}

# A short explanation under each section's heading.
SECTION_HINTS = {
    "Practice": "Switches that change what practitioners are asked to do, and how visits count.",
    "Pre-visit check questions": "Asked before an in-person visit where a pre-visit check is required.",
    "Visits": "How often children are visited, by kind of involvement. Weeks and months are calendar units.",
    "Looked-after and private fostering visits": "Visiting frequencies set by regulation 28 of the Care Planning "
    "Regulations and the Private Fostering Regulations.",
    "Timescales": "When assessments, conferences, reviews and plans are due.",
    "RAG rating reviews": "How often a child's RAG rating must be reviewed, by rating.",
    "Deviations from normal practice": "The kinds of key decision practitioners may record to depart from normal "
    "practice, who approves each, and what it does to the statutory clock.",
}

FREQUENCY_HINTS = {
    "is_required": "Untick if children with this involvement have no visiting frequency.",
    "first_within": "From the start of the involvement.",
    "interval": "From the last visit that counts.",
    "is_statutory": "Statutory visits are reported in the statutory returns.",
    "source": "The legislation or guidance the rule comes from, for example Working Together 2023.",
}

DEVIATION_HINTS = {
    "review_after_days": "The approved decision is due for review this many days after it starts.",
    "allow_record_and_approve": "Lets someone who may approve it record it without a second person.",
    "clock_effect": "Whether an approved decision pauses or moves any due dates.",
    "counts_virtual_visit": "Where the version counts virtual visits only with an approved key decision.",
}


def _hint(legend: str) -> Any:
    text = SECTION_HINTS.get(legend)
    return HTML(f'<div class="govuk-hint">{text}</div>') if text else HTML("")


class DraftForm(forms.Form):
    copy_from = forms.ModelChoiceField(
        queryset=OperatingModelVersion.objects.none(),
        label="Start from",
        empty_label="Select a preset or version",
        error_messages={"required": "Select the preset or version to start from"},
    )
    effective_from = GovDateField(noun="date it comes into force", help_text="For example, 1 12 2026")
    summary = forms.CharField(label="What changes and why", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, sources: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["copy_from"].queryset = sources
        self.fields["copy_from"].label_from_instance = lambda v: (
            f"{v.operating_model.name} (preset)" if v.operating_model.is_preset else str(v)
        )
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.select("copy_from"), "effective_from", Field.textarea("summary"), Submit("submit", "Create draft")
        )


def _number(field: Any) -> forms.IntegerField:
    validators = {type(v).__name__: v.limit_value for v in field.validators}
    return forms.IntegerField(
        label=field.verbose_name[:1].upper() + field.verbose_name[1:],
        min_value=validators.get("MinValueValidator", 1),
        max_value=validators.get("MaxValueValidator"),
        error_messages=NUMBER_MESSAGES,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-4"}),
    )


class VersionForm(forms.Form):
    """Every setting of a draft on one page: practice switches, visit frequencies, deviations, timescales."""

    effective_from = GovDateField(noun="date it comes into force")
    ends_on = GovDateField(
        noun="date it is in force until",
        required=False,
        label="In force until (optional)",
        help_text="For arrangements for a period, for example 14 4 2020. On the day after, the version it replaced is "
        "in force again (or the one chosen when approving).",
    )
    summary = forms.CharField(label="What changes and why", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    visit_counting = forms.ChoiceField(
        label="Which visits count as statutory visits", choices=VisitCounting.choices, widget=forms.RadioSelect
    )
    pre_visit_check_required = forms.BooleanField(
        label="A pre-visit check is required before an in-person visit", required=False
    )
    add_questions = forms.CharField(
        label="Add questions to the pre-visit check, one a line",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Asked after the questions above; each is answered yes or no.",
    )
    early_help_referrals_open = forms.BooleanField(label="New Early Help referrals are accepted", required=False)
    early_help_pause_reason = forms.CharField(
        label="Reason shown at the front door while referrals are paused",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    remote_contact_weekly = forms.BooleanField(
        label="Weekly phone or video contact with open Early Help and child in need cases", required=False
    )
    applies_to_running_intervals = forms.BooleanField(
        label="Recompute intervals already running when this version starts",
        required=False,
        help_text="Otherwise each interval keeps the rules in force when it started (the usual choice).",
    )
    edit_version = forms.IntegerField(widget=forms.HiddenInput)

    NUMBER_FIELDS = [name for name in SCALAR_FIELDS if name.endswith(("_weeks", "_months", "_days", "_years"))]

    def __init__(self, *args: Any, version: OperatingModelVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.NUMBER_FIELDS:
            self.fields[name] = _number(OperatingModelVersion._meta.get_field(name))
        unit_choices = Unit.choices
        for kind, label in VisitKind.choices:
            p = f"freq_{kind}_"
            self.fields[p + "is_required"] = forms.BooleanField(label=f"{label}: visits required", required=False)
            self.fields[p + "first_within"] = forms.IntegerField(
                label="First visit within", min_value=1, max_value=400, error_messages=NUMBER_MESSAGES
            )
            self.fields[p + "first_within_unit"] = forms.ChoiceField(label="Unit", choices=unit_choices)
            self.fields[p + "interval"] = forms.IntegerField(
                label="Then at intervals of not more than", min_value=1, max_value=400, error_messages=NUMBER_MESSAGES
            )
            self.fields[p + "interval_unit"] = forms.ChoiceField(label="Unit", choices=unit_choices)
            self.fields[p + "is_statutory"] = forms.BooleanField(label="Statutory", required=False)
            self.fields[p + "source"] = forms.CharField(
                label="Source", max_length=200, error_messages={"required": "Enter the source of the rule"}
            )
        self.kinds = [(rule.kind, rule.name, rule.is_built_in) for rule in version.deviation_rules.all()]
        for kind, label, built_in in self.kinds:
            p = f"dev_{kind}_"
            self.fields[p + "name"] = forms.CharField(
                label="Name", max_length=80, error_messages={"required": "Enter the name of the kind of decision"}
            )
            self.fields[p + "approver_role"] = forms.ChoiceField(
                label=f"{label}: approved by",
                choices=APPROVER_ROLES,
                error_messages={"invalid_choice": "Select a team manager or a head of service"},
            )
            self.fields[p + "review_after_days"] = forms.IntegerField(
                label="Review after (days)", min_value=1, max_value=180, error_messages=NUMBER_MESSAGES
            )
            self.fields[p + "review_cadence"] = forms.ChoiceField(
                label="When it is reviewed",
                choices=ReviewCadence.choices,
                error_messages={"invalid_choice": "Select when the decision is reviewed"},
            )
            self.fields[p + "allow_record_and_approve"] = forms.BooleanField(
                label="The approver may record and approve in one step", required=False
            )
            self.fields[p + "clock_effect"] = forms.ChoiceField(
                label="What it does to the statutory clock",
                choices=ClockEffect.choices,
                error_messages={"invalid_choice": "Select what the decision does to the statutory clock"},
            )
            self.fields[p + "counts_virtual_visit"] = forms.BooleanField(
                label="A virtual visit it covers counts as a statutory visit", required=False
            )
            if not built_in:
                self.fields[p + "remove"] = forms.BooleanField(
                    label=f"Remove {label} from this version", required=False
                )
        self.question_keys = [(q.key, q.text) for q in version.pre_visit_questions.all()]
        for key, text in self.question_keys:
            p = f"q_{key}_"
            self.fields[p + "text"] = forms.CharField(
                label="Question",
                max_length=200,
                error_messages={
                    "required": "Enter the question, or remove it",
                    "max_length": "The question must be 200 characters or fewer",
                },
            )
            self.fields[p + "yes_stops_go_ahead"] = forms.BooleanField(
                label="A yes means the visit cannot simply go ahead (PPE, or not in person)", required=False
            )
            self.fields[p + "remove"] = forms.BooleanField(label=f"Remove ‘{text}’ from this version", required=False)
        for name, field in self.fields.items():
            if name in HINTS and not field.help_text:
                field.help_text = HINTS[name]
            elif name.startswith("freq_") and not field.help_text:
                field.help_text = next((h for k, h in FREQUENCY_HINTS.items() if name.endswith("_" + k)), "")
            elif name.startswith("dev_") and not field.help_text:
                field.help_text = next((h for k, h in DEVIATION_HINTS.items() if name.endswith("_" + k)), "")
        section_layouts = []
        for section in settings_sections():
            names = []
            for name in section.fields:
                model_field = section.model._meta.get_field(name)
                form_field = model_field.formfield()
                form_field.label = section.label(name)
                if isinstance(form_field, forms.IntegerField):
                    form_field.error_messages = {**form_field.error_messages, **NUMBER_MESSAGES}
                self.fields[section.prefix(name)] = form_field
                if isinstance(form_field, forms.BooleanField):
                    names.append(Field.checkbox(section.prefix(name), small=True))
                elif isinstance(form_field, forms.TypedChoiceField | forms.ChoiceField):
                    names.append(Field.select(section.prefix(name)))
                else:
                    names.append(section.prefix(name))
            section_layouts.append(Fieldset(*names, legend=section.title, legend_size=Size.MEDIUM))
        if not self.is_bound:
            self.initial = self.initial_for(version)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            "effective_from",
            "ends_on",
            Field.textarea("summary"),
            Fieldset(
                _hint("Practice"),
                Field.radios("visit_counting"),
                Field.checkbox("pre_visit_check_required"),
                "pre_visit_check_valid_days",
                "speak_to_child_from_age_years",
                Field.checkbox("early_help_referrals_open"),
                Field.checkbox("remote_contact_weekly"),
                Field.textarea("early_help_pause_reason"),
                Field.checkbox("applies_to_running_intervals"),
                legend="Practice",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                _hint("Pre-visit check questions"),
                *[self._question_layout(key, number) for number, (key, _) in enumerate(self.question_keys, 1)],
                Field.textarea("add_questions"),
                legend="Pre-visit check questions",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                _hint("Visits"),
                *[self._frequency_layout(kind) for kind, _ in VisitKind.choices],
                legend="Visits",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                _hint("Looked-after and private fostering visits"),
                *[n for n in self.NUMBER_FIELDS if n.startswith(("lac_", "pf_"))],
                legend="Looked-after and private fostering visits",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                _hint("Timescales"),
                *[n for n in self.NUMBER_FIELDS if not n.startswith(("lac_", "pf_", "rag_", "pre_", "speak_"))],
                legend="Timescales",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                _hint("RAG rating reviews"),
                *[n for n in self.NUMBER_FIELDS if n.startswith("rag_")],
                legend="RAG rating reviews",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                _hint("Deviations from normal practice"),
                *[self._deviation_layout(kind, label, built_in) for kind, label, built_in in self.kinds],
                HTML(
                    f'<p class="govuk-body"><a class="govuk-link" href="{reverse("policy:kind-new", args=[version.pk])}'
                    '">Add a kind of decision</a> (save your changes first)</p>'
                ),
                legend="Deviations from normal practice",
                legend_size=Size.MEDIUM,
            ),
            *section_layouts,
            "edit_version",
            Submit("submit", "Save draft"),
        )

    def add_error(self, field: str | None, error: Any) -> None:
        """As Django's, and a number input with an error shows the GOV.UK error style (its width class is set on the
        widget, so the layout does not add it)."""
        super().add_error(field, error)
        for name in self._errors or {}:
            widget = self.fields[name].widget if name in self.fields else None
            classes = str(widget.attrs.get("class", "")).split() if widget is not None else []
            if "govuk-input" in classes and "govuk-input--error" not in classes:
                widget.attrs["class"] = " ".join([*classes, "govuk-input--error"])

    def _frequency_layout(self, kind: str) -> Any:
        p = f"freq_{kind}_"
        return Fieldset(
            Field.checkbox(p + "is_required", small=True),
            p + "first_within",
            Field.select(p + "first_within_unit"),
            p + "interval",
            Field.select(p + "interval_unit"),
            Field.checkbox(p + "is_statutory", small=True),
            Field.text(p + "source"),
            legend=dict(VisitKind.choices)[kind],
            legend_size=Size.SMALL,
        )

    def _question_layout(self, key: str, number: int) -> Any:
        p = f"q_{key}_"
        return Fieldset(
            Field.text(p + "text"),
            Field.checkbox(p + "yes_stops_go_ahead", small=True),
            Field.checkbox(p + "remove", small=True),
            legend=f"Question {number}",
            legend_size=Size.SMALL,
        )

    def _deviation_layout(self, kind: str, label: str, built_in: bool) -> Any:
        p = f"dev_{kind}_"
        return Fieldset(
            Field.text(p + "name"),
            Field.select(p + "approver_role"),
            p + "review_after_days",
            Field.select(p + "review_cadence"),
            Field.checkbox(p + "allow_record_and_approve", small=True),
            Field.select(p + "clock_effect"),
            Field.checkbox(p + "counts_virtual_visit", small=True),
            *([] if built_in else [Field.checkbox(p + "remove", small=True)]),
            legend=label,
            legend_size=Size.SMALL,
        )

    @classmethod
    def initial_for(cls, version: OperatingModelVersion) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(version, name) for name in SCALAR_FIELDS}
        initial["summary"] = version.summary
        initial["edit_version"] = version.edit_version
        for frequency in version.visit_frequencies.all():
            for name in FREQUENCY_FIELDS[1:]:
                initial[f"freq_{frequency.kind}_{name}"] = getattr(frequency, name)
        for rule in version.deviation_rules.all():
            for name in DEVIATION_FIELDS[1:]:
                initial[f"dev_{rule.kind}_{name}"] = getattr(rule, name)
        for question in version.pre_visit_questions.all():
            initial[f"q_{question.key}_text"] = question.text
            initial[f"q_{question.key}_yes_stops_go_ahead"] = question.yes_stops_go_ahead
        for section in settings_sections():
            row = section_for(version, section.key)
            for name in section.fields:
                initial[section.prefix(name)] = getattr(row, name)
        return initial

    def sections(self) -> dict[str, dict[str, Any]]:
        """The settings sections other apps add, as ``{key: {field: value}}``."""
        data = self.cleaned_data
        return {
            section.key: {name: data[section.prefix(name)] for name in section.fields if section.prefix(name) in data}
            for section in settings_sections()
        }

    def settings(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] for name in [*SCALAR_FIELDS, "summary"] if name in data}

    def frequencies(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [
            {
                "kind": kind,
                **{name: data[f"freq_{kind}_{name}"] for name in FREQUENCY_FIELDS[1:]},
            }
            for kind, _ in VisitKind.choices
        ]

    def deviations(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [
            {
                "kind": kind,
                **{name: data[f"dev_{kind}_{name}"] for name in DEVIATION_FIELDS[1:]},
            }
            for kind, _, _ in self.kinds
        ]

    def questions(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [
            {"key": key, "text": data[f"q_{key}_text"], "yes_stops_go_ahead": data[f"q_{key}_yes_stops_go_ahead"]}
            for key, _ in self.question_keys
        ]

    def removed_questions(self) -> list[str]:
        return [key for key, _ in self.question_keys if self.cleaned_data.get(f"q_{key}_remove")]

    def new_questions(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("add_questions", "").splitlines() if line.strip()]

    def removed_kinds(self) -> list[str]:
        return [kind for kind, _, _ in self.kinds if self.cleaned_data.get(f"dev_{kind}_remove")]


class DeviationKindForm(forms.Form):
    """A new kind of deviation from normal practice, added to a draft version."""

    name = forms.CharField(
        label="Name",
        max_length=80,
        help_text="For example, Direct family time or Adoption introductions",
        error_messages={"required": "Enter the name of the kind of decision"},
    )
    approver_role = forms.ChoiceField(
        label="Who approves it",
        choices=APPROVER_ROLES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who approves it", "invalid_choice": "Select who approves it"},
    )
    review_after_days = forms.IntegerField(
        label="Review after (days)", min_value=1, max_value=180, initial=21, error_messages=NUMBER_MESSAGES
    )
    review_cadence = forms.ChoiceField(
        label="When it is reviewed",
        choices=ReviewCadence.choices,
        initial=ReviewCadence.DAYS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select when it is reviewed", "invalid_choice": "Select when it is reviewed"},
    )
    allow_record_and_approve = forms.BooleanField(
        label="The approver may record and approve in one step", required=False
    )
    clock_effect = forms.ChoiceField(
        label="What it does to the statutory clock",
        choices=ClockEffect.choices,
        initial=ClockEffect.NONE,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what it does to the statutory clock"},
    )
    counts_virtual_visit = forms.BooleanField(
        label="A virtual visit it covers counts as a statutory visit",
        required=False,
        help_text="Where the version counts virtual visits only with an approved key decision.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["review_after_days"].widget.attrs["class"] = "govuk-input govuk-input--width-4"
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.text("name"),
            Field.radios("approver_role", legend_size=Size.SMALL),
            "review_after_days",
            Field.radios("review_cadence", legend_size=Size.SMALL),
            Field.checkbox("allow_record_and_approve", small=True),
            Field.radios("clock_effect", legend_size=Size.SMALL),
            Field.checkbox("counts_virtual_visit", small=True),
            Submit("submit", "Add the kind of decision"),
        )

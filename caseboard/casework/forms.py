from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms

from caseboard.accounts.models import Team, User
from caseboard.core.forms import GovDateField

from .codes import (
    CareLeaverStatus,
    CategoryOfAbuse,
    LegalStatus,
    PlacementProvider,
    PlacementType,
    PrimaryNeed,
    ReasonEpisodeCeased,
    ReasonForClosure,
    ReasonPlaceChange,
    ReferralSource,
)
from .models import KIND_FIELDS, AllocationRole, Episode, EpisodeKind


def _choices(options: Any, empty: str) -> list[tuple[str, str]]:
    return [("", empty)] + list(options.choices)


class EpisodeForm(forms.Form):
    """One form for every kind of episode; only the kind's own fields are shown and saved."""

    start_on = GovDateField(noun="start date", past_only=True, required=True)
    end_on = GovDateField(noun="end date", past_only=True, required=False, help_text="Leave empty if still open")
    referral_source = forms.ChoiceField(choices=_choices(ReferralSource, "Select the referral source"), required=False)
    primary_need = forms.ChoiceField(choices=_choices(PrimaryNeed, "Select the primary need"), required=False)
    reason_for_closure = forms.ChoiceField(choices=_choices(ReasonForClosure, "Not closed"), required=False)
    initial_category_of_abuse = forms.ChoiceField(
        choices=_choices(CategoryOfAbuse, "Select a category"), required=False
    )
    latest_category_of_abuse = forms.ChoiceField(choices=_choices(CategoryOfAbuse, "Same as initial"), required=False)
    legal_status = forms.ChoiceField(choices=_choices(LegalStatus, "Select the legal status"), required=False)
    placement_type = forms.ChoiceField(choices=_choices(PlacementType, "Select the placement type"), required=False)
    placement_provider = forms.ChoiceField(choices=_choices(PlacementProvider, "Select the provider"), required=False)
    placement_intended_until_18 = forms.BooleanField(required=False)
    reason_episode_ceased = forms.ChoiceField(choices=_choices(ReasonEpisodeCeased, "Not ended"), required=False)
    reason_place_change = forms.ChoiceField(
        choices=_choices(ReasonPlaceChange, "The placement did not change"), required=False
    )
    category_of_need = forms.ChoiceField(
        choices=_choices(PrimaryNeed, "As the child in need episode's primary need"), required=False
    )
    care_leaver_status = forms.ChoiceField(choices=_choices(CareLeaverStatus, "Select the status"), required=False)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, kind: str, submit_label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        own = KIND_FIELDS[kind]
        for name in [n for n in list(self.fields) if n in {f for fs in KIND_FIELDS.values() for f in fs}]:
            if name not in own:
                del self.fields[name]
        for name in own:
            self.fields[name].label = Episode._meta.get_field(name).verbose_name.capitalize()
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.label_size = "s"
        layout: list[Any] = ["start_on", "end_on"]
        for name in own:
            if name == "placement_intended_until_18":
                layout.append(Field.checkbox(name, small=True))
            else:
                layout.append(Field.select(name))
        layout += [Field.textarea("notes"), "version", Submit("submit", submit_label)]
        self.helper.layout = Layout(*layout)

    def episode_fields(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class EpisodeKindForm(forms.Form):
    kind = forms.ChoiceField(
        choices=EpisodeKind.choices,
        widget=forms.RadioSelect,
        label="Kind of episode",
        error_messages={"required": "Select the kind of episode"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.form_method = "get"
        self.helper.layout = Layout(Field.radios("kind", legend_size="m"), Submit("continue", "Continue"))


class AllocationForm(forms.Form):
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        empty_label="Select a team",
        error_messages={"required": "Select the team", "invalid_choice": "Select a team from the list"},
    )
    worker = forms.ModelChoiceField(
        queryset=User.objects.none(),
        empty_label="Select a worker",
        error_messages={"required": "Select the worker", "invalid_choice": "Select a worker from the list"},
    )
    role = forms.ChoiceField(
        choices=AllocationRole.choices,
        initial=AllocationRole.SOCIAL_WORKER,
        error_messages={"required": "Select the role"},
    )
    started_on = GovDateField(noun="start date", past_only=True, required=True)

    def __init__(self, *args: Any, teams: Any, workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["worker"].queryset = workers
        self.fields["worker"].label_from_instance = lambda user: f"{user} ({user.get_role_display()})"
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.label_size = "s"
        self.helper.layout = Layout(
            Field.select("team"),
            Field.select("worker"),
            Field.select("role"),
            "started_on",
            Submit("submit", "Allocate"),
        )


class AllocationEndForm(forms.Form):
    ended_on = GovDateField(noun="end date", past_only=True, required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.label_size = "s"
        self.helper.layout = Layout("ended_on", Submit("submit", "End allocation"))

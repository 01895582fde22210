from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms

from caseboard.core.forms import GovDateField, gds_helper

from .codes import Disability, Ethnicity, Sex, UPNUnknown
from .models import Child, FamilyMember, Relationship, SiblingKind

YES_NO_UNKNOWN = [("", "Not known"), ("yes", "Yes"), ("no", "No")]


def _tristate(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


HOUSEHOLD_FIELDS = ("has_video_device", "has_internet_access")


def _from_tristate(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class ChildForm(forms.Form):
    """Create or edit a child. ``version`` guards against two people editing at once."""

    first_name = forms.CharField(max_length=100, error_messages={"required": "Enter the child's first name"})
    last_name = forms.CharField(max_length=100, error_messages={"required": "Enter the child's last name"})
    preferred_name = forms.CharField(max_length=100, required=False, help_text="What the child likes to be called")
    local_id = forms.CharField(
        label="Local ID",
        max_length=20,
        help_text="The council's ID for the child: up to 20 letters or numbers",
        error_messages={"required": "Enter the local ID", "max_length": "Local ID must be 20 characters or fewer"},
    )
    date_of_birth = GovDateField(
        noun="date of birth",
        past_only=True,
        required=False,
        help_text="For example, 27 3 2015. Leave empty for an unborn child.",
    )
    expected_date_of_birth = GovDateField(
        noun="expected date of birth", required=False, help_text="Only for an unborn child"
    )
    date_of_death = GovDateField(
        noun="date of death",
        past_only=True,
        required=False,
        help_text="Only if the child has died. It sets how long the record is kept (see Retention).",
    )
    sex = forms.ChoiceField(
        choices=Sex.choices, widget=forms.RadioSelect, error_messages={"required": "Select the child's sex"}
    )
    ethnicity = forms.ChoiceField(
        choices=[("", "Select the ethnicity"), *Ethnicity.choices],
        error_messages={"required": "Select the ethnicity, or 'Information not yet obtained'"},
    )
    upn = forms.CharField(
        label="UPN (unique pupil number)",
        max_length=13,
        required=False,
        help_text="13 characters, for example A123456789012",
    )
    upn_unknown = forms.ChoiceField(
        label="Reason UPN is unknown", required=False, choices=[("", "Not applicable")] + list(UPNUnknown.choices)
    )
    nhs_number = forms.CharField(
        label="NHS number", max_length=12, required=False, help_text="10 numbers, for example 943 476 5919"
    )
    disabilities = forms.MultipleChoiceField(
        choices=Disability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply, or 'No disability'",
    )
    address = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    postcode = forms.CharField(max_length=10, required=False)
    has_video_device = forms.ChoiceField(
        label="Does the household have a device for video calls?",
        choices=YES_NO_UNKNOWN,
        required=False,
        widget=forms.RadioSelect,
    )
    has_internet_access = forms.ChoiceField(
        label="Does the household have internet access?",
        choices=YES_NO_UNKNOWN,
        required=False,
        widget=forms.RadioSelect,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, submit_label: str = "Save", household_questions: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.label_size = "s"
        self.helper.layout = Layout(
            Field.text("first_name", field_width=20),
            Field.text("last_name", field_width=20),
            Field.text("preferred_name", field_width=20),
            Field.text("local_id", field_width=20),
            "date_of_birth",
            "expected_date_of_birth",
            "date_of_death",
            Field.radios("sex", legend_size="s", inline=True),
            Field.select("ethnicity"),
            Field.text("upn", field_width=20),
            Field.select("upn_unknown"),
            Field.text("nhs_number", field_width=10),
            Field.checkboxes("disabilities", legend_size="s", small=True),
            Field.textarea("address"),
            Field.text("postcode", field_width=10),
            Field.radios("has_video_device", legend_size="s", inline=True),
            Field.radios("has_internet_access", legend_size="s", inline=True),
            "version",
            Submit("submit", submit_label),
        )
        if not household_questions:
            # Once the child has a household, its video-call answers are changed on the household's page.
            for name in ("has_video_device", "has_internet_access"):
                del self.fields[name]
            self.helper.layout = Layout(
                *(item for item in self.helper.layout if getattr(item, "fields", [None])[0] not in HOUSEHOLD_FIELDS)
            )

    @classmethod
    def initial_for(cls, child: Child) -> dict[str, Any]:
        initial = {
            name: getattr(child, name)
            for name in cls.base_fields
            if hasattr(child, name) and name not in HOUSEHOLD_FIELDS
        }
        return initial

    def child_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        for name in HOUSEHOLD_FIELDS:
            if name in data:
                data[name] = {"yes": True, "no": False}.get(data[name])
        data["upn"] = data["upn"].strip().upper()
        return data


class FamilyMemberForm(forms.ModelForm):
    class Meta:
        model = FamilyMember
        fields = ["name", "relationship", "has_parental_responsibility", "lives_with_child", "phone", "notes"]
        error_messages = {
            "name": {"required": "Enter the family member's name"},
            "relationship": {"required": "Select their relationship to the child"},
        }
        labels = {
            "has_parental_responsibility": "Has parental responsibility",
            "lives_with_child": "Lives with the child",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["relationship"].choices = [("", "Select a relationship")] + list(Relationship.choices)
        self.fields["notes"].widget.attrs["rows"] = 3
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.label_size = "s"
        self.helper.layout = Layout(
            Field.text("name", field_width=20),
            Field.select("relationship"),
            Field.checkbox("has_parental_responsibility", small=True),
            Field.checkbox("lives_with_child", small=True),
            Field.text("phone", field_width=20),
            Field.textarea("notes"),
            Submit("submit", "Add family member"),
        )


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need to open this record?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example: duty call from the police about this child out of hours. "
        "Your reason is recorded and reviewed by the head of service.",
        error_messages={"required": "Enter why you need to open this record"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.label_size = "s"
        self.helper.layout = Layout(
            Field.textarea("reason"), Submit("submit", "Open the record", css_class="govuk-button--warning")
        )


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Name, local ID, date of birth or UPN",
        required=False,
        max_length=100,
        help_text="For example, Jordan Smith, 12345, 27/03/2015 or A123456789012",
    )


class RestrictionForm(forms.Form):
    is_restricted = forms.BooleanField(
        label="Restrict this record",
        required=False,
        help_text="For example, the child of a member of staff. Only the people you name can open it.",
    )
    restricted_to = forms.ModelMultipleChoiceField(
        label="People who may open it",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["restricted_to"].queryset = staff
        self.fields["restricted_to"].label_from_instance = lambda user: f"{user} ({user.get_role_display()})"
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.checkbox("is_restricted"),
            Field.checkboxes("restricted_to", legend_size="s", small=True),
            Submit("submit", "Save restriction"),
        )


# --- brothers and sisters --------------------------------------------------------------------------------------
KIND_CHOICES = [(value, label) for value, label in SiblingKind.choices]


class SiblingSearchForm(forms.Form):
    q = forms.CharField(
        label="Find the brother or sister",
        required=False,
        max_length=100,
        help_text="Name, local ID, date of birth or UPN: among the children whose records you can see",
    )


class SiblingLinkForm(forms.Form):
    """Choose the child's brother or sister from the children found, and how they are related."""

    sibling = forms.ModelChoiceField(
        label="Brother or sister",
        queryset=Child.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": "Select the brother or sister", "invalid_choice": "Select the brother or sister"},
    )
    kind = forms.ChoiceField(
        label="How are they related?",
        choices=KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether they are full, half or step brothers and sisters"},
    )
    q = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sibling"].queryset = candidates
        self.fields["sibling"].label_from_instance = lambda child: (
            f"{child.full_name} ({child.local_id}), born "
            + (f"{child.date_of_birth:%-d %B %Y}" if child.date_of_birth else "not yet")
        )
        self.helper = gds_helper(
            self, Field.radios("sibling"), Field.radios("kind"), "q", Submit("submit", "Link as brother or sister")
        )


class SiblingRemoveForm(forms.Form):
    reason = forms.CharField(
        label="Why are you removing this link?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: linked to the wrong child's record. The reason is kept in the record's history.",
        error_messages={"required": "Enter why the link is being removed"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self, Field.textarea("reason"), Submit("submit", "Remove the link", css_class="govuk-button--warning")
        )


# --- households ------------------------------------------------------------------------------------------------
class HouseholdForm(forms.Form):
    address = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    postcode = forms.CharField(max_length=10, required=False)
    has_video_device = forms.ChoiceField(
        label="Does the household have a device for video calls?",
        choices=YES_NO_UNKNOWN,
        required=False,
        widget=forms.RadioSelect,
    )
    has_internet_access = forms.ChoiceField(
        label="Does the household have internet access?",
        choices=YES_NO_UNKNOWN,
        required=False,
        widget=forms.RadioSelect,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, submit_label: str = "Save the household", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self,
            Field.textarea("address"),
            Field.text("postcode", field_width=10),
            Field.radios("has_video_device", inline=True),
            Field.radios("has_internet_access", inline=True),
            "version",
            Submit("submit", submit_label),
        )

    @staticmethod
    def initial_for(household: Any) -> dict[str, Any]:
        return {
            "address": household.address,
            "postcode": household.postcode,
            "has_video_device": _tristate(household.has_video_device),
            "has_internet_access": _tristate(household.has_internet_access),
            "version": household.version,
        }

    def household_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "address": data["address"],
            "postcode": data["postcode"],
            "has_video_device": _from_tristate(data["has_video_device"]),
            "has_internet_access": _from_tristate(data["has_internet_access"]),
        }


class HouseholdAdultForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200, error_messages={"required": "Enter the adult's name"})
    description = forms.CharField(
        label="Who they are", max_length=100, required=False, help_text="For example, mother, mother's partner"
    )
    started_on = GovDateField(
        noun="date they moved in",
        past_only=True,
        required=False,
        label="Lives here from",
        help_text="For example, 27 3 2019. Leave empty if not known.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self,
            Field.text("name", field_width=20),
            Field.text("description", field_width=20),
            "started_on",
            Submit("submit", "Add the adult"),
        )


class HouseholdChildForm(forms.Form):
    child = forms.ModelChoiceField(
        label="Child",
        queryset=Child.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": "Select the child", "invalid_choice": "Select the child"},
    )
    started_on = GovDateField(
        noun="date they moved in",
        past_only=True,
        required=False,
        label="Lives here from",
        help_text="For example, 27 3 2019. Leave empty if not known.",
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = candidates
        self.fields["child"].label_from_instance = lambda child: f"{child.full_name} ({child.local_id})"
        self.helper = gds_helper(self, Field.radios("child"), "started_on", Submit("submit", "Add the child"))


class HouseholdMemberEndForm(forms.Form):
    ended_on = GovDateField(noun="date they left", past_only=True, label="Date they left")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self, "ended_on", Submit("submit", "Record that they left"))

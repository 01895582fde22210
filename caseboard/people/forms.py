from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms

from caseboard.core.forms import GovDateField

from .codes import Disability, Ethnicity, Sex, UPNUnknown
from .models import Child, FamilyMember, Relationship

YES_NO_UNKNOWN = [("", "Not known"), ("yes", "Yes"), ("no", "No")]


def _tristate(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


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

    def __init__(self, *args: Any, submit_label: str = "Save", **kwargs: Any) -> None:
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

    @classmethod
    def initial_for(cls, child: Child) -> dict[str, Any]:
        initial = {name: getattr(child, name) for name in cls.base_fields if hasattr(child, name)}
        initial["has_video_device"] = _tristate(child.has_video_device)
        initial["has_internet_access"] = _tristate(child.has_internet_access)
        return initial

    def child_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        for name in ("has_video_device", "has_internet_access"):
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

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Submit
from django import forms

from caseboard.core.forms import GovDateField, gds_helper

from .models import AgencyKind, Direction, LawfulBasis, ProfessionalRole


class AgencyForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200, error_messages={"required": "Enter the name of the agency"})
    kind = forms.ChoiceField(
        label="Kind of agency",
        choices=[("", "Select the kind of agency"), *AgencyKind.choices],
        error_messages={"required": "Select the kind of agency"},
    )
    address = forms.CharField(label="Address", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    phone = forms.CharField(label="Phone", max_length=40, required=False)
    email = forms.EmailField(
        label="Secure email", required=False, error_messages={"invalid": "Enter an email address like name@example.org"}
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self,
            Field.text("name"),
            Field.select("kind"),
            Field.textarea("address"),
            Field.text("phone", field_width=20),
            Field.text("email"),
            Submit("save", "Add the agency"),
        )


class ContactForm(forms.Form):
    full_name = forms.CharField(label="Name", max_length=200, error_messages={"required": "Enter the person's name"})
    job_title = forms.CharField(label="Role", max_length=200, required=False)
    phone = forms.CharField(label="Phone", max_length=40, required=False)
    email = forms.EmailField(
        label="Email", required=False, error_messages={"invalid": "Enter an email address like name@example.org"}
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self,
            Field.text("full_name"),
            Field.text("job_title"),
            Field.text("phone", field_width=20),
            Field.text("email"),
            Submit("save", "Add the person"),
        )


class ProfessionalForm(forms.Form):
    role = forms.ChoiceField(
        label="Role",
        choices=[("", "Select the role"), *ProfessionalRole.choices],
        error_messages={"required": "Select the professional's role"},
    )
    contact = forms.TypedChoiceField(label="Person from the directory", required=False, coerce=int, empty_value=None)
    agency = forms.TypedChoiceField(label="Or their agency", required=False, coerce=int, empty_value=None)
    person_name = forms.CharField(label="Or their name, if not in the directory", max_length=200, required=False)
    started_on = GovDateField(noun="date they became involved", label="Involved from")

    def __init__(self, *args: Any, agencies: list[Any], contacts: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = {a.pk: a for a in agencies}
        self.contacts = {c.pk: c for c in contacts}
        self.fields["agency"].choices = [("", "None")] + [(a.pk, a.name) for a in agencies]
        self.fields["contact"].choices = [("", "None")] + [(c.pk, str(c)) for c in contacts]
        self.helper = gds_helper(
            self,
            Field.select("role"),
            Field.select("contact"),
            Field.select("agency"),
            Field.text("person_name"),
            Field("started_on"),
            Submit("save", "Add the professional"),
        )


class ShareForm(forms.Form):
    shared_on = GovDateField(noun="date the information was shared", label="Date shared")
    direction = forms.ChoiceField(
        label="Shared or received",
        choices=Direction.choices,
        widget=forms.RadioSelect,
        initial="shared",
        error_messages={"required": "Select whether the information was shared or received"},
    )
    agency = forms.TypedChoiceField(label="Agency", required=False, coerce=int, empty_value=None)
    shared_with = forms.CharField(label="With whom (person or agency)", max_length=200, required=False)
    what = forms.CharField(
        label="What was shared",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what was shared"},
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis",
        choices=[("", "Select the lawful basis"), *LawfulBasis.choices],
        error_messages={"required": "Select the lawful basis for sharing"},
    )
    with_consent = forms.TypedChoiceField(
        label="Was it shared with consent?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        coerce=lambda value: value == "yes",
        error_messages={"required": "Select whether the information was shared with consent"},
    )
    without_consent_reason = forms.CharField(
        label="If not, why was it shared without consent", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, agencies: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = {a.pk: a for a in agencies}
        self.fields["agency"].choices = [("", "Not in the directory")] + [(a.pk, a.name) for a in agencies]
        self.helper = gds_helper(
            self,
            Field("shared_on"),
            Field.radios("direction", small=True, inline=True),
            Field.select("agency"),
            Field.text("shared_with"),
            Field.textarea("what"),
            Field.select("lawful_basis"),
            Field.radios("with_consent", small=True, inline=True),
            Field.textarea("without_consent_reason"),
            Submit("save", "Record the information shared"),
        )


class ProblemForm(forms.Form):
    title = forms.CharField(label="Problem", max_length=200, error_messages={"required": "Enter the problem"})
    description = forms.CharField(label="What is happening", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    agency = forms.TypedChoiceField(label="Agency", required=False, coerce=int, empty_value=None)
    owner_name = forms.CharField(
        label="Who owns it", max_length=200, error_messages={"required": "Enter who owns the problem"}
    )
    raised_on = GovDateField(noun="date the problem was raised", label="Date raised")
    target_on = GovDateField(noun="target date", label="Target date")

    def __init__(self, *args: Any, agencies: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = {a.pk: a for a in agencies}
        self.fields["agency"].choices = [("", "None")] + [(a.pk, a.name) for a in agencies]
        self.helper = gds_helper(
            self,
            Field.text("title"),
            Field.textarea("description"),
            Field.select("agency"),
            Field.text("owner_name"),
            Field("raised_on"),
            Field("target_on"),
            Submit("save", "Log the problem"),
        )


class EscalateForm(forms.Form):
    escalated_on = GovDateField(noun="date the problem was escalated", label="Date escalated")
    escalated_to = forms.CharField(
        label="Escalated to", max_length=200, error_messages={"required": "Enter who the problem was escalated to"}
    )
    note = forms.CharField(label="Why", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="escalate", **kwargs)
        self.helper = gds_helper(
            self,
            Field("escalated_on"),
            Field.text("escalated_to"),
            Field.textarea("note"),
            Submit("escalate", "Escalate"),
        )


class ResolveForm(forms.Form):
    resolved_on = GovDateField(noun="date the problem was resolved", label="Date resolved")
    resolution = forms.CharField(
        label="How it was resolved",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say how the problem was resolved"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="resolve", **kwargs)
        self.helper = gds_helper(
            self, Field("resolved_on"), Field.textarea("resolution"), Submit("resolve", "Mark as resolved")
        )

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Submit
from django import forms
from django.conf import settings

from caseboard.accounts.models import User
from caseboard.core.forms import gds_helper


class IssueTokenForm(forms.Form):
    user = forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True).order_by("username"),
        label="Account",
        help_text="The service account (or member of staff) that will use the token",
        error_messages={"required": "Select the account the token is for"},
    )
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What the token is for, for example: the council's data warehouse",
        error_messages={"required": "Enter a name for the token"},
    )
    days = forms.IntegerField(
        label="Days until it expires",
        min_value=1,
        error_messages={
            "required": "Enter the number of days until the token expires",
            "invalid": "The number of days must be a whole number, like 90",
            "min_value": "The number of days must be 1 or more",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = settings.API_TOKEN_DAYS
        self.fields["days"].max_value = settings.API_TOKEN_MAX_DAYS
        self.fields["days"].help_text = f"At most {settings.API_TOKEN_MAX_DAYS}"
        self.fields["user"].label_from_instance = lambda user: f"{user.username} ({user})"
        self.helper = gds_helper(
            self,
            Field.select("user"),
            Field.text("name"),
            Field.text("days", field_width=4),
            Submit("submit", "Issue token"),
        )

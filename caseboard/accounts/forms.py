from crispy_forms_gds.layout import Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm

from caseboard.core.forms import gds_helper


class SignInForm(AuthenticationForm):
    """Sign in, with GOV.UK error messages."""

    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account has been closed: ask your administrator",
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget = forms.TextInput(
            attrs={"autocomplete": "username", "spellcheck": "false", "class": "govuk-input govuk-!-width-one-half"}
        )
        self.fields["password"].widget = forms.PasswordInput(
            attrs={"autocomplete": "current-password", "class": "govuk-input govuk-!-width-one-half"}
        )


class SetOwnPasswordForm(SetPasswordForm):
    """Set a password from a one-time link, with GOV.UK error messages."""

    error_messages = {"password_mismatch": "Enter the same password in both boxes"}

    def __init__(self, user, *args, **kwargs) -> None:
        super().__init__(user, *args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label = "New password"
        first.help_text = (
            "At least 12 characters. Not a common password, not only numbers, and not like your name or username."
        )
        first.error_messages["required"] = "Enter a new password"
        second.label = "Confirm the new password"
        second.help_text = "Type it again, to check it"
        second.error_messages["required"] = "Enter the new password again"
        for field in (first, second):
            field.widget.attrs.update({"autocomplete": "new-password", "class": "govuk-input govuk-!-width-one-half"})
        self.helper = gds_helper(self, "new_password1", "new_password2", Submit("submit", "Set password and sign in"))

    def save(self, commit: bool = True):
        from .services import password_set

        return password_set(member=self.user, password=self.cleaned_data["new_password1"])


class SecondFactorCodeForm(forms.Form):
    """A code from the authenticator app (or a recovery code), with GOV.UK error messages."""

    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6 digits your authenticator app shows now, or one of your recovery codes.",
        error_messages={"required": "Enter the code from your authenticator app, or a recovery code"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "autocapitalize": "none",
                "class": "govuk-input govuk-input--width-10",
            }
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self, "code", Submit("submit", "Continue"))

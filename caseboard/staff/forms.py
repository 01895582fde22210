"""Forms for the staff pages. They only parse what was typed: the rules live in ``accounts.services`` (shared with
the API and the CSV import), whose errors are put back on the form."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms

from caseboard.accounts.models import Role, Service, Team, User
from caseboard.core.forms import gds_helper


def _person(user: User) -> str:
    return f"{user} ({user.get_role_display() or 'no role'})"


class StaffForm(forms.Form):
    """Add or change a member of staff."""

    first_name = forms.CharField(label="First name", required=False, max_length=150)
    last_name = forms.CharField(label="Last name", required=False, max_length=150)
    username = forms.CharField(
        label="Username",
        required=False,
        max_length=150,
        help_text="What they sign in with: letters, numbers and @ . + - _ only. It cannot be changed later.",
    )
    email = forms.CharField(
        label="Email address", required=False, help_text="Their work email: the link to set a password goes to it"
    )
    role = forms.ChoiceField(label="Role", choices=[("", "Select a role"), *Role.choices], required=False)
    teams = forms.ModelMultipleChoiceField(
        label="Teams",
        queryset=Team.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The teams they work in or manage",
        error_messages={"invalid_choice": "Select teams from the list"},
    )
    line_manager = forms.ModelChoiceField(
        label="Line manager",
        queryset=User.objects.none(),
        required=False,
        empty_label="No line manager",
        error_messages={"invalid_choice": "Select a line manager from the list"},
    )
    job_title = forms.CharField(label="Job title (optional)", required=False, max_length=100)
    service = forms.ModelChoiceField(
        label="Service they lead (heads of service only)",
        queryset=Service.objects.none(),
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Select a service from the list"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    send_password_link = forms.BooleanField(
        label="Email them a link to set their password now",
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, member: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = Team.objects.select_related("service").order_by("name")
        self.fields["teams"].label_from_instance = lambda team: f"{team.name} ({team.service})"
        managers = User.objects.filter(is_active=True).order_by("last_name", "first_name", "pk")
        if member is not None:
            managers = managers.exclude(pk=member.pk)
        self.fields["line_manager"].queryset = managers
        self.fields["line_manager"].label_from_instance = _person
        self.fields["service"].queryset = Service.objects.order_by("name")
        layout: list[Any] = [Field.text("first_name"), Field.text("last_name")]
        if member is None:
            layout.append(Field.text("username", field_width=20))
        else:
            del self.fields["username"]
            del self.fields["send_password_link"]
        layout += [
            Field.text("email", field_width=20),
            Field.select("role"),
            Field.checkboxes("teams", legend_size=Size.SMALL, small=True),
            Field.select("line_manager"),
            Field.text("job_title"),
            Field.select("service"),
        ]
        if member is None:
            layout.append(Field.checkbox("send_password_link", small=True))
            del self.fields["version"]
        else:
            layout.append("version")
        layout.append(Submit("submit", "Add member of staff" if member is None else "Save changes"))
        self.helper = gds_helper(self, *layout)

    def details(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "first_name": data["first_name"].strip(),
            "last_name": data["last_name"].strip(),
            "email": data["email"].strip(),
            "role": data["role"],
            "teams": list(data["teams"]),
            "line_manager": data["line_manager"],
            "job_title": data["job_title"].strip(),
            "service": data["service"],
        }


class TeamForm(forms.Form):
    name = forms.CharField(label="Name of the team", required=False, max_length=100)
    service = forms.ModelChoiceField(
        label="Service",
        queryset=Service.objects.none(),
        required=False,
        empty_label="Select a service",
        error_messages={"invalid_choice": "Select a service from the list"},
    )

    def __init__(self, *args: Any, submit_label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.order_by("name")
        self.helper = gds_helper(self, Field.text("name"), Field.select("service"), Submit("submit", submit_label))


class ServiceForm(forms.Form):
    name = forms.CharField(label="Name of the service", required=False, max_length=100)

    def __init__(self, *args: Any, submit_label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(self, Field.text("name"), Submit("submit", submit_label))


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        error_messages={"required": "Select a CSV file to import", "empty": "The selected file is empty"},
    )
    send_password_links = forms.BooleanField(
        label="Email everyone a link to set their password", required=False, initial=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            self, "file", Field.checkbox("send_password_links", small=True), Submit("submit", "Import staff")
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV")
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("The selected file must be smaller than 5MB")
        return upload


class LeaverForm(forms.Form):
    """Deactivate a leaver: who takes on each of their open allocations (one choice for all of a team's children,
    or child by child), and optionally a new line manager for the people who report to them."""

    def __init__(
        self,
        *args: Any,
        allocations: list[Any],
        choices: dict[int, list[User]],
        line_reports: list[User],
        member: User,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.allocations = allocations
        self.rows: list[tuple[Any, forms.BoundField]] = []
        self.team_fields: list[tuple[Team, forms.BoundField]] = []
        teams: dict[int, Team] = {}
        for allocation in allocations:
            teams.setdefault(allocation.team_id, allocation.team)
        for team_id, team in teams.items():
            name = f"team_{team_id}"
            self.fields[name] = forms.ModelChoiceField(
                label=f"Everyone in {team.name} to",
                queryset=User.objects.filter(pk__in=[w.pk for w in choices.get(team_id, [])]),
                required=False,
                empty_label="Choose child by child",
                error_messages={"invalid_choice": "Select a worker from the list"},
            )
            self.fields[name].label_from_instance = _person
            self.team_fields.append((team, self[name]))
        for allocation in allocations:
            name = f"allocation_{allocation.pk}"
            who = allocation.child.full_name if allocation.is_visible else "a child with a restricted record"
            self.fields[name] = forms.ModelChoiceField(
                label=f"New worker for {who}",
                queryset=User.objects.filter(pk__in=[w.pk for w in choices.get(allocation.team_id, [])]),
                required=False,
                empty_label="As for the team",
                error_messages={"invalid_choice": "Select a worker from the list"},
            )
            self.fields[name].label_from_instance = _person
            self.rows.append((allocation, self[name]))
        self.fields["new_line_manager"] = forms.ModelChoiceField(
            label="New line manager for the people who report to them",
            queryset=User.objects.filter(is_active=True).exclude(pk=member.pk).order_by("last_name", "first_name"),
            required=False,
            empty_label="Keep as it is (change later)",
        )
        self.fields["new_line_manager"].label_from_instance = _person
        self.line_reports = line_reports

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for allocation in self.allocations:
            name = f"allocation_{allocation.pk}"
            if data.get(name) is None and data.get(f"team_{allocation.team_id}") is None and name not in self.errors:
                who = allocation.child.full_name if allocation.is_visible else "the child with a restricted record"
                self.add_error(name, f"Choose who takes on {who}, or one worker for everyone in {allocation.team}")
        return data

    def moves(self) -> dict[int, User]:
        data = self.cleaned_data
        return {
            allocation.pk: data.get(f"allocation_{allocation.pk}") or data[f"team_{allocation.team_id}"]
            for allocation in self.allocations
        }

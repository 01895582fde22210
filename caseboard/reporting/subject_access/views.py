"""The subject access export page: an administrator names a child by their local ID and downloads the zip."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from caseboard.accounts.rules import is_administrator
from caseboard.people.selectors import children_visible_to

from .services import subject_access_export


class SubjectAccessForm(forms.Form):
    local_id = forms.CharField(
        label="The child's local ID",
        max_length=20,
        help_text="As on their record, for example C1042. It is sent in the form, never in the address.",
        error_messages={"required": "Enter the child's local ID"},
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10", "spellcheck": "false"}),
    )

    def __init__(self, *args, user, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_local_id(self) -> str:
        local_id = self.cleaned_data["local_id"].strip()
        child = children_visible_to(self.user).filter(local_id__iexact=local_id).first()
        if child is None:
            raise forms.ValidationError("No child with that local ID is on a record you may see")
        self.child = child
        return local_id


@require_http_methods(["GET", "POST"])
def subject_access_page(request: HttpRequest) -> HttpResponse:
    """GET shows the form; POST answers with the zip (audited as a view of the child's record)."""
    if not is_administrator(request.user):
        raise PermissionDenied
    form = SubjectAccessForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        content = subject_access_export(child=form.child, requested_by=request.user)
        response = HttpResponse(content, content_type="application/zip")
        # A name that says nothing of the child: downloads folders and proxies' logs keep file names.
        response["Content-Disposition"] = 'attachment; filename="subject-access-export.zip"'
        return response
    return render(request, "reporting/subject_access.html", {"form": form})

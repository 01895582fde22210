"""The subject access export: an administrator downloads everything held about one child as a zip of readable
documents; other children's records stay out; the export is audited; nobody else may make one."""

from __future__ import annotations

import io
import zipfile

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from caseboard.testing.factories import FamilyMemberFactory, VisitFactory

pytestmark = pytest.mark.django_db
PAGE = "/reports/subject-access/"


def test_an_administrator_downloads_everything_held_about_one_child(client, council):
    child, sibling = council.own_child, council.team_child
    FamilyMemberFactory(child=child, name="Rosa Mendes")
    VisitFactory(children=[child, sibling], notes="Both children seen together in the garden")
    VisitFactory(children=[sibling], notes="Only the sibling this time")
    client.force_login(council.admin)
    assert client.get(PAGE).status_code == 200
    assert not LogEntry.objects.filter(additional_data__via="subject access export").exists()

    response = client.post(PAGE, {"local_id": child.local_id.lower()})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="subject-access-export.zip"'
    assert "no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert "index.html" in names and names[0].startswith("01-the-childs-record")
    text = "".join(archive.read(name).decode() for name in names)
    assert child.full_name in text and child.local_id in text
    assert "Rosa" in text and "Both children seen together in the garden" in text
    assert "Only the sibling this time" not in text and sibling.full_name not in text
    assert "History of changes to the record" in text
    entry = LogEntry.objects.get(additional_data__via="subject access export")
    assert entry.object_pk == str(child.pk) and entry.actor == council.admin


def test_an_unknown_child_is_an_error_that_keeps_what_was_typed(client, council):
    client.force_login(council.admin)
    response = client.post(PAGE, {"local_id": "NOPE42"})
    page = response.content.decode()
    assert response.status_code == 200 and "No child with that local ID" in page and 'value="NOPE42"' in page
    assert "Enter the child&#x27;s local ID" in client.post(PAGE, {"local_id": " "}).content.decode()


@pytest.mark.parametrize("who", ["worker", "manager", "head", "performance"])
def test_only_administrators_make_an_export(client, council, who):
    user = getattr(council, who, None)
    if user is None:
        pytest.skip(f"no {who} in the shared council")
    client.force_login(user)
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"local_id": council.own_child.local_id}).status_code == 403
    assert reverse("reporting:subject-access") not in client.get(reverse("reporting:retention")).content.decode()


def test_every_kind_of_child_in_the_demo_council_exports(client):
    """Every record an app holds about a child is read without error (looked after, child protection, care
    leavers, family time, placements, meetings ...)."""
    from django.core.management import call_command

    from caseboard.accounts.models import User
    from caseboard.casework.models import Episode
    from caseboard.people.models import Child

    call_command("seed_demo", children=40, seed=1, verbosity=0)
    client.force_login(User.objects.get(username="admin"))
    for kind in ("lac", "cp", "care_leaver", "cin"):
        child = Child.objects.filter(episodes__in=Episode.objects.filter(kind=kind)).order_by("pk").first()
        if child is None:
            continue
        response = client.post(PAGE, {"local_id": child.local_id})
        assert response.status_code == 200, kind
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        assert len(archive.namelist()) > 4, (kind, archive.namelist())

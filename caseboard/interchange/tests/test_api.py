"""The DfE returns through the API: ask for one, follow it, download it; as the page does, for the same people."""

from __future__ import annotations

import io

import openpyxl
import pytest

from caseboard.api.tests.tokens import token_client
from caseboard.interchange.models import GeneratedReturn, ReturnDownload
from caseboard.interchange.services import return_request

pytestmark = pytest.mark.django_db


def test_a_performance_officer_asks_for_annex_a_follows_it_and_downloads_it(council):
    api = token_client(council.performance)
    response = api.post(
        "/api/v1/dfe-returns/",
        {"kind": "annex_a", "collection_year": "2025-26", "format": "xlsx", "as_at": "2026-03-31"},
        format="json",
    )
    assert response.status_code == 202, response.json()
    body = response.json()
    assert body["kind"] == "annex_a" and body["as_at"] == "2026-03-31"
    generated = GeneratedReturn.objects.get(pk=body["id"])  # built by the task worker (at once in tests)
    detail = api.get(f"/api/v1/dfe-returns/{generated.pk}/").json()
    assert detail["status"] == "ready" and detail["files"] == ["annex-a-2026-03-31.xlsx"]
    assert [row["id"] for row in api.get("/api/v1/dfe-returns/").json()["results"]] == [generated.pk]
    download = api.post(f"/api/v1/dfe-returns/{generated.pk}/download/")
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="annex-a-2026-03-31.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(download.content))
    assert "List 6" in book.sheetnames
    assert ReturnDownload.objects.filter(generated_return=generated, downloaded_by=council.performance).count() == 1


def test_a_return_not_built_yet_cannot_be_downloaded(council):
    queued = return_request(kind="cin", year_name="2025-26", fmt="xml", requested_by=council.performance)
    response = token_client(council.performance).post(f"/api/v1/dfe-returns/{queued.pk}/download/")
    assert response.status_code == 409
    assert not ReturnDownload.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "census", "collection_year": "2025-26", "format": "xml"}, "kind"),
        ({"kind": "cin", "collection_year": "1999-00", "format": "xml"}, "collection_year"),
        ({"kind": "cin", "collection_year": "2025-26", "format": "xlsx"}, "format"),
        ({"kind": "annex_a", "collection_year": "2025-26", "format": "xlsx", "as_at": "0001-01-01"}, "as_at"),
    ],
)
def test_a_bad_request_is_a_400_with_the_fields_error(council, body, field):
    response = token_client(council.performance).post("/api/v1/dfe-returns/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not GeneratedReturn.objects.exists()


def test_only_those_who_build_the_returns_may(council):
    for user in (council.worker, council.manager):
        api = token_client(user)
        assert api.get("/api/v1/dfe-returns/").status_code == 403
        body = {"kind": "cin", "collection_year": "2025-26", "format": "xml"}
        assert api.post("/api/v1/dfe-returns/", body, format="json").status_code == 403
    assert not GeneratedReturn.objects.exists()

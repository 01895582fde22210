"""The returns pages: who may open them, building and checking a return from the page (the task runs at once in
tests), failures linked to children the reader may see, downloads noted, imports from the page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from caseboard.interchange.models import GeneratedReturn, ImportRun, ReturnDownload
from caseboard.interchange.services import return_request


def login(client, user):
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_only_those_who_build_returns_may_open_the_pages(client, council):
    for user in (council.worker, council.manager, council.iro, council.nobody):
        login(client, user)
        assert client.get(reverse("interchange:index")).status_code == 403
        assert client.get(reverse("interchange:imports")).status_code == 403
    for user in (council.performance, council.head, council.admin):
        login(client, user)
        assert client.get(reverse("interchange:index")).status_code == 200
    login(client, council.performance)
    assert client.get(reverse("interchange:imports")).status_code == 403
    assert b"Import children" not in client.get(reverse("interchange:index")).content
    login(client, council.admin)
    assert b"Import children" in client.get(reverse("interchange:index")).content


@pytest.mark.django_db
def test_a_form_error_keeps_what_was_chosen(client, council):
    login(client, council.performance)
    response = client.post(reverse("interchange:index"), {"collection_year": "2024-25"})
    assert response.status_code == 200
    assert b"Select which return to build" in response.content
    assert b"There is a problem" in response.content
    assert response.context["form"]["collection_year"].value() == "2024-25"
    assert not GeneratedReturn.objects.exists()


@pytest.mark.django_db
def test_build_check_and_download_a_return_from_the_page(client, council):
    login(client, council.performance)
    response = client.post(reverse("interchange:index"), {"return_kind": "cin:xml", "collection_year": "2025-26"})
    generated = GeneratedReturn.objects.get()
    assert response.status_code == 302 and response.url == reverse("interchange:return", args=[generated.pk])
    assert generated.status == GeneratedReturn.Status.READY
    assert generated.children == 6 and len(generated.content_hash) == 64
    assert generated.validation["package"].startswith("csc-validator-be-cin")
    page = client.get(response.url)
    assert page.status_code == 200
    assert b"Failures by rule" in page.content or b"Nothing failed" in page.content
    download = client.post(reverse("interchange:download", args=[generated.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/xml"
    assert b"<LAchildID>C1</LAchildID>" in download.content
    assert ReturnDownload.objects.filter(generated_return=generated, downloaded_by=council.performance).count() == 1
    assert client.get(reverse("interchange:download", args=[generated.pk])).status_code == 405


@pytest.mark.django_db
def test_failures_link_to_children_the_reader_may_see_and_not_others(client, council):
    generated = return_request(kind="cin", year_name="2025-26", fmt="xml", requested_by=council.head)
    generated.status = GeneratedReturn.Status.READY
    issue = {"rule": "8500", "type": "error", "message": "Check the UPN", "table": "ChildIdentifiers", "field": "UPN"}
    generated.validation = {
        "package": "csc-validator-be-cin 0.1.13",
        "ruleset": "cin2025_26",
        "rules_run": 109,
        "issues": [
            {**issue, "row": 0, "child": council.own_child.local_id},
            {**issue, "row": 1, "child": council.cp_child.local_id},
        ],
        "by_rule": [{"rule": "8500", "type": "error", "message": "Check the UPN", "count": 2}],
    }
    generated.error_count, generated.query_count = 2, 0
    generated.save()
    login(client, council.head)  # head of the CIN service: not the CP child's record
    page = client.get(reverse("interchange:return", args=[generated.pk]))
    content = page.content.decode()
    assert reverse("casework:child", args=[council.own_child.pk]) in content
    assert reverse("casework:child", args=[council.cp_child.pk]) not in content
    assert "Dan Evans" not in content and "a record you may not open" in content
    assert "UPN" in content and "the child&#x27;s details" in content
    filtered = client.get(reverse("interchange:return", args=[generated.pk]) + "?rule=9999")
    assert filtered.context["rows"] == []


@pytest.mark.django_db
def test_the_list_of_returns_takes_the_same_queries_for_one_and_for_many(client, council, django_assert_num_queries):
    login(client, council.performance)
    return_request(kind="cin", year_name="2025-26", fmt="xml", requested_by=council.performance)
    client.get(reverse("interchange:index"))
    with django_assert_num_queries(_count(client)) as one:
        client.get(reverse("interchange:index"))
    for _ in range(20):
        return_request(kind="903", year_name="2025-26", fmt="csv", requested_by=council.head)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(reverse("interchange:index"))


def _count(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        client.get(reverse("interchange:index"))
    return len(context.captured_queries)


@pytest.mark.django_db
def test_an_import_from_the_page_lists_its_problems(client, council):
    login(client, council.admin)
    upload = SimpleUploadedFile("header.csv", b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nN1,M,31/02/2015,WBRI,UN1,,\n")
    response = client.post(
        reverse("interchange:imports"), {"kind": "903", "collection_year": "2025-26", "files": [upload]}
    )
    run = ImportRun.objects.get()
    assert response.status_code == 302 and run.status == ImportRun.Status.REFUSED
    page = client.get(reverse("interchange:import", args=[run.pk]))
    assert b"header.csv, line 2" in page.content and b"DOB must be a date" in page.content
    assert run.files == {}  # the uploaded files are not kept once the run has ended

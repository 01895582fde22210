"""Bringing children in through the returns' files: the round trip, re-imports, the public samples and bad input,
all or nothing."""

from __future__ import annotations

import re

import pytest
from auditlog.models import LogEntry

from caseboard.accounts.models import User
from caseboard.casework.models import Episode
from caseboard.core.audit import audit_bypass
from caseboard.interchange.imports import import_files, import_request, import_run
from caseboard.interchange.models import ImportRun
from caseboard.interchange.services import build_return_files
from caseboard.people.models import Child
from caseboard.placements.models import Approval, Placement


def _strip_time(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: re.sub(rb"<DateTime>[^<]*</DateTime>", b"", content) for name, content in files.items()}


def _wipe_children() -> None:
    with audit_bypass("emptying the test council's records for the round trip"):
        # A temporary approval names the child it was made for and keeps them (PROTECT): it goes first, after the
        # placements made under it.
        for placement in Placement.objects.filter(approval__for_child__isnull=False):
            placement.delete()
        for approval in Approval.objects.filter(for_child__isnull=False):
            approval.delete()
        # Payments are kept with the child (PROTECT: a financial record outlives a deleted record); emptying the
        # council takes them first.
        from caseboard.finance.models import Payment

        for payment in Payment.objects.all():
            payment.delete()
        for child in Child.objects.all():
            child.delete()


@pytest.mark.django_db
def test_round_trip_export_import_export_gives_the_same_files(demo_council):
    admin = User.objects.get(username="admin")
    cin_before, _ = build_return_files(kind="cin", year_name="2025-26", fmt="xml")
    ssda_before, _ = build_return_files(kind="903", year_name="2025-26", fmt="csv")
    _wipe_children()
    assert not Child.objects.exists()
    cin_outcome = import_files(kind="cin", year_name="2025-26", files=cin_before, user=admin, dry_run=False)
    assert cin_outcome.problems == [] and cin_outcome.written
    ssda_outcome = import_files(kind="903", year_name="2025-26", files=ssda_before, user=admin, dry_run=False)
    assert ssda_outcome.problems == [] and ssda_outcome.written
    cin_after, _ = build_return_files(kind="cin", year_name="2025-26", fmt="xml")
    ssda_after, _ = build_return_files(kind="903", year_name="2025-26", fmt="csv")
    assert _strip_time(cin_after) == _strip_time(cin_before)
    assert ssda_after == ssda_before
    # Audited as imported from the file by the user.
    entry = LogEntry.objects.filter(content_type__model="episode").latest("timestamp")
    assert entry.actor == admin
    assert "ssda903" in str(entry.additional_data) or "episodes.csv" in str(entry.additional_data)

    # Importing the same files again changes nothing.
    episodes = Episode.objects.count()
    again = import_files(kind="cin", year_name="2025-26", files=cin_before, user=admin, dry_run=False)
    assert again.problems == [] and again.summary == {}
    again = import_files(kind="903", year_name="2025-26", files=ssda_before, user=admin, dry_run=False)
    assert again.problems == [] and again.summary == {}
    assert Episode.objects.count() == episodes


@pytest.mark.django_db
def test_the_valid_sample_imports_fully_and_the_bad_ones_are_refused(council, samples):
    valid = samples / "liiatools_samples" / "cin-2022.xml"
    outcome = import_files(
        kind="cin", year_name="2021-22", files={valid.name: valid.read_bytes()}, user=council.admin, dry_run=False
    )
    assert outcome.problems == [] and outcome.written
    imported = Child.objects.get(local_id="DfEX0000001")
    assert imported.first_name == "Not known"
    assert imported.episodes.filter(kind="cin").count() == 1
    assert imported.episodes.filter(kind="cp").count() == 1
    # Its events are out of order (a 1970 plan in a 2022 referral): queried, not refused.
    assert outcome.warnings

    before = Child.objects.count()
    for name, year, expected in (
        ("CIN_Census_2026.xml", "2022-23", "is not a sex code"),
        ("CIN_Census_2024.xml", "2022-23", "is not an assessment factor code"),
        ("fake_CIN_data.xml", "2021-22", "not 31 March 2022"),
        ("CIN2rows.xml", "2022-23", "Two child protection plans overlap"),
    ):
        path = samples / "cin_validator_fake_data" / name
        refused = import_files(
            kind="cin", year_name=year, files={name: path.read_bytes()}, user=council.admin, dry_run=False
        )
        assert not refused.written, name
        assert any(expected in p["message"] for p in refused.problems), (name, refused.problems)
        assert all(p["location"].startswith(name) for p in refused.problems)
    assert Child.objects.count() == before


@pytest.mark.django_db
def test_the_fake_ssda903_tables_are_refused_with_every_problem_by_file_line_and_field(council, samples):
    folder = samples / "ssda903_validator_fake_data"
    names = ["header", "episodes", "reviews", "uasc", "oc2", "oc3", "ad1", "placed_for_adoption", "missing"]
    files = {f"{name}.csv": (folder / f"{name}.csv").read_bytes() for name in names}
    outcome = import_files(kind="903", year_name="2022-23", files=files, user=council.admin, dry_run=False)
    assert not outcome.written
    assert len(outcome.problems) > 100
    assert all(re.match(r"^[a-z_0-9]+\.csv, line \d+$", p["location"]) for p in outcome.problems)
    assert any(p["field"] == "DECOM" and "may not overlap" in p["message"] for p in outcome.problems)
    assert not Child.objects.filter(local_id__in=["566910", "384923"]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ((b"<PersonBirthDate>2015-03-27", b"<PersonBirthDate>2015-02-30"), "PersonBirthDate", "must be a date"),
        ((b"<ReferralSource>2A", b"<ReferralSource>XX"), "ReferralSource", "'XX' is not a ReferralSource code"),
        ((b"<LEA>201</LEA>", b"<LEA>999</LEA>"), "LEA", "not this council"),
        ((b"<CINclosureDate>2025-09-30", b"<CINclosureDate>2025-04-30"), "CINclosureDate", "closed before it was made"),
    ],
)
def test_bad_input_is_listed_with_its_place_and_nothing_is_written(council, change, field, message):
    content = (
        b"<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2026</Year>"
        b"<ReferenceDate>2026-03-31</ReferenceDate></CollectionDetails><Source><LEA>201</LEA></Source></Header>"
        b"<Children><Child><ChildIdentifiers><LAchildID>NEW1</LAchildID><UPNunknown>UN1</UPNunknown>"
        b"<PersonBirthDate>2015-03-27</PersonBirthDate><Sex>M</Sex></ChildIdentifiers><ChildCharacteristics>"
        b"<Ethnicity>WBRI</Ethnicity></ChildCharacteristics><CINdetails><CINreferralDate>2025-05-01</CINreferralDate>"
        b"<ReferralSource>2A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode>"
        b"<CINclosureDate>2025-09-30</CINclosureDate><ReasonForClosure>RC8</ReasonForClosure>"
        b"<ReferralNFA>false</ReferralNFA></CINdetails></Child></Children></Message>"
    )
    good = import_files(kind="cin", year_name="2025-26", files={"f.xml": content}, user=council.admin, dry_run=True)
    assert good.problems == [] and not good.written
    bad = content.replace(*change)
    outcome = import_files(kind="cin", year_name="2025-26", files={"f.xml": bad}, user=council.admin, dry_run=False)
    assert any(p["field"] == field and message in p["message"] for p in outcome.problems), outcome.problems
    assert not outcome.written and not Child.objects.filter(local_id="NEW1").exists()


@pytest.mark.django_db
def test_a_child_twice_and_a_file_that_is_not_a_return(council):
    twice = (
        b"<Message><Children>"
        + b"<Child><ChildIdentifiers><LAchildID>A1</LAchildID><PersonBirthDate>2015-03-27</PersonBirthDate>"
        b"<Sex>M</Sex></ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>"
        b"</Child>" * 2 + b"</Children></Message>"
    )
    outcome = import_files(
        kind="cin", year_name="2025-26", files={"twice.xml": twice}, user=council.admin, dry_run=False
    )
    assert any("in the file twice" in p["message"] for p in outcome.problems)
    outcome = import_files(
        kind="cin", year_name="2025-26", files={"notes.xml": b"hello"}, user=council.admin, dry_run=False
    )
    assert len(outcome.problems) == 1 and "not an XML file" in outcome.problems[0]["message"]
    outcome = import_files(
        kind="903", year_name="2025-26", files={"x.csv": b"\xff\xfe\x00"}, user=council.admin, dry_run=False
    )
    assert "not a CSV file" in outcome.problems[0]["message"]


@pytest.mark.django_db
def test_an_import_runs_as_a_task_with_its_outcome_kept_and_its_files_dropped(council, samples):
    path = samples / "liiatools_samples" / "cin-2022.xml"
    run = import_request(
        kind="cin", year_name="2021-22", files={path.name: path.read_bytes()}, user=council.admin, dry_run=True
    )
    run = import_run(import_id=run.pk)
    assert run.status == ImportRun.Status.CHECKED and run.progress == 100
    assert run.files == {} and "would add" in run.summary["headline"]
    assert not Child.objects.filter(local_id="DfEX0000001").exists()

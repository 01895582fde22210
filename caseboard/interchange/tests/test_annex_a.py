"""Ofsted Annex A drawn up from the record: the lists' columns as Ofsted's workbook has them, the visit columns
neither DfE return carries, and a fixed number of queries."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from caseboard.casework.codes import ReferralSource
from caseboard.interchange.annex_a import COLUMNS, AnnexA, lettered
from caseboard.interchange.services import build_return_files
from caseboard.people.codes import Ethnicity, Sex
from caseboard.testing.factories import EpisodeFactory, VisitFactory

SAMPLE = Path(__file__).resolve().parents[4] / "shared" / "csc-samples" / "liiatools_samples" / "Annex_A.xlsx"
AS_AT = date(2026, 3, 31)


def workbook(files: dict[str, bytes]) -> openpyxl.Workbook:
    (content,) = files.values()
    return openpyxl.load_workbook(io.BytesIO(content))


def rows_of(book: openpyxl.Workbook, title: str) -> list[dict[str, object]]:
    sheet = book[title]
    headers = [cell.value for cell in sheet[1]]
    return [dict(zip(headers, row, strict=False)) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_codes_carry_the_letter_of_their_place_in_the_list():
    assert lettered(Sex, "M") == "a) Male"
    assert lettered(Sex, "F") == "b) Female"
    assert lettered(Ethnicity, "WBRI") == "a) WBRI"
    assert lettered(ReferralSource, "1A").startswith("a) 1A: ")
    assert lettered(Sex, "") == ""


@pytest.mark.skipif(not SAMPLE.exists(), reason="the public sample workbook is not beside the project")
def test_every_list_has_the_columns_of_ofsteds_workbook():
    sample = openpyxl.load_workbook(SAMPLE, read_only=True)
    for title, columns in COLUMNS.items():
        expected = [value for value in next(sample[title].iter_rows(max_row=1, values_only=True)) if value]
        assert columns == expected, title


@pytest.mark.django_db
def test_the_lists_are_drawn_up_from_the_record(council):
    cp = EpisodeFactory(child=council.cp_child, child_protection=True, start_on=date(2026, 1, 20))
    VisitFactory(children=[council.cp_child], visited_on=date(2026, 3, 2), purpose="statutory_cp", seen_alone=True)
    VisitFactory(children=[council.own_child], visited_on=date(2026, 3, 9), purpose="statutory_cin")
    files, named = build_return_files(kind="annex_a", year_name="2025-26", fmt="xlsx", as_at=AS_AT)
    assert list(files) == ["annex-a-2026-03-31.xlsx"]
    book = workbook(files)
    assert book.sheetnames == [*COLUMNS, "Notes"]
    children_in_need = {row["Child Unique ID"]: row for row in rows_of(book, "List 6")}
    assert {"C1", "C2", "C3", "C4", "C5"} <= set(children_in_need)
    own = children_in_need["C1"]
    assert own["Date Child Was Last Seen"].date() == date(2026, 3, 9)
    assert own["Allocated Worker"] and own["Allocated Team"] == "CIN team 1"
    assert own["Gender"] == lettered(Sex, council.own_child.sex)
    (protection,) = rows_of(book, "List 7")
    assert protection["Child Unique ID"] == "C4"
    assert protection["Child Protection Plan Start Date"].date() == cp.start_on
    assert protection["Date of the Last Statutory Visit"].date() == date(2026, 3, 2)
    assert protection["Was the Child Seen Alone?"] == "a) Yes"
    notes = {row["Item"]: row["Value"] for row in rows_of(book, "Notes")}
    assert "not held in Caseboard" in notes["List 11"]
    assert named >= 5


@pytest.mark.django_db
def test_drawing_the_lists_up_reads_a_fixed_number_of_queries(council, django_assert_max_num_queries):
    with django_assert_max_num_queries(30) as few:
        AnnexA(AS_AT).sheets()
    for child in (council.team_child, council.other_team_child):
        VisitFactory(children=[child], visited_on=date(2026, 3, 3))
        EpisodeFactory(child=child, early_help=True, start_on=date(2026, 2, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        sheets = AnnexA(AS_AT).sheets()
    assert len(sheets[1][2]) == 2  # List 2: the two Early Help episodes

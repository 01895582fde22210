"""The return builders and readers without a database: layouts by year, what the census of a year reports, the
SSDA903 tables and their CSV and XML forms."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from lxml import etree

from caseboard.interchange import cin, ssda903
from caseboard.interchange.facts import (
    AssessmentFacts,
    CareLeaverFacts,
    ChildFacts,
    CinDetailsFacts,
    LacEpisodeFacts,
    PlanPeriod,
    ProtectionPlanFacts,
    Section47Facts,
)
from caseboard.interchange.layouts import YEARS, UnknownYear, collection_year, year_containing

Y2526 = collection_year("2025-26")


def child(**extra: object) -> ChildFacts:
    details = CinDetailsFacts(
        referral_on=date(2025, 5, 1),
        referral_source="2A",
        primary_need="N1",
        closed_on=date(2026, 6, 1),  # after the census date: open on 31 March
        reason_for_closure="RC8",
        assessments=(AssessmentFacts(started_on=date(2025, 5, 2), authorised_on=date(2025, 6, 1), factors=("21",)),),
        cin_plans=(PlanPeriod(started_on=date(2025, 6, 1), ended_on=date(2025, 8, 31)),),
        section_47s=(Section47Facts(started_on=date(2025, 9, 1), icpc_target_on=date(2025, 9, 22)),),
        protection_plans=(
            ProtectionPlanFacts(
                started_on=date(2025, 9, 19),
                initial_category="NEG",
                latest_category="NEG",
                reviews=(date(2025, 12, 19), date(2026, 4, 20)),
            ),
        ),
    )
    values = {
        "local_id": "1001",
        "sex": "F",
        "ethnicity": "WBRI",
        "birth_on": date(2015, 3, 27),
        "upn": "A201000000011",
        "disabilities": ("NONE",),
        "cin_details": (details,),
    }
    values.update(extra)
    return ChildFacts(**values)


def census(children: list[ChildFacts], year_name: str = "2025-26") -> etree._Element:
    content = cin.build_cin_census(
        children, year=collection_year(year_name), la_code="201", generated_at=datetime(2026, 5, 1, 9, 0)
    )
    return etree.fromstring(content)


def test_years_are_keyed_and_named_both_ways():
    assert collection_year("2026") is YEARS["2025-26"]
    assert Y2526.start == date(2025, 4, 1) and Y2526.end == date(2026, 3, 31)
    assert year_containing(date(2026, 3, 31)).name == "2025-26"
    assert year_containing(date(2026, 4, 1)).name == "2026-27"
    with pytest.raises(UnknownYear, match="2030-31"):
        collection_year("2030-31")


def test_2025_26_placement_codes_drop_h5_p2_z1_and_add_z11_to_z14():
    assert not {"H5", "P2", "Z1"} & set(YEARS["2025-26"].codes["place"])
    assert {"Z11", "Z12", "Z13", "Z14"} <= set(YEARS["2025-26"].codes["place"])
    assert "P2" in YEARS["2024-25"].codes["place"]


def test_census_header_and_element_order_follow_the_schema():
    root = census([child()])
    assert [e.tag for e in root] == ["Header", "Children"]
    assert root.findtext("Header/CollectionDetails/Year") == "2026"
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2026-03-31"
    assert root.findtext("Header/Source/LEA") == "201"
    ids = root.find("Children/Child/ChildIdentifiers")
    assert [e.tag for e in ids] == ["LAchildID", "UPN", "PersonBirthDate", "Sex"]
    details = root.find("Children/Child/CINdetails")
    order = [e.tag for e in details]
    assert order == [
        "CINreferralDate",
        "ReferralSource",
        "PrimaryNeedCode",
        "Assessments",
        "CINPlanDates",
        "Section47",
        "ReferralNFA",
        "ChildProtectionPlans",
    ]


def test_census_shows_what_ended_after_the_reference_date_as_open():
    details = census([child()]).find("Children/Child/CINdetails")
    assert details.find("CINclosureDate") is None and details.find("ReasonForClosure") is None
    plan = details.find("ChildProtectionPlans")
    assert [r.text for r in plan.findall("Reviews/CPPreviewDate")] == ["2025-12-19"]  # April 2026 is next year


def test_census_leaves_out_children_whose_referrals_fall_outside_the_year():
    old = child(
        local_id="1002",
        cin_details=(
            CinDetailsFacts(date(2023, 1, 1), "2A", "N1", closed_on=date(2024, 1, 1), reason_for_closure="RC8"),
        ),
    )
    root = census([child(), old])
    assert [c.findtext("ChildIdentifiers/LAchildID") for c in root.findall("Children/Child")] == ["1001"]


def test_gender_current_before_2024_25_and_pre_proceedings_from_2026_27():
    earlier_child = child(cin_details=(CinDetailsFacts(date(2023, 5, 1), "2A", "N1"),))
    earlier = census([earlier_child], "2023-24")
    assert earlier.findtext("Children/Child/ChildIdentifiers/GenderCurrent") == "2"
    assert earlier.find("Children/Child/ChildIdentifiers/Sex") is None
    later_child = child(
        cin_details=(CinDetailsFacts(date(2026, 5, 1), "2A", "N1", pre_proceedings=({"PPStartDate": "2026-09-09"},)),)
    )
    later = census([later_child], "2026-27")
    assert later.findtext("Children/Child/CINdetails/PreProceedingsandFGDM/PPStartDate") == "2026-09-09"
    assert census([later_child], "2025-26").find("Children/Child") is None


def test_census_reads_back_what_it_wrote():
    content = cin.build_cin_census([child()], year=Y2526, la_code="201", generated_at=datetime(2026, 5, 1))
    parsed = cin.parse_cin_census(content, year=Y2526)
    assert parsed.problems == []
    assert parsed.year == "2026" and parsed.la_code == "201"
    (back,) = parsed.children
    assert back.local_id == "1001" and back.sex == "F" and back.upn == "A201000000011"
    assert back.cin_details[0].closed_on is None
    assert back.cin_details[0].protection_plans[0].reviews == (date(2025, 12, 19),)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"CHILD,SEX\n1,2\n", "not an XML file"),
        (b"<Other/>", "not a CIN census file"),
    ],
)
def test_a_file_that_is_not_a_census_gets_one_clear_message(content, message):
    parsed = cin.parse_cin_census(content, year=Y2526)
    assert len(parsed.problems) == 1 and message in parsed.problems[0].message


def test_census_problems_name_line_and_field():
    content = census([child(), child()], "2025-26")
    text = (
        etree.tostring(content)
        .replace(b"2025-05-02", b"2025-02-30")
        .replace(b"<ReferralSource>2A", b"<ReferralSource>ZZ")
    )
    parsed = cin.parse_cin_census(text, year=Y2526)
    messages = [(p.field, p.message) for p in parsed.problems]
    assert ("LAchildID", "This child is in the file twice (also child 1)") in messages
    assert any(field == "AssessmentActualStartDate" and "2025-02-30" in message for field, message in messages)
    assert any(field == "ReferralSource" and "'ZZ'" in message for field, message in messages)
    assert all(p.location.startswith("line ") for p in parsed.problems)


def lac_child() -> ChildFacts:
    return child(
        local_id="2001",
        lac_episodes=(
            LacEpisodeFacts(date(2025, 1, 5), "S", "C2", "N1", "U4", "PR1", date(2025, 7, 1), "X1", "CARPL", "NM1 1AA"),
            LacEpisodeFacts(date(2025, 7, 1), "P", "C2", "N1", "K2", "PR4", date(2026, 5, 1), "E8", "", "NM1 1AA"),
        ),
        care_leaver=(CareLeaverFacts(date(2026, 3, 31), "NO", "", ""),),
    )


def test_903_tables_report_the_year_as_it_stood_on_31_march():
    tables = ssda903.build_tables([lac_child(), child()], year=Y2526)
    assert [row["CHILD"] for row in tables["Header"]] == ["2001"]  # the other child was never looked after
    first, second = tables["Episodes"]
    assert (first["DEC"], first["REC"], first["REASON_PLACE_CHANGE"]) == ("01/07/2025", "X1", "CARPL")
    assert (second["DEC"], second["REC"]) == ("", "")  # it ended after 31 March 2026
    assert tables["Header"][0]["SEX"] == "F"
    # Not in touch: activity and accommodation are coded 0.
    assert (tables["OC3"][0]["ACTIV"], tables["OC3"][0]["ACCOM"]) == ("0", "0")


def test_903_uses_the_old_sex_codes_before_2024_25():
    tables = ssda903.build_tables([lac_child()], year=collection_year("2024-25"))
    assert tables["Header"][0]["SEX"] == "F"
    tables = ssda903.build_tables([lac_child()], year=collection_year("2023-24"))
    assert tables["Header"] == []  # looked after only from January 2025
    earlier = LacEpisodeFacts(date(2023, 5, 1), "S", "C2", "N1", "U4", "PR1")
    tables = ssda903.build_tables([child(lac_episodes=(earlier,))], year=collection_year("2023-24"))
    assert tables["Header"][0]["SEX"] == "2"


def test_903_csv_files_have_every_table_with_its_columns_and_read_back():
    files = ssda903.write_csv_files(ssda903.build_tables([lac_child()], year=Y2526), year=Y2526)
    assert "social_worker_episodes.csv" in files and "dolo.csv" not in files
    assert "dolo.csv" in ssda903.write_csv_files({}, year=collection_year("2026-27"))
    header = next(csv.reader(io.StringIO(files["episodes.csv"].decode())))
    assert header == list(Y2526.ssda903_tables["Episodes"])
    parsed = ssda903.ParsedTables()
    assert ssda903.read_csv_file("renamed.csv", files["episodes.csv"], year=Y2526, parsed=parsed) == "Episodes"
    assert len(parsed.tables["Episodes"]) == 2


def test_903_csv_tables_are_recognised_by_columns_not_names():
    parsed = ssda903.ParsedTables()
    assert ssda903.read_csv_file("header.csv", b"CHILD,FOO\n1,2\n", year=Y2526, parsed=parsed) is None
    assert "not an SSDA903 table" in parsed.problems[0].message


def test_903_xml_has_one_child_with_header_and_episodes():
    root = etree.fromstring(ssda903.write_xml(ssda903.build_tables([lac_child()], year=Y2526), year=Y2526))
    assert root.tag == "EXPSSDA903"
    (node,) = root.findall("CHILD")
    assert node.findtext("HEADER/CHILDID") == "2001"
    assert [e.findtext("PL") for e in node.findall("EPISODE")] == ["U4", "K2"]
    assert node.findtext("HEADER/OC3/IN_TOUCH") == "NO"


@pytest.mark.django_db
def test_a_childs_date_of_death_goes_into_the_census():
    from caseboard.interchange.selectors import child_records
    from caseboard.testing.factories import ChildFactory, EpisodeFactory

    child = ChildFactory(date_of_birth=date(2012, 6, 1), date_of_death=date(2025, 11, 3))
    EpisodeFactory(child=child, start_on=date(2025, 5, 1), end_on=date(2025, 11, 3))
    facts = [record for record in child_records(year=Y2526) if record.pk == child.pk]
    assert facts and facts[0].death_on == date(2025, 11, 3)
    root = census(facts)
    assert root.findtext("Children/Child/ChildIdentifiers/PersonDeathDate") == "2025-11-03"


def test_the_placement_postcode_and_urn_are_written_as_the_dfe_asks():
    from caseboard.interchange.ssda903 import placement_location

    def episode(place, legal="C2", urn=""):
        return LacEpisodeFacts(date(2025, 5, 1), "S", legal, "N1", place, "PR1", placement_postcode="EC2V 7HG", urn=urn)

    assert placement_location(episode("K2", urn="SC123456"), Y2526) == ("EC2V 7HG", "SC123456")
    # Foster carers and placements for adoption with no URN of their own: the DfE's code (rule 242).
    assert placement_location(episode("U4"), Y2526) == ("EC2V 7HG", "XXXXXXX")
    assert placement_location(episode("A6"), Y2526) == ("EC2V 7HG", "XXXXXXX")
    # No URN for a placement type Ofsted does not register (rule 222), even if the setting holds one.
    assert placement_location(episode("R1", urn="SC123456"), Y2526) == ("EC2V 7HG", "")
    assert placement_location(episode("Z11", urn="SC123456"), Y2526) == ("EC2V 7HG", "")
    # A home with no URN is left empty for the validator to report (rule 218); a short break has neither (214).
    assert placement_location(episode("K2"), Y2526) == ("EC2V 7HG", "")
    assert placement_location(episode("U4", legal="V3"), Y2526) == ("", "")


def test_an_unaccompanied_asylum_seeking_child_has_no_home_postcode_in_the_903():
    from dataclasses import replace

    tables = ssda903.build_tables([replace(lac_child(), is_uasc=True)], year=Y2526)
    assert {row["HOME_POST"] for row in tables["Episodes"]} == {""}
    tables = ssda903.build_tables([lac_child()], year=Y2526)
    assert {row["HOME_POST"] for row in tables["Episodes"]} == {"NM1 1AA"}

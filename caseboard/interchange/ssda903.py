"""The SSDA903 children looked after return: tables built from children's facts for a collection year, written as
CSV files (one per table, dates as dd/mm/YYYY) or one XML file (root ``EXPSSDA903``), and read back from CSV.

Episodes, reviews and missing episodes are those open at some time in the year, as they stood on 31 March: an end
after the year is not yet known. No Django import.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from lxml import etree

from .facts import ChildFacts, LacEpisodeFacts
from .layouts import NO_URN, SSDA903_FILE_NAMES, CollectionYear

SEX_CODES_OLD = {"M": "1", "F": "2"}
SEX_FROM_OLD = {"1": "M", "2": "F"}

Tables = dict[str, list[dict[str, str]]]


def _d(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _b(value: bool | None) -> str:
    return "" if value is None else ("1" if value else "0")


def _as_at(day: date | None, year: CollectionYear) -> date | None:
    return day if day is not None and day <= year.end else None


def _open_in(start: date, end: date | None, year: CollectionYear) -> bool:
    return start <= year.end and (end is None or end >= year.start)


def sex_code(sex: str, year: CollectionYear) -> str:
    if "M" in year.sex_codes:
        return sex
    return SEX_CODES_OLD.get(sex, "")


def placement_location(episode: LacEpisodeFacts, year: CollectionYear) -> tuple[str, str]:
    """The episode's PL_POST and URN as the return for ``year`` records them: none for a short break (rule 214);
    no URN for a placement type Ofsted does not register (rule 222); the setting's URN, or for foster carers and
    placements for adoption whose provider has none, the DfE's "XXXXXXX" (rule 242). A missing URN the return asks
    for is left empty, for the validator to report (rule 218)."""
    if episode.legal_status in year.codes["short_breaks"]:
        return "", ""
    if episode.placement in year.codes["place_without_urn"]:
        return episode.placement_postcode, ""
    if not episode.urn and episode.placement in year.codes["place_urn_may_be_unknown"]:
        return episode.placement_postcode, NO_URN
    return episode.placement_postcode, episode.urn


def episodes_in_year(child: ChildFacts, year: CollectionYear) -> list[LacEpisodeFacts]:
    """A child's episodes as the return for ``year`` reports them."""
    episodes = []
    for episode in sorted(child.lac_episodes, key=lambda e: e.started_on):
        ended = _as_at(episode.ended_on, year)
        if not _open_in(episode.started_on, ended, year):
            continue
        if ended is None and episode.ended_on is not None:
            episode = LacEpisodeFacts(
                **{**episode.__dict__, "ended_on": None, "reason_ceased": "", "reason_place_change": ""}
            )
        episodes.append(episode)
    return episodes


def build_tables(children: Iterable[ChildFacts], *, year: CollectionYear) -> Tables:
    """Every SSDA903 table of the year, as rows of text in the layout's column order, by local child ID."""
    tables: Tables = {name: [] for name in year.ssda903_tables}
    for child in sorted(children, key=lambda c: c.local_id):
        episodes = episodes_in_year(child, year)
        if not episodes:
            continue
        dob = _d(child.birth_on)
        base = {"CHILD": child.local_id, "DOB": dob}
        tables["Header"].append(
            {
                "CHILD": child.local_id,
                "SEX": sex_code(child.sex, year),
                "DOB": dob,
                "ETHNIC": child.ethnicity,
                "UPN": child.upn or child.upn_unknown,
                "MOTHER": _b(child.is_mother) if child.sex == "F" else "",
                "MC_DOB": _d(child.mothers_child_born_on),
            }
        )
        for e in episodes:
            placement_postcode, urn = placement_location(e, year)
            tables["Episodes"].append(
                {
                    "CHILD": child.local_id,
                    "DECOM": _d(e.started_on),
                    "RNE": e.reason_new_episode,
                    "LS": e.legal_status,
                    "CIN": e.cin_need,
                    "PLACE": e.placement,
                    "PLACE_PROVIDER": e.placement_provider,
                    "DEC": _d(e.ended_on),
                    "REC": e.reason_ceased,
                    "REASON_PLACE_CHANGE": e.reason_place_change,
                    # An unaccompanied asylum-seeking child (now or before) has no home postcode in the return,
                    # so no distance to their placement (rules 392b and 406).
                    "HOME_POST": "" if child.is_uasc else e.home_postcode,
                    "PL_POST": placement_postcode,
                    "URN": urn,
                }
            )
        for review in child.reviews:
            if year.start <= review.held_on <= year.end:
                tables["Reviews"].append({**base, "REVIEW": _d(review.held_on), "REVIEW_CODE": review.participation})
        if child.is_uasc:
            tables["UASC"].append(
                {"CHILD": child.local_id, "SEX": sex_code(child.sex, year), "DOB": dob, "DUC": _d(child.uasc_ceased_on)}
            )
        for h in child.health:
            if h.year_ending_on == year.end:
                tables["OC2"].append(
                    {
                        **base,
                        "SDQ_SCORE": "" if h.sdq_score is None else str(h.sdq_score),
                        "SDQ_REASON": h.sdq_reason,
                        "CONVICTED": _b(h.convicted),
                        "HEALTH_CHECK": _b(h.health_check),
                        "IMMUNISATIONS": _b(h.immunisations),
                        "TEETH_CHECK": _b(h.teeth_check),
                        "HEALTH_ASSESSMENT": _b(h.health_assessment),
                        "SUBSTANCE_MISUSE": _b(h.substance_misuse),
                        "INTERVENTION_RECEIVED": _b(h.intervention_received),
                        "INTERVENTION_OFFERED": _b(h.intervention_offered),
                    }
                )
        for c in child.care_leaver:
            if c.year_ending_on == year.end:
                # Not in touch: the return codes activity and accommodation as 0 (they are not known).
                not_known = "0" if c.in_touch in {"NO", "DIED", "REFU"} else ""
                tables["OC3"].append(
                    {
                        **base,
                        "IN_TOUCH": c.in_touch,
                        "ACTIV": c.activity or not_known,
                        "ACCOM": c.accommodation or not_known,
                    }
                )
        adopted = any(e.reason_ceased in {"E11", "E12"} and e.ended_on for e in episodes)
        if child.adoption is not None and adopted:
            a = child.adoption
            tables["AD1"].append(
                {
                    **base,
                    "DATE_INT": _d(a.should_be_placed_on),
                    "DATE_MATCH": _d(a.matched_on),
                    "FOSTER_CARE": _b(a.by_foster_carer),
                    "NB_ADOPTR": str(a.number_of_adopters),
                    "SEX_ADOPTR": a.adopters_sex,
                    "LS_ADOPTR": a.adopters_legal_status,
                }
            )
        for decision in child.adoption_decisions:
            ceased = _as_at(decision.ceased_on, year)
            if _open_in(decision.decided_on, ceased, year):
                tables["PlacedAdoption"].append(
                    {
                        **base,
                        "DATE_PLACED": _d(decision.decided_on),
                        "DATE_PLACED_CEASED": _d(ceased),
                        "REASON_PLACED_CEASED": decision.reason_ceased if ceased else "",
                    }
                )
        # Previous permanence is asked of children who started to be looked after in the year (rule 634).
        if child.previous_permanence is not None and episodes[-1].started_on >= year.start:
            p = child.previous_permanence
            tables["PrevPerm"].append(
                {**base, "PREV_PERM": p.arrangement, "LA_PERM": p.local_authority, "DATE_PERM": _d(p.made_on)}
            )
        for m in child.missing:
            ended = _as_at(m.ended_on, year)
            if _open_in(m.started_on, ended, year):
                tables["Missing"].append(
                    {**base, "MISSING": m.kind, "MIS_START": _d(m.started_on), "MIS_END": _d(ended)}
                )
        for sw in child.social_workers:
            ended = _as_at(sw.ended_on, year)
            if _open_in(sw.started_on, ended, year):
                tables["SWEpisodes"].append(
                    {
                        **base,
                        "SW_ID": sw.worker_id,
                        "SW_DECOM": _d(sw.started_on),
                        "SW_DEC": _d(ended),
                        "SW_REASON": sw.reason,
                    }
                )
    return tables


def write_csv_files(tables: Tables, *, year: CollectionYear) -> dict[str, bytes]:
    """Each table as a CSV file, keyed by file name; every table is written, with its header row when empty."""
    files = {}
    for name, columns in year.ssda903_tables.items():
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(tables.get(name, []))
        files[SSDA903_FILE_NAMES[name]] = out.getvalue().encode("utf-8")
    return files


def write_xml(tables: Tables, *, year: CollectionYear) -> bytes:
    """The return as one XML file (root ``EXPSSDA903``), one CHILD per child with its HEADER and EPISODEs."""

    def add(parent: etree._Element, tag: str, text: str) -> None:
        node = etree.SubElement(parent, tag)
        if text:
            node.text = text

    by_child: dict[str, dict[str, list[dict[str, str]]]] = {}
    for name, rows in tables.items():
        for row in rows:
            by_child.setdefault(row["CHILD"], {}).setdefault(name, []).append(row)
    root = etree.Element("EXPSSDA903")
    for local_id in sorted(by_child):
        own = by_child[local_id]
        header_row = own["Header"][0]
        node = etree.SubElement(root, "CHILD")
        header = etree.SubElement(node, "HEADER")
        add(header, "CHILDID", local_id)
        add(header, "UPN", header_row["UPN"])
        add(header, "SEX", header_row["SEX"])
        add(header, "DOB", header_row["DOB"])
        add(header, "ETHNIC", header_row["ETHNIC"])
        uasc = own.get("UASC", [])
        add(header, "UASC", "1" if uasc else "0")
        if uasc:
            add(header, "DUC", uasc[0]["DUC"])
        for review in own.get("Reviews", []):
            r = etree.SubElement(header, "AREVIEW")
            add(r, "REVIEW", review["REVIEW"])
            add(r, "REVIEW_CODE", review["REVIEW_CODE"])
        add(header, "MOTHER", header_row["MOTHER"])
        add(header, "MC_DOB", header_row["MC_DOB"])
        for row in own.get("PrevPerm", []):
            p = etree.SubElement(header, "PERMANENCE")
            for column in ("PREV_PERM", "LA_PERM", "DATE_PERM"):
                add(p, column, row[column])
        for row in own.get("OC2", []):
            o = etree.SubElement(header, "OC2")
            for column in year.ssda903_tables["OC2"][2:]:
                add(o, column, row[column])
        for row in own.get("OC3", []):
            o = etree.SubElement(header, "OC3")
            for column in ("IN_TOUCH", "ACTIV", "ACCOM"):
                add(o, column, row[column])
        for row in own.get("AD1", []):
            a = etree.SubElement(header, "AD1")
            for column in year.ssda903_tables["AD1"][2:]:
                add(a, column, row[column])
        for row in own.get("Missing", []):
            m = etree.SubElement(header, "AMISSING")
            for column in ("MISSING", "MIS_START", "MIS_END"):
                add(m, column, row[column])
        for row in own.get("PlacedAdoption", []):
            a = etree.SubElement(header, "AD_PLACED")
            for column in ("DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"):
                add(a, column, row[column])
        for row in own.get("Episodes", []):
            e = etree.SubElement(node, "EPISODE")
            for column in year.ssda903_tables["Episodes"][1:]:
                add(e, "PL" if column == "PLACE" else column, row[column])
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


# --- reading SSDA903 CSV files ---------------------------------------------------------------------------------


@dataclass
class Problem:
    location: str
    field: str
    message: str
    child: str = ""


@dataclass
class ParsedTables:
    tables: Tables = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def table_for_columns(columns: list[str], year: CollectionYear) -> str | None:
    """Which table a CSV file is, by its exact set of columns (the file's name does not matter)."""
    wanted = {column.strip().lstrip("\ufeff") for column in columns}
    for name, layout in year.ssda903_tables.items():
        if set(layout) == wanted:
            return name
    return None


def read_csv_file(name: str, content: bytes, *, year: CollectionYear, parsed: ParsedTables) -> str | None:
    """Read one CSV file into ``parsed``; returns the table it holds, or None with a problem listed."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        parsed.problems.append(Problem(name, "", "This file is not a CSV file in UTF-8 text"))
        return None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or not any(rows[0]):
        parsed.problems.append(Problem(name, "", "This file is empty: an SSDA903 CSV file starts with its columns"))
        return None
    columns = [column.strip().lstrip("\ufeff") for column in rows[0]]
    table = table_for_columns(columns, year)
    if table is None:
        parsed.problems.append(
            Problem(
                name,
                "",
                f"These columns are not an SSDA903 table in {year.name}: {', '.join(columns)[:200]}",
            )
        )
        return None
    out = parsed.tables.setdefault(table, [])
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            parsed.problems.append(
                Problem(f"{name}, line {number}", "", f"This line has {len(row)} values for {len(columns)} columns")
            )
            continue
        out.append(
            {column: cell.strip() for column, cell in zip(columns, row, strict=True)}
            | {"_line": str(number), "_file": name}
        )
    return table

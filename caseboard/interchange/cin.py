"""The Children in Need census as XML: built from children's facts for a collection year, and read back.

The census describes the year from 1 April to 31 March as it stood on the reference date (31 March): work that
started after it is left out, and anything that ended after it is shown as still open. Element order follows the
schema's ``xs:sequence`` for the year (``layouts.CollectionYear``). No Django import.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime

from lxml import etree

from .facts import (
    AssessmentFacts,
    ChildFacts,
    CinDetailsFacts,
    PlanPeriod,
    ProtectionPlanFacts,
    Section47Facts,
)
from .layouts import CollectionYear

GENDER_CURRENT = {"M": "1", "F": "2", "U": "0"}
GENDER_FROM_CURRENT = {"1": "M", "2": "F", "0": "U", "9": "U"}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _within(start: date, end: date | None, year: CollectionYear) -> bool:
    """Whether something that ran from ``start`` to ``end`` was open at some time in the collection year."""
    return start <= year.end and (end is None or end >= year.start)


def _as_at(day: date | None, year: CollectionYear) -> date | None:
    """An end date as the census sees it: after the reference date, it has not happened yet."""
    return day if day is not None and day <= year.end else None


def details_in_year(details: CinDetailsFacts, year: CollectionYear) -> CinDetailsFacts | None:
    """A referral's CINdetails as the census for ``year`` reports it, or None if it falls outside the year."""
    closed = _as_at(details.closed_on, year)
    if not _within(details.referral_on, closed, year):
        return None
    assessments = tuple(
        AssessmentFacts(
            started_on=a.started_on,
            authorised_on=_as_at(a.authorised_on, year),
            internal_review_on=_as_at(a.internal_review_on, year),
            factors=a.factors if _as_at(a.authorised_on, year) else (),
        )
        for a in details.assessments
        if _within(a.started_on, _as_at(a.authorised_on, year), year)
    )
    plans = tuple(
        PlanPeriod(started_on=p.started_on, ended_on=_as_at(p.ended_on, year))
        for p in details.cin_plans
        if _within(p.started_on, _as_at(p.ended_on, year), year)
    )
    section_47s = tuple(
        Section47Facts(
            started_on=s.started_on,
            icpc_target_on=s.icpc_target_on,
            icpc_on=_as_at(s.icpc_on, year),
            icpc_not_required=s.icpc_not_required,
        )
        for s in details.section_47s
        if s.started_on <= year.end and (s.started_on >= year.start or (s.icpc_on or year.end) >= year.start)
    )
    protection = tuple(
        ProtectionPlanFacts(
            started_on=p.started_on,
            ended_on=_as_at(p.ended_on, year),
            initial_category=p.initial_category,
            latest_category=p.latest_category,
            previous_plans=p.previous_plans,
            reviews=tuple(r for r in p.reviews if year.start <= r <= year.end),
        )
        for p in details.protection_plans
        if _within(p.started_on, _as_at(p.ended_on, year), year)
    )
    icpc = details.icpc_on if details.icpc_on and year.start <= details.icpc_on <= year.end else None
    return CinDetailsFacts(
        referral_on=details.referral_on,
        referral_source=details.referral_source,
        primary_need=details.primary_need,
        closed_on=closed,
        reason_for_closure=details.reason_for_closure if closed else "",
        icpc_on=icpc,
        referral_nfa=details.referral_nfa,
        assessments=assessments,
        cin_plans=plans,
        section_47s=section_47s,
        protection_plans=protection,
        pre_proceedings=details.pre_proceedings if year.has_pre_proceedings else (),
    )


def _add(parent: etree._Element, tag: str, text: str | None) -> etree._Element | None:
    if text is None or text == "":
        return None
    element = etree.SubElement(parent, tag)
    element.text = text
    return element


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _child_identifiers(parent: etree._Element, child: ChildFacts, year: CollectionYear) -> None:
    node = etree.SubElement(parent, "ChildIdentifiers")
    values = {
        "LAchildID": child.local_id,
        "UPN": child.upn or None,
        "FormerUPN": child.former_upn or None,
        "UPNunknown": child.upn_unknown or None,
        "PersonBirthDate": _iso(child.birth_on),
        "ExpectedPersonBirthDate": _iso(child.expected_birth_on) if child.birth_on is None else None,
        "Sex": child.sex,
        "GenderCurrent": GENDER_CURRENT.get(child.sex, "9"),
        "PersonDeathDate": _iso(_as_at(child.death_on, year)),
    }
    for name in year.cin_child_identifiers:
        _add(node, name, values[name])


def _details(parent: etree._Element, details: CinDetailsFacts, year: CollectionYear) -> None:
    node = etree.SubElement(parent, "CINdetails")
    for name in year.cin_details_sequence:
        if name == "CINreferralDate":
            _add(node, name, _iso(details.referral_on))
        elif name == "ReferralSource":
            _add(node, name, details.referral_source)
        elif name == "PrimaryNeedCode":
            _add(node, name, details.primary_need)
        elif name == "CINclosureDate":
            _add(node, name, _iso(details.closed_on))
        elif name == "ReasonForClosure":
            _add(node, name, details.reason_for_closure or None)
        elif name == "DateOfInitialCPC":
            _add(node, name, _iso(details.icpc_on))
        elif name == "Assessments":
            for assessment in details.assessments:
                a = etree.SubElement(node, "Assessments")
                _add(a, "AssessmentActualStartDate", _iso(assessment.started_on))
                _add(a, "AssessmentInternalReviewDate", _iso(assessment.internal_review_on))
                _add(a, "AssessmentAuthorisationDate", _iso(assessment.authorised_on))
                factors = etree.SubElement(a, "FactorsIdentifiedAtAssessment")
                for factor in assessment.factors:
                    _add(factors, "AssessmentFactors", factor)
        elif name == "CINPlanDates":
            for plan in details.cin_plans:
                p = etree.SubElement(node, "CINPlanDates")
                _add(p, "CINPlanStartDate", _iso(plan.started_on))
                _add(p, "CINPlanEndDate", _iso(plan.ended_on))
        elif name == "Section47":
            for s47 in details.section_47s:
                s = etree.SubElement(node, "Section47")
                _add(s, "S47ActualStartDate", _iso(s47.started_on))
                _add(s, "InitialCPCtarget", _iso(s47.icpc_target_on))
                _add(s, "DateOfInitialCPC", _iso(s47.icpc_on))
                _add(s, "ICPCnotRequired", _bool(s47.icpc_not_required))
        elif name == "ReferralNFA":
            _add(node, name, _bool(details.referral_nfa))
        elif name == "ChildProtectionPlans":
            for plan in details.protection_plans:
                c = etree.SubElement(node, "ChildProtectionPlans")
                _add(c, "CPPstartDate", _iso(plan.started_on))
                _add(c, "CPPendDate", _iso(plan.ended_on))
                _add(c, "InitialCategoryOfAbuse", plan.initial_category or None)
                _add(c, "LatestCategoryOfAbuse", plan.latest_category or None)
                _add(c, "NumberOfPreviousCPP", str(plan.previous_plans))
                if plan.reviews:
                    reviews = etree.SubElement(c, "Reviews")
                    for review in plan.reviews:
                        _add(reviews, "CPPreviewDate", _iso(review))
        elif name == "PreProceedingsandFGDM":
            from .layouts import PRE_PROCEEDINGS_SEQUENCE

            for block in details.pre_proceedings:
                pp = etree.SubElement(node, name)
                for field_name in PRE_PROCEEDINGS_SEQUENCE:
                    _add(pp, field_name, block.get(field_name))


def children_in_year(children: list[ChildFacts], year: CollectionYear) -> list[tuple[ChildFacts, list]]:
    """Each child in the census for ``year`` with their CINdetails as it reports them, in local ID order."""
    included = []
    for child in children:
        details = [d for d in (details_in_year(d, year) for d in child.cin_details) if d is not None]
        if details:
            included.append((child, sorted(details, key=lambda d: d.referral_on)))
    return sorted(included, key=lambda pair: pair[0].local_id)


def build_cin_census(
    children: list[ChildFacts], *, year: CollectionYear, la_code: str, generated_at: datetime, release: str = ""
) -> bytes:
    """The CIN census XML for ``year``: the header, then every child with a referral open in the year."""
    message = etree.Element("Message")
    header = etree.SubElement(message, "Header")
    collection = etree.SubElement(header, "CollectionDetails")
    _add(collection, "Collection", "CIN")
    _add(collection, "Year", year.census_year)
    _add(collection, "ReferenceDate", year.end.isoformat())
    source = etree.SubElement(header, "Source")
    _add(source, "SourceLevel", "L")
    _add(source, "LEA", la_code)
    _add(source, "SoftwareCode", "Caseboard")
    _add(source, "Release", release or "1")
    _add(source, "SerialNo", "001")
    _add(source, "DateTime", generated_at.strftime("%Y-%m-%dT%H:%M:%S"))
    children_node = etree.SubElement(message, "Children")
    for child, details in children_in_year(children, year):
        node = etree.SubElement(children_node, "Child")
        _child_identifiers(node, child, year)
        characteristics = etree.SubElement(node, "ChildCharacteristics")
        _add(characteristics, "Ethnicity", child.ethnicity)
        if child.disabilities:
            disabilities = etree.SubElement(characteristics, "Disabilities")
            for code in child.disabilities:
                _add(disabilities, "Disability", code)
        for item in details:
            _details(node, item, year)
    return etree.tostring(message, xml_declaration=True, encoding="utf-8", pretty_print=True)


# --- reading a census file -------------------------------------------------------------------------------------


@dataclass
class Problem:
    """Something wrong with an import file, where it is and what to do."""

    location: str  # "line 12" or "Child 3 (LAchildID 1001) / CINdetails 1"
    field: str
    message: str
    child: str = ""


@dataclass
class ParsedCensus:
    year: str = ""
    reference_date: date | None = None
    la_code: str = ""
    children: list[ChildFacts] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)


class _Reader:
    def __init__(self, parsed: ParsedCensus, year: CollectionYear | None) -> None:
        self.parsed = parsed
        self.year = year

    def problem(self, element: etree._Element, where: str, name: str, message: str, child: str = "") -> None:
        self.parsed.problems.append(Problem(f"line {element.sourceline} ({where})", name, message, child))

    def warn(self, element: etree._Element, where: str, name: str, message: str, child: str = "") -> None:
        self.parsed.warnings.append(Problem(f"line {element.sourceline} ({where})", name, message, child))

    def text(self, element: etree._Element, name: str) -> str:
        node = element.find(name)
        return (node.text or "").strip() if node is not None and node.text else ""

    def date(self, element: etree._Element, name: str, where: str, child: str, required: bool = False) -> date | None:
        node = element.find(name)
        value = (node.text or "").strip() if node is not None and node.text else ""
        if not value:
            if required:
                self.problem(element, where, name, f"Enter {name}: it is required", child)
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.problem(node, where, name, f"{name} must be a date like 2025-04-01 (not {value!r})", child)
            return None

    def code(self, element: etree._Element, name: str, list_name: str, where: str, child: str) -> str:
        value = self.text(element, name)
        if value and self.year is not None and not self.year.allows(list_name, value):
            self.problem(element.find(name), where, name, f"{value!r} is not a {name} code in {self.year.name}", child)
        return value

    def boolean(self, element: etree._Element, name: str) -> bool:
        return self.text(element, name).lower() in {"1", "true"}


def parse_cin_census(content: bytes, *, year: CollectionYear | None) -> ParsedCensus:
    """Read a CIN census file into children's facts, listing every problem by line and element."""
    parsed = ParsedCensus()
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as error:
        parsed.problems.append(Problem("file", "", f"This is not an XML file the CIN census could read: {error}"))
        return parsed
    if root.tag != "Message" or root.find("Children") is None:
        parsed.problems.append(Problem("file", "", "This is not a CIN census file: it has no Message and Children"))
        return parsed
    reader = _Reader(parsed, year)
    header = root.find("Header")
    if header is not None:
        parsed.year = (
            reader.text(header.find("CollectionDetails"), "Year")
            if header.find("CollectionDetails") is not None
            else ""
        )
        details = header.find("CollectionDetails")
        if details is not None:
            parsed.reference_date = reader.date(details, "ReferenceDate", "Header", "")
        if parsed.year and parsed.reference_date and parsed.reference_date != date(int(parsed.year), 3, 31):
            parsed.problems.append(
                Problem(
                    f"line {details.sourceline} (Header)",
                    "ReferenceDate",
                    f"The reference date {parsed.reference_date:%-d %B %Y} is not 31 March {parsed.year}",
                )
            )
        source = header.find("Source")
        parsed.la_code = reader.text(source, "LEA") if source is not None else ""
    seen: dict[str, int] = {}
    for number, node in enumerate(root.find("Children").findall("Child"), start=1):
        ids = node.find("ChildIdentifiers")
        if ids is None:
            reader.problem(node, f"Child {number}", "ChildIdentifiers", "Each child needs its ChildIdentifiers")
            continue
        local_id = reader.text(ids, "LAchildID")
        where = f"Child {number}, LAchildID {local_id or '?'}"
        if not local_id:
            reader.problem(ids, where, "LAchildID", "Enter the child's LAchildID")
        elif local_id in seen:
            reader.problem(
                ids, where, "LAchildID", f"This child is in the file twice (also child {seen[local_id]})", local_id
            )
        seen.setdefault(local_id, number)
        sex = reader.text(ids, "Sex")
        if not sex and ids.find("GenderCurrent") is not None:
            sex = GENDER_FROM_CURRENT.get(reader.text(ids, "GenderCurrent"), "")
        if sex not in {"M", "F", "U"}:
            reader.problem(ids, where, "Sex", f"{sex or 'nothing'!r} is not a sex code (M, F or U)", local_id)
        born = reader.date(ids, "PersonBirthDate", where, local_id)
        expected = reader.date(ids, "ExpectedPersonBirthDate", where, local_id)
        if born is None and expected is None:
            reader.problem(
                ids, where, "PersonBirthDate", "Enter the date of birth or the expected date of birth", local_id
            )
        chars = node.find("ChildCharacteristics")
        ethnicity = reader.code(chars, "Ethnicity", "ethnicity", where, local_id) if chars is not None else ""
        disabilities = tuple(
            (d.text or "").strip() for d in (chars.findall("Disabilities/Disability") if chars is not None else [])
        )
        for code in disabilities:
            if year is not None and not year.allows("disability", code):
                reader.problem(chars, where, "Disability", f"{code!r} is not a disability code", local_id)
        upn_unknown = reader.code(ids, "UPNunknown", "upn_unknown", where, local_id)
        details_list = []
        for index, cin in enumerate(node.findall("CINdetails"), start=1):
            details_list.append(reader_details(reader, cin, f"{where}, CINdetails {index}", local_id))
        previous: CinDetailsFacts | None = None
        for item in sorted(details_list, key=lambda d: d.referral_on or date.min):
            if previous is not None and (previous.closed_on is None or previous.closed_on > item.referral_on):
                parsed.problems.append(
                    Problem(
                        f"line {node.sourceline} ({where})",
                        "CINreferralDate",
                        f"The referral of {item.referral_on:%-d %B %Y} overlaps the one of "
                        f"{previous.referral_on:%-d %B %Y}, which is not closed by then",
                        local_id,
                    )
                )
            previous = item
        parsed.children.append(
            ChildFacts(
                local_id=local_id,
                sex=sex,
                ethnicity=ethnicity,
                birth_on=born,
                expected_birth_on=expected if born is None else None,
                death_on=reader.date(ids, "PersonDeathDate", where, local_id),
                upn=reader.text(ids, "UPN"),
                former_upn=reader.text(ids, "FormerUPN"),
                upn_unknown=upn_unknown,
                disabilities=disabilities,
                cin_details=tuple(details_list),
            )
        )
    return parsed


def reader_details(reader: _Reader, cin: etree._Element, where: str, child: str) -> CinDetailsFacts:
    referral = reader.date(cin, "CINreferralDate", where, child, required=True)
    closed = reader.date(cin, "CINclosureDate", where, child)
    if referral and closed and closed < referral:
        reader.problem(cin, where, "CINclosureDate", "The referral is closed before it was made", child)
    reason = reader.code(cin, "ReasonForClosure", "reason_for_closure", where, child)
    if closed and not reason:
        reader.problem(cin, where, "ReasonForClosure", "A closed referral needs its reason for closure", child)
    assessments = []
    for a in cin.findall("Assessments"):
        started = reader.date(a, "AssessmentActualStartDate", where, child, required=True)
        factors = tuple((f.text or "").strip() for f in a.findall("FactorsIdentifiedAtAssessment/AssessmentFactors"))
        for code in factors:
            if reader.year is not None and not reader.year.allows("assessment_factors", code):
                reader.problem(a, where, "AssessmentFactors", f"{code!r} is not an assessment factor code", child)
        if started:
            assessments.append(
                AssessmentFacts(
                    started_on=started,
                    internal_review_on=reader.date(a, "AssessmentInternalReviewDate", where, child),
                    authorised_on=reader.date(a, "AssessmentAuthorisationDate", where, child),
                    factors=factors,
                )
            )
    plans = []
    for p in cin.findall("CINPlanDates"):
        started = reader.date(p, "CINPlanStartDate", where, child, required=True)
        if started:
            plans.append(PlanPeriod(started_on=started, ended_on=reader.date(p, "CINPlanEndDate", where, child)))
    s47s = []
    for s in cin.findall("Section47"):
        started = reader.date(s, "S47ActualStartDate", where, child, required=True)
        if started:
            s47s.append(
                Section47Facts(
                    started_on=started,
                    icpc_target_on=reader.date(s, "InitialCPCtarget", where, child),
                    icpc_on=reader.date(s, "DateOfInitialCPC", where, child),
                    icpc_not_required=reader.boolean(s, "ICPCnotRequired"),
                )
            )
    cpps = []
    for c in cin.findall("ChildProtectionPlans"):
        started = reader.date(c, "CPPstartDate", where, child, required=True)
        previous = reader.text(c, "NumberOfPreviousCPP")
        if previous and not previous.isdigit():
            reader.problem(c, where, "NumberOfPreviousCPP", f"{previous!r} is not a number", child)
        reviews = []
        for node in c.findall("Reviews/CPPreviewDate"):
            value = (node.text or "").strip()
            try:
                reviews.append(date.fromisoformat(value))
            except ValueError:
                reader.problem(node, where, "CPPreviewDate", f"CPPreviewDate must be a date (not {value!r})", child)
        if started:
            cpps.append(
                ProtectionPlanFacts(
                    started_on=started,
                    ended_on=reader.date(c, "CPPendDate", where, child),
                    initial_category=reader.code(c, "InitialCategoryOfAbuse", "category_of_abuse", where, child),
                    latest_category=reader.code(c, "LatestCategoryOfAbuse", "category_of_abuse", where, child),
                    previous_plans=int(previous) if previous.isdigit() else 0,
                    reviews=tuple(sorted(reviews)),
                )
            )
    # One child protection plan at a time (an overlap refuses the file). The order of events is queried, not
    # refused (the DfE validator will raise it too): nothing before the referral or after its closure, no child in
    # need plan open during a child protection plan.
    if referral:
        dated = [("AssessmentActualStartDate", a.started_on) for a in assessments]
        dated += [("CINPlanStartDate", p.started_on) for p in plans]
        dated += [("S47ActualStartDate", s.started_on) for s in s47s]
        dated += [("CPPstartDate", c.started_on) for c in cpps]
        icpc = reader.date(cin, "DateOfInitialCPC", where, child)
        dated += [("DateOfInitialCPC", day) for day in [icpc, *(s.icpc_on for s in s47s)] if day]
        for name, day in dated:
            if day < referral:
                reader.warn(cin, where, name, f"{name} ({day:%-d %B %Y}) is before the referral date", child)
            elif closed and day > closed:
                reader.warn(cin, where, name, f"{name} ({day:%-d %B %Y}) is after the referral closed", child)
    ordered = sorted(cpps, key=lambda c: c.started_on)
    for first, second in itertools.pairwise(ordered):
        if first.ended_on is None or first.ended_on > second.started_on:
            reader.problem(cin, where, "CPPstartDate", "Two child protection plans overlap", child)
    for plan in plans:
        for cpp in cpps:
            plan_end = plan.ended_on or date.max
            if cpp.started_on < plan_end and (cpp.ended_on or date.max) > plan.started_on:
                reader.warn(
                    cin, where, "CINPlanStartDate", "A child in need plan is open during a child protection plan", child
                )
    pre = []
    for block in cin.findall("PreProceedingsandFGDM"):
        pre.append({el.tag: (el.text or "").strip() for el in block if isinstance(el.tag, str)})
    return CinDetailsFacts(
        referral_on=referral or date.min,
        referral_source=reader.code(cin, "ReferralSource", "referral_source", where, child),
        primary_need=reader.code(cin, "PrimaryNeedCode", "primary_need", where, child),
        closed_on=closed,
        reason_for_closure=reason,
        icpc_on=reader.date(cin, "DateOfInitialCPC", where, child),
        referral_nfa=reader.boolean(cin, "ReferralNFA"),
        assessments=tuple(assessments),
        cin_plans=tuple(plans),
        section_47s=tuple(s47s),
        protection_plans=tuple(cpps),
        pre_proceedings=tuple(pre),
    )

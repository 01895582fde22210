"""The layouts and code lists of the DfE returns, as data keyed by collection year (DOMAIN.md section 9).

A collection year runs from 1 April to 31 March and is named "2025-26". Each year's specification is written
here as the changes from the year before, so adding a year is adding one entry. No Django import: the builders and
parsers that use these are plain Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

ETHNICITY = [
    "WBRI",
    "WIRI",
    "WIRT",
    "WOTH",
    "WROM",
    "MWBC",
    "MWBA",
    "MWAS",
    "MOTH",
    "AIND",
    "APKN",
    "ABAN",
    "AOTH",
    "BCRB",
    "BAFR",
    "BOTH",
    "CHNE",
    "OOTH",
    "REFU",
    "NOBT",
]
DISABILITY = ["NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"]
REFERRAL_SOURCE = [
    "1A",
    "1B",
    "1C",
    "1D",
    "2A",
    "2B",
    "3A",
    "3B",
    "3C",
    "3D",
    "3E",
    "3F",
    "4",
    "5A",
    "5B",
    "5C",
    "5D",
    "6",
    "7",
    "8",
    "9",
    "10",
]
PRIMARY_NEED = ["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9", "N0"]
REASON_FOR_CLOSURE = ["RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9"]
CATEGORY_OF_ABUSE = ["NEG", "PHY", "SAB", "EMO", "MUL"]
UPN_UNKNOWN = ["UN1", "UN2", "UN3", "UN4", "UN5", "UN6", "UN7"]
ASSESSMENT_FACTORS = [
    "1A",
    "1B",
    "1C",
    "2A",
    "2B",
    "2C",
    "3A",
    "3B",
    "3C",
    "4A",
    "4B",
    "4C",
    "5A",
    "5B",
    "5C",
    "6A",
    "6B",
    "6C",
    "7A",
    "8B",
    "8C",
    "8D",
    "8E",
    "8F",
    "9A",
    "10A",
    "11A",
    "12A",
    "13A",
    "14A",
    "15A",
    "16A",
    "17A",
    "18A",
    "18B",
    "18C",
    "19A",
    "19B",
    "19C",
    "20",
    "21",
    "22A",
    "23A",
    "24A",
]

RNE = ["S", "L", "P", "T", "U", "B"]
LEGAL_STATUS = ["C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4"]
PLACE_2024 = [
    "A3",
    "A4",
    "A5",
    "A6",
    "H5",
    "K1",
    "K2",
    "K3",
    "P1",
    "P2",
    "P3",
    "R1",
    "R2",
    "R3",
    "R5",
    "S1",
    "T0",
    "T1",
    "T2",
    "T3",
    "T4",
    "U1",
    "U2",
    "U3",
    "U4",
    "U5",
    "U6",
    "Z1",
]
PLACE_2025 = sorted((set(PLACE_2024) - {"H5", "P2", "Z1"}) | {"Z11", "Z12", "Z13", "Z14"})
PLACE_PROVIDER = ["PR0", "PR1", "PR2", "PR3", "PR4", "PR5"]
# Placement types of which SSDA903 records no Ofsted URN (rules 218 and 222): with parents, in residential
# employment, in settings Ofsted does not register (NHS, care homes, young offender institutions), temporary.
PLACE_WITHOUT_URN_2024 = ["P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z1"]
PLACE_WITHOUT_URN_2025 = [*PLACE_WITHOUT_URN_2024[:-1], "Z11", "Z12", "Z13", "Z14"]
# Placement types whose provider may have no URN of its own, recorded as the DfE's "XXXXXXX" (rule 242): placed for
# adoption (a regional adoption agency) and with foster carers.
PLACE_URN_MAY_BE_UNKNOWN = ["A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6"]
NO_URN = "XXXXXXX"
# Short breaks (V3, V4) record no placement postcode or URN (rule 214).
LEGAL_STATUS_SHORT_BREAKS = ["V3", "V4"]
REASON_CEASED = [
    "E11",
    "E12",
    "E13",
    "E14",
    "E15",
    "E16",
    "E17",
    "E2",
    "E3",
    "E41",
    "E45",
    "E46",
    "E47",
    "E48",
    "E4A",
    "E4B",
    "E5",
    "E6",
    "E7",
    "E8",
    "E9",
    "X1",
]

CIN_CHILD_IDENTIFIERS_2023 = (
    "LAchildID",
    "UPN",
    "FormerUPN",
    "UPNunknown",
    "PersonBirthDate",
    "ExpectedPersonBirthDate",
    "GenderCurrent",
    "PersonDeathDate",
)
# From 2024-25 the census records Sex (M, F, U) where it recorded GenderCurrent (1, 2, 0, 9).
CIN_CHILD_IDENTIFIERS_2024 = tuple("Sex" if name == "GenderCurrent" else name for name in CIN_CHILD_IDENTIFIERS_2023)
# The order of CINdetails' children, as the schema's xs:sequence has it.
CIN_DETAILS_SEQUENCE = (
    "CINreferralDate",
    "ReferralSource",
    "PrimaryNeedCode",
    "CINclosureDate",
    "ReasonForClosure",
    "DateOfInitialCPC",
    "Assessments",
    "CINPlanDates",
    "Section47",
    "ReferralNFA",
    "ChildProtectionPlans",
)
CIN_DETAILS_SEQUENCE_2026 = (*CIN_DETAILS_SEQUENCE, "PreProceedingsandFGDM")
PRE_PROCEEDINGS_SEQUENCE = (
    "PPStartDate",
    "LBPSentDate",
    "FGDMMeetingOffer",
    "FGDMMeetingFac",
    "InitialPPMeetingDate",
    "ReviewMeetingsCount",
    "StepDecisionDate",
    "PPOutcome",
    "CourtAppDate",
    "LetterInitCPDate",
)

SSDA903_TABLES_2023: dict[str, tuple[str, ...]] = {
    "Header": ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
    "Episodes": (
        "CHILD",
        "DECOM",
        "RNE",
        "LS",
        "CIN",
        "PLACE",
        "PLACE_PROVIDER",
        "DEC",
        "REC",
        "REASON_PLACE_CHANGE",
        "HOME_POST",
        "PL_POST",
        "URN",
    ),
    "Reviews": ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
    "UASC": ("CHILD", "SEX", "DOB", "DUC"),
    "OC2": (
        "CHILD",
        "DOB",
        "SDQ_SCORE",
        "SDQ_REASON",
        "CONVICTED",
        "HEALTH_CHECK",
        "IMMUNISATIONS",
        "TEETH_CHECK",
        "HEALTH_ASSESSMENT",
        "SUBSTANCE_MISUSE",
        "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ),
    "OC3": ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
    "AD1": ("CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"),
    "PlacedAdoption": ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
    "PrevPerm": ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
    "Missing": ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
    "SWEpisodes": ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
}
SSDA903_TABLES_2026 = {**SSDA903_TABLES_2023, "DoLo": ("CHILD", "DOB", "DOLO_START", "DOLO_END")}
# The file name each table is written to (the validators recognise tables by their columns, not their names).
SSDA903_FILE_NAMES = {
    "Header": "header.csv",
    "Episodes": "episodes.csv",
    "Reviews": "reviews.csv",
    "UASC": "uasc.csv",
    "OC2": "oc2.csv",
    "OC3": "oc3.csv",
    "AD1": "ad1.csv",
    "PlacedAdoption": "placed_for_adoption.csv",
    "PrevPerm": "previous_permanence.csv",
    "Missing": "missing.csv",
    "SWEpisodes": "social_worker_episodes.csv",
    "DoLo": "dolo.csv",
}


@dataclass(frozen=True)
class CollectionYear:
    """One collection year's layouts and code lists."""

    name: str  # "2025-26"
    cin_child_identifiers: tuple[str, ...]
    cin_details_sequence: tuple[str, ...]
    sex_codes: tuple[str, ...]
    ssda903_tables: dict[str, tuple[str, ...]]
    place_codes: tuple[str, ...]
    codes: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def start(self) -> date:
        return date(int(self.name[:4]), 4, 1)

    @property
    def end(self) -> date:
        return date(int(self.name[:4]) + 1, 3, 31)

    @property
    def census_year(self) -> str:
        """The year the CIN census calls this collection ("2026" for 2025-26: the year of its reference date)."""
        return str(self.end.year)

    @property
    def has_pre_proceedings(self) -> bool:
        return "PreProceedingsandFGDM" in self.cin_details_sequence

    def allows(self, list_name: str, code: str) -> bool:
        return code in self.codes[list_name]


_COMMON_CODES = {
    "ethnicity": tuple(ETHNICITY),
    "disability": tuple(DISABILITY),
    "referral_source": tuple(REFERRAL_SOURCE),
    "primary_need": tuple(PRIMARY_NEED),
    "reason_for_closure": tuple(REASON_FOR_CLOSURE),
    "category_of_abuse": tuple(CATEGORY_OF_ABUSE),
    "upn_unknown": tuple(UPN_UNKNOWN),
    "assessment_factors": tuple(ASSESSMENT_FACTORS),
    "rne": tuple(RNE),
    "legal_status": tuple(LEGAL_STATUS),
    "place_provider": tuple(PLACE_PROVIDER),
    "reason_ceased": tuple(REASON_CEASED),
    "place_without_urn": tuple(PLACE_WITHOUT_URN_2024),
    "place_urn_may_be_unknown": tuple(PLACE_URN_MAY_BE_UNKNOWN),
    "short_breaks": tuple(LEGAL_STATUS_SHORT_BREAKS),
}

_2023_24 = CollectionYear(
    name="2023-24",
    cin_child_identifiers=CIN_CHILD_IDENTIFIERS_2023,
    cin_details_sequence=CIN_DETAILS_SEQUENCE,
    sex_codes=("1", "2"),
    ssda903_tables=SSDA903_TABLES_2023,
    place_codes=tuple(PLACE_2024),
    codes={**_COMMON_CODES, "place": tuple(PLACE_2024), "sex": ("1", "2")},
)
_2024_25 = replace(
    _2023_24,
    name="2024-25",
    cin_child_identifiers=CIN_CHILD_IDENTIFIERS_2024,
    sex_codes=("M", "F", "U"),
    codes={**_2023_24.codes, "sex": ("M", "F", "U")},
)
_2025_26 = replace(
    _2024_25,
    name="2025-26",
    place_codes=tuple(PLACE_2025),
    codes={**_2024_25.codes, "place": tuple(PLACE_2025), "place_without_urn": tuple(PLACE_WITHOUT_URN_2025)},
)
_2026_27 = replace(
    _2025_26,
    name="2026-27",
    cin_details_sequence=CIN_DETAILS_SEQUENCE_2026,
    ssda903_tables=SSDA903_TABLES_2026,
)

# Earlier years, for importing another system's older files: the 2023-24 layouts held since 2021-22 (before
# social worker episodes, which the import does not take in any case).
_2021_22 = replace(_2023_24, name="2021-22")
_2022_23 = replace(_2023_24, name="2022-23")

YEARS: dict[str, CollectionYear] = {
    year.name: year for year in (_2021_22, _2022_23, _2023_24, _2024_25, _2025_26, _2026_27)
}


class UnknownYear(ValueError):
    pass


def collection_year(name: str) -> CollectionYear:
    """The layouts for a collection year named "2025-26" (or "2026", the year its census date falls in)."""
    if len(name) == 4 and name.isdigit():
        name = f"{int(name) - 1}-{name[2:]}"
    try:
        return YEARS[name]
    except KeyError:
        known = ", ".join(YEARS)
        raise UnknownYear(f"There is no layout for the collection year {name}: choose one of {known}") from None


def year_containing(day: date) -> CollectionYear:
    """The collection year (1 April to 31 March) that a date falls in, or the latest year with a layout."""
    start = day.year if day.month >= 4 else day.year - 1
    name = f"{start}-{str(start + 1)[2:]}"
    return YEARS.get(name) or YEARS[max(YEARS)]

"""Where in Caseboard to fix what a return's validator flags: each return field, in words, with the part of the
child's record that holds it."""

from __future__ import annotations

FIELD_HOMES: dict[str, tuple[str, str]] = {
    # CIN census (table, field) -> (what it is, where it is kept)
    "ChildIdentifiers.UPN": ("UPN", "the child's details"),
    "ChildIdentifiers.UPNunknown": ("Reason the UPN is unknown", "the child's details"),
    "ChildIdentifiers.PersonBirthDate": ("Date of birth", "the child's details"),
    "ChildIdentifiers.ExpectedPersonBirthDate": ("Expected date of birth", "the child's details"),
    "ChildIdentifiers.Sex": ("Sex", "the child's details"),
    "ChildCharacteristics.Ethnicity": ("Ethnicity", "the child's details"),
    "Disabilities.Disability": ("Disabilities", "the child's details"),
    "CINdetails.CINreferralDate": ("Referral date", "the child in need episode"),
    "CINdetails.ReferralSource": ("Referral source", "the child in need episode"),
    "CINdetails.PrimaryNeedCode": ("Primary need", "the child in need episode"),
    "CINdetails.CINclosureDate": ("Closure date", "the child in need episode"),
    "CINdetails.ReasonForClosure": ("Reason for closure", "the child in need episode"),
    "CINdetails.DateOfInitialCPC": ("Initial child protection conference", "meetings"),
    "Assessments.AssessmentActualStartDate": ("Assessment start date", "the assessment"),
    "Assessments.AssessmentAuthorisationDate": ("Assessment authorised", "the assessment"),
    "AssessmentFactorsList.AssessmentFactors": ("Factors identified", "the assessment"),
    "CINplanDates.CINPlanStartDate": ("Child in need plan start", "the assessment that made the plan"),
    "CINplanDates.CINPlanEndDate": ("Child in need plan end", "the child in need episode"),
    "Section47.S47ActualStartDate": ("Section 47 enquiry start", "meetings"),
    "Section47.DateOfInitialCPC": ("Initial child protection conference", "meetings"),
    "ChildProtectionPlans.CPPstartDate": ("Child protection plan start", "the child protection episode"),
    "ChildProtectionPlans.CPPendDate": ("Child protection plan end", "the child protection episode"),
    "Reviews.CPPreviewDate": ("Review conference", "meetings"),
    # SSDA903
    "Header.SEX": ("Sex", "the child's details"),
    "Header.DOB": ("Date of birth", "the child's details"),
    "Header.ETHNIC": ("Ethnicity", "the child's details"),
    "Header.UPN": ("UPN", "the child's details"),
    "Header.MOTHER": ("Whether she is a mother", "the child's returns details"),
    "Header.MC_DOB": ("Her child's date of birth", "the child's returns details"),
    "Episodes.DECOM": ("Episode start", "the looked-after episode"),
    "Episodes.RNE": ("Reason for new episode", "the looked-after episodes (worked out from them)"),
    "Episodes.LS": ("Legal status", "the looked-after episode"),
    "Episodes.CIN": ("Category of need", "the child in need episode"),
    "Episodes.PLACE": ("Placement type", "the looked-after episode"),
    "Episodes.PLACE_PROVIDER": ("Placement provider", "the looked-after episode"),
    "Episodes.DEC": ("Episode end", "the looked-after episode"),
    "Episodes.REC": ("Reason the episode ceased", "the looked-after episode"),
    "Episodes.REASON_PLACE_CHANGE": ("Reason for the change of placement", "the looked-after episode"),
    "Episodes.HOME_POST": ("Home postcode", "the child's details"),
    "Episodes.PL_POST": ("Placement postcode", "the setting the placement names (its postcode)"),
    "Episodes.URN": ("Ofsted URN of the placement", "the setting the placement names (its Ofsted URN)"),
    # Derived by the DfE from the placement postcode (and the child's home postcode for the distance).
    "Episodes.PL_LA": ("Local authority of the placement", "the setting the placement names (its postcode)"),
    "Episodes.PL_LOCATION": (
        "Placement inside or outside the council",
        "the setting the placement names (its postcode)",
    ),
    "Episodes.PL_DISTANCE": ("Distance from home to placement", "the child's details and the placement's setting"),
    "Reviews.REVIEW": ("Looked-after review", "meetings"),
    "Reviews.REVIEW_CODE": ("How the child took part", "the looked-after review"),
    "UASC.DUC": ("Date UASC status ceased", "the child's returns details"),
    "OC2.SDQ_SCORE": ("SDQ score", "the child's health outcomes"),
    "OC3.IN_TOUCH": ("In touch", "the care leaver's outcomes"),
    "PrevPerm.PREV_PERM": ("Previous permanence", "the child's returns details"),
    "Missing.MIS_START": ("Missing from", "the child's missing episodes"),
    "SWEpisodes.SW_ID": ("Social worker", "allocations"),
    "SWEpisodes.SW_REASON": ("Why the social worker changed", "allocations"),
}


def field_home(table: str | None, field: str | None) -> tuple[str, str]:
    """(the field in words, where it is kept) for a validator's table and field."""
    key = f"{table}.{field}"
    if key in FIELD_HOMES:
        return FIELD_HOMES[key]
    if table and table.startswith("OC2"):
        return (field or "", "the child's health outcomes")
    if table == "OC3":
        return (field or "", "the care leaver's outcomes")
    if table in {"AD1", "PlacedAdoption"}:
        return (field or "", "the child's adoption details")
    return (field or "", "the child's record")

"""CIN census and SSDA903 code lists used by episodes (DOMAIN.md section 9)."""

from django.db import models


class ReferralSource(models.TextChoices):
    S1A = "1A", "1A: Individual – family member or relative"
    S1B = "1B", "1B: Individual – acquaintance"
    S1C = "1C", "1C: Individual – self"
    S1D = "1D", "1D: Individual – other"
    S2A = "2A", "2A: School"
    S2B = "2B", "2B: Education services"
    S3A = "3A", "3A: Health – GP"
    S3B = "3B", "3B: Health – health visitor"
    S3C = "3C", "3C: Health – school nurse"
    S3D = "3D", "3D: Health – other primary health"
    S3E = "3E", "3E: Health – A&E"
    S3F = "3F", "3F: Health – other"
    S4 = "4", "4: Housing"
    S5A = "5A", "5A: LA – social care"
    S5B = "5B", "5B: LA – other internal department"
    S5C = "5C", "5C: LA – external"
    S5D = "5D", "5D: Early help"
    S6 = "6", "6: Police"
    S7 = "7", "7: Other legal agency"
    S8 = "8", "8: Other"
    S9 = "9", "9: Anonymous"
    S10 = "10", "10: Unknown"


class PrimaryNeed(models.TextChoices):
    N1 = "N1", "N1: Abuse or neglect"
    N2 = "N2", "N2: Child's disability"
    N3 = "N3", "N3: Parental illness or disability"
    N4 = "N4", "N4: Family in acute stress"
    N5 = "N5", "N5: Family dysfunction"
    N6 = "N6", "N6: Socially unacceptable behaviour"
    N7 = "N7", "N7: Low income"
    N8 = "N8", "N8: Absent parenting"
    N9 = "N9", "N9: Cases other than children in need"
    N0 = "N0", "N0: Not stated"


class ReasonForClosure(models.TextChoices):
    RC1 = "RC1", "RC1: Adopted"
    RC2 = "RC2", "RC2: Died"
    RC3 = "RC3", "RC3: Child arrangements order"
    RC4 = "RC4", "RC4: Special guardianship order"
    RC5 = "RC5", "RC5: Transferred to another local authority"
    RC6 = "RC6", "RC6: Transferred to adult social care"
    RC7 = "RC7", "RC7: Other"
    RC8 = "RC8", "RC8: No further action after assessment"
    RC9 = "RC9", "RC9: Early help after assessment"


class CategoryOfAbuse(models.TextChoices):
    NEG = "NEG", "Neglect"
    PHY = "PHY", "Physical abuse"
    SAB = "SAB", "Sexual abuse"
    EMO = "EMO", "Emotional abuse"
    MUL = "MUL", "Multiple"


class LegalStatus(models.TextChoices):
    C1 = "C1", "C1: Interim care order"
    C2 = "C2", "C2: Full care order"
    D1 = "D1", "D1: Freeing order"
    E1 = "E1", "E1: Placement order"
    J1 = "J1", "J1: Remanded to LA accommodation or YDA"
    J2 = "J2", "J2: Police protection (PACE) in LA accommodation"
    J3 = "J3", "J3: Youth rehabilitation order with residence requirement"
    L1 = "L1", "L1: Police protection"
    L2 = "L2", "L2: Emergency protection order"
    L3 = "L3", "L3: Child assessment order"
    V2 = "V2", "V2: Accommodated under section 20"
    V3 = "V3", "V3: Single short break (s20)"
    V4 = "V4", "V4: Series of short breaks (s20)"


class PlacementType(models.TextChoices):
    A3 = "A3", "A3: Placed for adoption (consent, with former foster carer)"
    A4 = "A4", "A4: Placed for adoption (consent, not with former foster carer)"
    A5 = "A5", "A5: Placed for adoption (placement order, with former foster carer)"
    A6 = "A6", "A6: Placed for adoption (placement order, not with former foster carer)"
    K1 = "K1", "K1: Secure children's home"
    K2 = "K2", "K2: Children's home"
    K3 = "K3", "K3: Supported accommodation"
    P1 = "P1", "P1: Placed with own parent(s)"
    P3 = "P3", "P3: Residential employment"
    R1 = "R1", "R1: Residential care home"
    R2 = "R2", "R2: NHS or health trust establishment"
    R3 = "R3", "R3: Family centre or mother and baby unit"
    R5 = "R5", "R5: Young offender institution or prison"
    S1 = "S1", "S1: Residential school"
    T0 = "T0", "T0: Temporary move (all types)"
    T1 = "T1", "T1: Temporary – hospital"
    T2 = "T2", "T2: Temporary – holiday"
    T3 = "T3", "T3: Temporary – accommodation for respite"
    T4 = "T4", "T4: Temporary – other"
    U1 = "U1", "U1: Foster – family or friend, long term"
    U2 = "U2", "U2: Foster – family or friend, fostering for adoption"
    U3 = "U3", "U3: Foster – family or friend, other"
    U4 = "U4", "U4: Foster – other carer, long term"
    U5 = "U5", "U5: Foster – other carer, fostering for adoption"
    U6 = "U6", "U6: Foster – other carer, other"


class PlacementProvider(models.TextChoices):
    PR0 = "PR0", "PR0: Parent(s) or person with parental responsibility"
    PR1 = "PR1", "PR1: Own local authority"
    PR2 = "PR2", "PR2: Other local authority"
    PR3 = "PR3", "PR3: Other public provision"
    PR4 = "PR4", "PR4: Private provision"
    PR5 = "PR5", "PR5: Voluntary or third sector"


class ReasonEpisodeCeased(models.TextChoices):
    E11 = "E11", "E11: Adopted – application unopposed"
    E12 = "E12", "E12: Adopted – consent dispensed with"
    E13 = "E13", "E13: Left care to live with a person without parental responsibility"
    E14 = "E14", "E14: Accommodation on remand ended"
    E15 = "E15", "E15: Age assessed as 18 or over"
    E16 = "E16", "E16: Child moved abroad"
    E17 = "E17", "E17: Aged 18 and stayed with former foster carers (staying put)"
    E2 = "E2", "E2: Died"
    E3 = "E3", "E3: Care taken over by another local authority"
    E41 = "E41", "E41: Child arrangements order"
    E45 = "E45", "E45: SGO – former foster carer"
    E46 = "E46", "E46: SGO – not former foster carer"
    E47 = "E47", "E47: SGO – relative or friend (not foster carer)"
    E48 = "E48", "E48: SGO – other"
    E4A = "E4A", "E4A: Returned home to parents – planned"
    E4B = "E4B", "E4B: Returned home to parents – not planned"
    E5 = "E5", "E5: Moved to independent living with supportive accommodation"
    E6 = "E6", "E6: Moved to independent living without formalised support"
    E7 = "E7", "E7: Transferred to residential care funded by adult social care"
    E8 = "E8", "E8: Any other reason"
    E9 = "E9", "E9: Sentenced to custody"
    X1 = "X1", "X1: Episode ceases, new episode begins on the same day"


class CareLeaverStatus(models.TextChoices):
    ELIGIBLE = "eligible", "Eligible (16–17, in care)"
    RELEVANT = "relevant", "Relevant (16–17, left care)"
    FORMER_RELEVANT = "former_relevant", "Former relevant (18–25)"


# --- SSDA903 tables beyond episodes (DOMAIN.md section 9.2). Labels marked ⚠ there are to be checked against each
# year's guidance; the codes are those the DfE validators accept.


class ReasonPlaceChange(models.TextChoices):
    CARPL = "CARPL", "CARPL: Change to the care plan"
    CLOSE = "CLOSE", "CLOSE: The placement provider closed or stopped providing"
    ALLEG = "ALLEG", "ALLEG: Allegation (section 47) about the carer"
    STAND = "STAND", "STAND: Concern about standards of care"
    APPRR = "APPRR", "APPRR: The carer's approval was removed"
    CREQB = "CREQB", "CREQB: The carer asked, because of the child's behaviour"
    CREQO = "CREQO", "CREQO: The carer asked, for another reason"
    CHILD = "CHILD", "CHILD: The child asked"
    LAREQ = "LAREQ", "LAREQ: The local authority decided, for resources"
    PLACE = "PLACE", "PLACE: The placing authority decided, for other reasons"
    CUSTOD = "CUSTOD", "CUSTOD: Custody arrangement"
    OTHER = "OTHER", "OTHER: Any other reason"


class MissingKind(models.TextChoices):
    MISSING = "M", "Missing from placement"
    AWAY = "A", "Away from placement without authorisation"


class SdqReason(models.TextChoices):
    SDQ1 = "SDQ1", "SDQ1: The child was under 4 or over 17 at the latest assessment"
    SDQ2 = "SDQ2", "SDQ2: The carer refused to complete the questionnaire"
    SDQ3 = "SDQ3", "SDQ3: The child's disability was too severe for the questionnaire"
    SDQ4 = "SDQ4", "SDQ4: Other reason"
    SDQ5 = "SDQ5", "SDQ5: The child refused to allow it"


class InTouch(models.TextChoices):
    YES = "YES", "In touch"
    NO = "NO", "Not in touch"
    DIED = "DIED", "Died"
    REFU = "REFU", "Refuses contact"
    NREQ = "NREQ", "No longer needs services"
    RHOM = "RHOM", "Returned home to parents for more than 6 months"


class CareLeaverActivity(models.TextChoices):
    F1 = "F1", "F1: Full-time higher education"
    P1 = "P1", "P1: Part-time higher education"
    F2 = "F2", "F2: Full-time education other than higher"
    P2 = "P2", "P2: Part-time education other than higher"
    F4 = "F4", "F4: Full-time training or employment"
    P4 = "P4", "P4: Part-time training or employment"
    F5 = "F5", "F5: Full-time apprenticeship"
    P5 = "P5", "P5: Part-time apprenticeship"
    G4 = "G4", "G4: Not in education, employment or training: illness or disability"
    G5 = "G5", "G5: Not in education, employment or training: other reasons"
    G6 = "G6", "G6: Not in education, employment or training: pregnancy or parenting"


class CareLeaverAccommodation(models.TextChoices):
    B1 = "B1", "B1: With parents or relatives (suitable)"
    B2 = "B2", "B2: With parents or relatives (not suitable)"
    C1 = "C1", "C1: Community home (suitable)"
    C2 = "C2", "C2: Community home (not suitable)"
    D1 = "D1", "D1: Semi-independent, transitional (suitable)"
    D2 = "D2", "D2: Semi-independent, transitional (not suitable)"
    E1 = "E1", "E1: Supported lodgings (suitable)"
    E2 = "E2", "E2: Supported lodgings (not suitable)"
    G1 = "G1", "G1: Gone abroad (suitable)"
    G2 = "G2", "G2: Gone abroad (not suitable)"
    H1 = "H1", "H1: Deported (suitable)"
    H2 = "H2", "H2: Deported (not suitable)"
    K1 = "K1", "K1: Ordinary lodgings (suitable)"
    K2 = "K2", "K2: Ordinary lodgings (not suitable)"
    R1 = "R1", "R1: Residence unknown (suitable)"
    R2 = "R2", "R2: Residence unknown (not suitable)"
    S2 = "S2", "S2: No fixed abode or homeless (not suitable)"
    T1 = "T1", "T1: Foyers (suitable)"
    T2 = "T2", "T2: Foyers (not suitable)"
    U1 = "U1", "U1: Independent living (suitable)"
    U2 = "U2", "U2: Independent living (not suitable)"
    V1 = "V1", "V1: Emergency accommodation (suitable)"
    V2 = "V2", "V2: Emergency accommodation (not suitable)"
    W1 = "W1", "W1: Bed and breakfast (suitable)"
    W2 = "W2", "W2: Bed and breakfast (not suitable)"
    X2 = "X2", "X2: In custody (not suitable)"
    Y1 = "Y1", "Y1: Other accommodation (suitable)"
    Y2 = "Y2", "Y2: Other accommodation (not suitable)"
    Z1 = "Z1", "Z1: With former foster carers (suitable)"
    Z2 = "Z2", "Z2: With former foster carers (not suitable)"


class PreviousPermanenceKind(models.TextChoices):
    P1 = "P1", "P1: Adoption"
    P2 = "P2", "P2: Special guardianship order"
    P3 = "P3", "P3: Residence order or child arrangements order"
    P4 = "P4", "P4: Permanence arrangement, kind not known"
    Z1 = "Z1", "Z1: No previous permanence, or not known"


class ReasonPlacedCeased(models.TextChoices):
    E11 = "E11", "E11: Adopted, application unopposed"
    E12 = "E12", "E12: Adopted, consent dispensed with"
    RD1 = "RD1", "RD1: The child's needs changed"
    RD2 = "RD2", "RD2: The court did not make a placement order"
    RD3 = "RD3", "RD3: Prospective adopters could not be found"
    RD4 = "RD4", "RD4: Any other reason"


class AdoptersSex(models.TextChoices):
    M1 = "M1", "M1: One male adopter"
    F1 = "F1", "F1: One female adopter"
    MM = "MM", "MM: Two male adopters"
    FF = "FF", "FF: Two female adopters"
    MF = "MF", "MF: A male and a female adopter"


class AdoptersLegalStatus(models.TextChoices):
    L0 = "L0", "L0: Single adopter"
    L11 = "L11", "L11: Married couple, opposite sex"
    L12 = "L12", "L12: Married couple, same sex"
    L2 = "L2", "L2: Civil partners"
    L3 = "L3", "L3: Unmarried couple"
    L4 = "L4", "L4: Other"


class ReviewParticipation(models.TextChoices):
    PN0 = "PN0", "PN0: The child was under 4"
    PN1 = "PN1", "PN1: The child attended and spoke for themselves"
    PN2 = "PN2", "PN2: The child attended and an advocate spoke for them"
    PN3 = "PN3", "PN3: The child attended and conveyed their views symbolically"
    PN4 = "PN4", "PN4: The child attended but did not speak"
    PN5 = "PN5", "PN5: The child did not attend and briefed an advocate"
    PN6 = "PN6", "PN6: The child did not attend and conveyed their views another way"
    PN7 = "PN7", "PN7: The child did not attend and gave no views"


class SocialWorkerChangeReason(models.TextChoices):
    MANAGE = "MANAGE", "A management decision"
    FCONTA = "FCONTA", "The family or child asked"
    LEFTRL = "LEFTRL", "The social worker left their role"
    ORGRST = "ORGRST", "The organisation was restructured"
    TSPROC = "TSPROC", "The case moved on in the service's process"
    ABSENC = "ABSENC", "The social worker was absent"
    CHCHAN = "CHCHAN", "The child's circumstances changed"
    PCCHAN = "PCCHAN", "The placement changed"
    SWDIED = "SWDIED", "The social worker died"
    OTHERS = "OTHERS", "Any other reason"

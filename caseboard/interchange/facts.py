"""A child's record as the returns see it: plain frozen dataclasses, built from Caseboard's records by
``selectors.child_records`` or from a return file by the parsers, and turned into files by the builders.

No Django import. Dates are ``date`` objects; codes are the data standards' codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class AssessmentFacts:
    started_on: date
    authorised_on: date | None = None
    internal_review_on: date | None = None
    factors: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanPeriod:
    started_on: date
    ended_on: date | None = None


@dataclass(frozen=True)
class Section47Facts:
    started_on: date
    icpc_target_on: date | None = None
    icpc_on: date | None = None
    icpc_not_required: bool = False


@dataclass(frozen=True)
class ProtectionPlanFacts:
    started_on: date
    ended_on: date | None = None
    initial_category: str = ""
    latest_category: str = ""
    previous_plans: int = 0
    reviews: tuple[date, ...] = ()


@dataclass(frozen=True)
class CinDetailsFacts:
    """One referral's involvement: the CIN census CINdetails block."""

    referral_on: date
    referral_source: str
    primary_need: str
    closed_on: date | None = None
    reason_for_closure: str = ""
    icpc_on: date | None = None
    referral_nfa: bool = False
    assessments: tuple[AssessmentFacts, ...] = ()
    cin_plans: tuple[PlanPeriod, ...] = ()
    section_47s: tuple[Section47Facts, ...] = ()
    protection_plans: tuple[ProtectionPlanFacts, ...] = ()
    # Filled by later work (pre-proceedings); exported as held.
    pre_proceedings: tuple[dict[str, str], ...] = ()


@dataclass(frozen=True)
class LacEpisodeFacts:
    """An SSDA903 episode: a period with one legal status and one placement."""

    started_on: date
    reason_new_episode: str
    legal_status: str
    cin_need: str
    placement: str
    placement_provider: str
    ended_on: date | None = None
    reason_ceased: str = ""
    reason_place_change: str = ""
    home_postcode: str = ""
    placement_postcode: str = ""
    urn: str = ""


@dataclass(frozen=True)
class ReviewFacts:
    held_on: date
    participation: str


@dataclass(frozen=True)
class HealthFacts:
    year_ending_on: date
    sdq_score: int | None
    sdq_reason: str
    convicted: bool | None
    health_check: bool | None
    immunisations: bool | None
    teeth_check: bool | None
    health_assessment: bool | None
    substance_misuse: bool | None
    intervention_received: bool | None
    intervention_offered: bool | None


@dataclass(frozen=True)
class CareLeaverFacts:
    year_ending_on: date
    in_touch: str
    activity: str
    accommodation: str


@dataclass(frozen=True)
class AdoptionFacts:
    should_be_placed_on: date
    matched_on: date
    by_foster_carer: bool
    number_of_adopters: int
    adopters_sex: str
    adopters_legal_status: str


@dataclass(frozen=True)
class AdoptionDecisionFacts:
    decided_on: date
    ceased_on: date | None
    reason_ceased: str


@dataclass(frozen=True)
class PreviousPermanenceFacts:
    arrangement: str
    local_authority: str
    made_on: date | None


@dataclass(frozen=True)
class MissingFacts:
    kind: str
    started_on: date
    ended_on: date | None


@dataclass(frozen=True)
class SocialWorkerFacts:
    worker_id: str
    started_on: date
    ended_on: date | None
    reason: str


@dataclass(frozen=True)
class ChildFacts:
    """Everything the CIN census and SSDA903 ask about one child."""

    local_id: str
    sex: str  # M, F or U (the record's code; each year's layout says how to write it)
    ethnicity: str
    birth_on: date | None = None
    expected_birth_on: date | None = None
    death_on: date | None = None
    upn: str = ""
    former_upn: str = ""
    upn_unknown: str = ""
    disabilities: tuple[str, ...] = ()
    postcode: str = ""
    pk: int | None = None  # Caseboard's record, to link a validation failure to the child
    cin_details: tuple[CinDetailsFacts, ...] = ()
    lac_episodes: tuple[LacEpisodeFacts, ...] = ()
    reviews: tuple[ReviewFacts, ...] = ()
    uasc_ceased_on: date | None = None
    is_uasc: bool = False
    health: tuple[HealthFacts, ...] = ()
    care_leaver: tuple[CareLeaverFacts, ...] = ()
    adoption: AdoptionFacts | None = None
    adoption_decisions: tuple[AdoptionDecisionFacts, ...] = ()
    previous_permanence: PreviousPermanenceFacts | None = None
    missing: tuple[MissingFacts, ...] = ()
    social_workers: tuple[SocialWorkerFacts, ...] = ()
    is_mother: bool | None = None
    mothers_child_born_on: date | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False)

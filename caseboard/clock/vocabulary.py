"""The statutory clock's vocabulary: its inputs and outputs as plain data (an operating model's rules, a child's
facts and the due items computed from them). No Django import: the policy, casework and feature apps translate their
rows into these.

Reg 28 and other statutory visiting rules are in calendar units (weeks of 7 days, calendar months by
``relativedelta``); local CP/CIN rules are often in working days (DOMAIN.md section 3).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from .calendar import add_working_days

__all__ = [
    "DUE_KIND_LABELS",
    "EFFECT_COVERS",
    "UNIT_WORDS",
    "AssessmentFact",
    "CampaignFact",
    "ChildFacts",
    "ClockEffect",
    "DecisionFact",
    "DeviationFact",
    "DueItem",
    "DueKind",
    "DueStatus",
    "EpisodeFact",
    "EpisodeKind",
    "Interval",
    "LookedAfterVisits",
    "MeetingFact",
    "MeetingKind",
    "OperatingRules",
    "PrivateFosteringVisits",
    "RagReviewFact",
    "RatingFact",
    "RatingVisits",
    "Timescales",
    "Unit",
    "VisitCounting",
    "VisitFact",
    "VisitMode",
    "VisitRule",
]


class Unit(StrEnum):
    CALENDAR_DAYS = "calendar_days"
    WEEKS = "weeks"
    MONTHS = "months"
    WORKING_DAYS = "working_days"


UNIT_WORDS = {
    Unit.CALENDAR_DAYS: ("day", "days"),
    Unit.WEEKS: ("week", "weeks"),
    Unit.MONTHS: ("month", "months"),
    Unit.WORKING_DAYS: ("working day", "working days"),
}


@dataclass(frozen=True)
class Interval:
    """An amount of time in one unit, e.g. 6 weeks or 20 working days."""

    amount: int
    unit: Unit

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise ValueError("An interval cannot be negative")

    def after(self, start: date) -> date:
        """The date this interval after ``start`` (day 0). Months clamp to the month's end (31 Aug + 3 months is
        30 Nov); working days skip weekends and bank holidays in England."""
        if self.unit is Unit.CALENDAR_DAYS:
            return start + relativedelta(days=self.amount)
        if self.unit is Unit.WEEKS:
            return start + relativedelta(weeks=self.amount)
        if self.unit is Unit.MONTHS:
            return start + relativedelta(months=self.amount)
        return add_working_days(start, self.amount)

    def __str__(self) -> str:
        singular, plural = UNIT_WORDS[self.unit]
        return f"{self.amount} {singular if self.amount == 1 else plural}"


class VisitCounting(StrEnum):
    """Which visits count towards the statutory visiting clock."""

    IN_PERSON_ONLY = "in_person_only"
    VIRTUAL_WITH_DECISION = "virtual_with_decision"  # a virtual visit counts while an approved decision covers it
    VIRTUAL = "virtual"  # any visit in which the child was seen, in person or by video


@dataclass(frozen=True)
class VisitRule:
    """Visits at intervals of not more than ``interval`` after the last qualifying visit; the first within
    ``first_within`` of the episode's start."""

    first_within: Interval
    interval: Interval
    statutory: bool
    source: str  # e.g. "Local policy" or "CPPCR reg 28(2)"


RATINGS = ("red", "amber", "green")


@dataclass(frozen=True)
class RatingVisits:
    """How children with one kind of involvement (``kind``: an ``EpisodeKind`` value) and one RAG rating are
    visited under a version, where the version says: ``visits`` replaces the kind's own frequency (None: the kind's
    own), ``counting`` replaces the version's visit counting (None: the version's)."""

    kind: str
    rating: str  # "red", "amber" or "green"
    visits: VisitRule | None = None
    counting: VisitCounting | None = None


@dataclass(frozen=True)
class LookedAfterVisits:
    """CPPCR reg 28 and its variants (DOMAIN.md section 3). Defaults are the regulations."""

    first_within: Interval = Interval(1, Unit.WEEKS)
    first_year: Interval = Interval(6, Unit.WEEKS)
    after_first_year_until_18: Interval = Interval(3, Unit.MONTHS)
    after_first_year_other: Interval = Interval(6, Unit.WEEKS)
    placed_with_parent_before_assessment: Interval = Interval(1, Unit.WEEKS)  # until the first review
    placed_with_parent_after_first_review: Interval = Interval(6, Unit.WEEKS)
    reg24_or_ico_at_home: Interval = Interval(1, Unit.WEEKS)  # until the first review
    reg24_or_ico_at_home_after_first_review: Interval = Interval(4, Unit.WEEKS)
    care_order_at_home_first_within: Interval = Interval(1, Unit.WEEKS)
    care_order_at_home: Interval = Interval(6, Unit.WEEKS)


@dataclass(frozen=True)
class PrivateFosteringVisits:
    """PF Regs regs 4, 7, 8: first visit within 7 working days of notification, then 6 weeks in the first year and
    12 weeks after."""

    first_within: Interval = Interval(7, Unit.WORKING_DAYS)
    first_year: Interval = Interval(6, Unit.WEEKS)
    after_first_year: Interval = Interval(12, Unit.WEEKS)


@dataclass(frozen=True)
class Timescales:
    """Working Together and CPPCR timescales (DOMAIN.md section 4)."""

    referral_decision: Interval = Interval(1, Unit.WORKING_DAYS)
    assessment: Interval = Interval(45, Unit.WORKING_DAYS)
    initial_conference: Interval = Interval(15, Unit.WORKING_DAYS)
    first_core_group: Interval = Interval(10, Unit.WORKING_DAYS)
    first_review_conference: Interval = Interval(3, Unit.MONTHS)
    later_review_conferences: Interval = Interval(6, Unit.MONTHS)
    first_lac_review: Interval = Interval(20, Unit.WORKING_DAYS)
    second_lac_review: Interval = Interval(3, Unit.MONTHS)
    later_lac_reviews: Interval = Interval(6, Unit.MONTHS)
    placement_plan: Interval = Interval(5, Unit.WORKING_DAYS)


@dataclass(frozen=True)
class OperatingRules:
    """What the rules engine needs from one version of an operating model."""

    version_id: int
    label: str  # e.g. "COVID-19 response (spring 2020), version 2"
    effective_from: date
    cin_visits: VisitRule
    cp_visits: VisitRule
    early_help_visits: VisitRule | None
    care_leaver_visits: VisitRule
    looked_after: LookedAfterVisits = field(default_factory=LookedAfterVisits)
    private_fostering: PrivateFosteringVisits = field(default_factory=PrivateFosteringVisits)
    timescales: Timescales = field(default_factory=Timescales)
    visit_counting: VisitCounting = VisitCounting.IN_PERSON_ONLY
    # Remote contact (a call, a video call, a welfare call) at least this often with open Early Help and child in
    # need cases; None when the version does not ask for it (the COVID-19 preset asks weekly, seed 002).
    remote_contact: Interval | None = None
    # The kinds of case note that are remote contact (a visit at which the child was seen always is). Today's: a
    # call with a parent or carer, a call with the child, a welfare call.
    remote_contact_kinds: frozenset[str] = frozenset({"phone_parent", "phone_child", "welfare_call"})
    # The kinds of key decision under which a virtual visit counts (where ``visit_counting`` asks for a decision):
    # those whose rule in the version "makes a virtual visit count". Today's: a visit held virtually.
    virtual_visit_decision_kinds: frozenset[str] = frozenset({"visit_virtual"})
    # Personal adviser contact for a care leaver rated red, amber or green, where the version sets one; otherwise
    # ``care_leaver_visits`` applies. (("red", rule), ...)
    care_leaver_visits_by_rating: tuple[tuple[str, VisitRule], ...] = ()
    # Visits by RAG rating (issue: "RAG that drives practice"): for a kind of involvement and a rating, a frequency
    # and which visits count, replacing the kind's own. Empty (the baseline): the rating changes nothing.
    rating_rules: tuple[RatingVisits, ...] = ()
    # How a child with no rating is treated by ``rating_rules``: "red", "amber", "green", or "" (the kind's own rules).
    not_rated_as: str = "red"
    # When True, an interval that started under an earlier version is recomputed under this one from its
    # effective date; when False (the default, DOMAIN.md section 3 rule 6) it keeps the rules it started under.
    applies_to_running_intervals: bool = False
    # The last day the version is in force, where it has an end (seed 002: "24.03.2020 – 14.04.2020"): on the day
    # after, the version with id ``reverts_to_id`` is in force again, or, when None, the version it replaced.
    ends_on: date | None = None
    reverts_to_id: int | None = None


# --- a child's facts ------------------------------------------------------------------------------------------


class EpisodeKind(StrEnum):
    EARLY_HELP = "early_help"
    CHILD_IN_NEED = "cin"
    CHILD_PROTECTION = "cp"
    LOOKED_AFTER = "lac"
    CARE_LEAVER = "care_leaver"
    PRIVATE_FOSTERING = "private_fostering"


@dataclass(frozen=True)
class EpisodeFact:
    id: int
    kind: EpisodeKind
    start_on: date
    end_on: date | None = None
    # Looked after: SSDA903 legal status (C1, C2, V2, …) and placement type (P1 = with parents, U1–U6 foster, …)
    legal_status: str = ""
    placement_type: str = ""
    placement_provider: str = ""
    placement_intended_until_18: bool = False
    # Placed with a parent (P1) before the parent's assessment (CPPCR reg 19) / Reg 24 temporary approval
    parent_assessment_complete: bool = True
    is_reg24_placement: bool = False
    # The setting or carer household the placement is with, where the record names one: a move between two settings
    # with the same placement type and provider is a new placement (reg 28, reg 9(2)). None: not named (the codes
    # alone decide, as for records kept before settings were).
    setting_id: int | None = None
    # A placement at risk of breakdown, where the operating model asks for it: from this date only visits in person
    # count towards the child's reg 28 visits, whatever the version's visit counting (seed 002: remote contact for
    # settled placements, "unless there is any risk of placement breakdown"). None: the version's counting alone.
    in_person_visits_from: date | None = None


class VisitMode(StrEnum):
    IN_PERSON = "in_person"
    VIRTUAL = "virtual"


@dataclass(frozen=True)
class VisitFact:
    id: int
    on: date
    mode: VisitMode
    child_seen: bool = True
    # True when an approved key decision that makes a virtual visit count covered this date (under the council's
    # approved versions)
    covered_by_decision: bool = False
    # The kinds of approved key decision in force for the child on this date, where the caller read them: the clock
    # then asks the version in force (``OperatingRules.virtual_visit_decision_kinds``), so a draft previewed with
    # other kinds flagged counts its own way. None: ``covered_by_decision`` decides.
    decision_kinds: frozenset[str] | None = None


class MeetingKind(StrEnum):
    STRATEGY_DISCUSSION = "strategy_discussion"
    INITIAL_CONFERENCE = "initial_conference"
    REVIEW_CONFERENCE = "review_conference"
    CORE_GROUP = "core_group"
    LAC_REVIEW = "lac_review"
    PATHWAY_PLAN_REVIEW = "pathway_plan_review"


@dataclass(frozen=True)
class MeetingFact:
    id: int
    kind: MeetingKind
    held_on: date


@dataclass(frozen=True)
class AssessmentFact:
    id: int
    referral_on: date  # day 0 of the 45-working-day clock
    completed_on: date | None = None
    # Periods the assessment was paused by an approved key decision: (first day, last day or None while paused).
    # Each working day paused moves the due date on by one working day.
    pauses: tuple[tuple[date, date | None], ...] = ()


@dataclass(frozen=True)
class DecisionFact:
    """An approved key decision whose review is scheduled (reviews are due items too)."""

    id: int
    label: str  # e.g. "Visit held virtually"
    next_review_on: date
    last_decided_on: date
    review_after_days: int
    at_each_visit: bool = False  # reviewed at each scheduled visit it covers, not after review_after_days


class ClockEffect(StrEnum):
    """What an approved deviation from normal practice does to the statutory clock. It never moves a due date (a key
    decision does not suspend a duty, DOMAIN.md section 6.3): an item it covers that is overdue says so."""

    NONE = "none"
    VISITS = "visits"  # a deferred or virtual visit, no face-to-face visit, a remote initial visit
    ASSESSMENT = "assessment"  # a paused assessment (its pause days are the assessment's own facts)
    MEETINGS = "meetings"  # a statutory meeting postponed or cancelled


@dataclass(frozen=True)
class DeviationFact:
    """An approved key decision in force for the child: what it covers and who approved it, for the basis of an
    overdue item it covers."""

    id: int
    label: str  # e.g. "Visit deferred"
    effect: ClockEffect
    starts_on: date
    ends_on: date | None
    approved_by: str
    approved_on: date
    next_review_on: date | None = None


@dataclass(frozen=True)
class RagReviewFact:
    """A child's current RAG rating, whose review is scheduled from the operating model (a due item too)."""

    id: int
    rating: str  # "Red", "Amber" or "Green"
    rated_on: date
    next_review_on: date
    review_after_days: int


@dataclass(frozen=True)
class RatingFact:
    """One rating in a child's history: ``rating`` ("red", "amber", "green") in force from ``on`` until the next."""

    on: date
    rating: str
    id: int = 0


@dataclass(frozen=True)
class CampaignFact:
    """A rating campaign the child is in and still owes a rating for (no rating on or after ``started_on``)."""

    id: int
    name: str
    deadline: date
    started_on: date


@dataclass(frozen=True)
class TemporaryApprovalFact:
    """A temporary approval (CPPCR reg 24, extended under reg 25) of carers a child has been placed with under reg 24
    (``setting_id``): it lapses after ``ends_on`` unless replaced first. ``weeks`` is the approval's length, from
    the operating model in force on the
    approval date (16 weeks; 24 while SI 2020/445 was in force), ``extended_weeks`` any extension."""

    id: int
    setting_id: int
    carers: str
    approved_on: date
    ends_on: date
    weeks: int
    extended_weeks: int = 0
    replaced_on: date | None = None  # a full approval (or the approval's end) replaced it


@dataclass(frozen=True)
class ChildFacts:
    child_id: int
    date_of_birth: date | None
    episodes: tuple[EpisodeFact, ...] = ()
    visits: tuple[VisitFact, ...] = ()
    meetings: tuple[MeetingFact, ...] = ()
    assessments: tuple[AssessmentFact, ...] = ()
    placement_plans: tuple[date, ...] = ()  # dates placement plans were completed
    decisions: tuple[DecisionFact, ...] = ()
    # Dates of visits at which the child was seen, virtual or in person: always contact for the remote-contact clock
    contacts: tuple[date, ...] = ()
    # Other contact recorded as case notes, as (date, kind of note): remote contact when the version in force counts
    # that kind (``OperatingRules.remote_contact_kinds``)
    case_notes: tuple[tuple[date, str], ...] = ()
    rag_reviews: tuple[RagReviewFact, ...] = ()  # the current rating only
    ratings: tuple[RatingFact, ...] = ()  # every rating given, any order (the history the visit rules read)
    campaigns: tuple[CampaignFact, ...] = ()  # rating campaigns the child still owes a rating for
    deviations: tuple[DeviationFact, ...] = ()  # approved key decisions that cover due items (never move them)
    temporary_approvals: tuple[TemporaryApprovalFact, ...] = ()  # of carers the child was placed with under reg 24


# --- what comes out -------------------------------------------------------------------------------------------


class DueKind(StrEnum):
    CIN_VISIT = "cin_visit"
    CP_VISIT = "cp_visit"
    LAC_VISIT = "lac_visit"
    PRIVATE_FOSTERING_VISIT = "private_fostering_visit"
    CARE_LEAVER_CONTACT = "care_leaver_contact"
    EARLY_HELP_VISIT = "early_help_visit"
    ASSESSMENT = "assessment"
    INITIAL_CONFERENCE = "initial_conference"
    FIRST_CORE_GROUP = "first_core_group"
    REVIEW_CONFERENCE = "review_conference"
    LAC_REVIEW = "lac_review"
    PLACEMENT_PLAN = "placement_plan"
    DECISION_REVIEW = "decision_review"
    REMOTE_CONTACT = "remote_contact"
    RAG_REVIEW = "rag_review"
    RATING_CAMPAIGN = "rating_campaign"
    TEMPORARY_APPROVAL = "temporary_approval"


DUE_KIND_LABELS = {
    DueKind.CIN_VISIT: "Child in need visit",
    DueKind.CP_VISIT: "Child protection visit",
    DueKind.LAC_VISIT: "Looked-after child visit",
    DueKind.PRIVATE_FOSTERING_VISIT: "Private fostering visit",
    DueKind.CARE_LEAVER_CONTACT: "Personal adviser contact",
    DueKind.EARLY_HELP_VISIT: "Early Help visit",
    DueKind.ASSESSMENT: "Child and family assessment",
    DueKind.INITIAL_CONFERENCE: "Initial child protection conference",
    DueKind.FIRST_CORE_GROUP: "First core group",
    DueKind.REVIEW_CONFERENCE: "Review child protection conference",
    DueKind.LAC_REVIEW: "Looked-after review",
    DueKind.PLACEMENT_PLAN: "Placement plan",
    DueKind.DECISION_REVIEW: "Key decision review",
    DueKind.REMOTE_CONTACT: "Remote contact",
    DueKind.RAG_REVIEW: "RAG rating review",
    DueKind.RATING_CAMPAIGN: "RAG rating (campaign)",
    DueKind.TEMPORARY_APPROVAL: "Carers' temporary approval ends",
}


# The due items each effect covers.
EFFECT_COVERS: dict[ClockEffect, frozenset[DueKind]] = {
    ClockEffect.NONE: frozenset(),
    ClockEffect.VISITS: frozenset(
        {
            DueKind.CIN_VISIT,
            DueKind.CP_VISIT,
            DueKind.LAC_VISIT,
            DueKind.PRIVATE_FOSTERING_VISIT,
            DueKind.CARE_LEAVER_CONTACT,
            DueKind.EARLY_HELP_VISIT,
        }
    ),
    ClockEffect.ASSESSMENT: frozenset({DueKind.ASSESSMENT}),
    ClockEffect.MEETINGS: frozenset(
        {DueKind.INITIAL_CONFERENCE, DueKind.FIRST_CORE_GROUP, DueKind.REVIEW_CONFERENCE, DueKind.LAC_REVIEW}
    ),
}


class DueStatus(StrEnum):
    UPCOMING = "upcoming"
    DUE_SOON = "due_soon"  # due within 5 working days
    OVERDUE = "overdue"
    MET = "met"


@dataclass(frozen=True)
class DueItem:
    kind: DueKind
    due_on: date
    basis: str  # in words a manager can check: "Looked after: visit within 6 weeks of the last visit on 1 April 2020"
    rule: str  # the rule reference: "CPPCR reg 28(2)(b)"
    version_id: int
    version_label: str
    status: DueStatus
    episode_id: int | None = None
    met_on: date | None = None
    met_by: str = ""  # the fact that met it: "In-person visit on 3 April 2020"
    facts: tuple[str, ...] = ()  # the facts used, for "why is this due"
    # When overdue while an approved key decision covers it: the decision, in words ("Visit deferred by key decision
    # approved by Sam Jones on 5 May 2020, review due 26 May 2020"). The due date is the same either way.
    decision: str = ""
    decision_id: int | None = None

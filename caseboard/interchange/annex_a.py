"""Ofsted Annex A: the lists of children an inspection of children's services starts from (ILACS), drawn up from
the record on any date, as one XLSX workbook with a sheet per list (``List 1`` to ``List 11``) and a ``Notes`` sheet.

Every list starts with the child's ID, gender, ethnicity, date of birth and age; values from a code list carry the
letter prefix of their place in the list (``a) Male``). Lists 1 to 5 hold what happened in the ``WINDOW_MONTHS``
before the date (contacts, Early Help, referrals, assessments, section 47 enquiries); lists 6 to 9 the children open
on the date or whose involvement ended in that window (children in need, child protection, children in care, care
leavers); list 10 the children with an adoption decision. The visit columns neither DfE return carries (date last
seen, last statutory visit and whether the child was seen alone, last social work visit) come from the visits
recorded. What Caseboard does not hold is left empty, and the ``Notes`` sheet names it, rather than guessed:
list 11 (adopters) is the adoption agency's. The columns follow Ofsted's Annex A as ``ANNEX_A_VERSION``.
"""

from __future__ import annotations

import string
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Q, TextChoices

from caseboard.casework.codes import ReferralSource
from caseboard.casework.models import (
    Adoption,
    AdoptionDecision,
    Allocation,
    AllocationRole,
    AsylumSeekingStatus,
    CareLeaverOutcome,
    Episode,
    EpisodeKind,
    MissingEpisode,
)
from caseboard.core.exports import xlsx_bytes
from caseboard.frontdoor.models import Assessment, AssessmentOutcome, Contact, Referral
from caseboard.meetings.models import Meeting, MeetingKind, MeetingStatus, Section47Enquiry, Section47Outcome
from caseboard.people.codes import Disability, Ethnicity, Sex
from caseboard.people.models import Child
from caseboard.visits.models import IN_PERSON_MODES, ChildSeen, VisitPurpose

ANNEX_A_VERSION = "Ofsted ILACS Annex A (2023)"
WINDOW_MONTHS = 6  # Ofsted asks for the six months before the inspection
PLACED_FOR_ADOPTION = {"A3", "A4", "A5", "A6"}
FOSTERING_FOR_ADOPTION = {"A3", "A5"}
ADOPTED = {"E11", "E12"}

CHILD_COLUMNS = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age"]
TEAM_COLUMNS = ["Allocated Team", "Allocated Worker"]
DISABILITY = "Does the Child have a Disability"
COLUMNS: dict[str, list[str]] = {
    "List 1": [*CHILD_COLUMNS, "Date of Contact", "Contact Source"],
    "List 2": [
        *CHILD_COLUMNS,
        "Assessment start date",
        "Assessment completion date",
        "Organisation completing assessment",
    ],
    "List 3": [
        *CHILD_COLUMNS,
        "Date of Referral",
        "Referral Source",
        "Referral NFA?",
        "Number of Referrals in Last 12 Months",
        *TEAM_COLUMNS,
    ],
    "List 4": [
        *CHILD_COLUMNS,
        DISABILITY,
        "Continuous Assessment Start Date",
        "Child Seen During Continuous Assessment",
        "Continuous Assessment Date of Authorisation",
        "Was the child assessed as requiring LA children's social care support?",
        *TEAM_COLUMNS,
    ],
    "List 5": [
        *CHILD_COLUMNS,
        DISABILITY,
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Was an Initial Child Protection Conference deemed unnecessary?",
        "Date of Initial Child Protection Conference",
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        "Number of Section 47 Enquiries in the last 12 months",
        "Number of ICPCs in the last 12 months",
        *TEAM_COLUMNS,
    ],
    "List 6": [
        *CHILD_COLUMNS,
        DISABILITY,
        "CIN Start Date",
        "Primary Need Code",
        "Date Child Was Last Seen",
        "CIN Closure Date",
        "Reason for Closure",
        "Case Status",
        *TEAM_COLUMNS,
    ],
    "List 7": [
        *CHILD_COLUMNS,
        DISABILITY,
        "Child Protection Plan Start Date",
        "Initial Category of Abuse",
        "Latest Category of Abuse",
        "Date of the Last Statutory Visit",
        "Was the Child Seen Alone?",
        "Date of latest review conference",
        "Child Protection Plan End Date",
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
        "Number of Previous Child Protection Plans",
        *TEAM_COLUMNS,
    ],
    "List 8": [
        *CHILD_COLUMNS,
        "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))",
        DISABILITY,
        "Date Started to be Looked After",
        "Child's Category of Need",
        "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
        "Start date of current legal status",
        "Child's Legal Status",
        "Date of Latest Statutory Review",
        "Date of Last Social Work Visit",
        "What is the permanence plan for this child?",
        "Date of Last IRO Visit / Contact to the Child",
        "Date of Last Health Assessment",
        "Date of Last Dental Check",
        "Number of Placements in the Last 12 months",
        "Date Ceased to be Looked After",
        "Reason Ceased to be Looked After",
        "Start Date of Most Recent Placement",
        "Placement Type",
        "Placement Provider",
        "Placement postcode",
        "URN of Placement",
        "Placement Location",
        "LA of Placement",
        "Number of Episodes the Child has been ‘Missing’ from their Placement in the last 12 months",
        "Number of Episodes the Child has been ‘Absent’ from their Placement in the last 12 months",
        "Was the child offered a Return Interview after their last missing episode (Y/N)?",
        "Did the child accept a Return Interview after their last missing episode (Y/N)?",
        *TEAM_COLUMNS,
    ],
    "List 9": [
        *CHILD_COLUMNS,
        DISABILITY,
        *TEAM_COLUMNS,
        "Eligibility Category",
        "LA in Touch",
        "Type of Accommodation",
        "Suitability of Accommodation",
        "Activity Status",
    ],
    "List 10": [
        "Child Unique ID",
        "Family identifier",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
        DISABILITY,
        "Date the Child Entered Care",
        "Date of Decision that Child Should be Placed for Adoption",
        "Date of Placement Order",
        "Date of Matching Child and Prospective Adopters",
        "Date Placed for Adoption",
        "Date of Adoption Order ",
        "Date of Decision that Child Should No Longer be Placed for Adoption",
        "Reason Why Child No Longer Placed for Adoption",
        "Date the child was placed for fostering in FFA or concurrent planning placement",
    ],
    "List 11": [
        "Individual adopter identifier",
        "Family identifier",
        "Gender",
        "Ethnicity",
        "Disability",
        "Is the (prospective) adopter fostering for adoption?",
        "Date enquiry received",
        "Date Stage 1 started",
        "Date Stage 1 ended",
        "Date Stage 2 started",
        "Date Stage 2 ended",
        "Date application submitted",
        "Date application approved",
        "Date adopter matched with child(ren)",
        "Date child/children placed with adopter(s)",
        "No. of children placed",
        "Date of Adoption Order",
        "Date of leaving adoption process",
        "Reason for leaving adoption process",
    ],
}
NOT_HELD = [
    (
        "List 8",
        "What is the permanence plan for this child?, Date of Last IRO Visit / Contact to the Child, Date of "
        "Last Health Assessment, Date of Last Dental Check, Placement Location, LA of Placement, and whether a return "
        "interview was offered and accepted: not recorded in Caseboard.",
    ),
    ("List 10", "Family identifier: not recorded in Caseboard."),
    ("List 11", "Adopters are the adoption agency's records, not held in Caseboard: the list has its columns only."),
]


def lettered(choices: type[TextChoices], code: str) -> str:
    """A code as Annex A writes it: the letter of its place in the code list, then the code and its meaning."""
    if not code:
        return ""
    values = list(choices.values)
    if code not in values:
        return code
    label = str(choices(code).label)
    if choices is Ethnicity:
        text = code  # "a) WBRI"
    elif choices is Sex or label.startswith(code):
        text = label  # "a) Male", "q) 6: Police"
    else:
        text = f"{code}: {label}"
    index = values.index(code)
    letter = string.ascii_lowercase[index] if index < 26 else str(index + 1)
    return f"{letter}) {text}"


def yes_no(value: bool | None) -> str:
    return "" if value is None else ("a) Yes" if value else "b) No")


def _within(day: date | None, start: date, end: date) -> bool:
    return day is not None and start <= day <= end


class AnnexA:
    """Draws up the lists on ``as_at`` from the record (every child; the returns are the council's, not a
    worker's caseload). A fixed number of queries, whatever the number of children."""

    def __init__(self, as_at: date) -> None:
        self.as_at = as_at
        self.start = as_at - relativedelta(months=WINDOW_MONTHS)
        self.year_ago = as_at - relativedelta(months=12)
        episodes = Episode.objects.filter(start_on__lte=as_at).filter(
            Q(end_on__isnull=True) | Q(end_on__gte=self.year_ago)
        )
        self.episodes: dict[int, list[Episode]] = defaultdict(list)
        for episode in episodes.order_by("start_on", "pk"):
            self.episodes[episode.child_id].append(episode)
        all_lac = Episode.objects.filter(kind=EpisodeKind.LOOKED_AFTER, start_on__lte=as_at).order_by("start_on", "pk")
        self.lac_history: dict[int, list[Episode]] = defaultdict(list)
        for episode in all_lac:
            self.lac_history[episode.child_id].append(episode)
        self.cp_history: dict[int, list[Episode]] = defaultdict(list)
        for episode in Episode.objects.filter(kind=EpisodeKind.CHILD_PROTECTION, start_on__lte=as_at).order_by(
            "start_on"
        ):
            self.cp_history[episode.child_id].append(episode)
        self.contacts = list(
            Contact.children.through.objects.filter(contact__received_on__range=(self.start, as_at))
            .order_by("contact__received_on", "contact_id")
            .values_list("child_id", "contact__received_on", "contact__referrer_agency")
        )
        self.referrals: dict[int, list[Referral]] = defaultdict(list)
        for referral in (
            Referral.objects.filter(received_on__range=(self.year_ago - relativedelta(months=12), as_at))
            .select_related("episode")
            .order_by("received_on", "pk")
        ):
            self.referrals[referral.child_id].append(referral)
        self.assessments = list(
            Assessment.objects.filter(started_on__lte=as_at)
            .filter(Q(started_on__gte=self.start) | Q(authorised_on__gte=self.start) | Q(authorised_on__isnull=True))
            .order_by("started_on", "pk")
        )
        self.s47s: dict[int, list[Section47Enquiry]] = defaultdict(list)
        for enquiry in (
            Section47Enquiry.objects.filter(started_on__range=(self.year_ago, as_at))
            .select_related("strategy_discussion")
            .order_by("started_on", "pk")
        ):
            self.s47s[enquiry.child_id].append(enquiry)
        self.meetings: dict[int, list[tuple[str, date]]] = defaultdict(list)
        for child_id, kind, held_on in (
            Meeting.children.through.objects.filter(
                meeting__status=MeetingStatus.HELD,
                meeting__held_on__lte=as_at,
                meeting__kind__in=[
                    MeetingKind.INITIAL_CONFERENCE,
                    MeetingKind.REVIEW_CONFERENCE,
                    MeetingKind.LAC_REVIEW,
                ],
            )
            .order_by("meeting__held_on")
            .values_list("child_id", "meeting__kind", "meeting__held_on")
        ):
            self.meetings[child_id].append((kind, held_on))
        self.seen: dict[int, list[tuple[date, str, bool, str]]] = defaultdict(list)
        for child_id, visited_on, purpose, seen_alone, mode in (
            ChildSeen.objects.filter(was_seen=True, visit__visited_on__lte=as_at)
            .order_by("visit__visited_on", "visit_id")
            .values_list("child_id", "visit__visited_on", "visit__purpose", "seen_alone", "visit__mode")
        ):
            self.seen[child_id].append((visited_on, purpose, seen_alone, mode))
        self.allocations: dict[int, Allocation] = {}
        for allocation in (
            Allocation.objects.filter(role=AllocationRole.SOCIAL_WORKER, started_on__lte=as_at)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=as_at))
            .select_related("worker", "team")
            .order_by("started_on", "pk")
        ):
            self.allocations[allocation.child_id] = allocation
        self.missing: dict[int, list[MissingEpisode]] = defaultdict(list)
        for episode in MissingEpisode.objects.filter(started_on__range=(self.year_ago, as_at)):
            self.missing[episode.child_id].append(episode)
        self.uasc = {
            status.child_id: status
            for status in AsylumSeekingStatus.objects.filter(
                Q(ceased_on__isnull=True) | Q(ceased_on__gte=self.year_ago)
            )
        }
        self.leavers: dict[int, CareLeaverOutcome] = {}
        for outcome in CareLeaverOutcome.objects.filter(year_ending_on__lte=as_at + relativedelta(years=1)).order_by(
            "year_ending_on"
        ):
            self.leavers[outcome.child_id] = outcome
        ids = (
            {child_id for child_id, *_ in self.contacts}
            | set(self.episodes)
            | set(self.referrals)
            | {a.child_id for a in self.assessments}
            | set(self.s47s)
        )
        self.adoptions = {a.child_id: a for a in Adoption.objects.all()}
        self.adoption_decisions: dict[int, list[AdoptionDecision]] = defaultdict(list)
        for decision in AdoptionDecision.objects.filter(decided_on__lte=as_at).order_by("decided_on", "pk"):
            self.adoption_decisions[decision.child_id].append(decision)
        ids |= set(self.adoption_decisions)
        self.children = {child.pk: child for child in Child.objects.filter(pk__in=ids)}

    # --- the columns every list shares ------------------------------------------------------------------------
    def child(self, child_id: int) -> list[object]:
        child = self.children[child_id]
        return [
            child.local_id,
            lettered(Sex, child.sex),
            lettered(Ethnicity, child.ethnicity),
            child.date_of_birth,
            child.age_on(self.as_at),
        ]

    def disability(self, child_id: int) -> str:
        codes = set(self.children[child_id].disabilities or [])
        return yes_no(bool(codes - {Disability.NONE})) if codes else ""

    def team(self, child_id: int) -> list[str]:
        allocation = self.allocations.get(child_id)
        if allocation is None:
            return ["", ""]
        return [allocation.team.name, allocation.worker.get_full_name() or allocation.worker.username]

    def open_in_window(self, episode: Episode) -> bool:
        return episode.start_on <= self.as_at and (episode.end_on is None or episode.end_on >= self.start)

    def last_seen(self, child_id: int, *, purposes: Iterable[str] = (), in_person: bool = False):
        wanted = set(purposes)
        for seen in reversed(self.seen.get(child_id, [])):
            if (not wanted or seen[1] in wanted) and (not in_person or seen[3] in IN_PERSON_MODES):
                return seen
        return None

    def kind_of(self, child_id: int, kind: str) -> list[Episode]:
        return [episode for episode in self.episodes.get(child_id, []) if episode.kind == kind]

    # --- the lists --------------------------------------------------------------------------------------------
    def list_1(self) -> Iterable[list[object]]:
        for child_id, received_on, source in self.contacts:
            yield [*self.child(child_id), received_on, lettered(ReferralSource, source)]

    def list_2(self) -> Iterable[list[object]]:
        for child_id in sorted(self.episodes):
            for episode in self.kind_of(child_id, EpisodeKind.EARLY_HELP):
                if self.open_in_window(episode):
                    yield [*self.child(child_id), episode.start_on, episode.end_on, settings.COUNCIL_NAME]

    def list_3(self) -> Iterable[list[object]]:
        for child_id, referrals in sorted(self.referrals.items()):
            for referral in referrals:
                if not _within(referral.received_on, self.start, self.as_at):
                    continue
                before = [
                    r
                    for r in referrals
                    if referral.received_on - relativedelta(months=12) <= r.received_on < referral.received_on
                ]
                episode = referral.episode
                nfa = episode is None or (
                    episode.reason_for_closure == "RC8" and episode.end_on == referral.received_on
                )
                yield [
                    *self.child(child_id),
                    referral.received_on,
                    lettered(ReferralSource, referral.source),
                    "Yes" if nfa else "No",
                    len(before),
                    *self.team(child_id),
                ]

    def list_4(self) -> Iterable[list[object]]:
        for assessment in self.assessments:
            child_id = assessment.child_id
            ended = assessment.authorised_on or assessment.completed_on or self.as_at
            seen = any(assessment.started_on <= day <= ended for day, *_ in self.seen.get(child_id, []))
            support = {
                AssessmentOutcome.CIN_PLAN: "Yes",
                AssessmentOutcome.STRATEGY_DISCUSSION: "Yes",
                AssessmentOutcome.NFA: "No",
                AssessmentOutcome.EARLY_HELP: "No",
            }.get(assessment.outcome, "")
            yield [
                *self.child(child_id),
                self.disability(child_id),
                assessment.started_on,
                "Yes" if seen else "No",
                assessment.authorised_on,
                support,
                *self.team(child_id),
            ]

    def list_5(self) -> Iterable[list[object]]:
        for child_id, enquiries in sorted(self.s47s.items()):
            icpcs = [day for kind, day in self.meetings.get(child_id, []) if kind == MeetingKind.INITIAL_CONFERENCE]
            for enquiry in enquiries:
                if not _within(enquiry.started_on, self.start, self.as_at):
                    continue
                not_needed = enquiry.outcome == Section47Outcome.CONFERENCE_NOT_NEEDED
                icpc = None if not_needed else next((day for day in icpcs if day >= enquiry.started_on), None)
                plan = icpc is not None and any(e.start_on == icpc for e in self.cp_history.get(child_id, []))
                year_before = enquiry.started_on - relativedelta(months=12)
                yield [
                    *self.child(child_id),
                    self.disability(child_id),
                    enquiry.strategy_discussion.held_on or enquiry.started_on,
                    "Yes" if not_needed else "No",
                    icpc,
                    "" if icpc is None else ("Yes" if plan else "No"),
                    sum(1 for other in enquiries if year_before <= other.started_on <= enquiry.started_on),
                    sum(1 for day in icpcs if year_before <= day <= enquiry.started_on),
                    *self.team(child_id),
                ]

    def case_status(self, child_id: int) -> str:
        open_now = {e.kind for e in self.episodes.get(child_id, []) if e.end_on is None or e.end_on >= self.as_at}
        if EpisodeKind.CHILD_PROTECTION in open_now:
            return "a) Child protection plan"
        if EpisodeKind.LOOKED_AFTER in open_now:
            return "b) Looked after child"
        if EpisodeKind.CHILD_IN_NEED in open_now:
            return "c) Child in need plan"
        return "e) Closed"

    def list_6(self) -> Iterable[list[object]]:
        for child_id in sorted(self.episodes):
            for episode in self.kind_of(child_id, EpisodeKind.CHILD_IN_NEED):
                if not self.open_in_window(episode):
                    continue
                seen = self.last_seen(child_id)
                closed = episode.end_on if episode.end_on and episode.end_on <= self.as_at else None
                yield [
                    *self.child(child_id),
                    self.disability(child_id),
                    episode.start_on,
                    episode.get_primary_need_display() if episode.primary_need else "",
                    seen[0] if seen else None,
                    closed,
                    episode.get_reason_for_closure_display() if closed and episode.reason_for_closure else "",
                    self.case_status(child_id),
                    *self.team(child_id),
                ]

    def list_7(self) -> Iterable[list[object]]:
        for child_id in sorted(self.episodes):
            for episode in self.kind_of(child_id, EpisodeKind.CHILD_PROTECTION):
                if not self.open_in_window(episode):
                    continue
                visit = self.last_seen(child_id, purposes=[VisitPurpose.STATUTORY_CP])
                reviews = [
                    day
                    for kind, day in self.meetings.get(child_id, [])
                    if kind == MeetingKind.REVIEW_CONFERENCE and day >= episode.start_on
                ]
                protected = any(
                    e.legal_status in {"L1", "L2"} and (e.end_on is None or e.end_on >= self.start)
                    for e in self.lac_history.get(child_id, [])
                )
                ended = episode.end_on if episode.end_on and episode.end_on <= self.as_at else None
                yield [
                    *self.child(child_id),
                    self.disability(child_id),
                    episode.start_on,
                    episode.get_initial_category_of_abuse_display() if episode.initial_category_of_abuse else "",
                    episode.get_latest_category_of_abuse_display()
                    if episode.latest_category_of_abuse
                    else episode.get_initial_category_of_abuse_display()
                    if episode.initial_category_of_abuse
                    else "",
                    visit[0] if visit else None,
                    yes_no(visit[2]) if visit else "",
                    reviews[-1] if reviews else None,
                    ended,
                    yes_no(protected),
                    sum(1 for e in self.cp_history.get(child_id, []) if e.end_on and e.end_on < episode.start_on),
                    *self.team(child_id),
                ]

    def list_8(self) -> Iterable[list[object]]:
        for child_id, history in sorted(self.lac_history.items()):
            current = history[-1]
            if not self.open_in_window(current):
                continue
            period = [current]
            for earlier in reversed(history[:-1]):
                if earlier.end_on and earlier.end_on + relativedelta(days=1) >= period[0].start_on:
                    period.insert(0, earlier)
                else:
                    break
            started_care = period[0].start_on
            second = any(e.end_on and e.end_on >= self.year_ago for e in history if e not in period)
            legal_from = current.start_on
            for earlier in reversed(period[:-1]):
                if earlier.legal_status != current.legal_status:
                    break
                legal_from = earlier.start_on
            placement_from = current.start_on
            for earlier in reversed(period[:-1]):
                if (earlier.placement_type, earlier.placement_provider) != (
                    current.placement_type,
                    current.placement_provider,
                ):
                    break
                placement_from = earlier.start_on
            # A placement is counted when it starts, or when the episode's placement differs from the one before.
            placements = sum(
                1
                for index, e in enumerate(history)
                if (e.end_on is None or e.end_on >= self.year_ago)
                and (
                    index == 0
                    or (history[index - 1].placement_type, history[index - 1].placement_provider)
                    != (e.placement_type, e.placement_provider)
                )
            )
            reviews = [day for kind, day in self.meetings.get(child_id, []) if kind == MeetingKind.LAC_REVIEW]
            visit = self.last_seen(child_id, purposes=[VisitPurpose.STATUTORY_LAC])
            ceased = current.end_on if current.end_on and current.end_on <= self.as_at else None
            missing = self.missing.get(child_id, [])
            status = self.uasc.get(child_id)
            yield [
                *self.child(child_id),
                yes_no(status is not None),
                self.disability(child_id),
                started_care,
                current.get_category_of_need_display() if current.category_of_need else "",
                yes_no(bool(second)),
                legal_from,
                current.get_legal_status_display() if current.legal_status else "",
                reviews[-1] if reviews else None,
                visit[0] if visit else None,
                "",
                None,
                None,
                None,
                placements,
                ceased,
                current.get_reason_episode_ceased_display() if ceased and current.reason_episode_ceased else "",
                placement_from,
                current.get_placement_type_display() if current.placement_type else "",
                current.get_placement_provider_display() if current.placement_provider else "",
                "",
                "",
                "",
                "",
                sum(1 for m in missing if m.kind == "M"),
                sum(1 for m in missing if m.kind == "A"),
                "",
                "",
                *self.team(child_id),
            ]

    def list_9(self) -> Iterable[list[object]]:
        for child_id in sorted(self.episodes):
            for episode in self.kind_of(child_id, EpisodeKind.CARE_LEAVER):
                if episode.end_on is not None and episode.end_on < self.as_at:
                    continue
                outcome = self.leavers.get(child_id)
                yield [
                    *self.child(child_id),
                    self.disability(child_id),
                    *self.team(child_id),
                    episode.get_care_leaver_status_display() if episode.care_leaver_status else "",
                    outcome.get_in_touch_display() if outcome else "",
                    outcome.get_accommodation_display() if outcome and outcome.accommodation else "",
                    "",
                    outcome.get_activity_display() if outcome and outcome.activity else "",
                ]

    def list_10(self) -> Iterable[list[object]]:
        for child_id, decisions in sorted(self.adoption_decisions.items()):
            child = self.children[child_id]
            history = self.lac_history.get(child_id, [])
            decision = decisions[-1]
            adoption = self.adoptions.get(child_id)
            placement_order = next((e.start_on for e in history if e.legal_status == "E1"), None)
            placed = next((e.start_on for e in history if e.placement_type in PLACED_FOR_ADOPTION), None)
            ffa = next((e.start_on for e in history if e.placement_type in FOSTERING_FOR_ADOPTION), None)
            adopted = next((e.end_on for e in history if e.reason_episode_ceased in ADOPTED), None)
            yield [
                child.local_id,
                "",
                lettered(Sex, child.sex),
                lettered(Ethnicity, child.ethnicity),
                child.date_of_birth,
                child.age_on(self.as_at),
                self.disability(child_id),
                history[0].start_on if history else None,
                decision.decided_on,
                placement_order,
                adoption.matched_on if adoption else None,
                placed,
                adopted,
                decision.ceased_on,
                decision.get_reason_ceased_display() if decision.reason_ceased else "",
                ffa,
            ]

    def sheets(self) -> list[tuple[str, Sequence[str], Iterable[Sequence[object]], dict[int, str]]]:
        def rows(producer: Iterable[list[object]]) -> list[list[object]]:
            return sorted(producer, key=lambda row: (str(row[0]), [str(value) for value in row[1:]]))

        lists = [
            self.list_1(),
            self.list_2(),
            self.list_3(),
            self.list_4(),
            self.list_5(),
            self.list_6(),
            self.list_7(),
            self.list_8(),
            self.list_9(),
            self.list_10(),
            iter(()),
        ]
        out: list[tuple[str, Sequence[str], Iterable[Sequence[object]], dict[int, str]]] = [
            (f"List {number}", COLUMNS[f"List {number}"], rows(produced), {})
            for number, produced in enumerate(lists, start=1)
        ]
        notes = [
            ("Drawn up on", self.as_at),
            ("Lists 1 to 5 cover", f"{self.start:%-d %B %Y} to {self.as_at:%-d %B %Y}"),
            ("Layout", ANNEX_A_VERSION),
            ("Council", settings.COUNCIL_NAME),
            *NOT_HELD,
        ]
        out.append(("Notes", ["Item", "Value"], notes, {}))
        return out


def build_annex_a(as_at: date) -> tuple[dict[str, bytes], int]:
    """The Annex A workbook drawn up on ``as_at``, and how many children it names."""
    annex = AnnexA(as_at)
    sheets = annex.sheets()
    named = {row[0] for _title, _headers, rows, _formats in sheets[:10] for row in rows}
    content = xlsx_bytes(sheets)
    return {f"annex-a-{as_at:%Y-%m-%d}.xlsx": content}, len(named)


__all__ = ["ANNEX_A_VERSION", "COLUMNS", "WINDOW_MONTHS", "AnnexA", "build_annex_a", "lettered"]

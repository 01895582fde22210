"""Fictional front door records for the demo council: contacts and referrals over the years before ``today``, at a
mid-size council's rate, with assessments and (for recent referrals) screening.

Volume: about 55 referrals a week per 3,000 children (growing 2% a year: 60-75 a week in 2019-2026), the demo
children's own episodes included, and 1.5 contacts that are not referrals for each referral (about 40% of contacts
become referrals), scaled with the number of children. The demo keeps its number of children, so each child carries
several referrals over the years and re-referrals come out at about 45% (a council sees about 20%).
Demand follows 2020 as councils saw it (DOMAIN.md 6.4, 8.3): referrals 35-40% below the weeks before for 10 weeks
from 23 March 2020, and about 20% above the year before from September to November 2020. Window: from 1 April 2017
when ``today`` is in 2020 (the ``covid-2020`` scenario); otherwise the last three years and the whole of April 2019
to December 2020, so the 2020 pattern shows too. Above 10,000 children only the last 13 weeks and 2020 are built.

Children: only the demo's own (``--children N`` builds N children). Every child-in-need episode that starts in the
window is a referral (its start is the referral date). The rest of each day's referrals are earlier, closed
child-in-need episodes of other demo children, opened and closed around an assessment (no further action or Early
Help, or a short plan), never overlapping their other episodes; about 20% are re-referrals within 12 months.
Referrals still being assessed today go to children with no caseholder (allocated in an Assessment team).
Contacts that did not become referrals are about demo children too.

Deterministic for a seed and ``today``; written in bulk inside an ``audit_bypass`` (loading demo data is not
casework).
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from caseboard.accounts.models import Role, User
from caseboard.casework.demo import FIRST_NAMES, LAST_NAMES
from caseboard.casework.models import Allocation, AllocationRole, Episode, EpisodeKind
from caseboard.clock.calendar import add_working_days, is_working_day
from caseboard.core.audit import audit_bypass
from caseboard.people.models import Child
from caseboard.policy.selectors import approved_council_versions, in_force_among

from .codes import AssessmentFactor
from .models import Assessment, AssessmentOutcome, Contact, ContactDecision, Referral, Screening

REFERRALS_PER_WEEK_PER_3000 = 55
REFERRAL_SHARE = 0.4
RE_REFERRAL_SHARE = 0.22
REPEAT_CONTACT_SHARE = 0.5
FULL_WINDOW_UP_TO = 10_000
SCENARIO_START = date(2017, 4, 1)
PANDEMIC_WINDOW = (date(2019, 4, 1), date(2020, 12, 31))
LOCKDOWN = date(2020, 3, 23)
BATCH = 5000

AGENCIES = (
    ("6", 30),
    ("2A", 17),
    ("3A", 5),
    ("3B", 5),
    ("3E", 4),
    ("3F", 3),
    ("1A", 7),
    ("1C", 2),
    ("5A", 5),
    ("5D", 6),
    ("4", 4),
    ("8", 6),
    ("9", 3),
    ("10", 3),
)
NEEDS = (("N1", 55), ("N2", 6), ("N3", 5), ("N4", 9), ("N5", 14), ("N6", 3), ("N7", 2), ("N8", 3), ("N0", 3))
METHODS = (("phone", 45), ("email", 25), ("online_form", 25), ("in_person", 3), ("letter", 2))
OTHER_DECISIONS = (("advice", 42), ("nfa", 33), ("early_help", 25))
FACTORS = [code for code in AssessmentFactor.values if code != "21"]
COMMON_FACTORS = ["3B", "4B", "16A", "17A", "2B", "1B", "3A", "14A", "10A", "24A"]
LATE_REASONS = (
    "Waiting for the police and health checks to come back.",
    "The family cancelled two visits; the worker was off sick.",
    "Pandemic restrictions delayed seeing the child at home.",
)
CONCERNS = (
    "Police attended a domestic incident at the home overnight; the children were present.",
    "School is worried: the child has come in hungry and unkempt several times this month.",
    "Health visitor reports missed appointments and concerns about the baby's weight.",
    "Parent called asking for help: struggling to cope with the child's behaviour.",
    "A&E attendance with an injury the explanation does not fit.",
    "Neighbour reports the children left alone in the evenings.",
    "Young person disclosed to a teacher that they do not feel safe at home.",
    "Housing officer found the family living in one room in poor conditions.",
    "GP concerned about a parent's mental health and the care of the children.",
    "Anonymous caller worried about shouting and crying from the flat.",
)


def weekly_factor(week: date) -> float:
    """Demand in the week starting ``week`` relative to a usual week (pattern of 2020, summer and Christmas)."""
    if LOCKDOWN <= week < LOCKDOWN + timedelta(weeks=10):
        return 0.7
    if LOCKDOWN + timedelta(weeks=10) <= week < date(2020, 9, 1):
        return 0.9
    if date(2020, 9, 1) <= week < date(2020, 12, 1):
        return 1.2
    if week.month == 8:
        return 0.85
    if (week.month == 12 and week.day >= 20) or (week.month == 1 and week.day <= 3):
        return 0.7
    return 1.0


def windows(today: date, children: int) -> list[tuple[date, date]]:
    """The date ranges to build, merged (see the module docstring)."""
    if today.year == 2020:
        spans = [(SCENARIO_START, today)]
    elif children > FULL_WINDOW_UP_TO:
        spans = [(today - timedelta(weeks=13), today), (date(2020, 1, 1), min(date(2020, 12, 31), today))]
    else:
        spans = [(today - relativedelta(years=3), today), (PANDEMIC_WINDOW[0], min(PANDEMIC_WINDOW[1], today))]
    spans = sorted(span for span in spans if span[0] <= span[1])
    merged: list[tuple[date, date]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _weighted(rng: random.Random, options: tuple) -> str:
    return rng.choices([o[0] for o in options], [o[1] for o in options])[0]


@dataclass
class PlannedReferral:
    on: date
    child_id: int
    source: str
    need: str
    started: date
    completed: date  # after ``today``: still being assessed
    outcome: str
    end: date | None  # when the child-in-need episode it opens closed (None: still open)
    episode: Episode | None = None
    existing_cohort: str = ""


@dataclass
class Built:
    contacts: int = 0
    referrals: int = 0
    assessments: int = 0
    screenings: int = 0
    by_week: dict[date, int] = field(default_factory=lambda: defaultdict(int))


class FrontDoorDemo:
    def __init__(self, seed: int, today: date) -> None:
        self.rng = random.Random(seed * 6151)
        self.today = today
        self.zone = timezone.get_current_timezone()
        self.children_total = Child.objects.count()
        self.scale = self.children_total / 3000
        self.front_door = list(User.objects.filter(role=Role.FRONT_DOOR).order_by("pk"))
        # The front door's managers, who make and confirm the screening decisions.
        self.managers = list(
            User.objects.filter(role=Role.TEAM_MANAGER, teams__members__role=Role.FRONT_DOOR).distinct().order_by("pk")
        ) or list(User.objects.filter(role=Role.TEAM_MANAGER).order_by("pk")[:1])
        self.assessors = list(
            User.objects.filter(role=Role.SOCIAL_WORKER, teams__service__slug="assessment").order_by("pk").distinct()
        )
        self.assessment_teams = {
            user.pk: user.teams.order_by("pk").values_list("pk", flat=True).first() for user in self.assessors
        }
        self.versions = approved_council_versions()
        self.born: dict[int, date | None] = {}
        self.built = Built()

    # --- helpers -------------------------------------------------------------------------------------------------
    def _at(self, day: date) -> datetime:
        hour = self.rng.choices(range(7, 22), [2, 8, 10, 10, 9, 8, 9, 9, 8, 6, 4, 3, 2, 1, 1])[0]
        return datetime.combine(day, time(hour, self.rng.randrange(60)), tzinfo=self.zone)

    def _paused_on(self, day: date) -> str | None:
        version = in_force_among(self.versions, day)
        if version is not None and not version.early_help_referrals_open:
            return version.early_help_pause_reason
        return None

    def _days(self) -> list[date]:
        days: list[date] = []
        for start, end in windows(self.today, self.children_total):
            day = start
            while day <= end:
                days.append(day)
                day += timedelta(days=1)
        return days

    def _per_day(self, day: date) -> float:
        """Expected referrals on a day: weekdays carry the week; weekends and bank holidays a little."""
        weekly = REFERRALS_PER_WEEK_PER_3000 * self.scale * weekly_factor(day - timedelta(days=day.weekday()))
        weekly *= 1 + 0.02 * (day.year - 2017)  # demand grows slowly year on year
        return weekly / 5 * (1.0 if is_working_day(day) else 0.12)

    def _timing(self, on: date) -> tuple[date, date]:
        """When an assessment started and was completed: most within 45 working days, some late."""
        rng = self.rng
        started = on + timedelta(days=rng.choice((0, 1, 1, 2, 3, 5)))
        due = add_working_days(on, 45)
        roll = rng.random()
        if roll < 0.86:
            completed = min(add_working_days(started, rng.randint(8, 44)), due)
        else:
            completed = add_working_days(due, rng.randint(1, 25))
        return started, completed

    def _plan_existing(self, episode: Episode, cohort: str) -> PlannedReferral:
        started, completed = self._timing(episode.start_on)
        outcome = AssessmentOutcome.STRATEGY_DISCUSSION if cohort == "cp" else AssessmentOutcome.CIN_PLAN
        if episode.end_on is not None:
            completed = min(completed, episode.end_on)
            started = min(started, completed)
            outcome = {"RC8": AssessmentOutcome.NFA, "RC9": AssessmentOutcome.EARLY_HELP}.get(
                episode.reason_for_closure, AssessmentOutcome.CIN_PLAN
            )
        return PlannedReferral(
            episode.start_on,
            episode.child_id,
            episode.referral_source or "8",
            episode.primary_need or "N0",
            started,
            completed,
            outcome,
            episode.end_on,
            episode,
            cohort,
        )

    def _plan_new(self, on: date, child_id: int) -> PlannedReferral:
        """A referral for a child whose case closes after assessment (or is still being assessed)."""
        rng = self.rng
        started, completed = self._timing(on)
        outcome = rng.choices(
            [AssessmentOutcome.NFA, AssessmentOutcome.EARLY_HELP, AssessmentOutcome.CIN_PLAN], [55, 30, 15]
        )[0]
        end = None
        if completed <= self.today:
            end = completed
            if outcome == AssessmentOutcome.CIN_PLAN:
                end = completed + timedelta(days=rng.randint(60, 200))
                if end > self.today:
                    outcome, end = AssessmentOutcome.NFA, completed
        return PlannedReferral(
            on, child_id, _weighted(rng, AGENCIES), _weighted(rng, NEEDS), started, completed, outcome, end
        )

    # --- the build -----------------------------------------------------------------------------------------------
    def build(self) -> Built:
        rng = self.rng
        days = self._days()
        if not days or not self.front_door:
            return self.built
        first, last = days[0], days[-1]
        existing: dict[date, list[Episode]] = defaultdict(list)
        for episode in Episode.objects.filter(
            kind=EpisodeKind.CHILD_IN_NEED, start_on__gte=first, start_on__lte=last
        ).order_by("start_on", "pk"):
            existing[episode.start_on].append(episode)
        children = list(
            Child.objects.filter(is_restricted=False)
            .order_by("pk")
            .values_list("pk", "date_of_birth", "expected_date_of_birth")
        )
        known = [pk for pk, _born, _expected in children]
        self.born = {pk: born or expected for pk, born, expected in children}
        if not known:
            return self.built
        cohort = dict(
            Episode.objects.filter(
                kind__in=[EpisodeKind.CHILD_PROTECTION, EpisodeKind.LOOKED_AFTER], end_on__isnull=True
            ).values_list("child_id", "kind")
        )
        busy: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
        for child_id, start_on, end_on in Episode.objects.filter(kind=EpisodeKind.CHILD_IN_NEED).values_list(
            "child_id", "start_on", "end_on"
        ):
            busy[child_id].append((start_on, end_on))
        held = set(
            Allocation.objects.filter(ended_on__isnull=True, role=AllocationRole.SOCIAL_WORKER).values_list(
                "child_id", flat=True
            )
        ) | set(
            Episode.objects.filter(
                kind__in=[EpisodeKind.LOOKED_AFTER, EpisodeKind.CARE_LEAVER, EpisodeKind.CHILD_PROTECTION],
                end_on__isnull=True,
            ).values_list("child_id", flat=True)
        )
        last_referral: dict[int, date] = {}
        planned: list[PlannedReferral] = []
        contacts_only: list[tuple[date, int]] = []
        carry = 0.0
        for day in days:
            expected = self._per_day(day) * rng.uniform(0.85, 1.15) + carry
            target = int(expected)
            carry = expected - target
            ours = existing.get(day, [])
            for episode in ours:
                planned.append(self._plan_existing(episode, cohort.get(episode.child_id, "cin")))
                last_referral[episode.child_id] = day
            for _ in range(max(0, target - len(ours))):
                entry = self._plan_new(day, 0)
                wants_re_referral = rng.random() < RE_REFERRAL_SHARE
                for attempt in range(24):  # after 12 tries, any child who is free will do
                    child_id = known[rng.randrange(len(known))]
                    born = self.born.get(child_id)
                    if born is None or born > day - timedelta(days=60):
                        continue
                    if entry.end is None and child_id in held:
                        continue
                    last = last_referral.get(child_id)
                    recent = last is not None and last >= day - relativedelta(months=12)
                    if attempt < 12 and recent is not wants_re_referral:
                        continue
                    if last is not None and last > day - timedelta(days=14):
                        continue
                    finish = entry.end or date.max
                    if any(s <= finish and (e is None or e >= day) for s, e in busy[child_id]):
                        continue
                    entry.child_id = child_id
                    busy[child_id].append((day, entry.end))
                    last_referral[child_id] = day
                    if entry.end is None:
                        held.add(child_id)
                    planned.append(entry)
                    break
            contacts_today = int(target / REFERRAL_SHARE * (1 - REFERRAL_SHARE) + rng.random())
            for _ in range(contacts_today):
                contacts_only.append((day, known[rng.randrange(len(known))]))
        with audit_bypass("loading fictional demo data"), transaction.atomic():
            self._write(planned, contacts_only)
        return self.built

    def _write(self, planned: list[PlannedReferral], contacts_only: list[tuple[date, int]]) -> None:
        rng = self.rng
        # Contacts: one per planned referral (decided "referral" or "strategy discussion") and the others.
        contacts: list[Contact] = []
        contact_children: list[tuple[int, int]] = []  # (index in contacts, child pk)
        for entry in planned:
            contact = self._contact(entry.on, referral=True, strategy=entry.existing_cohort == "cp")
            contact.referrer_agency = entry.source
            contacts.append(contact)
            contact_children.append((len(contacts) - 1, entry.child_id))
        for day, child in contacts_only:
            contacts.append(self._contact(day, referral=False, strategy=False))
            contact_children.append((len(contacts) - 1, child))
        for start in range(0, len(contacts), BATCH):
            Contact.objects.bulk_create(contacts[start : start + BATCH])
        through = Contact.children.through
        links = [through(contact_id=contacts[i].pk, child_id=c) for i, c in contact_children]
        for start in range(0, len(links), BATCH):
            through.objects.bulk_create(links[start : start + BATCH])
        self.built.contacts = len(contacts)

        # Referrals, their episodes (new children), assessments and screening.
        episodes: list[Episode] = []
        allocations: list[Allocation] = []
        referrals: list[Referral] = []
        assessments: list[Assessment] = []
        by_child: dict[int, list[date]] = defaultdict(list)
        for index, entry in enumerate(planned):
            contact = contacts[index]
            started = min(entry.started, self.today)
            is_open = entry.completed > self.today
            episode = entry.episode
            if episode is None:
                episode = Episode(
                    child_id=entry.child_id,
                    kind=EpisodeKind.CHILD_IN_NEED,
                    start_on=entry.on,
                    end_on=entry.end,
                    referral_source=entry.source,
                    primary_need=entry.need,
                    reason_for_closure={"nfa": "RC8", "early_help": "RC9"}.get(entry.outcome, "RC7")
                    if entry.end
                    else "",
                )
                episodes.append(episode)
                if entry.end is None and self.assessors:
                    worker = self.assessors[index % len(self.assessors)]
                    allocations.append(
                        Allocation(
                            child_id=entry.child_id,
                            worker=worker,
                            team_id=self.assessment_teams[worker.pk],
                            role=AllocationRole.SOCIAL_WORKER,
                            started_on=entry.on,
                        )
                    )
            previous = by_child[entry.child_id]
            re_referral = any(entry.on - relativedelta(months=12) <= day <= entry.on for day in previous)
            previous.append(entry.on)
            referrals.append(
                Referral(
                    child_id=entry.child_id,
                    contact=contact,
                    received_on=entry.on,
                    source=entry.source,
                    primary_need=entry.need,
                    is_re_referral=re_referral,
                    needs_strategy_discussion=contact.decision == ContactDecision.STRATEGY_DISCUSSION,
                    episode=episode,
                    recorded_by_id=contact.decided_by_id,
                    recorded_at=contact.decided_at,
                )
            )
            late = not is_open and entry.completed > add_working_days(entry.on, 45)
            factors = (
                ["21"]
                if rng.random() < 0.08
                else sorted(
                    set(rng.sample(COMMON_FACTORS, rng.randint(1, 3)))
                    | ({rng.choice(FACTORS)} if rng.random() < 0.2 else set())
                )
            )
            completed = None if is_open else entry.completed
            assessments.append(
                Assessment(
                    child_id=entry.child_id,
                    started_on=started,
                    completed_on=completed,
                    authorised_on=None
                    if completed is None
                    # Authorised on completion or just after, never after the case closed (CIN census rule 8565).
                    else min(add_working_days(completed, rng.choice((0, 1, 2))), self.today, entry.end or date.max),
                    factors=[] if is_open else factors,
                    outcome="" if is_open else entry.outcome,
                    reason_late=rng.choice(LATE_REASONS) if late else "",
                    delayed_by_pandemic=late and LOCKDOWN <= entry.completed <= date(2021, 9, 30),
                    recorded_by_id=contact.decided_by_id,
                    recorded_at=contact.decided_at,
                )
            )
        Episode.objects.bulk_create(episodes, batch_size=BATCH)
        Allocation.objects.bulk_create(allocations, batch_size=BATCH)
        for referral in referrals:
            referral.episode_id = referral.episode.pk if referral.episode is not None else None
        Referral.objects.bulk_create(referrals, batch_size=BATCH)
        for assessment, referral in zip(assessments, referrals, strict=True):
            assessment.referral = referral
        Assessment.objects.bulk_create(assessments, batch_size=BATCH)
        screenings = [self._screening(referral) for referral in referrals]
        Screening.objects.bulk_create(screenings, batch_size=BATCH)
        self.built.referrals = len(referrals)
        self.built.assessments = len(assessments)
        self.built.screenings = sum(1 for s in screenings if s.updated_at is not None)

    def _contact(self, day: date, *, referral: bool, strategy: bool) -> Contact:
        rng = self.rng
        received_at = self._at(day)
        due = add_working_days(day, 1)
        recent = (self.today - day).days <= 1
        if referral:
            decision = ContactDecision.STRATEGY_DISCUSSION if strategy else ContactDecision.REFERRAL
        elif recent and rng.random() < 0.6:
            decision = ContactDecision.AWAITING
        else:
            decision = _weighted(rng, OTHER_DECISIONS)
        decided_on = min(due if rng.random() < 0.9 else add_working_days(due, rng.randint(1, 3)), self.today)
        decided_on = max(decided_on, day)
        decided_at = (
            None
            if decision == ContactDecision.AWAITING
            else datetime.combine(decided_on, time(rng.randint(9, 17), rng.randrange(60)), tzinfo=self.zone)
        )
        if decided_at is not None and decided_at < received_at:
            decided_at = received_at + timedelta(hours=2)
        worker = rng.choice(self.front_door)
        contact = Contact(
            received_at=received_at,
            received_on=day,
            referrer_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            referrer_agency=_weighted(rng, AGENCIES),
            method=_weighted(rng, METHODS),
            concerns=rng.choice(CONCERNS),
            decision=decision,
            decision_due_on=due,
            decided_at=decided_at,
            decided_by=worker if decided_at else None,
            decision_reasons="Threshold for a social care response met."
            if referral
            else "Below the threshold."
            if decided_at
            else "",
            recorded_by=worker,
            recorded_at=received_at + timedelta(minutes=rng.randint(5, 90)),
        )
        pause = self._paused_on(decided_on) if decision == ContactDecision.EARLY_HELP else None
        if pause:
            contact.early_help_paused = True
            contact.early_help_pause_reason = pause
            contact.needs_urgent_social_work = False
            contact.risk_check_notes = "No immediate risk identified; universal services involved."
            contact.referrer_advised_to_rerefer = True
        return contact

    def _screening(self, referral: Referral) -> Screening:
        """Recent referrals (the last 8 weeks) have screening: complete after a week, partly done before."""
        rng = self.rng
        screening = Screening(referral=referral)
        age = (self.today - referral.received_on).days
        if age > 56:
            return screening
        contact = referral.contact
        screening.agency_checks_done = True
        screening.agency_checks_notes = "Police, health and school checks done."
        screening.referrer_spoken_to = True
        screening.parents_spoken_to = rng.random() < 0.9
        if not screening.parents_spoken_to:
            screening.parents_not_spoken_reason = "Speaking to the parents now would put the child at risk."
        born = self.born.get(referral.child_id)
        if born is not None and (referral.received_on - born).days >= 8 * 365.25:
            screening.child_spoken_to = rng.random() < 0.8
            if not screening.child_spoken_to:
                screening.child_not_spoken_reason = "The child was not available; to be seen at school."
        screening.updated_by_id = contact.decided_by_id
        screening.updated_at = contact.decided_at
        manager = self.managers[referral.pk % len(self.managers)] if self.managers else None
        if age >= 5 and manager is not None:
            # The decision recorded in the manager's name; from a week on, confirmed by them the next day and the
            # screening complete. Younger ones wait in the manager's queue.
            screening.initial_visit_needed = True
            screening.initial_visit_remote = False
            screening.manager = manager
            screening.manager_risk_assessment = "Initial visit in person within 5 working days."
        if age >= 7 and manager is not None:
            screening.manager_confirmed_by = manager
            screening.manager_confirmed_at = contact.decided_at + timedelta(days=1)
            screening.outcome_sent_to_referrer_on = min(referral.received_on + timedelta(days=2), self.today)
            screening.outcome_sent_to_family_on = min(referral.received_on + timedelta(days=3), self.today)
            screening.completed_at = contact.decided_at + timedelta(days=4)
        return screening


def add_demo_front_door(seed: int, today: date) -> str:
    """The demo step: contacts, referrals, assessments and recent screening (see the module docstring)."""
    built = FrontDoorDemo(seed, today).build()
    return (
        f"{built.contacts:,} contacts, {built.referrals:,} referrals, {built.assessments:,} assessments, "
        f"{built.screenings:,} screenings"
    )

"""The COVID-19 scenario: ``manage.py seed_demo --scenario covid-2020 [--children N]``.

A council as it stood on 4 June 2020, the date of Rotherham's briefing (seed 004): the demo council built as of that
date; the COVID-19 operating model in force from 23 March 2020 (an approved version of the council's model copied
from the preset); visits from 1 January 2020, with a share held virtually from 23 March; weekly phone contact with
children in need and Early Help families; and, in the week commencing Monday 11 May 2020, exactly the visits in the
briefing's table (DOMAIN.md section 8.1). ``weekly_visits_table`` computes that table from the database.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from caseboard.accounts.models import User
from caseboard.casework.demo import DemoBuilder, DemoSummary
from caseboard.casework.models import Allocation, AllocationRole, Episode, EpisodeKind
from caseboard.core.audit import audit_bypass
from caseboard.core.hooks import demo_steps
from caseboard.policy.models import DeviationRule, OperatingModelVersion, VersionStatus, VisitFrequency
from caseboard.policy.presets import COVID
from caseboard.policy.selectors import council_model
from caseboard.policy.services import COPIED_FIELDS, DEVIATION_FIELDS, FREQUENCY_FIELDS
from caseboard.visits.demo import (
    ChildPlan,
    PlannedVisit,
    VisitWriter,
    add_demo_visits,
    align_household_visits,
    load_children,
    load_households,
    pick_mode,
    plan_visits,
    share_household_modes,
)
from caseboard.visits.models import IN_PERSON_MODES, CaseNote, CaseNoteKind
from caseboard.visits.selectors import percent, weekly_visits_counts
from caseboard.workforce.demo import add_scenario_ppe

SCENARIO_TODAY = date(2020, 6, 4)
COVID_FROM = date(2020, 3, 23)
COVID_FIRST_UNTIL = date(2020, 4, 14)  # seed 002: "Arrangements for Early Help and CSC 24.03.2020 – 14.04.2020"
VISITS_FROM = date(2020, 1, 1)
WEEK_OF_11_MAY = date(2020, 5, 11)
# Seed 004, Rotherham, week commencing 11 May 2020: visits (total, physical, virtual) by involvement.
SEED_004_TABLE: dict[str, tuple[int, int, int]] = {
    "CIN": (438, 387, 51),
    "CP": (342, 318, 24),
    "LAC": (147, 116, 31),
    "All": (927, 821, 106),
}
# Share of visits held virtually from 23 March 2020 (before it, 1%), by the kind of visit.
VIRTUAL_BEFORE = 0.01
VIRTUAL_FROM_COVID = {"cin": 0.12, "cp": 0.07, "lac": 0.21, "private_fostering": 0.12, "care_leaver": 0.35}
# From the first ratings in April 2020: red and amber children are seen in person, green children mostly virtually.
FIRST_RATINGS = (date(2020, 4, 1), date(2020, 4, 17))
GREEN_VIRTUAL = 0.6
# Which children's visits in the week of 11 May are the virtual ones first (green, not rated, amber, red).
VIRTUAL_FIRST = {"green": 0, None: 1, "amber": 2, "red": 3}
Colour = Callable[[int, date], "str | None"]

# Reporting's hierarchy: a child counts once, by the highest of these open on the date.
GROUP_KINDS = (
    ("LAC", EpisodeKind.LOOKED_AFTER),
    ("CP", EpisodeKind.CHILD_PROTECTION),
    ("CIN", EpisodeKind.CHILD_IN_NEED),
)
KIND_OF_GROUP = {group: kind.value for group, kind in GROUP_KINDS}
ROWS = ("CIN", "CP", "LAC")
MOST_VISITS_IN_THE_WEEK = 3  # per child, when the week needs more visits than the children's plans give


def group_for(open_kinds: Iterable[str]) -> str | None:
    """LAC > CP > CIN: the row a child's visit counts in, from the kinds of episode open on the visit date."""
    kinds = set(open_kinds)
    return next((group for group, kind in GROUP_KINDS if kind in kinds), None)


def weekly_visits_table(week_start: date) -> dict[str, tuple[int, int, int]]:
    """Visits in the week from ``week_start`` (7 days) over the whole council, as {"CIN"|"CP"|"LAC"|"All": (total,
    physical, virtual)}: the weekly visits return's counts (``visits.selectors.visits_in_week`` says what counts)."""
    return weekly_visits_counts(children=None, week_start=week_start)


def format_table(table: dict[str, tuple[int, int, int]]) -> list[str]:
    lines = [f"{'':4}{'Total':>7}{'Physical':>10}{'':>9}{'Virtual':>9}"]
    for row, (total, physical, virtual) in table.items():
        lines.append(
            f"{row:4}{total:>7}{physical:>10}{percent(physical, total):>8}%{virtual:>9}{percent(virtual, total):>8}%"
        )
    return lines


# --- the operating model ---------------------------------------------------------------------------------------


def install_covid_version() -> OperatingModelVersion:
    """The council's COVID-19 arrangements, copied from the preset, as two approved versions: "Arrangements for Early
    Help and CSC" for the first three weeks, 23 March to 14 April 2020 (seed 002: "24.03.2020 – 14.04.2020"; in
    force from the lockdown's Monday here), then the same arrangements extended from 15 April 2020 with no end, so
    the version in force never changes what it asks. Written directly (the approval service refuses dates in the
    past); drafted by the demo head of service and approved by the administrator. Returns the first."""
    council = council_model()
    existing = council.versions.filter(status=VersionStatus.APPROVED, effective_from=COVID_FROM).first()
    if existing is not None:
        return existing
    preset = OperatingModelVersion.objects.filter(operating_model__name=COVID).order_by("number").first()
    if preset is None:
        raise LookupError(f"The {COVID!r} preset is missing: run migrate")
    number = (council.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    first = _copy_of(
        preset,
        number=number,
        effective_from=COVID_FROM,
        ends_on=COVID_FIRST_UNTIL,
        approved_on=date(2020, 3, 20),
        summary="Arrangements for Early Help and CSC for the first three weeks of the national lockdown (copied from "
        "the COVID-19 preset): virtual visits count with an approved key decision, a pre-visit check before every "
        "home visit, Early Help referrals paused.",
    )
    _copy_of(
        first,
        number=number + 1,
        effective_from=COVID_FIRST_UNTIL + timedelta(days=1),
        ends_on=None,
        approved_on=date(2020, 4, 14),
        summary="The arrangements of the first three weeks extended while the national restrictions continue.",
    )
    return first


def _copy_of(
    source: OperatingModelVersion,
    *,
    number: int,
    effective_from: date,
    ends_on: date | None,
    approved_on: date,
    summary: str,
) -> OperatingModelVersion:
    """An approved version of the council's model with every setting of ``source``."""
    from caseboard.policy.hooks import sections_copy
    from caseboard.policy.models import QUESTION_FIELDS, PreVisitQuestion

    zone = timezone.get_current_timezone()
    version = OperatingModelVersion(
        operating_model=council_model(),
        number=number,
        status=VersionStatus.APPROVED,
        effective_from=effective_from,
        ends_on=ends_on,
        summary=summary,
        copied_from=source,
        drafted_by=User.objects.filter(username="head").first(),
        approved_by=User.objects.filter(username="admin").first(),
        approved_at=datetime.combine(approved_on, time(17, 0), tzinfo=zone),
        **{name: getattr(source, name) for name in COPIED_FIELDS},
    )
    version.full_clean()
    version.save()
    for frequency in source.visit_frequencies.all():
        VisitFrequency.objects.create(version=version, **{f: getattr(frequency, f) for f in FREQUENCY_FIELDS})
    for rule in source.deviation_rules.all():
        DeviationRule.objects.create(version=version, **{f: getattr(rule, f) for f in DEVIATION_FIELDS})
    for question in source.pre_visit_questions.all():
        PreVisitQuestion.objects.create(version=version, **{f: getattr(question, f) for f in QUESTION_FIELDS})
    sections_copy(source=source, draft=version)
    return version


# --- visits ----------------------------------------------------------------------------------------------------


class ScenarioError(CommandError):
    """The scenario cannot be built as asked (shown by the command without a traceback)."""


def _group_on(child: ChildPlan, day: date) -> str | None:
    return group_for(span.kind for span in child.spans if span.covers(day))


def arrange_week(
    rng: random.Random,
    planned: list[PlannedVisit],
    children: list[ChildPlan],
    week_start: date,
    targets: dict[str, tuple[int, int]],
    colour: Colour | None = None,
) -> list[PlannedVisit]:
    """Make the planned visits in the week exactly ``targets`` ({row: (physical, virtual)}) by the LAC > CP > CIN
    rule: drop surplus visits, or add single-child visits to children in that row all week (fewest visits that
    week first, weekdays first, at most ``MOST_VISITS_IN_THE_WEEK`` each), then choose which are virtual (green
    children's first, by ``colour``: the child's rating on the day). Each visit's purpose is the row's."""
    days = [week_start + timedelta(days=offset) for offset in range(7)]
    by_id = {child.child_id: child for child in children}
    kept: list[PlannedVisit] = []
    in_week: dict[str, list[PlannedVisit]] = {row: [] for row in ROWS}
    for entry in planned:
        group = _group_on(by_id[entry.child_id], entry.on) if days[0] <= entry.on <= days[-1] else None
        if group is None:
            kept.append(entry)
            continue
        entry.kind = KIND_OF_GROUP[group]
        in_week[group].append(entry)
    for row in ROWS:
        physical, virtual = targets[row]
        if physical < 0 or virtual < 0:
            raise ScenarioError(f"Other demo steps already recorded more {row} visits that week than seed 004 has")
        visits = in_week[row]
        rng.shuffle(visits)
        del visits[physical + virtual :]
        used: dict[int, set[date]] = defaultdict(set)
        for entry in visits:
            used[entry.child_id].add(entry.on)
        stable = [child for child in children if all(_group_on(child, day) == row for day in days)]
        rng.shuffle(stable)
        while len(visits) < physical + virtual:
            free = [child for child in stable if len(used[child.child_id]) < MOST_VISITS_IN_THE_WEEK]
            if not free:
                raise ScenarioError(
                    f"Too few {row} children for {physical + virtual} visits in the week of {week_start:%-d %B %Y} "
                    f"(at most {MOST_VISITS_IN_THE_WEEK} each): use --children 1500 or more"
                )
            fewest = min(len(used[child.child_id]) for child in free)
            for child in (child for child in free if len(used[child.child_id]) == fewest):
                if len(visits) == physical + virtual:
                    break
                open_days = [day for day in days if day not in used[child.child_id]]
                weekdays = [day for day in open_days if day.weekday() < 5]
                day = rng.choice(weekdays or open_days)
                used[child.child_id].add(day)
                visits.append(PlannedVisit(child.child_id, child.worker_id, day, KIND_OF_GROUP[row]))
        rng.shuffle(visits)
        if colour is not None:
            visits.sort(key=lambda entry: VIRTUAL_FIRST[colour(entry.child_id, entry.on)])
        for index, entry in enumerate(visits):
            entry.mode = pick_mode(rng, entry.kind, virtual=index < virtual)
        kept += visits
    return kept


def add_scenario_visits(seed: int, *, today: date = SCENARIO_TODAY) -> int:
    """Visits from 1 January 2020 to ``today`` for every child with an open visited episode, virtual ones from 23
    March; the week of 11 May as in seed 004. Returns the number of visits."""
    rng = random.Random(seed * 7741)
    children = load_children(today)
    planned = list(plan_visits(rng, children, window_start=VISITS_FROM, today=today))
    households = load_households(child.child_id for child in children)
    align_household_visits(planned, children, households)
    colour = rating_colours()
    for entry in planned:
        share = VIRTUAL_FROM_COVID[entry.kind] if entry.on >= COVID_FROM else VIRTUAL_BEFORE
        rated = colour(entry.child_id, entry.on)
        if rated in ("red", "amber"):
            share = 0.0
        elif rated == "green":
            share = GREEN_VIRTUAL
        entry.mode = pick_mode(rng, entry.kind, rng.random() < share)
    planned.sort(key=lambda entry: (entry.on, entry.worker_id, entry.child_id))
    share_household_modes(planned, households)
    for entry in planned:  # a red or amber child is seen in person even when a brother or sister is not
        if entry.mode not in IN_PERSON_MODES and colour(entry.child_id, entry.on) in ("red", "amber"):
            entry.mode = pick_mode(rng, entry.kind, virtual=False)
    already = weekly_visits_table(WEEK_OF_11_MAY)  # from other demo steps, if any
    targets = {
        row: (SEED_004_TABLE[row][1] - already[row][1], SEED_004_TABLE[row][2] - already[row][2]) for row in ROWS
    }
    planned = arrange_week(rng, planned, children, WEEK_OF_11_MAY, targets, colour)
    planned.sort(key=lambda entry: (entry.on, entry.worker_id, entry.child_id))
    writer = VisitWriter(rng, {child.child_id: child.born for child in children}, today, households)
    with audit_bypass("loading fictional demo data"), transaction.atomic():
        # The week of 11 May is arranged visit by visit to seed 004's table, so its visits stay one child each.
        writer.write(planned, checks_from=COVID_FROM, apart=(WEEK_OF_11_MAY, WEEK_OF_11_MAY + timedelta(days=6)))
    return writer.visits


def add_scenario_ratings(seed: int) -> int:
    """A first rating in the first weeks of April 2020 for every child the demo step rated later (the council's
    rating tool, seed 004): mostly the colour they have now. Returns the number of ratings."""
    from caseboard.prioritisation.models import RagRating

    rng = random.Random(seed * 7757)
    zone = timezone.get_current_timezone()
    first: list[RagRating] = []
    days = (FIRST_RATINGS[1] - FIRST_RATINGS[0]).days
    seen: set[int] = set()
    for rating in RagRating.objects.order_by("child_id", "rated_at", "pk"):
        if rating.child_id in seen:
            continue
        seen.add(rating.child_id)
        rated_on = FIRST_RATINGS[0] + timedelta(days=rng.randint(0, days))
        if rated_on >= rating.rated_on:
            continue
        colour = rating.rating if rng.random() < 0.85 else rng.choice(["red", "amber", "green"])
        at = datetime.combine(rated_on, time(11, 0), tzinfo=zone)
        first.append(
            RagRating(
                child_id=rating.child_id,
                rating=colour,
                suggested_rating=colour,
                is_care_leaver_rating=rating.is_care_leaver_rating,
                rated_by_id=rating.rated_by_id,
                rated_at=at,
                rated_on=rated_on,
                confirmed_by_id=rating.confirmed_by_id,
                confirmed_at=at + timedelta(days=1) if rating.confirmed_by_id else None,
                review_after_days=rating.review_after_days,
                next_review_on=rated_on + timedelta(days=rating.review_after_days),
                operating_model_version_id=rating.operating_model_version_id,
            )
        )
    with audit_bypass("loading fictional demo data"), transaction.atomic():
        RagRating.objects.bulk_create(first, batch_size=2000)
    return len(first)


def rating_colours() -> Colour:
    """The colour each child was rated on a day (None: not rated then), from the rating history."""
    from caseboard.clock.ratings import RatingHistory
    from caseboard.prioritisation.models import RagRating
    from caseboard.prioritisation.visit_rules import rating_history

    rows: dict[int, list[Any]] = defaultdict(list)
    for rating in RagRating.objects.only("id", "child_id", "rated_on", "rating"):
        rows[rating.child_id].append(rating)
    histories = {child_id: RatingHistory(rating_history(ratings)) for child_id, ratings in rows.items()}

    def colour(child_id: int, on: date) -> str | None:
        history = histories.get(child_id)
        found = history.on(on) if history is not None else None
        return found.rating if found is not None else None

    return colour


CALL_NOTES = {
    CaseNoteKind.PHONE_PARENT: "Weekly call with the parent: the household is well, nobody has symptoms. Food and "
    "school work discussed.",
    CaseNoteKind.PHONE_CHILD: "Video call with the child, who spoke to me on their own and showed me their room.",
    CaseNoteKind.WELFARE_CALL: "Welfare call: the family is coping; reminded them how to reach the duty team.",
}


def add_remote_contact(seed: int, *, today: date = SCENARIO_TODAY) -> int:
    """Weekly phone or video contact with children in need (not on a plan or looked after) and Early Help families
    from 23 March 2020, as the COVID-19 model asks (seed 002); a few lapse. Returns the number of case notes."""
    rng = random.Random(seed * 7753)
    kinds: dict[int, set[str]] = defaultdict(set)
    starts: dict[int, date] = {}
    for child_id, kind, start in Episode.objects.filter(
        Q(end_on__isnull=True) | Q(end_on__gte=today), start_on__lte=today
    ).values_list("child_id", "kind", "start_on"):
        kinds[child_id].add(kind)
        if kind in (EpisodeKind.CHILD_IN_NEED, EpisodeKind.EARLY_HELP):
            starts[child_id] = min(start, starts.get(child_id, start))
    workers = dict(
        Allocation.objects.filter(ended_on__isnull=True)
        .exclude(role=AllocationRole.IRO)
        .order_by("started_on", "pk")
        .values_list("child_id", "worker_id")
    )
    zone = timezone.get_current_timezone()
    notes: list[CaseNote] = []
    for child_id in sorted(starts):
        if kinds[child_id] & {EpisodeKind.CHILD_PROTECTION, EpisodeKind.LOOKED_AFTER} or child_id not in workers:
            continue
        day = max(starts[child_id], COVID_FROM) + timedelta(days=rng.randint(1, 5))
        end = today - timedelta(days=rng.randint(8, 20)) if rng.random() < 0.1 else today
        while day <= end:
            kind = rng.choices(list(CALL_NOTES), (6, 2, 2))[0]
            notes.append(
                CaseNote(
                    child_id=child_id,
                    kind=kind,
                    occurred_on=day,
                    text=CALL_NOTES[kind],
                    recorded_by_id=workers[child_id],
                    recorded_at=datetime.combine(day, time(rng.randint(10, 17), 0), tzinfo=zone),
                )
            )
            day += timedelta(days=rng.randint(5, 7))
    with audit_bypass("loading fictional demo data"), transaction.atomic():
        CaseNote.objects.bulk_create(notes, batch_size=5000)
    return len(notes)


# --- the whole scenario ----------------------------------------------------------------------------------------


@dataclass
class ScenarioResult:
    summary: DemoSummary
    version: OperatingModelVersion
    visits: int
    case_notes: int
    extras: list[str]
    table: dict[str, tuple[int, int, int]]

    def report(self) -> list[str]:
        """What ``seed_demo --scenario covid-2020`` prints: a summary, then the week of 11 May 2020."""
        summary = self.summary
        cohorts = ", ".join(f"{name} {count:,}" for name, count in sorted(summary.by_cohort.items()))
        return [
            f"Built the covid-2020 scenario as of {SCENARIO_TODAY:%-d %B %Y}: {summary.children:,} children "
            f"({cohorts}), {summary.episodes:,} episodes, {summary.staff:,} staff; {self.version} (COVID-19) in "
            f"force from {self.version.effective_from:%-d %B %Y}; {self.visits:,} visits since "
            f"{VISITS_FROM:%-d %B %Y}, {self.case_notes:,} remote contact notes"
            + "".join(f", {extra}" for extra in self.extras)
            + f"; due items computed as of {SCENARIO_TODAY:%-d %B %Y}",
            f"Visits in the week commencing Monday {WEEK_OF_11_MAY:%-d %B %Y} (LAC > CP > CIN; seed 004):",
            *(f"  {line}" for line in format_table(self.table)),
        ]


def build_covid_2020(
    *,
    children: int = 3000,
    seed: int = 1,
    progress: Callable[[int, int], None] | None = None,
    recompute: bool = True,
) -> ScenarioResult:
    """Build the scenario into an empty database (the caller checks it is empty), in one transaction: if the week
    of 11 May cannot be arranged, nothing is left behind. Due items are computed as of 4 June 2020 at the end."""
    from caseboard.compliance.services import due_items_recompute_all

    with transaction.atomic():
        summary = DemoBuilder(children=children, seed=seed, today=SCENARIO_TODAY, progress=progress).build()
        version = install_covid_version()
        # Other features' demo records, as of the scenario's date (this module adds the visits itself).
        extras = [step(seed, SCENARIO_TODAY) for step in demo_steps if step is not add_demo_visits]
        extras.append(f"{add_scenario_ratings(seed):,} first RAG ratings in April 2020")
        visits = add_scenario_visits(seed)
        case_notes = add_remote_contact(seed)
        # PPE follows the visits just made: the workforce step's ledger is rebuilt from the lockdown.
        ppe = add_scenario_ppe(seed, today=SCENARIO_TODAY)
        extras.append(", ".join(f"{n:,} {what}" for what, n in ppe.items()))
        table = weekly_visits_table(WEEK_OF_11_MAY)
        if table != SEED_004_TABLE:
            raise ScenarioError(f"The week of 11 May 2020 does not match seed 004: {table}")
    # After the commit, so that due items recomputed on commit by the steps' services (as of the real today) are
    # replaced by the scenario's.
    if recompute:
        due_items_recompute_all(today=SCENARIO_TODAY)
    return ScenarioResult(summary, version, visits, case_notes, extras, table)


SCENARIOS = {"covid-2020": build_covid_2020}

"""Workforce figures: staff unavailable because of COVID-19 (the DfE survey's question), availability by team by
week, check-ins and supervision on time, PPE stock and use by office, and the staff survey's results."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from caseboard.accounts.models import Role, Team, User
from caseboard.compliance.calendar import is_working_day

from .cadence import OnTime, on_time
from .models import (
    ALWAYS_COVID,
    AVAILABLE_STATUSES,
    Availability,
    CheckIn,
    CheckInKind,
    LedgerKind,
    PpeLedgerEntry,
    Skill,
    StaffDueKind,
    StaffRecord,
    StaffSurvey,
    SupervisionSession,
    SurveyAnswer,
    SurveyQuestion,
)
from .rules_in_force import settings_on

# The DfE survey asks about social workers (front door practitioners and team managers are social workers too)
# and residential staff (those whose staff record says they are trained for residential work).
SOCIAL_WORK_ROLES = frozenset({Role.SOCIAL_WORKER, Role.FRONT_DOOR, Role.TEAM_MANAGER})


def percent(part: int, whole: int) -> Decimal:
    """A share as a percentage rounded half up to 2 places (0 of 0 is 0)."""
    if whole == 0:
        return Decimal("0.00")
    return (Decimal(100) * part / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class GroupUnavailable:
    label: str
    staff: int
    unavailable: int
    threshold: int

    @property
    def percent(self) -> Decimal:
        return percent(self.unavailable, self.staff)

    @property
    def flagged(self) -> bool:
        """The DfE's flag: more than 10% (the operating model's threshold) unavailable."""
        return self.staff > 0 and self.percent > self.threshold

    @property
    def text(self) -> str:
        flag = f" (more than {self.threshold}%)" if self.flagged else ""
        return f"{self.unavailable} of {self.staff} ({self.percent}%){flag}"


@dataclass(frozen=True)
class StaffUnavailable:
    on: date
    recorded: bool
    social_workers: GroupUnavailable
    residential: GroupUnavailable

    @property
    def text(self) -> str:
        if not self.recorded:
            return "Not recorded"
        return f"Social workers {self.social_workers.text}; residential staff {self.residential.text}"


def covid_unavailable(periods: QuerySet[Availability]) -> QuerySet[Availability]:
    """Periods that make someone unavailable because of COVID-19: self-isolating, shielding, or another absence
    (sickness, caring for children out of school) recorded as because of COVID-19."""
    return periods.filter(Q(status__in=list(ALWAYS_COVID)) | Q(is_covid_related=True)).exclude(
        status__in=list(AVAILABLE_STATUSES)
    )


def staff_unavailable(*, on: date) -> StaffUnavailable:
    """Social workers and residential staff unavailable because of COVID-19 on a date, as numbers and shares of
    the active staff in each group, flagged above the operating model's threshold (DfE: more than 10%). Four
    queries."""
    threshold = settings_on(on).unavailable_share_flag_percent
    recorded = Availability.objects.filter(starts_on__lte=on).exists()
    active = User.objects.filter(is_active=True).exclude(role="")
    social = set(active.filter(role__in=list(SOCIAL_WORK_ROLES)).values_list("pk", flat=True))
    residential = {
        record.user_id
        for record in StaffRecord.objects.filter(user__in=active.values("pk")).only("user_id", "skills")
        if Skill.RESIDENTIAL in record.skills
    }
    covering = Availability.objects.filter(starts_on__lte=on).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
    away = set(covid_unavailable(covering).values_list("person_id", flat=True))
    return StaffUnavailable(
        on=on,
        recorded=recorded,
        social_workers=GroupUnavailable("Social workers", len(social), len(social & away), threshold),
        residential=GroupUnavailable("Residential staff", len(residential), len(residential & away), threshold),
    )


# --- availability by team by week --------------------------------------------------------------------------------
@dataclass
class WeekRow:
    week_start: date
    teams: dict[int, tuple[int, int]] = field(default_factory=dict)  # team -> (staff, available every working day)


@dataclass(frozen=True)
class AvailabilityWeeks:
    teams: list[Team]
    weeks: list[WeekRow]

    def table(self) -> list[tuple[date, list[tuple[int, int]]]]:
        """Rows of (week start, [(staff, available) for each team in order])."""
        return [(week.week_start, [week.teams.get(team.pk, (0, 0)) for team in self.teams]) for week in self.weeks]


def availability_by_week(*, teams: QuerySet[Team], end: date, weeks: int = 12) -> AvailabilityWeeks:
    """For each team and each of the ``weeks`` weeks to ``end``: its members, and how many were available on every
    working day of the week (Monday to Friday less bank holidays). Three queries."""
    team_list = list(teams.order_by("service__name", "name"))
    last_monday = end - timedelta(days=end.weekday())
    mondays = [last_monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    members = list(
        User.teams.through.objects.filter(team__in=[t.pk for t in team_list], user__is_active=True).values_list(
            "team_id", "user_id"
        )
    )
    people = {user_id for _, user_id in members}
    periods: dict[int, list[Availability]] = defaultdict(list)
    for period in Availability.objects.filter(
        person_id__in=people, starts_on__lte=last_monday + timedelta(days=6)
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=mondays[0])):
        periods[period.person_id].append(period)
    rows = []
    for monday in mondays:
        days = [monday + timedelta(days=n) for n in range(5) if is_working_day(monday + timedelta(days=n))]
        away = {
            person
            for person, found in periods.items()
            if any(p.covers(day) and p.status not in AVAILABLE_STATUSES for p in found for day in days)
        }
        row = WeekRow(monday)
        counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for team_id, user_id in members:
            counts[team_id][0] += 1
            counts[team_id][1] += user_id not in away
        row.teams = {team_id: (staff, available) for team_id, (staff, available) in counts.items()}
        rows.append(row)
    return AvailabilityWeeks(team_list, rows)


def availability_chart(weeks: AvailabilityWeeks) -> str:
    """A small SVG line chart of the share of staff available each week, all teams together (the table beside it
    carries the same figures for screen readers)."""
    points = []
    for week in weeks.weeks:
        staff = sum(s for s, _ in week.teams.values())
        available = sum(a for _, a in week.teams.values())
        points.append(float(percent(available, staff)) if staff else 0.0)
    if not points:
        return ""
    width, height, pad = 600, 200, 30
    step = (width - 2 * pad) / max(len(points) - 1, 1)
    coords = " ".join(
        f"{pad + i * step:.1f},{height - pad - (value / 100) * (height - 2 * pad):.1f}"
        for i, value in enumerate(points)
    )
    labels = "".join(
        f'<text x="{pad + i * step:.1f}" y="{height - 8}" font-size="10" text-anchor="middle">'
        f"{week.week_start:%-d %b}</text>"
        for i, week in enumerate(weeks.weeks)
        if i % 2 == 0
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="availability-chart-title" class="app-chart">'
        f'<title id="availability-chart-title">Share of staff available every working day, by week</title>'
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="#0b0c0c"/>'
        f'<text x="2" y="{pad}" font-size="10">100%</text><text x="8" y="{height - pad}" font-size="10">0%</text>'
        f'<polyline fill="none" stroke="#1d70b8" stroke-width="3" points="{coords}"/>{labels}</svg>'
    )


# --- check-ins and supervision on time ---------------------------------------------------------------------------
@dataclass(frozen=True)
class OnTimeRow:
    kind: str
    label: str
    cadence: str
    result: OnTime


def on_time_by_kind(*, start: date, end: date) -> list[OnTimeRow]:
    """For each kind of check-in and supervision, how many fell due from ``start`` to ``end`` under the
    cadences in force on ``end`` and how many were held by their due date (``cadence.on_time``)."""
    from .due import duties_on

    duties = duties_on(end)
    pair_days: dict[tuple[str, frozenset[int]], list[date]] = defaultdict(list)
    for checkin in CheckIn.objects.filter(with_person__isnull=False, held_on__lte=end).values_list(
        "kind", "by_id", "with_person_id", "held_on"
    ):
        pair_days[(checkin[0], frozenset({checkin[1], checkin[2]}))].append(checkin[3])
    team_days: dict[int, list[date]] = defaultdict(list)
    for team_id, held_on in CheckIn.objects.filter(kind=CheckInKind.TEAM_MEETING, held_on__lte=end).values_list(
        "team_id", "held_on"
    ):
        team_days[team_id].append(held_on)
    supervised: dict[int, list[date]] = defaultdict(list)
    for supervisee_id, held_on in SupervisionSession.objects.filter(held_on__lte=end).values_list(
        "supervisee_id", "held_on"
    ):
        supervised[supervisee_id].append(held_on)
    checkin_kind = {
        StaffDueKind.BUDDY: CheckInKind.BUDDY,
        StaffDueKind.TEAM_LEADER: CheckInKind.TEAM_LEADER,
        StaffDueKind.UNAVAILABLE: CheckInKind.TEAM_LEADER,
        StaffDueKind.HEAD_OF_SERVICE: CheckInKind.HEAD_OF_SERVICE,
        StaffDueKind.ASSISTANT_DIRECTOR: CheckInKind.ASSISTANT_DIRECTOR,
    }
    totals: dict[str, OnTime] = {}
    cadences: dict[str, str] = {}
    seen_pairs: set[tuple[str, frozenset[int]]] = set()
    for duty in duties:
        if duty.kind == StaffDueKind.TEAM_MEETING:
            held = team_days.get(duty.team_id or 0, [])
        elif duty.kind == StaffDueKind.SUPERVISION:
            held = supervised.get(duty.subject_id or 0, [])
        else:
            key = (checkin_kind[StaffDueKind(duty.kind)], frozenset({duty.responsible_id, duty.subject_id or 0}))
            if duty.kind == StaffDueKind.BUDDY:
                if key in seen_pairs:
                    continue  # one buddy check-in meets both buddies: count the pair once
                seen_pairs.add(key)
            held = pair_days.get(key, [])
        result = on_time(duty.cadence, since=duty.since, held=held, start=start, end=end)
        totals[duty.kind] = totals.get(duty.kind, OnTime(0, 0)) + result
        cadences[duty.kind] = duty.cadence.words
    return [
        OnTimeRow(kind, StaffDueKind(kind).label, cadences[kind], totals[kind])
        for kind in StaffDueKind.values
        if kind in totals
    ]


# --- PPE ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PpeOfficeRow:
    office: str
    item: str
    delivered: int
    issued: int
    returned: int
    written_off: int
    used_on_visits: int
    level: int


def ppe_by_office(*, start: date, end: date) -> list[PpeOfficeRow]:
    """For each office and item: deliveries, issues, returns, write-offs and use on visits from ``start`` to
    ``end``, and the stock level at ``end``. One query."""
    window = Q(on__range=(start, end))
    rows = (
        PpeLedgerEntry.objects.filter(on__lte=end)
        .values("stock__office__name", "stock__item")
        .annotate(
            delivered=Coalesce(Sum("quantity", filter=window & Q(kind=LedgerKind.DELIVERY)), 0),
            issued=Coalesce(Sum("quantity", filter=window & Q(kind=LedgerKind.ISSUE)), 0),
            returned=Coalesce(Sum("quantity", filter=window & Q(kind=LedgerKind.RETURN)), 0),
            written_off=Coalesce(Sum("quantity", filter=window & Q(kind=LedgerKind.WRITE_OFF)), 0),
            used=Coalesce(Sum("quantity", filter=window & Q(kind=LedgerKind.USE)), 0),
            in_total=Coalesce(Sum("quantity", filter=Q(kind__in=[LedgerKind.DELIVERY, LedgerKind.RETURN])), 0),
            out_total=Coalesce(Sum("quantity", filter=Q(kind__in=[LedgerKind.ISSUE, LedgerKind.WRITE_OFF])), 0),
        )
        .order_by("stock__office__name", "stock__item")
    )
    from .models import PpeItem

    return [
        PpeOfficeRow(
            office=row["stock__office__name"],
            item=PpeItem(row["stock__item"]).label,
            delivered=row["delivered"],
            issued=row["issued"],
            returned=row["returned"],
            written_off=row["written_off"],
            used_on_visits=row["used"],
            level=row["in_total"] - row["out_total"],
        )
        for row in rows
    ]


# --- staff survey ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class QuestionResult:
    question: SurveyQuestion
    answers: int
    mean: Decimal | None
    distribution: tuple[int, ...]
    texts: tuple[str, ...]


@dataclass(frozen=True)
class GroupResult:
    label: str
    responses: int
    shown: bool
    questions: tuple[QuestionResult, ...]


def survey_results(*, survey: StaffSurvey, minimum: int) -> list[GroupResult]:
    """Results for everyone and for each team given, each shown only when at least ``minimum`` responses make it
    up (so nobody's answers can be picked out); free text only for everyone together."""
    questions = list(survey.questions.all())
    groups = [("All responses", Q(response__survey=survey))]
    counts = dict(survey.responses.values("group__name").annotate(n=Count("id")).values_list("group__name", "n"))
    total = sum(counts.values())
    sizes = {"All responses": total}
    for name, n in sorted((k, v) for k, v in counts.items() if k):
        groups.append((name, Q(response__survey=survey, response__group__name=name)))
        sizes[name] = n
    results = []
    for label, scope in groups:
        n = sizes[label]
        shown = n >= minimum
        per_question = []
        if shown:
            answers = list(SurveyAnswer.objects.filter(scope).values_list("question_id", "score", "text"))
            for question in questions:
                scores = [a[1] for a in answers if a[0] == question.pk and a[1] is not None]
                texts = (
                    tuple(sorted(a[2] for a in answers if a[0] == question.pk and a[2]))
                    if label == "All responses"
                    else ()
                )
                mean = (Decimal(sum(scores)) / len(scores)).quantize(Decimal("0.1"), ROUND_HALF_UP) if scores else None
                per_question.append(
                    QuestionResult(
                        question,
                        len(scores) or len(texts),
                        mean,
                        tuple(scores.count(k) for k in range(1, 6)),
                        texts,
                    )
                )
        results.append(GroupResult(label, n, shown, tuple(per_question)))
    return results


# --- downloads ---------------------------------------------------------------------------------------------------
# Each report as the rows of a table (the same figures as its page), for the shared CSV and XLSX helpers in
# ``caseboard.core.exports``. Shares are Decimals (percentages such as 88.36), shown as ``0.00`` in a workbook.
Table = tuple[list[str], list[list[object]]]


def availability_table(weeks: AvailabilityWeeks) -> Table:
    """One row per week and team: its members, how many were available every working day, and the share."""
    headers = ["Week beginning", "Service", "Team", "Staff", "Available every working day", "Available (%)"]
    rows: list[list[object]] = []
    for week_start, cells in weeks.table():
        for team, (staff, available) in zip(weeks.teams, cells, strict=True):
            rows.append([week_start, team.service.name, team.name, staff, available, percent(available, staff)])
    return headers, rows


def on_time_table(rows: list[OnTimeRow]) -> Table:
    headers = ["Check-in or supervision", "Cadence", "Due", "On time", "Late or missed", "On time (%)"]
    return headers, [
        [
            row.label,
            row.cadence,
            row.result.due,
            row.result.on_time,
            row.result.late,
            None if row.result.percent is None else percent(row.result.on_time, row.result.due),
        ]
        for row in rows
    ]


def ppe_table(rows: list[PpeOfficeRow]) -> Table:
    headers = ["Office", "Item", "Delivered", "Issued", "Returned", "Written off", "Used on visits", "In stock"]
    return headers, [
        [r.office, r.item, r.delivered, r.issued, r.returned, r.written_off, r.used_on_visits, r.level] for r in rows
    ]


def unavailable_summary_table(result: StaffUnavailable) -> Table:
    """The DfE survey's figures: social workers and residential staff unavailable because of COVID-19."""
    headers = ["Group", "Staff", "Unavailable because of COVID-19", "Unavailable (%)", "More than the threshold"]
    if not result.recorded:
        return headers, []
    return headers, [
        [g.label, g.staff, g.unavailable, g.percent, "Yes" if g.flagged else "No"]
        for g in (result.social_workers, result.residential)
    ]


@dataclass(frozen=True)
class UnavailablePerson:
    person: User
    teams: str
    availability: str
    covid: bool | None  # None: a health reason this viewer may not see, so not whether it was COVID-19 either
    until: date | None


def unavailable_staff(*, viewer: User, on: date) -> list[UnavailablePerson]:
    """The staff this viewer may see (``selectors.staff_visible_to``) who are unavailable on ``on``, with what the
    viewer may read of why: a health reason only for the person, their line manager and HR, otherwise
    "Unavailable until ...". Three queries, whatever the number of staff."""
    from .selectors import availability_label, sees_health_reason, staff_visible_to

    people = {
        u.pk: u for u in staff_visible_to(viewer).prefetch_related("teams").order_by("last_name", "first_name", "pk")
    }
    covering = (
        Availability.objects.filter(person_id__in=list(people), starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .exclude(status__in=list(AVAILABLE_STATUSES))
        .order_by("person_id", "-starts_on")
    )
    current: dict[int, Availability] = {}
    for period in covering:
        current.setdefault(period.person_id, period)
    found = []
    for pk, person in people.items():
        period = current.get(pk)
        if period is None:
            continue
        shows = sees_health_reason(viewer, person) or not period.is_health
        found.append(
            UnavailablePerson(
                person=person,
                teams=", ".join(sorted(team.name for team in person.teams.all())),
                availability=availability_label(period, shows_reason=shows),
                covid=period.is_covid if shows else None,
                until=period.ends_on,
            )
        )
    return found


def unavailable_staff_table(people: list[UnavailablePerson]) -> Table:
    headers = ["Name", "Role", "Teams", "Availability", "Because of COVID-19", "Back after"]
    return headers, [
        [
            p.person.get_full_name() or p.person.username,
            p.person.get_role_display(),
            p.teams,
            p.availability,
            "Not shown" if p.covid is None else ("Yes" if p.covid else "No"),
            p.until,
        ]
        for p in people
    ]

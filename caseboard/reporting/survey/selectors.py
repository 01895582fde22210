"""The weekly survey in the shape of the DfE Vulnerable Children and Young People Survey (DOMAIN.md section 8.2), for
a snapshot date: children looked after, on child protection plans and other children in need (exclusive cohorts,
LAC > CP > CIN on the date); how many of each were seen in the last 4 weeks in person, only virtually, or not at
all; new referrals and children starting to be looked after in the week, against the same week in each of the
three previous years; and social workers and residential staff unavailable because of COVID-19, from the workforce's
availability timeline (``caseboard.workforce.reports.staff_unavailable``), with the DfE's "more than 10%" flag."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Case, CharField, Count, Exists, OuterRef, QuerySet, Value, When
from django.db.models import Model as DjangoModel

from caseboard.casework.models import Episode, EpisodeKind
from caseboard.frontdoor.models import Referral
from caseboard.people.models import Child
from caseboard.visits.models import IN_PERSON_MODES, ChildSeen
from caseboard.visits.selectors import annotate_last_visit, involvement_group, percent
from caseboard.workforce.reports import StaffUnavailable, staff_unavailable

COHORTS = ("LAC", "CP", "CIN")
COHORT_LABELS = {
    "LAC": "Children looked after",
    "CP": "Children on a child protection plan",
    "CIN": "Other children in need",
}
STATUSES = ("in_person", "virtual", "not_seen")
STATUS_LABELS = {
    "in_person": "Seen in person",
    "virtual": "Seen only virtually",
    "not_seen": "Not seen",
}
WINDOW_DAYS = 7
YEARS_BACK = 3
STAFF_UNAVAILABLE = "Not recorded"
STAFF_UNAVAILABLE_NOTE = (
    "Staff unavailable because of COVID-19 on the date (self-isolating, shielding, or sick or caring because of "
    "COVID-19), from each person's availability, as a share of the active staff in the group; the whole council's "
    "staff, whatever records you can see. Flagged when more than 10% (the operating model's threshold). \"Not "
    'recorded" until availability is recorded.'
)


def contact_days(on: date) -> int:
    """How many days up to and including the snapshot date the survey counts contact in: the operating model's
    setting in force on that date (28, the survey's "last 4 weeks", in the presets)."""
    from caseboard.policy.hooks import section_in_force

    from ..models import SURVEY_SECTION

    return section_in_force(SURVEY_SECTION, on=on).contact_days


def contact_window(on: date, days: int | None = None) -> tuple[date, date]:
    """The survey's window (``days``, or the operating model's ``contact_days``) up to and including the snapshot
    date."""
    return on - timedelta(days=(days or contact_days(on)) - 1), on


def week_window(on: date, years_back: int = 0) -> tuple[date, date]:
    """The 7 days ending on ``on``, or the same 7 days (same weekdays: 52 weeks per year) ``years_back`` years
    earlier."""
    end = on - timedelta(weeks=52 * years_back)
    return end - timedelta(days=WINDOW_DAYS - 1), end


def referral_model() -> type[DjangoModel] | None:
    """The front door's Referral model when it holds referrals; None means referrals are read from the starts of
    child-in-need episodes instead (records from before the front door, or a council not using it)."""
    return Referral if Referral.objects.exists() else None


def referral_source_label(model: type[DjangoModel] | None) -> str:
    if model is not None:
        return "Referrals recorded at the front door, by the date they were received."
    return "The start of each child-in-need episode (each starts with a referral), by its start date."


@dataclass(frozen=True)
class CohortRow:
    group: str
    in_person: int
    virtual: int
    not_seen: int

    @property
    def label(self) -> str:
        return COHORT_LABELS.get(self.group, "All")

    @property
    def children(self) -> int:
        return self.in_person + self.virtual + self.not_seen

    @property
    def seen(self) -> int:
        return self.in_person + self.virtual

    def pct(self, count: int) -> Any:
        return percent(count, self.children)

    def values(self) -> tuple[Any, ...]:
        n = self.children
        return (
            self.group,
            n,
            self.in_person,
            percent(self.in_person, n),
            self.virtual,
            percent(self.virtual, n),
            self.not_seen,
            percent(self.not_seen, n),
        )


@dataclass(frozen=True)
class YearCount:
    start: date
    end: date
    count: int


@dataclass(frozen=True)
class Survey:
    on: date
    cohorts: tuple[CohortRow, ...]
    referrals: tuple[YearCount, ...]  # this year first, then 1, 2, 3 years earlier
    started_looked_after: tuple[YearCount, ...]
    referral_source: str
    staff_unavailable: str = STAFF_UNAVAILABLE
    staff: StaffUnavailable | None = None
    contact_days: int = 28  # the window, read once from the operating model in force on the date

    @property
    def social_workers_unavailable(self) -> str:
        return self.staff.social_workers.text if self.staff and self.staff.recorded else STAFF_UNAVAILABLE

    @property
    def residential_unavailable(self) -> str:
        return self.staff.residential.text if self.staff and self.staff.recorded else STAFF_UNAVAILABLE

    @property
    def all_row(self) -> CohortRow:
        return CohortRow(
            "All",
            sum(row.in_person for row in self.cohorts),
            sum(row.virtual for row in self.cohorts),
            sum(row.not_seen for row in self.cohorts),
        )

    @property
    def contact_from(self) -> date:
        return contact_window(self.on, self.contact_days)[0]

    def cohort_table(self) -> list[tuple[Any, ...]]:
        return [row.values() for row in (*self.cohorts, self.all_row)]

    def trend_table(self) -> list[tuple[Any, ...]]:
        return [
            (period.start, period.end, period.count, lac.count)
            for period, lac in zip(self.referrals, self.started_looked_after, strict=True)
        ]

    def figures(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(),
            "cohorts": [
                {
                    "group": row.group,
                    "children": row.children,
                    "seen_in_person": row.in_person,
                    "seen_virtually": row.virtual,
                    "not_seen": row.not_seen,
                }
                for row in (*self.cohorts, self.all_row)
            ],
            "referrals": [
                {"start": period.start.isoformat(), "end": period.end.isoformat(), "count": period.count}
                for period in self.referrals
            ],
            "started_looked_after": [
                {"start": period.start.isoformat(), "end": period.end.isoformat(), "count": period.count}
                for period in self.started_looked_after
            ],
            "referral_source": self.referral_source,
            "staff_unavailable": self.staff_unavailable,
            "staff_unavailable_groups": [
                {
                    "group": group.label,
                    "staff": group.staff,
                    "unavailable": group.unavailable,
                    "percent": str(group.percent),
                    "more_than_threshold": group.flagged,
                }
                for group in (
                    (self.staff.social_workers, self.staff.residential) if self.staff and self.staff.recorded else ()
                )
            ],
        }


COHORT_HEADERS = (
    "group",
    "children",
    "seen_in_person",
    "seen_in_person_pct",
    "seen_virtually",
    "seen_virtually_pct",
    "not_seen",
    "not_seen_pct",
)
COHORT_PAGE_HEADERS = ("Cohort", "Children", "Seen in person", "%", "Seen only virtually", "%", "Not seen", "%")
COHORT_PERCENT_COLUMNS = (3, 5, 7)
TREND_HEADERS = ("week_start", "week_end", "new_referrals", "started_looked_after")


def _seen_status(on: date, days: int | None) -> Case:
    start, end = contact_window(on, days)
    seen = ChildSeen.objects.filter(child_id=OuterRef("pk"), was_seen=True, visit__visited_on__range=(start, end))
    return Case(
        When(Exists(seen.filter(visit__mode__in=list(IN_PERSON_MODES))), then=Value("in_person")),
        When(Exists(seen), then=Value("virtual")),
        default=Value("not_seen"),
        output_field=CharField(),
    )


def cohort_children(*, children: QuerySet[Child], on: date, days: int | None = None) -> QuerySet[Child]:
    """``children`` annotated with ``cohort`` (LAC > CP > CIN on ``on``, "" for none) and ``contact`` (seen in person
    in the survey's window to ``on`` (``days``, or the operating model's), else seen only virtually, else not seen; a
    visit counts when the child was seen)."""
    return children.annotate(cohort=involvement_group(child_ref="pk", on=on), contact=_seen_status(on, days))


def children_behind(
    *, children: QuerySet[Child], on: date, group: str, status: str, days: int | None = None
) -> QuerySet[Child]:
    """The children behind one number of the survey (a cohort or "All"; a contact status or "all"), with their
    latest visit, by name (``days``: the window, when the caller has read it)."""
    found = cohort_children(children=children, on=on, days=days).exclude(cohort="")
    if group in COHORTS:
        found = found.filter(cohort=group)
    if status in STATUSES:
        found = found.filter(contact=status)
    return annotate_last_visit(found).order_by("last_name", "first_name", "pk")


def _referrals(model: type[DjangoModel] | None, children: QuerySet[Child], start: date, end: date) -> int:
    if model is not None:
        return model.objects.filter(child_id__in=children.values("pk"), received_on__range=(start, end)).count()
    return Episode.objects.filter(
        child_id__in=children.values("pk"), kind=EpisodeKind.CHILD_IN_NEED, start_on__range=(start, end)
    ).count()


def looked_after_starts(*, children: QuerySet[Child], start: date, end: date) -> list[Episode]:
    """Looked-after episodes starting in the dates that begin a new period of care: not a new episode (a change of
    legal status or placement, SSDA903) continuing one of the child's that ended the day before (episodes of one
    kind never overlap). Two queries."""
    starting = list(
        Episode.objects.filter(
            child_id__in=children.values("pk"), kind=EpisodeKind.LOOKED_AFTER, start_on__range=(start, end)
        ).order_by("start_on", "pk")
    )
    if not starting:
        return []
    ended = set(
        Episode.objects.filter(
            child_id__in={episode.child_id for episode in starting},
            kind=EpisodeKind.LOOKED_AFTER,
            end_on__range=(start - timedelta(days=1), end - timedelta(days=1)),
        ).values_list("child_id", "end_on")
    )
    return [episode for episode in starting if (episode.child_id, episode.start_on - timedelta(days=1)) not in ended]


def survey_snapshot(*, children: QuerySet[Child] | None, on: date) -> Survey:
    """The survey on ``on`` over ``children`` (those a user may see) or, with None, the whole council."""
    scope = Child.objects.all() if children is None else children
    counts = {group: dict.fromkeys(STATUSES, 0) for group in COHORTS}
    days = contact_days(on)
    tallies = (
        cohort_children(children=scope, on=on, days=days)
        .exclude(cohort="")
        .values("cohort", "contact")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for tally in tallies:
        counts[tally["cohort"]][tally["contact"]] += tally["n"]
    windows = [week_window(on, years) for years in range(YEARS_BACK + 1)]
    model = referral_model()
    staff = staff_unavailable(on=on)
    return Survey(
        on=on,
        cohorts=tuple(CohortRow(group, *(counts[group][s] for s in STATUSES)) for group in COHORTS),
        referrals=tuple(YearCount(start, end, _referrals(model, scope, start, end)) for start, end in windows),
        started_looked_after=tuple(
            YearCount(start, end, len(looked_after_starts(children=scope, start=start, end=end)))
            for start, end in windows
        ),
        referral_source=referral_source_label(model),
        staff_unavailable=staff.text,
        staff=staff,
        contact_days=days,
    )


def survey_cells(figures: dict[str, Any]) -> dict[tuple[str, str], str]:
    """A stored survey's figures as cells {(row, column): value}, for comparing with a re-run."""
    cells: dict[tuple[str, str], str] = {}
    for row in figures["cohorts"]:
        for column in ("children", "seen_in_person", "seen_virtually", "not_seen"):
            cells[(row["group"], column)] = str(row[column])
    for name in ("referrals", "started_looked_after"):
        for period in figures[name]:
            cells[(f"{period['start']} to {period['end']}", name)] = str(period["count"])
    cells[("Staff", "staff_unavailable")] = figures["staff_unavailable"]
    return cells

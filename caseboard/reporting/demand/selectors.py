"""Demand at the front door: contacts and referrals week by week against the same weeks of earlier years, and the
alerts that go to heads of service when referrals rise or fall well away from the usual level (DOMAIN.md 8.3).

What is counted
    Contacts by ``Contact.received_on`` (the Europe/London date of ``received_at``) and referrals by
    ``Referral.received_on``, in reporting weeks Monday 00:00 to Sunday 23:59 (ISO weeks). The same week of an
    earlier year is the week with the same ISO week number (week 53 falls back to week 52 in a year without one);
    a day's equivalent is the same weekday of that week. The baseline is the mean over the previous
    ``baseline_years`` years (``DemandAlertSetting``, 3 by default) whose week is on record (the council recorded a
    contact or referral in it; other weeks are left out, not counted as zero), rounded half up to 2 places.
    Conversion is the share of the week's contacts whose decision was a referral or a strategy discussion;
    re-referrals are the week's referrals of a child referred in the 12 months before (``Referral.is_re_referral``);
    open screening work is the referrals whose screening is not complete now.

Seed 004 (June 2020): "The number of referrals has reduced since the end of March ... some children or young
people may need help but ... this is not being identified early enough"; seed 003 (autumn 2020): contacts rose over
the summer and referrals were expected to surge when schools reopened. A fall alert says children may be unseen; a
surge alert says the service should plan for the extra work.

Figures are for the whole council (a trend against earlier years must count closed cases too); with ``user`` they
count only the records of children the user may see. Lists of records are always narrowed to what the user may see.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from caseboard.accounts.models import User
from caseboard.people.selectors import children_visible_to

from ..models import DemandAlertSetting
from ..timeliness.selectors import percentage, week_start

__all__ = [
    "DayPoint",
    "DemandWeek",
    "daily_series",
    "same_week_in",
    "weekly_series",
]

_CENT = Decimal("0.01")
MAX_PCT = 500
MAX_BASELINE_YEARS = 10


def _contacts() -> QuerySet:
    from caseboard.frontdoor.models import Contact

    return Contact.objects.all()


def _referrals() -> QuerySet:
    from caseboard.frontdoor.models import Referral

    return Referral.objects.all()


def referral_decisions() -> tuple[str, ...]:
    from caseboard.frontdoor.models import REFERRAL_DECISIONS

    return tuple(str(d) for d in REFERRAL_DECISIONS)


def same_week_in(monday: date, years_back: int) -> date:
    """The Monday of the same ISO week ``years_back`` years earlier (week 53 becomes week 52 in a year without)."""
    year, week, _ = monday.isocalendar()
    target = year - years_back
    weeks_in_target = date(target, 12, 28).isocalendar()[1]
    return date.fromisocalendar(target, min(week, weeks_in_target), 1)


def _mean(values: Sequence[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(_CENT, rounding=ROUND_HALF_UP)


def change_pct(value: int, baseline: Decimal | None) -> Decimal | None:
    """How far ``value`` is above (positive) or below (negative) the baseline, as a percentage rounded half up."""
    if baseline is None or baseline == 0:
        return None
    return ((Decimal(value) - baseline) * 100 / baseline).quantize(_CENT, rounding=ROUND_HALF_UP)


def _scoped(queryset: QuerySet, user: User | None, path: str) -> QuerySet:
    if user is None:
        return queryset
    visible = children_visible_to(user).values("pk")
    return queryset.filter(**{f"{path}__in": visible})


def _daily(queryset: QuerySet, first: date, last: date, *, extra: dict[str, Q] | None = None) -> dict[str, dict]:
    """Counts per day between ``first`` and ``last`` in one query: {"n": {day: count}, name: {day: count}, ...}."""
    annotations = {"n": Count("pk", distinct=True)}
    for name, condition in (extra or {}).items():
        annotations[name] = Count("pk", filter=condition, distinct=True)
    result: dict[str, dict] = {name: {} for name in annotations}
    for row in (
        queryset.filter(received_on__range=(first, last)).order_by().values("received_on").annotate(**annotations)
    ):
        for name in annotations:
            result[name][row["received_on"]] = row[name]
    return result


def _sum(days: dict[date, int], monday: date) -> int:
    return sum(days.get(monday + timedelta(days=n), 0) for n in range(7))


@dataclass(frozen=True)
class DemandWeek:
    """One reporting week and the same week in each earlier year (most recent first)."""

    starts_on: date
    contacts: int
    referrals: int
    contacts_converted: int
    re_referrals: int
    previous_contacts: tuple[int, ...]
    previous_referrals: tuple[int, ...]
    previous_starts: tuple[date, ...]

    @property
    def ends_on(self) -> date:
        return self.starts_on + timedelta(days=6)

    @property
    def baseline_contacts(self) -> Decimal | None:
        return _mean(self.previous_contacts)

    @property
    def baseline_referrals(self) -> Decimal | None:
        return _mean(self.previous_referrals)

    @property
    def referral_change_pct(self) -> Decimal | None:
        return change_pct(self.referrals, self.baseline_referrals)

    @property
    def contact_change_pct(self) -> Decimal | None:
        return change_pct(self.contacts, self.baseline_contacts)

    @property
    def conversion_pct(self) -> Decimal | None:
        return percentage(self.contacts_converted, self.contacts)

    @property
    def re_referral_pct(self) -> Decimal | None:
        return percentage(self.re_referrals, self.referrals)


def _baseline_years(baseline_years: int | None) -> int:
    return baseline_years if baseline_years is not None else DemandAlertSetting.current().baseline_years


def _recorded_weeks(starts: set[date]) -> set[date]:
    """Of these Mondays, the weeks in which the council recorded at least one contact or referral (whoever asks).
    A council always has contacts, so a week with none is a week not on record (before it moved its front door onto
    Caseboard, or a gap in migrated history): it is left out of the baseline, not counted as zero. Two queries."""
    if not starts:
        return set()
    first, last = min(starts), max(starts) + timedelta(days=6)
    days: set[date] = set()
    for queryset in (_contacts(), _referrals()):
        days.update(
            queryset.filter(received_on__range=(first, last))
            .order_by()
            .values_list("received_on", flat=True)
            .distinct()
        )
    return {monday for monday in starts if any(monday + timedelta(days=n) in days for n in range(7))}


def weekly_series(
    weeks: int = 52, end: date | None = None, user: User | None = None, *, baseline_years: int | None = None
) -> list[DemandWeek]:
    """Contacts and referrals per reporting week, with the same weeks of earlier years, for the PDF briefing, the
    API and the demand pages.

    ``weekly_series(weeks: int = 52, end: date | None = None, user: User | None = None, *,
    baseline_years: int | None = None) -> list[DemandWeek]``: the ``weeks`` weeks (Monday to Sunday) ending with the
    week that contains ``end`` (default today), oldest first. Each ``DemandWeek`` has ``starts_on``, ``contacts``,
    ``referrals``, ``contacts_converted``, ``re_referrals``, the counts for the same week in each of the previous
    ``baseline_years`` years (default: the council's setting) and, as properties, ``baseline_contacts``,
    ``baseline_referrals`` (means, ``Decimal``), ``referral_change_pct``, ``contact_change_pct``,
    ``conversion_pct`` and ``re_referral_pct``. Without ``user`` the whole council; with one, only contacts and
    referrals of children the user may see. Four queries (six with ``user``) whatever the number of weeks."""
    end = end or timezone.localdate()
    years = _baseline_years(baseline_years)
    last = week_start(end)
    mondays = [last - timedelta(weeks=weeks - 1 - n) for n in range(weeks)]
    if not mondays:
        return []
    previous = {monday: [same_week_in(monday, k) for k in range(1, years + 1)] for monday in mondays}
    first_day = min([mondays[0], *(d for days in previous.values() for d in days)])
    last_day = mondays[-1] + timedelta(days=6)
    contacts = _daily(
        _scoped(_contacts(), user, "children"),
        first_day,
        last_day,
        extra={"converted": Q(decision__in=referral_decisions())},
    )
    referrals = _daily(_scoped(_referrals(), user, "child"), first_day, last_day, extra={"re": Q(is_re_referral=True)})
    starts = {d for days in previous.values() for d in days}
    if user is None:  # the council's own counts, which span those weeks, already say which are on record
        recorded = {monday for monday in starts if _sum(contacts["n"], monday) or _sum(referrals["n"], monday)}
    else:
        recorded = _recorded_weeks(starts)
    for monday in mondays:
        previous[monday] = [d for d in previous[monday] if d in recorded]
    return [
        DemandWeek(
            starts_on=monday,
            contacts=_sum(contacts["n"], monday),
            referrals=_sum(referrals["n"], monday),
            contacts_converted=_sum(contacts["converted"], monday),
            re_referrals=_sum(referrals["re"], monday),
            previous_contacts=tuple(_sum(contacts["n"], m) for m in previous[monday]),
            previous_referrals=tuple(_sum(referrals["n"], m) for m in previous[monday]),
            previous_starts=tuple(previous[monday]),
        )
        for monday in mondays
    ]


@dataclass(frozen=True)
class DayPoint:
    """One day and the same weekday of the same ISO week in each earlier year."""

    on: date
    contacts: int
    referrals: int
    previous_contacts: tuple[int, ...]
    previous_referrals: tuple[int, ...]

    @property
    def baseline_contacts(self) -> Decimal | None:
        return _mean(self.previous_contacts)

    @property
    def baseline_referrals(self) -> Decimal | None:
        return _mean(self.previous_referrals)


def daily_series(
    days: int = 28, end: date | None = None, user: User | None = None, *, baseline_years: int | None = None
) -> list[DayPoint]:
    """Contacts and referrals per day for the ``days`` days ending on ``end`` (default today), oldest first, each
    with the same weekday of the same ISO week in earlier years. Four queries."""
    end = end or timezone.localdate()
    years = _baseline_years(baseline_years)
    dates = [end - timedelta(days=days - 1 - n) for n in range(days)]
    if not dates:
        return []

    def earlier(day: date, k: int) -> date:
        return same_week_in(week_start(day), k) + timedelta(days=day.weekday())

    previous = {day: [earlier(day, k) for k in range(1, years + 1)] for day in dates}
    first_day = min([dates[0], *(d for found in previous.values() for d in found)])
    contacts = _daily(_scoped(_contacts(), user, "children"), first_day, end)["n"]
    referrals = _daily(_scoped(_referrals(), user, "child"), first_day, end)["n"]
    recorded = _recorded_weeks({week_start(d) for found in previous.values() for d in found})
    for day in dates:
        previous[day] = [d for d in previous[day] if week_start(d) in recorded]
    return [
        DayPoint(
            on=day,
            contacts=contacts.get(day, 0),
            referrals=referrals.get(day, 0),
            previous_contacts=tuple(contacts.get(d, 0) for d in previous[day]),
            previous_referrals=tuple(referrals.get(d, 0) for d in previous[day]),
        )
        for day in dates
    ]


def referrals_by_source(
    weeks: int = 12, end: date | None = None, user: User | None = None, *, baseline_years: int | None = None
) -> list[tuple[str, str, int, Decimal | None]]:
    """Referrals in the last ``weeks`` weeks by referral source (CIN census code), with the mean for the same weeks
    of earlier years: (code, label, count, baseline). Largest first. Four queries."""
    from caseboard.casework.codes import ReferralSource

    end = end or timezone.localdate()
    years = _baseline_years(baseline_years)
    last = week_start(end) + timedelta(days=6)
    first = week_start(end) - timedelta(weeks=weeks - 1)
    referrals = _scoped(_referrals(), user, "child")
    now = dict(
        referrals.filter(received_on__range=(first, last)).values_list("source").annotate(n=Count("pk")).order_by()
    )
    earlier: dict[str, list[int]] = defaultdict(lambda: [0] * years)
    condition = Q()
    for k in range(1, years + 1):
        start_k = same_week_in(first, k)
        condition |= Q(received_on__range=(start_k, start_k + timedelta(weeks=weeks) - timedelta(days=1)))
    for source, received_on in referrals.filter(condition).values_list("source", "received_on"):
        for k in range(1, years + 1):
            start_k = same_week_in(first, k)
            if start_k <= received_on < start_k + timedelta(weeks=weeks):
                earlier[source][k - 1] += 1
    labels = dict(ReferralSource.choices)
    codes = set(now) | set(earlier)
    starts = [same_week_in(first, k) for k in range(1, years + 1)]
    recorded = _recorded_weeks({start + timedelta(weeks=n) for start in starts for n in range(weeks)})
    # An earlier year counts only if every one of its weeks is on record.
    kept = [
        index for index, start in enumerate(starts) if all(start + timedelta(weeks=n) in recorded for n in range(weeks))
    ]
    rows = [
        (code, labels.get(code, code), now.get(code, 0), _mean([earlier[code][index] for index in kept]))
        for code in codes
    ]
    rows.sort(key=lambda row: (-row[2], row[0]))
    return rows


def open_screenings(user: User | None = None) -> QuerySet:
    """Referrals whose screening is not complete (open screening work), oldest first."""
    from caseboard.frontdoor.models import Screening

    screenings = Screening.objects.filter(completed_at__isnull=True)
    return _scoped(screenings, user, "referral__child").order_by("referral__received_on", "pk")

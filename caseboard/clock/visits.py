"""When is a child's next visit due? Child in need, child protection, Early Help and care leavers at the operating
model's frequency; private fostering (PF Regs regs 4, 7, 8); looked-after children (CPPCR reg 28 and its variants).
Sources: DOMAIN.md section 3.

Which visits count
    A visit counts if the child was seen and the ``VisitCounting`` of the version in force on the visit's date
    allows its mode (``visit_counts``); only visits on or after the clock's start (episode or placement start) and on
    or before ``today`` count. Visits are not tied to an episode: every qualifying visit counts for every clock.

Fixed frequencies (``fixed_visit``)
    The first visit within the rule's first interval of the episode's start, then within its interval of the last
    qualifying visit. Where the version an interval started under sets no frequency (Early Help), the clock starts
    on the effective date of the first later version in force by ``today`` that sets one.

Looked after (``placement``, ``looked_after_visit``; CPPCR reg 28)
    Consecutive LAC episodes (each starting on, or the day after, the end of the one before) form a care period.
    Within it a new placement (``placement_type`` or ``placement_provider`` differs from the previous placement, or
    both episodes name a setting and the settings differ) restarts the visiting schedule and the placement plan; a
    legal-status change alone does not, and temporary placements T0-T4 neither restart nor change the placement (a
    care period that begins in a temporary placement counts its placement from the care period's start). The
    variant is chosen from the placement (the latest non-temporary episode) and the current episode's legal status,
    strictest first where two apply:
    reg 28(4) (reg 24 placement, or ICO (C1) with a parent (P1)), reg 28(3) (P1 before the parent's assessment is
    complete), reg 28(5) (care order (C2) with a parent: day 0 is the later of the order, i.e. the start of the
    run of C2 episodes, and the placement start), otherwise reg 28(2). Where the frequency changes at an event (the
    placement's first anniversary, the first LAC review) the rule on the last visit's date applies (DOMAIN.md s3
    rule 2): a visit on or after the anniversary, or on or after the day of the first review, takes the later rule.
    Short breaks (reg 48) and long-term placements under reg 28(3A) are not modelled.

Rules by rating on statutory schedules (``sooner_by_rating``)
    Reg 28 and the PF Regs set intervals of "not more than" a period: a floor on how often, not a ceiling. A rating's
    frequency (``ratings``) for a looked-after or privately fostered child therefore only tightens the schedule: the
    visit is due on the earlier of the regulation's date (under the version's own intervals) and the rating's (its
    interval from the same start: the day 0 or notification for a first visit, the last counting visit after that).
    A version loosens a statutory frequency only through its own statutory intervals (``looked_after``,
    ``private_fostering``: as SI 2020/445 did), never through a rating.

Remote contact (``remote_contact``)
    Under a version that asks for it (the COVID-19 preset: weekly, seed 002), open Early Help and child in need cases
    are contacted remotely at least that often, from the later of the episode's start and the effective date of the
    first of the run of versions asking the same, then from the last contact. A visit at which the child was seen
    always counts; which kinds of case note count is the version's (``remote_contact_kinds``, the engine passes the
    contacts that count).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from .versions import Due, Resolved, Timeline
from .vocabulary import EpisodeFact, Interval, OperatingRules, VisitCounting, VisitFact, VisitMode, VisitRule
from .words import date_words

__all__ = [
    "CARE_ORDER",
    "INTERIM_CARE_ORDER",
    "TEMPORARY_PLACEMENTS",
    "WITH_PARENTS",
    "Pick",
    "Placement",
    "care_period",
    "first_review_since",
    "fixed_visit",
    "last_qualifying_visit",
    "looked_after_visit",
    "placement",
    "private_fostering_visit",
    "remote_contact_due",
    "sooner_by_rating",
    "visit_counts",
]

TEMPORARY_PLACEMENTS = frozenset({"T0", "T1", "T2", "T3", "T4"})
WITH_PARENTS = "P1"
INTERIM_CARE_ORDER = "C1"
CARE_ORDER = "C2"

_ONE_DAY = timedelta(days=1)
_ONE_YEAR = relativedelta(years=1)
_w = date_words

Pick = Callable[[OperatingRules], VisitRule | None]


# --- which visits count -------------------------------------------------------------------------------------------


def visit_counts(visit: VisitFact, counting: VisitCounting, version: OperatingRules | None = None) -> bool:
    """Whether a visit counts towards the statutory visiting clock under a version's visit counting rule (and, where
    the facts name the decisions in force that day, the kinds of decision that ``version`` says make one count)."""
    if not visit.child_seen:
        return False
    if visit.mode is VisitMode.IN_PERSON:
        return True
    if counting is VisitCounting.VIRTUAL:
        return True
    if counting is not VisitCounting.VIRTUAL_WITH_DECISION:
        return False
    if version is None or visit.decision_kinds is None:
        return visit.covered_by_decision
    return bool(visit.decision_kinds & version.virtual_visit_decision_kinds)


def last_qualifying_visit(
    visits: Sequence[VisitFact],
    timeline: Timeline,
    today: date,
    *,
    in_person_from: date | None = None,
    counting: Callable[[VisitFact, OperatingRules], VisitCounting] | None = None,
) -> VisitFact | None:
    """The latest visit on or before ``today`` that counts under the version in force on its date (and, from
    ``in_person_from`` on, only in person: a placement at risk of breakdown). ``counting`` (optional) says which
    visits count for a visit under its version where the version's own ``visit_counting`` does not (the child's
    rating on the visit's date: ``ratings``). On a day with several, the in-person one (then the highest id),
    whatever order the facts came in. One pass, no sort."""
    last: VisitFact | None = None
    best: tuple[date, bool, int] | None = None
    on = timeline.on
    for visit in visits:
        if visit.on > today or not visit.child_seen or (best is not None and visit.on < best[0]):
            continue
        if visit.mode is not VisitMode.IN_PERSON:  # an in-person visit in which the child was seen always counts
            version = on(visit.on)
            rule = version.visit_counting if counting is None else counting(visit, version)
            if not visit_counts(visit, rule, version):
                continue
        if in_person_from is not None and visit.on >= in_person_from and visit.mode is not VisitMode.IN_PERSON:
            continue
        rank = (visit.on, visit.mode is VisitMode.IN_PERSON, visit.id)
        if best is None or rank > best:
            best, last = rank, visit
    return last


# --- fixed frequencies: child in need, child protection, Early Help, care leavers ------------------------------


def _source(rule: VisitRule, statutory_source: str) -> str:
    return rule.source or (statutory_source if rule.statutory else "Local policy")


def fixed_visit(
    timeline: Timeline,
    *,
    label: str,
    start: date,
    pick: Pick,
    last_visit_on: date | None,
    today: date,
    statutory_source: str = "Local policy",
    cache: dict | None = None,
) -> Resolved | None:
    """The next visit on a fixed-frequency clock (``label``: "Child in need", "Early Help", ...) for an episode that
    started on ``start``: the first within the rule's first interval of the start, then within its interval of the
    last qualifying visit (``last_visit_on``, ignored if before the start). None when no version in force by
    ``today`` sets a frequency. ``cache`` (optional, the caller's) remembers resolutions by clock and day 0 for a
    ``pick`` that stays the same."""
    first = last_visit_on is None or last_visit_on < start
    anchor = start if first else last_visit_on
    assert anchor is not None
    key = (label, first, anchor, statutory_source)
    if cache is not None and (known := cache.get(key)) is not None:
        return known
    if first:

        def compute(version: OperatingRules) -> Due | None:
            rule = pick(version)
            if rule is None:
                return None
            basis = f"{label}: first visit within {rule.first_within} of the episode starting on {_w(start)}"
            return Due(timeline.after(rule.first_within, start), basis, _source(rule, statutory_source))

    else:

        def compute(version: OperatingRules) -> Due | None:
            rule = pick(version)
            if rule is None:
                return None
            basis = f"{label}: visit within {rule.interval} of the last visit on {_w(anchor)}"
            return Due(timeline.after(rule.interval, anchor), basis, _source(rule, statutory_source))

    resolved = timeline.resolve(anchor, compute)
    if resolved is not None:
        if cache is not None:
            cache[key] = resolved
        return resolved
    # The version this interval started under set no frequency (Early Help): the clock starts when a later version
    # first sets one, if that is on or before today (so this is not remembered).
    versions = timeline.versions
    for index in range(timeline.index_on(anchor) + 1, len(versions)):
        version = versions[index]
        if version.effective_from > today:
            return None
        rule = pick(version)
        if rule is not None:
            began = version.effective_from
            basis = f"{label}: first visit within {rule.first_within} of {label} visits being required from {_w(began)}"
            due = Due(timeline.after(rule.first_within, began), basis, _source(rule, statutory_source))
            return Resolved(version, version, due)
    return None


# --- private fostering (PF Regs regs 4, 7, 8) -----------------------------------------------------------------------


def sooner_by_rating(
    timeline: Timeline,
    statutory: Due,
    rule: VisitRule | None,
    *,
    label: str,
    visited: bool,
    anchor: date,
    start_words: str,
) -> Due:
    """The earlier of a statutory schedule's due date and a rating's frequency from the same start (``rule``: the
    rating's, or None), so that a rule by rating asks for visits more often, never less often, than the regulation.
    The basis says when the rating's date is the one used."""
    if rule is None:
        return statutory
    interval = rule.interval if visited else rule.first_within
    on = timeline.after(interval, anchor)
    if on >= statutory.on:
        return statutory
    basis = (
        f"{label}: visit within {interval} of the last visit on {_w(anchor)}"
        if visited
        else f"{label}: first visit within {interval} of {start_words}"
    )
    basis += f" (sooner than {statutory.rule} asks: by {_w(statutory.on)})"
    return Due(on, basis, rule.source or "Local policy")


def private_fostering_visit(
    timeline: Timeline, *, start: date, last_visit_on: date | None, tighter: Pick | None = None
) -> Resolved:
    """First visit within 7 working days of notification (regs 4 and 7), then at intervals of not more than 6 weeks in
    the arrangement's first year and 12 weeks after (reg 8(1)); the arrangement is taken to begin when the council
    knew of it (reg 8(6)): the episode's start. ``tighter`` (optional): a frequency a version sets for the child
    (by their rating) that applies where it is sooner (``sooner_by_rating``)."""
    visited = last_visit_on is not None and last_visit_on >= start
    anchor = last_visit_on if visited else start
    assert anchor is not None
    start_words = f"the notification on {_w(start)}"
    if not visited:

        def statutory(version: OperatingRules) -> Due:
            within = version.private_fostering.first_within
            basis = f"Private fostering: first visit within {within} of {start_words}"
            return Due(timeline.after(within, start), basis, "PF Regs regs 4 and 7")

    else:
        first_year = anchor < start + _ONE_YEAR
        when = "in the first year" if first_year else "after the first year"

        def statutory(version: OperatingRules) -> Due:
            pf = version.private_fostering
            interval = pf.first_year if first_year else pf.after_first_year
            basis = (
                f"Private fostering: visit within {interval} of the last visit on {_w(anchor)} ({when} of the "
                f"arrangement from {_w(start)})"
            )
            return Due(timeline.after(interval, anchor), basis, f"PF Regs reg 8(1)({'a' if first_year else 'b'})")

    def compute(version: OperatingRules) -> Due:
        due = statutory(version)
        if tighter is None:
            return due
        return sooner_by_rating(
            timeline,
            due,
            tighter(version),
            label="Private fostering",
            visited=visited,
            anchor=anchor,
            start_words=start_words,
        )

    resolved = timeline.resolve(anchor, compute)
    assert resolved is not None
    return resolved


# --- looked after (CPPCR reg 28) -------------------------------------------------------------------------------------


def care_period(looked_after: list[EpisodeFact], current: EpisodeFact) -> tuple[list[EpisodeFact], date, EpisodeFact]:
    """(the period of care's episodes up to ``current``, the start of the placement, the placement's episode) for the
    child's current looked-after episode. ``looked_after``: the child's looked-after episodes, sorted by start.
    Episodes that follow on within a day are one period of care; a change of placement type or provider, or of the
    setting where both episodes name one, restarts the placement; temporary placements are ignored."""
    last = looked_after.index(current)
    first = last
    while first:
        before, after = looked_after[first - 1], looked_after[first]
        if before.end_on is None or not (before.end_on <= after.start_on <= before.end_on + _ONE_DAY):
            break
        first -= 1
    period = looked_after[first : last + 1]
    care_start = period[0].start_on
    placement_start = care_start
    placement_episode = period[0]
    placement_key: tuple[str, str] | None = None
    setting_id: int | None = None
    for episode in period:
        if episode.placement_type in TEMPORARY_PLACEMENTS:
            continue
        key = (episode.placement_type, episode.placement_provider)
        moved = setting_id is not None and episode.setting_id is not None and episode.setting_id != setting_id
        if placement_key is not None and (key != placement_key or moved):
            placement_start = episode.start_on
            setting_id = episode.setting_id
        elif episode.setting_id is not None:
            setting_id = episode.setting_id
        placement_key = key
        placement_episode = episode
    return period, placement_start, placement_episode


class Placement(NamedTuple):
    """What reg 28 reads from a child's care period and placement."""

    period: tuple[EpisodeFact, ...]
    care_start: date
    placement_start: date
    placement: EpisodeFact  # the placement's episode (the latest non-temporary one)
    paragraph: str  # "28(2)" to "28(5)"
    day0: date
    day0_words: str


def placement(looked_after: list[EpisodeFact], current: EpisodeFact) -> Placement:
    """The care period, placement and reg 28 paragraph of the child's current looked-after episode (``looked_after``:
    the child's looked-after episodes started by then, sorted by start)."""
    period, placement_start, placement_episode = care_period(looked_after, current)
    at_home = placement_episode.placement_type == WITH_PARENTS
    legal = current.legal_status
    if placement_episode.is_reg24_placement or (legal == INTERIM_CARE_ORDER and at_home):
        paragraph = "28(4)"
    elif at_home and not placement_episode.parent_assessment_complete:
        paragraph = "28(3)"
    elif legal == CARE_ORDER and at_home:
        paragraph = "28(5)"
    else:
        paragraph = "28(2)"
    day0 = placement_start
    day0_words = f"the placement starting on {_w(placement_start)}"
    if paragraph == "28(5)":
        # Day 0 is the care order: the start of the run of C2 episodes up to now, unless the placement is newer.
        index = len(period) - 1
        while index and period[index - 1].legal_status == CARE_ORDER:
            index -= 1
        order_on = period[index].start_on
        if order_on >= placement_start:
            day0 = order_on
            day0_words = f"the care order on {_w(order_on)}"
    return Placement(tuple(period), period[0].start_on, placement_start, placement_episode, paragraph, day0, day0_words)


def first_review_since(reviews: Sequence[date], care_start: date, today: date) -> date | None:
    """The first looked-after review held in the care period, on or before ``today`` (``reviews`` sorted)."""
    index = bisect_left(reviews, care_start)
    if index < len(reviews) and reviews[index] <= today:
        return reviews[index]
    return None


def looked_after_visit(
    timeline: Timeline,
    placed: Placement,
    *,
    first_review: date | None,
    last_visit_on: date | None,
    tighter: Pick | None = None,
) -> Resolved:
    """CPPCR reg 28 and its variants, under the version's looked-after intervals (the regulations': the first visit
    within a week of the placement or the care order, then 6 weeks in the placement's first year and 3 months or 6
    weeks after; weekly until the first review, then 6 or 4 weeks, under reg 28(3) and (4); 6 weeks under 28(5)).
    ``tighter`` (optional): a frequency a version sets for the child (by their rating) that applies where it is
    sooner than reg 28's (``sooner_by_rating``)."""
    placement_start, placement_episode, paragraph, day0, day0_words = placed[2:]
    visited = last_visit_on is not None and last_visit_on >= day0
    anchor = last_visit_on if visited else day0
    assert anchor is not None
    aw = _w(anchor)

    def statutory(version: OperatingRules) -> Due:
        lav = version.looked_after
        after = timeline.after
        if paragraph == "28(2)":
            if not visited:
                return Due(
                    after(lav.first_within, day0),
                    f"Looked after: first visit within {lav.first_within} of {day0_words}",
                    "CPPCR reg 28(2)(a)",
                )
            if anchor < placement_start + _ONE_YEAR:
                interval, rule, when = lav.first_year, "CPPCR reg 28(2)(b)", "in the first year of the placement"
            elif placement_episode.placement_intended_until_18:
                interval, rule = lav.after_first_year_until_18, "CPPCR reg 28(2)(c)(i)"
                when = "after the placement's first year; the placement is intended to last until 18"
            else:
                interval, rule = lav.after_first_year_other, "CPPCR reg 28(2)(c)(ii)"
                when = "after the placement's first year; the placement is not intended to last until 18"
            return Due(
                after(interval, anchor),
                f"Looked after: visit within {interval} of the last visit on {aw} ({when})",
                rule,
            )
        if paragraph == "28(5)":
            if not visited:
                interval = lav.care_order_at_home_first_within
                basis = f"Looked after: first visit within {interval} of {day0_words} (living with a parent)"
                return Due(after(interval, day0), basis, "CPPCR reg 28(5)(a)")
            interval = lav.care_order_at_home
            basis = (
                f"Looked after: visit within {interval} of the last visit on {aw} (care order, living with a parent)"
            )
            return Due(after(interval, anchor), basis, "CPPCR reg 28(5)(b)")
        if paragraph == "28(4)":
            weekly, later = lav.reg24_or_ico_at_home, lav.reg24_or_ico_at_home_after_first_review
            who = (
                "reg 24 placement"
                if placement_episode.is_reg24_placement
                else "interim care order, living with a parent"
            )
        else:
            weekly, later = lav.placed_with_parent_before_assessment, lav.placed_with_parent_after_first_review
            who = "placed with a parent before the parent's assessment is complete"
        reviewed = first_review is not None and first_review <= anchor
        if not visited:
            if reviewed:
                basis = f"Looked after: first visit within {lav.first_within} of {day0_words} ({who})"
                return Due(after(lav.first_within, day0), basis, "CPPCR reg 28(2)(a)")
            basis = f"Looked after: first visit within {weekly} of {day0_words} ({who}; until the first review)"
            return Due(after(weekly, day0), basis, f"CPPCR reg {paragraph}(a)")
        if reviewed:
            assert first_review is not None
            basis = (
                f"Looked after: visit within {later} of the last visit on {aw} ({who}; the first review was held on "
                f"{_w(first_review)})"
            )
            return Due(after(later, anchor), basis, f"CPPCR reg {paragraph}(b)")
        basis = f"Looked after: visit within {weekly} of the last visit on {aw} ({who}; until the first "
        basis += "review, not yet held)" if first_review is None else f"review on {_w(first_review)})"
        return Due(after(weekly, anchor), basis, f"CPPCR reg {paragraph}(a)")

    def compute(version: OperatingRules) -> Due:
        due = statutory(version)
        if tighter is None:
            return due
        rule = tighter(version)
        return sooner_by_rating(
            timeline, due, rule, label="Looked after", visited=visited, anchor=anchor, start_words=day0_words
        )

    resolved = timeline.resolve(anchor, compute)
    assert resolved is not None
    return resolved


# --- remote contact -------------------------------------------------------------------------------------------------


def remote_contact_due(
    version: OperatingRules,
    *,
    label: str,
    episode_start: date,
    contacts: Sequence[date],
    today: date,
    asked_since: date | None = None,
) -> Due | None:
    """Remote contact at least as often as ``version`` (the one in force today) asks; None when it does not. The
    clock starts on the later of the episode's start and the date the council began asking (``asked_since``: the
    first of the versions up to today that ask the same; the version's effective date when not given), then runs
    from the last contact (``contacts``: the dates of contact of the kinds that count, any order)."""
    interval: Interval | None = version.remote_contact
    if interval is None:
        return None
    start = max(episode_start, asked_since or version.effective_from)
    since = sorted(d for d in contacts if d >= start)
    index = bisect_right(since, today)
    last = since[index - 1] if index else None
    basis = (
        f"{label}: remote contact within {interval} of the last contact on {_w(last)}"
        if last
        else f"{label}: remote contact within {interval} of {_w(start)}"
    )
    return Due(
        interval.after(last or start),
        basis,
        "Operating model: weekly phone or remote contact with open Early Help and CIN cases (seed 002)",
    )

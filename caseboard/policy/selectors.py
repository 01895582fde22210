"""Reads of operating models, and their translation into the rules engine's plain data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet

from caseboard.clock.versions import Timeline
from caseboard.clock.vocabulary import (
    Interval,
    LookedAfterVisits,
    OperatingRules,
    PrivateFosteringVisits,
    Timescales,
    Unit,
    VisitCounting,
    VisitRule,
)

from .hooks import display, rules_contributions, section_for, settings_sections
from .models import (
    DEVIATION_FIELDS,
    DeviationRule,
    OperatingModel,
    OperatingModelVersion,
    PreVisitQuestion,
    VersionStatus,
    VisitFrequency,
)

W = Unit.WEEKS
M = Unit.MONTHS
WD = Unit.WORKING_DAYS


def council_model() -> OperatingModel:
    return OperatingModel.objects.get(is_council_model=True)


def versions_with_settings() -> QuerySet[OperatingModelVersion]:
    return OperatingModelVersion.objects.select_related(
        "operating_model", "drafted_by", "approved_by", "copied_from__operating_model", "reverts_to"
    ).prefetch_related(
        Prefetch("visit_frequencies", queryset=VisitFrequency.objects.order_by("kind")),
        Prefetch("deviation_rules", queryset=DeviationRule.objects.order_by("pk")),
    )


def council_versions() -> QuerySet[OperatingModelVersion]:
    """Every version of the council's model, newest effective date first."""
    return (
        versions_with_settings().filter(operating_model__is_council_model=True).order_by("-effective_from", "-number")
    )


def approved_council_versions() -> list[OperatingModelVersion]:
    return list(
        versions_with_settings()
        .filter(operating_model__is_council_model=True, status=VersionStatus.APPROVED)
        .order_by("effective_from", "number")
    )


def version_in_force(on: date) -> OperatingModelVersion | None:
    """The council's approved version in force on a date."""
    return in_force_among(approved_council_versions(), on)


def in_force_among(versions: list[OperatingModelVersion], on: date) -> OperatingModelVersion | None:
    """Which of these approved versions (by effective date) is in force on a date: the clock's resolution
    (``caseboard.clock.Timeline``), which honours end dates; None before the first."""
    started = [v for v in versions if v.effective_from <= on]
    if not started:
        return None
    if not any(v.ends_on for v in started):
        return started[-1]
    rules = Timeline([to_rules(v) for v in versions]).on(on)
    return next(v for v in versions if v.pk == rules.version_id)


def _visit_rule(frequency: VisitFrequency | None) -> VisitRule | None:
    if frequency is None or not frequency.is_required:
        return None
    return VisitRule(
        first_within=Interval(frequency.first_within, Unit(frequency.first_within_unit)),
        interval=Interval(frequency.interval, Unit(frequency.interval_unit)),
        statutory=frequency.is_statutory,
        source=frequency.source,
    )


def to_rules(version: OperatingModelVersion, extra: dict[str, Any] | None = None) -> OperatingRules:
    """Translate one version into what the rules engine reads (``extra``: what the higher apps add, from
    ``hooks.rules_contributions``; read for this version alone when not given)."""
    if extra is None:
        extra = rules_contributions([version]).get(version.pk, {})
    frequencies = {f.kind: f for f in version.visit_frequencies.all()}
    fallback = VisitRule(
        first_within=Interval(20, WD), interval=Interval(20, WD), statutory=False, source="Local policy"
    )
    v = version
    return OperatingRules(
        version_id=v.pk,
        label=f"{v.operating_model.name}, version {v.number}",
        effective_from=v.effective_from,
        cin_visits=_visit_rule(frequencies.get("cin")) or fallback,
        cp_visits=_visit_rule(frequencies.get("cp")) or fallback,
        early_help_visits=_visit_rule(frequencies.get("early_help")),
        care_leaver_visits=_visit_rule(frequencies.get("care_leaver"))
        or VisitRule(Interval(7, Unit.CALENDAR_DAYS), Interval(2, M), True, "Care Leavers Regs reg 8(2)"),
        looked_after=LookedAfterVisits(
            first_within=Interval(v.lac_first_within_weeks, W),
            first_year=Interval(v.lac_first_year_weeks, W),
            after_first_year_until_18=Interval(v.lac_after_year_until_18_months, M),
            after_first_year_other=Interval(v.lac_after_year_other_weeks, W),
            placed_with_parent_before_assessment=Interval(v.lac_placed_with_parent_weeks, W),
            placed_with_parent_after_first_review=Interval(v.lac_placed_with_parent_after_review_weeks, W),
            reg24_or_ico_at_home=Interval(v.lac_reg24_ico_weeks, W),
            reg24_or_ico_at_home_after_first_review=Interval(v.lac_reg24_ico_after_review_weeks, W),
            care_order_at_home_first_within=Interval(v.lac_first_within_weeks, W),
            care_order_at_home=Interval(v.lac_care_order_at_home_weeks, W),
        ),
        private_fostering=PrivateFosteringVisits(
            first_within=Interval(v.pf_first_within_working_days, WD),
            first_year=Interval(v.pf_first_year_weeks, W),
            after_first_year=Interval(v.pf_after_first_year_weeks, W),
        ),
        timescales=Timescales(
            referral_decision=Interval(v.referral_decision_working_days, WD),
            assessment=Interval(v.assessment_working_days, WD),
            initial_conference=Interval(v.initial_conference_working_days, WD),
            first_core_group=Interval(v.first_core_group_working_days, WD),
            first_review_conference=Interval(v.first_review_conference_months, M),
            later_review_conferences=Interval(v.later_review_conference_months, M),
            first_lac_review=Interval(v.first_lac_review_working_days, WD),
            second_lac_review=Interval(v.second_lac_review_months, M),
            later_lac_reviews=Interval(v.later_lac_review_months, M),
            placement_plan=Interval(v.placement_plan_working_days, WD),
        ),
        visit_counting=VisitCounting(v.visit_counting),
        remote_contact=Interval(7, Unit.CALENDAR_DAYS) if v.remote_contact_weekly else None,
        care_leaver_visits_by_rating=tuple(
            (
                rating,
                VisitRule(
                    Interval(7, Unit.CALENDAR_DAYS),
                    Interval(weeks, W),
                    True,
                    f"Operating model: personal adviser contact for a care leaver rated {rating}",
                ),
            )
            for rating, weeks in (
                ("red", v.care_leaver_contact_red_weeks),
                ("amber", v.care_leaver_contact_amber_weeks),
                ("green", v.care_leaver_contact_green_weeks),
            )
            if weeks
        ),
        virtual_visit_decision_kinds=frozenset(r.kind for r in v.deviation_rules.all() if r.counts_virtual_visit),
        applies_to_running_intervals=v.applies_to_running_intervals,
        ends_on=v.ends_on,
        reverts_to_id=v.reverts_to_id,
        **extra,
    )


def council_timeline(*, including: OperatingModelVersion | None = None) -> list[OperatingRules]:
    """The council's approved versions as rules, by effective date; ``including`` adds a draft (for a preview)."""
    versions = approved_council_versions()
    if including is not None and including.pk not in {v.pk for v in versions}:
        versions.append(including)
    versions.sort(key=lambda v: (v.effective_from, v.number))
    extra = rules_contributions(versions)
    return [to_rules(v, extra.get(v.pk, {})) for v in versions]


@dataclass(frozen=True)
class SettingRow:
    label: str
    values: tuple[str, ...]
    compared: bool = True  # False for rows that always differ between versions (the date in force)

    @property
    def differs(self) -> bool:
        return self.compared and len(set(self.values)) > 1


SCALAR_FIELDS = [
    "effective_from",
    "ends_on",
    "visit_counting",
    "pre_visit_check_required",
    "pre_visit_check_valid_days",
    "speak_to_child_from_age_years",
    "early_help_referrals_open",
    "early_help_pause_reason",
    "remote_contact_weekly",
    "applies_to_running_intervals",
    "lac_first_within_weeks",
    "lac_first_year_weeks",
    "lac_after_year_until_18_months",
    "lac_after_year_other_weeks",
    "lac_placed_with_parent_weeks",
    "lac_placed_with_parent_after_review_weeks",
    "lac_reg24_ico_weeks",
    "lac_reg24_ico_after_review_weeks",
    "lac_care_order_at_home_weeks",
    "care_leaver_contact_red_weeks",
    "care_leaver_contact_amber_weeks",
    "care_leaver_contact_green_weeks",
    "pf_first_within_working_days",
    "pf_first_year_weeks",
    "pf_after_first_year_weeks",
    "referral_decision_working_days",
    "assessment_working_days",
    "initial_conference_working_days",
    "first_core_group_working_days",
    "first_review_conference_months",
    "later_review_conference_months",
    "first_lac_review_working_days",
    "second_lac_review_months",
    "later_lac_review_months",
    "placement_plan_working_days",
    "rag_review_red_days",
    "rag_review_amber_days",
    "rag_review_green_days",
]


def _display(version: OperatingModelVersion, name: str) -> str:
    value = getattr(version, name)
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    display = getattr(version, f"get_{name}_display", None)
    return str(display() if display else value) or "–"


def settings_table(versions: list[OperatingModelVersion]) -> list[SettingRow]:
    """Every setting of these versions side by side, for the version page and the comparison."""
    rows = [
        SettingRow(
            OperatingModelVersion._meta.get_field(name).verbose_name[:1].upper()
            + OperatingModelVersion._meta.get_field(name).verbose_name[1:],
            tuple(_display(v, name) for v in versions),
        )
        for name in SCALAR_FIELDS
    ]
    for kind, label in VisitFrequency._meta.get_field("kind").choices:
        values = []
        for version in versions:
            frequency = next((f for f in version.visit_frequencies.all() if f.kind == kind), None)
            if frequency is None or not frequency.is_required:
                values.append("Not required")
            else:
                values.append(
                    f"First within {frequency.first_within} {frequency.get_first_within_unit_display()}, "
                    f"then every {frequency.interval} {frequency.get_interval_unit_display()} "
                    f"({frequency.source})"
                )
        rows.append(SettingRow(f"Visits: {label}", tuple(values)))
    for kind, label in deviation_kinds_of(versions):
        values = []
        for version in versions:
            rule = next((r for r in version.deviation_rules.all() if r.kind == kind), None)
            values.append("Not in this version" if rule is None else deviation_summary(rule))
        rows.append(SettingRow(f"Deviation: {label}", tuple(values)))
    for key, text in question_keys_of(versions):
        values = []
        for version in versions:
            question = next((q for q in version.pre_visit_questions.all() if q.key == key), None)
            values.append("Not asked" if question is None else question_summary(question))
        rows.append(SettingRow(f"Pre-visit check question: {text}", tuple(values)))
    for section in settings_sections():
        section_rows = [section_for(version, section.key) for version in versions]
        for name in section.fields:
            rows.append(
                SettingRow(
                    f"{section.title}: {section.label(name)}",
                    tuple(display(getattr(row, name), row, name) for row in section_rows),
                )
            )
    return rows


def deviation_summary(rule: DeviationRule) -> str:
    """One kind of deviation's rule in words, for the version page, the comparison and the preview."""
    return (
        f"{rule.get_approver_role_display()}; review after {rule.review_after_days} days"
        + ("; reviewed at each scheduled visit" if rule.review_cadence == "each_visit" else "")
        + ("; may record and approve in one step" if rule.allow_record_and_approve else "")
        + ("; a virtual visit it covers counts" if rule.counts_virtual_visit else "")
        + f"; {rule.get_clock_effect_display().lower()}"
    )


def question_summary(question: PreVisitQuestion) -> str:
    """One pre-visit question in words, for the version page and the comparison."""
    return question.text + (" (a yes stops a plain go-ahead)" if question.yes_stops_go_ahead else "")


def question_keys_of(versions: list[OperatingModelVersion]) -> list[tuple[str, str]]:
    """Every pre-visit question in any of these versions, as (key, wording in the first that asks it)."""
    keys: dict[str, str] = {}
    for version in versions:
        for question in version.pre_visit_questions.all():
            keys.setdefault(question.key, question.text)
    return list(keys.items())


def pre_visit_questions_in_force(on: date) -> list[PreVisitQuestion]:
    """The questions of the pre-visit check on a date, in order: the council's version in force (none when no
    version is)."""
    version = version_in_force(on)
    return list(version.pre_visit_questions.all()) if version else []


def deviation_kinds_of(versions: list[OperatingModelVersion]) -> list[tuple[str, str]]:
    """Every kind of deviation in any of these versions, as (slug, name), in the order of the first that has it."""
    kinds: dict[str, str] = {}
    for version in versions:
        for rule in version.deviation_rules.all():
            kinds.setdefault(rule.kind, rule.name)
    return list(kinds.items())


@dataclass(frozen=True)
class KindChanges:
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()


def deviation_changes(before: OperatingModelVersion | None, after: OperatingModelVersion) -> KindChanges:
    """The kinds of decision a version adds, removes and changes, against the version it would follow."""
    old = {r.kind: r for r in before.deviation_rules.all()} if before else {}
    new = {r.kind: r for r in after.deviation_rules.all()}

    def values(rule: DeviationRule) -> tuple[object, ...]:
        return tuple(getattr(rule, name) for name in DEVIATION_FIELDS)

    return KindChanges(
        added=tuple(new[k].name for k in new if k not in old),
        removed=tuple(old[k].name for k in old if k not in new),
        changed=tuple(new[k].name for k in new if k in old and values(new[k]) != values(old[k])),
    )


def presets() -> QuerySet[OperatingModelVersion]:
    return versions_with_settings().filter(operating_model__is_preset=True).order_by("operating_model__name")


def version_status_label(version: OperatingModelVersion, in_force_id: int | None, today: date) -> str:
    if version.status == VersionStatus.DRAFT:
        return "Draft"
    if version.status == VersionStatus.WITHDRAWN:
        return "Withdrawn"
    if version.pk == in_force_id:
        return "In force"
    if version.effective_from > today:
        return "Scheduled"
    return "Ended" if version.ends_on is not None and version.ends_on < today else "Superseded"


def council_versions_with_status(today: date) -> list[tuple[OperatingModelVersion, str]]:
    versions = list(council_versions())
    in_force = version_in_force(today)
    in_force_id = in_force.pk if in_force else None
    return [(v, version_status_label(v, in_force_id, today)) for v in versions]


def deviation_kinds_in_force(on: date) -> list[DeviationRule]:
    """The kinds of decision a worker may propose on a date: those of the council's version in force, by name."""
    version = version_in_force(on)
    return sorted(version.deviation_rules.all(), key=lambda r: r.name.lower()) if version else []


def deviation_rule_in_force(kind: str, on: date) -> tuple[OperatingModelVersion, DeviationRule]:
    """The council's rule for a kind of deviation on a date: who approves it, and when it is reviewed."""
    version = version_in_force(on)
    if version is None:
        raise LookupError("No operating model is in force")
    rule = next((r for r in version.deviation_rules.all() if r.kind == kind), None)
    if rule is None:
        raise LookupError(f"The operating model in force has no rule for {kind}")
    return version, rule


@dataclass(frozen=True)
class TimelineEntry:
    """One change of the version in force, from a date: a version taking effect, or one in force again the day after
    another ends."""

    starts_on: date
    version: OperatingModelVersion
    again_after: OperatingModelVersion | None = None  # the version whose end brings this one back


def council_timeline_from(today: date) -> list[TimelineEntry]:
    """Which approved version is in force from the one in force today on, with each return the day after a version
    ends (the statutory clock's ``Timeline``, so the page shows what the clock uses)."""
    versions = approved_council_versions()
    if not versions:
        return []
    by_pk = {v.pk: v for v in versions}
    extra = rules_contributions(versions)
    entries = Timeline([to_rules(v, extra.get(v.pk, {})) for v in versions]).versions
    found: list[TimelineEntry] = []
    previous: OperatingModelVersion | None = None
    for rules in entries:
        version = by_pk[rules.version_id]
        again = rules.effective_from != version.effective_from
        found.append(TimelineEntry(rules.effective_from, version, previous if again else None))
        previous = version
    current = max((i for i, e in enumerate(found) if e.starts_on <= today), default=0)
    return found[current:]

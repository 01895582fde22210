"""Bringing a council's children in from another system through the returns' own files: the CIN census XML and the
SSDA903 tables (CSV files or one XML file).

A dry run lists every problem by file, line (or element) and field and writes nothing. An import checks the same,
then writes the file's records in one transaction, all or nothing (for SSDA903 the set of tables is one return: its
tables refer to each other). Children are matched by their local ID and each record by its dates, so importing the
same file again changes nothing. What the files hold that Caseboard has no place for is listed, not dropped
silently. Every record is written through ``save()`` with the importing user as the audit actor and the file named.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from auditlog.context import set_extra_data
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from caseboard.accounts.models import User
from caseboard.casework.models import (
    Adoption,
    AdoptionDecision,
    Allocation,
    AllocationRole,
    AsylumSeekingStatus,
    CareLeaverOutcome,
    ChildInNeedPlan,
    Episode,
    EpisodeKind,
    HealthOutcome,
    MissingEpisode,
    Motherhood,
    PreviousPermanence,
)
from caseboard.frontdoor.models import Assessment, AssessmentOutcome, Referral
from caseboard.meetings.models import (
    Meeting,
    MeetingFormat,
    MeetingKind,
    MeetingOutcome,
    MeetingStatus,
    Section47Enquiry,
    Section47Outcome,
)
from caseboard.people.models import Child
from caseboard.placements.models import KIND_PLACEMENT_TYPES, Placement, Setting, SettingKind

from . import cin, ssda903
from .facts import ChildFacts, CinDetailsFacts
from .layouts import NO_URN, CollectionYear, UnknownYear, collection_year
from .models import ImportRun, LookedAfterReviewParticipation, ReturnKind

NOT_KNOWN = "Not known"
Progress = Callable[[int, int], None]


@dataclass
class ImportOutcome:
    problems: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    summary: dict[str, int] = field(default_factory=dict)
    written: bool = False
    dry_run: bool = True

    def count(self, name: str, n: int = 1) -> None:
        self.summary[name] = self.summary.get(name, 0) + n

    def problem(self, location: str, field_name: str, message: str, child: str = "") -> None:
        self.problems.append({"location": location, "field": field_name, "message": message, "child": child})

    @property
    def headline(self) -> str:
        counts = ", ".join(f"{n:,} {name}" for name, n in sorted(self.summary.items())) or "nothing new"
        if self.problems:
            return f"Refused: {len(self.problems):,} problems, nothing was written"
        if self.dry_run:
            return f"Checked (dry run, nothing written): it would add {counts}"
        return f"Imported: added {counts}"


def _dmy(value: str) -> date:
    return datetime.strptime(value, "%d/%m/%Y").date()


def _clean(
    instance: object, outcome: ImportOutcome, location: str, child: str, exclude: list[str] | None = None
) -> None:
    try:
        instance.full_clean(exclude=exclude or [], validate_unique=False)  # type: ignore[attr-defined]
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                outcome.problem(location, name, message, child)


def _datetime(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


# --- children ---------------------------------------------------------------------------------------------------


def _child_for(facts: ChildFacts, existing: dict[str, Child], outcome: ImportOutcome, location: str) -> Child:
    child = existing.get(facts.local_id)
    if child is not None:
        return child
    child = Child(
        local_id=facts.local_id,
        first_name=NOT_KNOWN,
        last_name=NOT_KNOWN,
        date_of_birth=facts.birth_on,
        expected_date_of_birth=facts.expected_birth_on if facts.birth_on is None else None,
        date_of_death=facts.death_on,
        sex=facts.sex,
        ethnicity=facts.ethnicity or "NOBT",
        upn=facts.upn,
        upn_unknown=facts.upn_unknown if not facts.upn else "",
        disabilities=list(facts.disabilities),
        postcode=facts.postcode,
    )
    _clean(child, outcome, location, facts.local_id, exclude=["local_id"] if not facts.local_id else [])
    existing[facts.local_id] = child
    outcome.count("children")
    return child


@dataclass
class Plan:
    """What an import would write, in order; each item is (description, callable that saves it)."""

    writes: list[Callable[[], object]] = field(default_factory=list)

    def add(self, write: Callable[[], object]) -> None:
        self.writes.append(write)


def _existing_children(local_ids: list[str]) -> dict[str, Child]:
    found: dict[str, Child] = {}
    for start in range(0, len(local_ids), 1000):
        for child in Child.objects.filter(local_id__in=local_ids[start : start + 1000]):
            found[child.local_id] = child
    return found


# --- CIN census -------------------------------------------------------------------------------------------------


def _plan_cin(
    parsed: cin.ParsedCensus, *, user: User, year: CollectionYear, outcome: ImportOutcome, progress: Progress | None
) -> Plan:
    plan = Plan()
    existing = _existing_children([c.local_id for c in parsed.children if c.local_id])
    now = timezone.now()
    total = len(parsed.children)
    for number, facts in enumerate(parsed.children, start=1):
        where = f"Child {number}, LAchildID {facts.local_id}"
        is_new = facts.local_id not in existing
        child = _child_for(facts, existing, outcome, where)
        if is_new:
            plan.add(child.save)
        held = set() if is_new else set(child.episodes.values_list("kind", "start_on"))
        for index, details in enumerate(sorted(facts.cin_details, key=lambda d: d.referral_on), start=1):
            _plan_details(
                plan, child, details, held, user=user, now=now, outcome=outcome, where=f"{where}, CINdetails {index}"
            )
        if progress:
            progress(number, total)
    return plan


def _plan_details(
    plan: Plan,
    child: Child,
    details: CinDetailsFacts,
    held: set,
    *,
    user: User,
    now: datetime,
    outcome: ImportOutcome,
    where: str,
) -> None:
    if (EpisodeKind.CHILD_IN_NEED, details.referral_on) in held:
        return  # imported before: nothing changes
    episode = Episode(
        kind=EpisodeKind.CHILD_IN_NEED,
        start_on=details.referral_on,
        end_on=details.closed_on,
        referral_source=details.referral_source,
        primary_need=details.primary_need,
        reason_for_closure=details.reason_for_closure,
    )
    episode.child = child
    if child.pk:
        _clean(episode, outcome, where, child.local_id, exclude=["child"])
    else:
        _clean(episode, outcome, where, child.local_id, exclude=["child"])
    outcome.count("child in need episodes")
    referral = Referral(
        received_on=details.referral_on,
        source=details.referral_source,
        primary_need=details.primary_need,
        recorded_by=user,
        recorded_at=now,
    )
    plan_starts = {p.started_on: p for p in details.cin_plans}
    assessments = []
    for a in details.assessments:
        makes_plan = a.authorised_on is not None and a.authorised_on in plan_starts
        outcome_code = AssessmentOutcome.CIN_PLAN if makes_plan else ""
        if not makes_plan and a.authorised_on and details.closed_on and details.reason_for_closure in {"RC8", "RC9"}:
            outcome_code = (
                AssessmentOutcome.NFA if details.reason_for_closure == "RC8" else AssessmentOutcome.EARLY_HELP
            )
        assessments.append(
            Assessment(
                started_on=a.started_on,
                authorised_on=a.authorised_on,
                completed_on=a.authorised_on,
                factors=list(a.factors),
                outcome=outcome_code,
                recorded_by=user,
                recorded_at=now,
            )
        )
        outcome.count("assessments")
    plans = [ChildInNeedPlan(started_on=p.started_on, ended_on=p.ended_on) for p in details.cin_plans]
    outcome.count("child in need plans", len(plans))

    def write(
        episode: Episode = episode, referral: Referral = referral, assessments: list = assessments, plans: list = plans
    ) -> None:
        episode.child = child
        episode.save()
        for plan in plans:
            plan.child = child
            plan.episode = episode
            plan.full_clean()
            plan.save()
        referral.child = child
        referral.episode = episode
        referral.save()
        for assessment in assessments:
            assessment.child = child
            assessment.referral = referral
            assessment.save()

    plan.add(write)
    for s47 in details.section_47s:
        outcome.count("section 47 enquiries")
        plan.add(_s47_writer(child, s47, details, user=user, now=now))
    for cp in details.protection_plans:
        if (EpisodeKind.CHILD_PROTECTION, cp.started_on) in held:
            continue
        plan_episode = Episode(
            kind=EpisodeKind.CHILD_PROTECTION,
            start_on=cp.started_on,
            end_on=cp.ended_on,
            initial_category_of_abuse=cp.initial_category,
            latest_category_of_abuse=cp.latest_category,
        )
        plan_episode.child = child
        _clean(plan_episode, outcome, where, child.local_id, exclude=["child"])
        outcome.count("child protection plans")
        if cp.reviews:
            outcome.count("review conferences", len(cp.reviews))

        def write_cp(plan_episode: Episode = plan_episode, reviews: tuple = cp.reviews) -> None:
            plan_episode.child = child
            plan_episode.save()
            for day in reviews:
                _meeting(
                    child, MeetingKind.REVIEW_CONFERENCE, day, user=user, now=now, outcome=MeetingOutcome.PLAN_CONTINUES
                )

        plan.add(write_cp)
    if details.icpc_on and not any(s.icpc_on == details.icpc_on for s in details.section_47s):
        plan.add(
            lambda day=details.icpc_on: _meeting(
                child, MeetingKind.INITIAL_CONFERENCE, day, user=user, now=now, outcome=MeetingOutcome.CP_PLAN
            )
        )
    if details.pre_proceedings:
        outcome.unmapped.append(f"{where}: the pre-proceedings block is not kept yet")


def _meeting(child: Child, kind: str, day: date, *, user: User, now: datetime, outcome: str = "") -> Meeting:
    meeting = Meeting(
        kind=kind,
        scheduled_for=_datetime(day),
        status=MeetingStatus.HELD,
        format=MeetingFormat.IN_PERSON,
        held_on=day,
        outcome=outcome,
        scheduled_by=user,
        scheduled_at=now,
        held_recorded_by=user,
    )
    meeting.save()
    meeting.children.add(child)
    return meeting


def _s47_writer(child: Child, s47, details: CinDetailsFacts, *, user: User, now: datetime) -> Callable[[], None]:
    def write() -> None:
        discussion = _meeting(
            child,
            MeetingKind.STRATEGY_DISCUSSION,
            s47.started_on,
            user=user,
            now=now,
            outcome=MeetingOutcome.SECTION_47,
        )
        Section47Enquiry(
            child=child,
            strategy_discussion=discussion,
            started_on=s47.started_on,
            outcome=Section47Outcome.CONFERENCE_NOT_NEEDED
            if s47.icpc_not_required
            else Section47Outcome.CONFERENCE_NEEDED,
        ).save()
        if s47.icpc_on:
            starts_plan = any(p.started_on == s47.icpc_on for p in details.protection_plans)
            _meeting(
                child,
                MeetingKind.INITIAL_CONFERENCE,
                s47.icpc_on,
                user=user,
                now=now,
                outcome=MeetingOutcome.CP_PLAN if starts_plan else MeetingOutcome.NO_PLAN,
            )

    return write


# --- SSDA903 ----------------------------------------------------------------------------------------------------


def _read_903(files: dict[str, bytes], year: CollectionYear, outcome: ImportOutcome) -> ssda903.ParsedTables:
    parsed = ssda903.ParsedTables()
    xml = [name for name in files if name.lower().endswith(".xml")]
    if xml:
        parsed.problems.append(
            ssda903.Problem(xml[0], "", "Import SSDA903 as its CSV files: reading the XML form is not available yet")
        )
        return parsed
    seen: dict[str, str] = {}
    for name, content in files.items():
        table = ssda903.read_csv_file(name, content, year=year, parsed=parsed)
        if table and table in seen:
            parsed.problems.append(ssda903.Problem(name, "", f"This is the {table} table again (also {seen[table]})"))
        elif table:
            seen[table] = name
    if "Header" not in parsed.tables and not parsed.problems:
        parsed.problems.append(
            ssda903.Problem("files", "", "The SSDA903 header table (CHILD, SEX, DOB, ...) is missing")
        )
    return parsed


def _date_field(row: dict, column: str, outcome: ImportOutcome, required: bool = False) -> date | None:
    value = row.get(column, "")
    where = f"{row['_file']}, line {row['_line']}"
    if not value:
        if required:
            outcome.problem(where, column, f"Enter {column}: it is required", row.get("CHILD", ""))
        return None
    try:
        return _dmy(value)
    except ValueError:
        outcome.problem(where, column, f"{column} must be a date like 31/03/2026 (not {value!r})", row.get("CHILD", ""))
        return None


def _code(
    row: dict, column: str, allowed: tuple[str, ...] | list[str], outcome: ImportOutcome, year: CollectionYear
) -> str:
    value = row.get(column, "")
    if value and value not in allowed:
        outcome.problem(
            f"{row['_file']}, line {row['_line']}",
            column,
            f"{value!r} is not a {column} code in {year.name}",
            row.get("CHILD", ""),
        )
    return value


def _bool(value: str) -> bool | None:
    return None if value == "" else value == "1"


def _setting_kind(placement_type: str, provider: str) -> str:
    if placement_type in ("U4", "U5", "U6"):
        return SettingKind.FOSTER_AGENCY if provider in ("PR4", "PR5") else SettingKind.FOSTER_IN_HOUSE
    return next(
        (kind for kind, types in KIND_PLACEMENT_TYPES.items() if placement_type in types and kind != SettingKind.OTHER),
        SettingKind.OTHER,
    )


class _Settings:
    """The setting an imported episode names by its placement postcode and URN (SSDA903 PL_POST and URN, with the
    placement type and provider): one the council already holds with the same postcode, URN and provider, or one
    made from the episode's codes (``from_episode_codes``, to be replaced by the real setting when known)."""

    def __init__(self) -> None:
        self.found: dict[tuple[str, str, str, str], Setting] = {}
        self.loaded = False

    def _load(self) -> None:
        for setting in Setting.objects.filter(closed_on__isnull=True).order_by("from_episode_codes", "pk"):
            key = (setting.postcode.replace(" ", "").upper(), setting.urn, setting.placement_provider, setting.kind)
            self.found.setdefault(key, setting)
        self.loaded = True

    def get(self, *, postcode: str, urn: str, placement_type: str, provider: str, plan: Plan) -> Setting:
        if not self.loaded:
            self._load()
        urn = "" if urn == NO_URN else urn
        kind = _setting_kind(placement_type, provider)
        key = (postcode.replace(" ", "").upper(), urn, provider, kind)
        setting = self.found.get(key)
        if setting is None:
            setting = Setting(
                kind=kind,
                name=f"Placement {placement_type or '–'}/{provider or '–'} at {postcode or 'an unknown postcode'} "
                "(from episode codes)",
                placement_provider=provider or "PR1",
                postcode=postcode,
                urn=urn,
                places=1,
                age_from=0,
                age_to=25,
                from_episode_codes=True,
                notes="Made from an imported SSDA903 episode's placement codes, postcode and URN.",
            )
            self.found[key] = setting
            plan.add(setting.save)
        return setting


def _plan_903(
    parsed: ssda903.ParsedTables, *, user: User, year: CollectionYear, outcome: ImportOutcome, progress: Progress | None
) -> Plan:
    plan = Plan()
    tables = parsed.tables
    headers = tables.get("Header", [])
    existing = _existing_children([row["CHILD"] for row in headers])
    rows_by_child: dict[str, dict[str, list[dict]]] = {}
    for name, rows in tables.items():
        for row in rows:
            rows_by_child.setdefault(row.get("CHILD", ""), {}).setdefault(name, []).append(row)
    known = {row["CHILD"] for row in headers}
    for rows in tables.values():
        for row in rows:
            if row.get("CHILD", "") not in known:
                outcome.problem(
                    f"{row['_file']}, line {row['_line']}",
                    "CHILD",
                    f"Child {row.get('CHILD')!r} is not in the header table",
                    row.get("CHILD", ""),
                )
    seen: dict[str, str] = {}
    now = timezone.now()
    settings = _Settings()
    for number, row in enumerate(headers, start=1):
        local_id = row["CHILD"]
        where = f"{row['_file']}, line {row['_line']}"
        if local_id in seen:
            outcome.problem(where, "CHILD", f"This child is in the header twice (also {seen[local_id]})", local_id)
            continue
        seen[local_id] = where
        sex = row["SEX"]
        if sex in ssda903.SEX_FROM_OLD and "M" in year.sex_codes:
            outcome.problem(where, "SEX", f"{sex!r} is the old sex code: from 2024-25 it is M, F or U", local_id)
        elif sex in ssda903.SEX_FROM_OLD:
            sex = ssda903.SEX_FROM_OLD[sex]
        elif sex not in {"M", "F", "U"}:
            outcome.problem(where, "SEX", f"{sex!r} is not a sex code", local_id)
        born = _date_field(row, "DOB", outcome, required=True)
        ethnicity = _code(row, "ETHNIC", year.codes["ethnicity"], outcome, year)
        upn = row.get("UPN", "")
        own = rows_by_child.get(local_id, {})
        episodes = sorted(own.get("Episodes", []), key=lambda r: r.get("DECOM", ""))
        postcodes = {r["HOME_POST"] for r in episodes if r.get("HOME_POST")}
        if len(postcodes) > 1:
            outcome.unmapped.append(
                f"{where}: child {local_id} has {len(postcodes)} home postcodes: only the first is kept"
            )
        facts = ChildFacts(
            local_id=local_id,
            sex=sex,
            ethnicity=ethnicity,
            birth_on=born,
            upn=upn if upn and not upn.startswith("UN") else "",
            upn_unknown=upn if upn.startswith("UN") else "",
            postcode=sorted(postcodes)[0] if postcodes else "",
        )
        is_new = local_id not in existing
        child = _child_for(facts, existing, outcome, where)
        if is_new:
            plan.add(child.save)
        elif facts.postcode and not child.postcode:
            # A child brought in by the CIN census first: the SSDA903 home postcode fills what it left empty.
            outcome.count("home postcodes added")

            def add_postcode(child: Child = child, postcode: str = facts.postcode) -> None:
                child.postcode = postcode
                child.save()

            plan.add(add_postcode)
        held = (
            set()
            if is_new
            else set(child.episodes.filter(kind=EpisodeKind.LOOKED_AFTER).values_list("start_on", flat=True))
        )
        previous_end: date | None = None
        for e in episodes:
            e_where = f"{e['_file']}, line {e['_line']}"
            start = _date_field(e, "DECOM", outcome, required=True)
            end = _date_field(e, "DEC", outcome)
            reason = _code(e, "REC", year.codes["reason_ceased"], outcome, year)
            _code(e, "RNE", year.codes["rne"], outcome, year)
            if start and previous_end and start < previous_end:
                outcome.problem(
                    e_where,
                    "DECOM",
                    "This episode starts before the one before it ended: episodes may not overlap",
                    local_id,
                )
            previous_end = end
            if start is None or start in held:
                continue
            # Consecutive episodes (REC X1) share a date in SSDA903; in Caseboard the first ends the day before.
            stored_end = end - timedelta(days=1) if end and reason == "X1" else end
            episode = Episode(
                kind=EpisodeKind.LOOKED_AFTER,
                start_on=start,
                end_on=stored_end,
                legal_status=_code(e, "LS", year.codes["legal_status"], outcome, year),
                placement_type=_code(e, "PLACE", year.codes["place"], outcome, year),
                placement_provider=_code(e, "PLACE_PROVIDER", year.codes["place_provider"], outcome, year),
                reason_episode_ceased=reason,
                reason_place_change=e.get("REASON_PLACE_CHANGE", ""),
                category_of_need=e.get("CIN", ""),
            )
            episode.child = child
            _clean(episode, outcome, e_where, local_id, exclude=["child"])
            outcome.count("looked-after episodes")
            plan.add(lambda episode=episode, child=child: (setattr(episode, "child", child), episode.save()))
            if e.get("PL_POST") or e.get("URN"):
                setting = settings.get(
                    postcode=e.get("PL_POST", ""),
                    urn=e.get("URN", ""),
                    placement_type=episode.placement_type,
                    provider=episode.placement_provider,
                    plan=plan,
                )
                outcome.count("placements")

                def place(episode: Episode = episode, child: Child = child, setting: Setting = setting) -> None:
                    Placement(child=child, episode=episode, setting=setting).save()

                plan.add(place)
        _plan_903_others(plan, child, own, is_new, user=user, now=now, year=year, outcome=outcome)
        if progress:
            progress(number, len(headers))
    return plan


def _plan_903_others(
    plan: Plan,
    child: Child,
    own: dict[str, list[dict]],
    is_new: bool,
    *,
    user: User,
    now: datetime,
    year: CollectionYear,
    outcome: ImportOutcome,
) -> None:
    local_id = child.local_id

    def add(instance: object, where: str, label: str, exclude: tuple[str, ...] = ("child",)) -> None:
        _clean(instance, outcome, where, local_id, exclude=list(exclude))
        outcome.count(label)

        def write(instance: object = instance) -> None:
            instance.child = child  # type: ignore[attr-defined]
            instance.save()  # type: ignore[attr-defined]

        plan.add(write)

    def here(row: dict) -> str:
        return f"{row['_file']}, line {row['_line']}"

    header = own["Header"][0]
    if header.get("MOTHER") and (is_new or not Motherhood.objects.filter(child=child).exists()):
        add(
            Motherhood(is_mother=header["MOTHER"] == "1", childs_birth_on=_date_field(header, "MC_DOB", outcome)),
            here(header),
            "motherhood records",
        )
    held_reviews = (
        set() if is_new else set(child.meetings.filter(kind=MeetingKind.LAC_REVIEW).values_list("held_on", flat=True))
    )
    for row in own.get("Reviews", []):
        day = _date_field(row, "REVIEW", outcome, required=True)
        code = row.get("REVIEW_CODE", "")
        if day is None or day in held_reviews:
            continue
        outcome.count("looked-after reviews")

        def write_review(day: date = day, code: str = code) -> None:
            meeting = _meeting(child, MeetingKind.LAC_REVIEW, day, user=user, now=now)
            if code:
                LookedAfterReviewParticipation(meeting=meeting, child=child, code=code).save()

        plan.add(write_review)
    for row in own.get("UASC", []):
        if is_new or not AsylumSeekingStatus.objects.filter(child=child).exists():
            add(
                AsylumSeekingStatus(ceased_on=_date_field(row, "DUC", outcome)),
                here(row),
                "unaccompanied asylum-seeking statuses",
            )
    for row in own.get("OC2", []):
        if not is_new and HealthOutcome.objects.filter(child=child, year_ending_on=year.end).exists():
            continue
        add(
            HealthOutcome(
                year_ending_on=year.end,
                sdq_score=int(row["SDQ_SCORE"]) if row.get("SDQ_SCORE", "").isdigit() else None,
                sdq_reason=row.get("SDQ_REASON", ""),
                convicted=_bool(row.get("CONVICTED", "")),
                health_check=_bool(row.get("HEALTH_CHECK", "")),
                immunisations=_bool(row.get("IMMUNISATIONS", "")),
                teeth_check=_bool(row.get("TEETH_CHECK", "")),
                health_assessment=_bool(row.get("HEALTH_ASSESSMENT", "")),
                substance_misuse=_bool(row.get("SUBSTANCE_MISUSE", "")),
                intervention_received=_bool(row.get("INTERVENTION_RECEIVED", "")),
                intervention_offered=_bool(row.get("INTERVENTION_OFFERED", "")),
            ),
            here(row),
            "health outcomes",
        )
    for row in own.get("OC3", []):
        if not is_new and CareLeaverOutcome.objects.filter(child=child, year_ending_on=year.end).exists():
            continue
        activity = "" if row.get("ACTIV") == "0" else row.get("ACTIV", "")
        accommodation = "" if row.get("ACCOM") == "0" else row.get("ACCOM", "")
        add(
            CareLeaverOutcome(
                year_ending_on=year.end,
                in_touch=row.get("IN_TOUCH", ""),
                activity=activity,
                accommodation=accommodation,
            ),
            here(row),
            "care leaver outcomes",
        )
    for row in own.get("AD1", []):
        if not is_new and Adoption.objects.filter(child=child).exists():
            continue
        add(
            Adoption(
                should_be_placed_on=_date_field(row, "DATE_INT", outcome, required=True),
                matched_on=_date_field(row, "DATE_MATCH", outcome, required=True),
                by_foster_carer=row.get("FOSTER_CARE") == "1",
                number_of_adopters=int(row["NB_ADOPTR"]) if row.get("NB_ADOPTR", "").isdigit() else None,
                adopters_sex=row.get("SEX_ADOPTR", ""),
                adopters_legal_status=row.get("LS_ADOPTR", ""),
            ),
            here(row),
            "adoptions",
        )
    for row in own.get("PlacedAdoption", []):
        decided = _date_field(row, "DATE_PLACED", outcome, required=True)
        if decided is None or (
            not is_new and AdoptionDecision.objects.filter(child=child, decided_on=decided).exists()
        ):
            continue
        add(
            AdoptionDecision(
                decided_on=decided,
                ceased_on=_date_field(row, "DATE_PLACED_CEASED", outcome),
                reason_ceased=row.get("REASON_PLACED_CEASED", ""),
            ),
            here(row),
            "adoption decisions",
        )
    for row in own.get("PrevPerm", []):
        if not is_new and PreviousPermanence.objects.filter(child=child).exists():
            continue
        if not row.get("PREV_PERM"):
            continue
        made = None
        if row.get("DATE_PERM") and "Z" not in row["DATE_PERM"].upper():
            made = _date_field(row, "DATE_PERM", outcome)
        elif row.get("DATE_PERM"):
            outcome.unmapped.append(
                f"{here(row)}: a partly known date of previous permanence ({row['DATE_PERM']}) is not kept"
            )
        add(
            PreviousPermanence(arrangement=row["PREV_PERM"], local_authority=row.get("LA_PERM", ""), made_on=made),
            here(row),
            "previous permanence",
        )
    for row in own.get("Missing", []):
        started = _date_field(row, "MIS_START", outcome, required=True)
        if started is None or (not is_new and MissingEpisode.objects.filter(child=child, started_on=started).exists()):
            continue
        add(
            MissingEpisode(
                kind=row.get("MISSING", ""), started_on=started, ended_on=_date_field(row, "MIS_END", outcome)
            ),
            here(row),
            "missing episodes",
        )
    held_allocations = (
        set()
        if is_new
        else set(child.allocations.filter(role=AllocationRole.SOCIAL_WORKER).values_list("worker_id", "started_on"))
    )
    for row in own.get("SWEpisodes", []):
        # Social workers are Caseboard's own staff: an episode is kept when its SW_ID names one ("SW" and their
        # number, as the export writes it) who is in a team; others are listed, not guessed.
        worker = _worker(row.get("SW_ID", ""))
        started = _date_field(row, "SW_DECOM", outcome, required=True)
        if worker is None:
            outcome.unmapped.append(f"{here(row)}: social worker {row.get('SW_ID')!r} is not a member of staff here")
            continue
        if started is None or (worker.pk, started) in held_allocations:
            continue
        add(
            Allocation(
                worker=worker,
                team=worker.teams.order_by("pk").first(),
                role=AllocationRole.SOCIAL_WORKER,
                started_on=started,
                ended_on=_date_field(row, "SW_DEC", outcome),
                change_reason=row.get("SW_REASON", ""),
            ),
            here(row),
            "social worker allocations",
        )
    if own.get("DoLo"):
        outcome.unmapped.append(f"child {local_id}: deprivation of liberty orders are not kept yet")


def _worker(sw_id: str) -> User | None:
    if not sw_id.startswith("SW") or not sw_id[2:].isdigit():
        return None
    worker = User.objects.filter(pk=int(sw_id[2:]), is_active=True).first()
    return worker if worker is not None and worker.teams.exists() else None


# --- the entry points -------------------------------------------------------------------------------------------


def import_files(
    *, kind: str, year_name: str, files: dict[str, bytes], user: User, dry_run: bool, progress: Progress | None = None
) -> ImportOutcome:
    """Check (and unless ``dry_run``, write) a return's files from another system: all or nothing."""
    outcome = ImportOutcome(dry_run=dry_run)
    try:
        year = collection_year(year_name)
    except UnknownYear as error:
        outcome.problem("files", "collection_year", str(error))
        return outcome
    if kind == ReturnKind.CIN_CENSUS:
        if len(files) != 1:
            outcome.problem("files", "files", "Import one CIN census XML file at a time")
            return outcome
        name, content = next(iter(files.items()))
        parsed = cin.parse_cin_census(content, year=year)
        for p in parsed.problems:
            outcome.problem(f"{name}, {p.location}", p.field, p.message, p.child)
        for p in parsed.warnings:
            outcome.warnings.append(
                {"location": f"{name}, {p.location}", "field": p.field, "message": p.message, "child": p.child}
            )
        if parsed.year and parsed.year != year.census_year:
            outcome.problem(f"{name}, Header", "Year", f"This file is for the census of {parsed.year}, not {year.name}")
        from django.conf import settings

        if parsed.la_code and parsed.la_code != settings.COUNCIL_LA_CODE:
            outcome.problem(
                f"{name}, Header",
                "LEA",
                f"This file is from LA {parsed.la_code}, not this council ({settings.COUNCIL_LA_CODE})",
            )
        if outcome.problems:
            return outcome
        plan = _plan_cin(parsed, user=user, year=year, outcome=outcome, progress=progress)
    else:
        parsed903 = _read_903(files, year, outcome)
        for p in parsed903.problems:
            outcome.problem(p.location, p.field, p.message, p.child)
        if outcome.problems:
            return outcome
        plan = _plan_903(parsed903, user=user, year=year, outcome=outcome, progress=progress)
    if outcome.problems or dry_run:
        return outcome
    names = ", ".join(sorted(files))
    try:
        # One audit context for every record written: the importing user, and the files they came from.
        audit = {"actor": user, "additional_data": {"imported_from": names, "imported_by": user.username}}
        with transaction.atomic(), set_extra_data(audit):
            for write in plan.writes:
                write()
    except Exception as error:  # a database refusal refuses the whole file, with its reason
        outcome.problem("files", "", f"The import was refused and nothing was written: {error}")
        return outcome
    outcome.written = True
    return outcome


def import_request(*, kind: str, year_name: str, files: dict[str, bytes], user: User, dry_run: bool) -> ImportRun:
    """Queue an import (or a dry run) of files from another system; the task calls ``import_run``."""
    errors = {}
    if kind not in {ReturnKind.CIN_CENSUS, ReturnKind.SSDA903}:
        errors["kind"] = "Choose the CIN census or SSDA903"
    try:
        collection_year(year_name)
    except UnknownYear as error:
        errors["collection_year"] = str(error)
    if not files:
        errors["files"] = "Choose the files to import"
    if errors:
        raise ValidationError(errors)
    run = ImportRun(
        kind=kind,
        collection_year=year_name,
        file_names=sorted(files),
        files={name: base64.b64encode(content).decode() for name, content in files.items()},
        is_dry_run=dry_run,
        requested_by=user,
        requested_at=timezone.now(),
    )
    run.save()
    return run


def import_run(*, import_id: int) -> ImportRun:
    """Run a queued import, keeping its progress, its problems and what had no home; the files are then dropped."""
    run = ImportRun.objects.select_related("requested_by").get(pk=import_id)
    run.status = ImportRun.Status.RUNNING
    run.save(update_fields=["status"])

    def progress(done: int, total: int) -> None:
        percent = int(100 * done / total) if total else 100
        if percent != run.progress:
            run.progress = percent
            run.save(update_fields=["progress"])

    outcome = import_files(
        kind=run.kind,
        year_name=run.collection_year,
        files={name: base64.b64decode(content) for name, content in run.files.items()},
        user=run.requested_by,
        dry_run=run.is_dry_run,
        progress=progress,
    )
    run.problems = outcome.problems
    run.unmapped = outcome.unmapped
    run.warnings = outcome.warnings
    run.summary = {**outcome.summary, "headline": outcome.headline}
    if outcome.problems:
        run.status = ImportRun.Status.REFUSED
    elif run.is_dry_run:
        run.status = ImportRun.Status.CHECKED
    else:
        run.status = ImportRun.Status.IMPORTED
    run.progress = 100
    run.files = {}
    run.finished_at = timezone.now()
    run.save()
    return run

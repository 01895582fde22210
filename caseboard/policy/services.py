"""Every write to operating models: drafting a version (always a copy), editing a draft, approving it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from caseboard.accounts.models import Role, User
from caseboard.clock.vocabulary import DUE_KIND_LABELS, DueKind
from caseboard.core.signals import operating_model_changed

from .hooks import sections_copy, sections_update
from .models import (
    DEVIATION_FIELDS,
    FREQUENCY_FIELDS,
    MAX_PRE_VISIT_QUESTIONS,
    QUESTION_FIELDS,
    DeviationRule,
    OperatingModelVersion,
    PreVisitQuestion,
    VersionStatus,
    VisitFrequency,
)
from .selectors import (
    SCALAR_FIELDS,
    KindChanges,
    approved_council_versions,
    council_model,
    deviation_changes,
    in_force_among,
)

_KIND_ORDER = {kind.value: position for position, kind in enumerate(DueKind)}
APPROVING_ROLES = {Role.HEAD_OF_SERVICE, Role.ADMINISTRATOR}
COPIED_FIELDS = [name for name in SCALAR_FIELDS if name not in ("effective_from", "ends_on")]


def _check_effective_from(effective_from: date | None, today: date) -> None:
    if effective_from is None:
        raise ValidationError({"effective_from": "Enter the date the version comes into force"})
    if effective_from < today:
        raise ValidationError({"effective_from": "The date it comes into force must be today or in the future"})


@transaction.atomic
def version_draft(
    *,
    copy_from: OperatingModelVersion,
    drafted_by: User,
    effective_from: date,
    summary: str = "",
    today: date | None = None,
) -> OperatingModelVersion:
    """Start a new draft of the council's model by copying a preset or an existing version."""
    _check_effective_from(effective_from, today or timezone.localdate())
    model = council_model()
    number = (model.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    draft = OperatingModelVersion(
        operating_model=model,
        number=number,
        status=VersionStatus.DRAFT,
        effective_from=effective_from,
        summary=summary or f"Copied from {copy_from}.",
        copied_from=copy_from,
        drafted_by=drafted_by,
        **{name: getattr(copy_from, name) for name in COPIED_FIELDS},
    )
    draft.full_clean()
    draft.save()
    for frequency in copy_from.visit_frequencies.all():
        VisitFrequency.objects.create(version=draft, **{f: getattr(frequency, f) for f in FREQUENCY_FIELDS})
    for rule in copy_from.deviation_rules.all():
        DeviationRule.objects.create(version=draft, **{f: getattr(rule, f) for f in DEVIATION_FIELDS})
    for question in copy_from.pre_visit_questions.all():
        PreVisitQuestion.objects.create(version=draft, **{f: getattr(question, f) for f in QUESTION_FIELDS})
    sections_copy(source=copy_from, draft=draft)
    return draft


def _refuse_if_not_draft(version: OperatingModelVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(
            {"__all__": "This version has been approved and can no longer be changed. Copy it to draft a new version."}
        )


@transaction.atomic
def version_update(
    *,
    version: OperatingModelVersion,
    updated_by: User,
    expected_edit_version: int,
    settings: dict[str, Any],
    frequencies: list[dict[str, Any]] | None = None,
    deviations: list[dict[str, Any]] | None = None,
    sections: dict[str, dict[str, Any]] | None = None,
    removed_kinds: list[str] | None = None,
    questions: list[dict[str, Any]] | None = None,
    removed_questions: list[str] | None = None,
    new_questions: list[str] | None = None,
    today: date | None = None,
) -> OperatingModelVersion:
    """Change a draft's settings, visit frequencies, deviation rules (removing the kinds in ``removed_kinds``), its
    pre-visit check questions (``questions``: changed wording and flags by key; ``removed_questions``: keys;
    ``new_questions``: wordings added at the end) and the settings sections other apps add
    (``caseboard.policy.hooks``). Approved versions are read-only."""
    current = OperatingModelVersion.objects.select_for_update().get(pk=version.pk)
    _refuse_if_not_draft(current)
    if current.edit_version != expected_edit_version:
        raise ValidationError(
            {
                "__all__": "Someone else changed this draft while you were editing it. "
                "Your changes have not been saved: check the draft and make them again."
            }
        )
    unknown = set(settings) - set(SCALAR_FIELDS) - {"summary"}
    if unknown:
        raise TypeError(f"Unexpected settings: {', '.join(sorted(unknown))}")
    for name, value in settings.items():
        setattr(current, name, value)
    _check_effective_from(current.effective_from, today or timezone.localdate())
    if not current.early_help_referrals_open and not current.early_help_pause_reason.strip():
        raise ValidationError(
            {
                "early_help_pause_reason": "Enter the reason shown at the front door while Early "
                "Help referrals are paused"
            }
        )
    current.edit_version += 1
    current.full_clean()
    current.save()
    for kind in removed_kinds or []:
        rule = DeviationRule.objects.filter(version=current, kind=kind).first()
        if rule is not None and rule.is_built_in:
            raise ValidationError({f"dev_{kind}_remove": f"{rule.name} is used by Caseboard's own pages: keep it"})
        if rule is not None:
            rule.delete()
    deviations = [values for values in deviations or [] if values["kind"] not in (removed_kinds or [])]
    for rows, model, fields, prefix in (
        (frequencies, VisitFrequency, FREQUENCY_FIELDS, "freq"),
        (deviations, DeviationRule, DEVIATION_FIELDS, "dev"),
    ):
        for values in rows or []:
            row = model.objects.get(version=current, kind=values["kind"])
            for name in fields:
                if name in values:
                    setattr(row, name, values[name])
            try:
                row.full_clean()
            except ValidationError as error:
                # Name each error after the form field it belongs to, e.g. freq_cp_interval.
                raise ValidationError(
                    {f"{prefix}_{row.kind}_{field}": messages for field, messages in error.message_dict.items()}
                ) from None
            row.save()
    _check_deviation_names(current)
    _update_questions(current, questions or [], removed_questions or [], new_questions or [])
    sections_update(version=current, values=sections or {})
    return current


def _update_questions(
    version: OperatingModelVersion, changes: list[dict[str, Any]], removed: list[str], added: list[str]
) -> None:
    """Change, remove and add a draft's pre-visit check questions. A question keeps its key when reworded, so the
    answers to it can be read across versions; each check keeps the wording it asked."""
    rows = {q.key: q for q in version.pre_visit_questions.order_by("position", "pk")}
    for key in removed:
        if key in rows:
            rows.pop(key).delete()
    for values in changes:
        row = rows.get(values["key"])
        if row is None:
            continue
        for name in ("text", "yes_stops_go_ahead"):
            if name in values:
                setattr(row, name, " ".join(str(values[name]).split()) if name == "text" else values[name])
        if not row.text:
            raise ValidationError({f"q_{row.key}_text": "Enter the question, or remove it"})
    added = [" ".join(text.split()) for text in added if text.strip()]
    if len(rows) + len(added) > MAX_PRE_VISIT_QUESTIONS:
        raise ValidationError(
            {"add_questions": f"A pre-visit check asks {MAX_PRE_VISIT_QUESTIONS} questions or fewer: remove some"}
        )
    too_long = next((text for text in added if len(text) > 200), None)
    if too_long:
        raise ValidationError({"add_questions": "Each question must be 200 characters or fewer"})
    seen: set[str] = set()
    for text, field in [*((r.text, f"q_{r.key}_text") for r in rows.values()), *((t, "add_questions") for t in added)]:
        if text.casefold() in seen:
            raise ValidationError({field: f"The check already asks ‘{text}’"})
        seen.add(text.casefold())
    for position, row in enumerate(rows.values()):
        row.position = position
        try:
            row.full_clean()
        except ValidationError as error:
            raise ValidationError(
                {f"q_{row.key}_{field}": messages for field, messages in error.message_dict.items()}
            ) from None
        row.save()
    taken = set(PreVisitQuestion.objects.filter(version=version).values_list("key", flat=True))
    for position, text in enumerate(added, start=len(rows)):
        key = question_key(text, taken)
        taken.add(key)
        PreVisitQuestion.objects.create(version=version, key=key, text=text, position=position)


def question_key(text: str, taken: set[str]) -> str:
    """A stable key for a new pre-visit question, from its wording, unique in its version."""
    return deviation_slug(text, taken)


def _check_deviation_names(version: OperatingModelVersion) -> None:
    names: dict[str, str] = {}
    for rule in version.deviation_rules.order_by("pk"):
        key = rule.name.strip().casefold()
        if key in names:
            raise ValidationError(
                {f"dev_{rule.kind}_name": f"This version already has a kind of decision called {rule.name}"}
            )
        names[key] = rule.kind


def deviation_slug(name: str, taken: set[str]) -> str:
    """A stable slug for a new kind of deviation, derived from its name, unique in its version."""
    base = (slugify(name).replace("-", "_") or "decision")[:36]
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}_{n}", n + 1
    return slug


@transaction.atomic
def deviation_kind_add(
    *, version: OperatingModelVersion, added_by: User, expected_edit_version: int | None = None, **values: Any
) -> DeviationRule:
    """Add a kind of deviation to a draft: its name, approver role, review period, whether it may be recorded and
    approved in one step, and what it does to the statutory clock."""
    current = OperatingModelVersion.objects.select_for_update().get(pk=version.pk)
    _refuse_if_not_draft(current)
    if expected_edit_version is not None and current.edit_version != expected_edit_version:
        raise ValidationError({"__all__": "Someone else changed this draft: check it and add the kind again"})
    unknown = set(values) - set(DEVIATION_FIELDS[1:])
    if unknown:
        raise TypeError(f"Unexpected values: {', '.join(sorted(unknown))}")
    name = " ".join((values.pop("name", "") or "").split())
    if not name:
        raise ValidationError({"name": "Enter the name of the kind of decision"})
    taken = set(current.deviation_rules.values_list("kind", flat=True))
    if any(
        existing.casefold() == name.casefold() for existing in current.deviation_rules.values_list("name", flat=True)
    ):
        raise ValidationError({"name": f"This version already has a kind of decision called {name}"})
    rule = DeviationRule(version=current, kind=deviation_slug(name, taken), name=name, **values)
    rule.full_clean()
    rule.save()
    current.edit_version += 1
    current.save(update_fields=["edit_version"])
    return rule


@transaction.atomic
def version_approve(
    *,
    version: OperatingModelVersion,
    approved_by: User,
    reverts_to: OperatingModelVersion | None = None,
    today: date | None = None,
) -> OperatingModelVersion:
    """Approve a draft: it comes into force on its date and can no longer be edited. Only a head of service or an
    administrator, and never the person who drafted it. A version with an end date may name the version in force
    again on the day after (``reverts_to``); otherwise the version it replaced is."""
    current = OperatingModelVersion.objects.select_for_update().get(pk=version.pk)
    _refuse_if_not_draft(current)
    if reverts_to is not None:
        if current.ends_on is None:
            raise ValidationError({"reverts_to": "Only a version with an end date returns to another version"})
        if (
            reverts_to.pk == current.pk
            or reverts_to.operating_model_id != current.operating_model_id
            or reverts_to.status != VersionStatus.APPROVED
        ):
            raise ValidationError({"reverts_to": "Select an approved version of the council's model"})
        current.reverts_to = reverts_to
    if approved_by.role not in APPROVING_ROLES:
        raise ValidationError({"__all__": "Only a head of service or an administrator can approve a version"})
    if current.drafted_by_id == approved_by.pk:
        raise ValidationError({"__all__": "You drafted this version: someone else must approve it"})
    _check_effective_from(current.effective_from, today or timezone.localdate())
    clash = OperatingModelVersion.objects.filter(
        operating_model=current.operating_model, status=VersionStatus.APPROVED, effective_from=current.effective_from
    ).first()
    if clash:
        raise ValidationError(
            {
                "effective_from": f"Version {clash.number} already comes into force on that date: "
                "choose another date or withdraw it first"
            }
        )
    current.status = VersionStatus.APPROVED
    current.approved_by = approved_by
    current.approved_at = timezone.now()
    current.save()
    transaction.on_commit(lambda: operating_model_changed.send(sender=OperatingModelVersion, version_id=current.pk))
    return current


@transaction.atomic
def version_withdraw(
    *, version: OperatingModelVersion, withdrawn_by: User, today: date | None = None
) -> OperatingModelVersion:
    """Withdraw a draft, or an approved version that has not yet come into force."""
    current = OperatingModelVersion.objects.select_for_update().get(pk=version.pk)
    today = today or timezone.localdate()
    if current.status == VersionStatus.WITHDRAWN:
        raise ValidationError({"__all__": "This version has already been withdrawn"})
    if current.status == VersionStatus.APPROVED and current.effective_from <= today:
        raise ValidationError({"__all__": "This version is already in force: draft a new version to change it"})
    if withdrawn_by.role not in APPROVING_ROLES:
        raise ValidationError({"__all__": "Only a head of service or an administrator can withdraw a version"})
    was_approved = current.status == VersionStatus.APPROVED
    current.status = VersionStatus.WITHDRAWN
    current.save()
    if was_approved:
        transaction.on_commit(lambda: operating_model_changed.send(sender=OperatingModelVersion, version_id=current.pk))
    return current


@dataclass(frozen=True)
class Counts:
    children_with_new_due_dates: int = 0
    items_with_new_due_dates: int = 0
    children_newly_overdue: int = 0
    items_newly_overdue: int = 0


@dataclass(frozen=True)
class KindCounts:
    """For one kind of due item (child in need visits, assessments, ...): how many items' due dates move earlier or
    later, how many items appear (due under the draft, not under the rules in force) and how many disappear."""

    kind: str
    label: str
    earlier: int = 0
    later: int = 0
    appear: int = 0
    disappear: int = 0

    @property
    def total(self) -> int:
        return self.earlier + self.later + self.appear + self.disappear


@dataclass(frozen=True)
class ItemChange:
    """One due item whose due date the draft changes: ``before`` or ``after`` is None where it appears or
    disappears."""

    kind: str
    label: str
    before: date | None
    after: date | None

    @property
    def change(self) -> str:
        if self.before is None:
            return "appears"
        if self.after is None:
            return "disappears"
        return "earlier" if self.after < self.before else "later"


@dataclass(frozen=True)
class ChildChanges:
    """A child whose due dates the draft changes on its first day (by id: the view reads the names a page at a
    time), and the items that change."""

    child_id: int
    items: tuple[ItemChange, ...]
    newly_overdue: int = 0


@dataclass(frozen=True)
class Preview:
    effective_from: date
    children: int
    children_with_new_due_dates: int
    items_with_new_due_dates: int
    children_newly_overdue: int
    items_newly_overdue: int
    kinds: KindChanges
    # Every other setting the version changes against the version it would follow (settings sections included)
    changed_settings: tuple[str, ...] = ()
    # For a version with an end date: on the day after it ends, what returning to the earlier version changes
    # against this version staying in force.
    back_on: date | None = None
    after_end: Counts | None = None
    # On the first day: the changes by kind of due item (kinds with a change only, in the clock's order), and the
    # children affected, in id order.
    by_kind: tuple[KindCounts, ...] = ()
    affected: tuple[ChildChanges, ...] = ()


def changed_settings(before: OperatingModelVersion | None, after: OperatingModelVersion) -> tuple[str, ...]:
    """The settings a version changes against the one it would follow, by label (the date it comes into force and
    the kinds of decision, listed apart, left out)."""
    from .selectors import settings_table

    if before is None:
        return ()
    rows = settings_table([before, after])[1:]  # the first row is the date in force
    return tuple(row.label for row in rows if row.differs and not row.label.startswith("Deviation: "))


def version_preview(*, version: OperatingModelVersion) -> Preview:
    """What approving this draft would do, on its first day: children whose due dates change, and children with
    items that become overdue that day which would not be overdue under the rules now in force; for a version with
    an end date, the same on the day after it ends, against the version staying in force."""
    from dataclasses import replace

    from caseboard.clock import Timeline, compute_due_items
    from caseboard.clock.vocabulary import DueStatus
    from caseboard.people.models import Child

    from .hooks import facts_reader
    from .selectors import council_timeline, to_rules

    facts_for = facts_reader()

    day = version.effective_from
    following = in_force_among([v for v in approved_council_versions() if v.pk != version.pk], day)
    proposed_rules = council_timeline(including=version)
    comparisons = [(day, Timeline(council_timeline()), Timeline(proposed_rules))]
    back_on = version.ends_on + timedelta(days=1) if version.ends_on else None
    if back_on is not None:
        kept = replace(to_rules(version), ends_on=None)
        staying = [kept if r.version_id == version.pk and r.effective_from == day else r for r in proposed_rules]
        comparisons.append((back_on, Timeline(staying), Timeline(proposed_rules)))
    ids = list(Child.objects.filter(episodes__end_on__isnull=True).distinct().values_list("pk", flat=True))
    totals = [[0, 0, 0, 0] for _ in comparisons]
    by_kind: dict[str, list[int]] = {}
    affected: list[ChildChanges] = []
    for start in range(0, len(ids), 2000):
        for facts in facts_for(ids[start : start + 2000]):
            for index, (total, (on, current, proposed)) in enumerate(zip(totals, comparisons, strict=True)):
                before = {(i.kind, i.episode_id): i for i in compute_due_items(facts, current, on)}
                after = {(i.kind, i.episode_id): i for i in compute_due_items(facts, proposed, on)}
                moved = [
                    key
                    for key in after.keys() | before.keys()
                    if (before.get(key) and before[key].due_on) != (after.get(key) and after[key].due_on)
                ]
                overdue = sum(
                    1
                    for key, item in after.items()
                    if item.status == DueStatus.OVERDUE
                    and (key not in before or before[key].status != DueStatus.OVERDUE)
                )
                total[0] += bool(moved)
                total[1] += len(moved)
                total[2] += bool(overdue)
                total[3] += overdue
                if index == 0 and moved:
                    items = tuple(
                        sorted(
                            (_item_change(key[0], before.get(key), after.get(key)) for key in moved),
                            key=lambda change: (_KIND_ORDER[change.kind], change.before or change.after),
                        )
                    )
                    for item in items:
                        counts = by_kind.setdefault(item.kind, [0, 0, 0, 0])
                        counts[("earlier", "later", "appears", "disappears").index(item.change)] += 1
                    affected.append(ChildChanges(facts.child_id, items, overdue))
    kinds = deviation_changes(following, version)
    return Preview(
        day,
        len(ids),
        *totals[0],
        kinds,
        changed_settings=changed_settings(following, version),
        back_on=back_on,
        after_end=Counts(*totals[1]) if back_on is not None else None,
        by_kind=tuple(
            KindCounts(kind, DUE_KIND_LABELS.get(kind, kind), *by_kind[kind]) for kind in _KIND_ORDER if kind in by_kind
        ),
        affected=tuple(affected),
    )


def _item_change(kind: str, before: Any, after: Any) -> ItemChange:
    return ItemChange(
        kind,
        DUE_KIND_LABELS.get(kind, kind),
        before.due_on if before is not None else None,
        after.due_on if after is not None else None,
    )

"""Settings sections: rules of practice that higher apps (family time, workforce, ...) add to every operating-model
version, so a council edits, previews, compares and approves them with the rest (DESIGN.md section 5).

A higher app keeps its settings in a model of its own with a one-to-one ``version`` field to
``policy.OperatingModelVersion``, its defaults being the statutory baseline, and registers it from ``ready()``::

    register_settings_section(SettingsSection(
        key="family_time", title="Family time and the family centre", model=FamilyTimeSettings,
        fields=("sessions_per_day", ...), presets={"covid": {"sessions_per_day": 6}},
    ))

It reads a rule with ``section_in_force("family_time", on=day)``, never with a constant. A version's row is made when
the version is drafted (copied from the version it came from); a version made before the app was installed gets its
row on first read, from the version it was copied from or from the preset it descends from, so history is stable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from django.db import IntegrityError, models, transaction

from .models import OperatingModelVersion, VersionStatus
from .presets import BASELINE, COVID

# Preset slugs for ``SettingsSection.presets``: the shipped presets, by the name of their operating model.
PRESET_SLUGS = {BASELINE: "baseline", COVID: "covid"}


@dataclass(frozen=True)
class SettingsSection:
    """A group of settings a higher app adds to every operating-model version."""

    key: str
    title: str
    model: type[models.Model]
    fields: tuple[str, ...]
    # Per preset slug ("baseline", "covid"): values that differ from the model's defaults.
    presets: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def prefix(self, name: str) -> str:
        """The form field name of one setting, e.g. ``sec_family_time_sessions_per_day``."""
        return f"sec_{self.key}_{name}"

    def label(self, name: str) -> str:
        verbose = str(self.model._meta.get_field(name).verbose_name)
        return verbose[:1].upper() + verbose[1:]


_SECTIONS: dict[str, SettingsSection] = {}


def register_settings_section(section: SettingsSection) -> None:
    """Add a section of settings to every operating-model version (call from the app's ``ready()``)."""
    _SECTIONS[section.key] = section


def settings_sections() -> list[SettingsSection]:
    """Every registered section, in a stable order (by title)."""
    return sorted(_SECTIONS.values(), key=lambda section: section.title)


def _section(key: str) -> SettingsSection:
    try:
        return _SECTIONS[key]
    except KeyError:
        raise LookupError(f"No operating-model settings section {key!r} is registered") from None


def _preset_slug(version: OperatingModelVersion) -> str:
    """The preset a version descends from; the council's first version is the statutory baseline."""
    seen: set[int] = set()
    current: OperatingModelVersion | None = version
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        if current.operating_model.is_preset:
            return PRESET_SLUGS.get(current.operating_model.name, "baseline")
        current = current.copied_from
    return "baseline"


def _values_for(section: SettingsSection, version: OperatingModelVersion) -> dict[str, Any]:
    if version.copied_from_id and version.copied_from_id != version.pk:
        source = section_for(version.copied_from, section.key)
        return {name: getattr(source, name) for name in section.fields}
    return dict(section.presets.get(_preset_slug(version), {}))


def section_for(version: OperatingModelVersion, key: str) -> Any:
    """One version's settings of a section, made (and kept) from its source when missing."""
    section = _section(key)
    row = section.model.objects.filter(version=version).first()
    if row is not None:
        return row
    row = section.model(version=version, **_values_for(section, version))
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # made at the same moment by another request
        row = section.model.objects.get(version=version)
    return row


def section_defaults(key: str, preset: str = "baseline") -> Any:
    """A section's settings where no operating model is in force: the preset's values, not saved."""
    section = _section(key)
    return section.model(**section.presets.get(preset, {}))


def section_in_force(key: str, *, on: date) -> Any:
    """The settings of a section in the council's version in force on a date (the baseline's when none is)."""
    from .selectors import version_in_force

    # The versions alone (one query): which is in force needs the clock's resolution only where one has an end.
    started = list(
        OperatingModelVersion.objects.select_related("operating_model")
        .filter(operating_model__is_council_model=True, status=VersionStatus.APPROVED, effective_from__lte=on)
        .order_by("effective_from", "number")
    )
    if not started:
        return section_defaults(key)
    version = started[-1] if not any(v.ends_on for v in started) else version_in_force(on)
    return section_for(version, key) if version is not None else section_defaults(key)


class SectionByDay:
    """A section's settings in force day by day, for work over many days (a month of bookings, a report by day):
    the council's versions are read once and each version's row once, where ``section_in_force`` reads both for
    every day it is asked."""

    def __init__(self, key: str) -> None:
        self.key = key
        self._versions: list[OperatingModelVersion] | None = None
        self._rows: dict[int | None, Any] = {}

    def on(self, day: date) -> Any:
        from .selectors import approved_council_versions, in_force_among

        if self._versions is None:
            # The versions alone (one query), as in ``section_in_force``; with the clock's resolution only where one
            # has an end date.
            self._versions = list(
                OperatingModelVersion.objects.select_related("operating_model")
                .filter(operating_model__is_council_model=True, status=VersionStatus.APPROVED)
                .order_by("effective_from", "number")
            )
            if any(v.ends_on for v in self._versions):
                self._versions = approved_council_versions()
        version = in_force_among(self._versions, day)
        pk = version.pk if version is not None else None
        if pk not in self._rows:
            self._rows[pk] = section_for(version, self.key) if version is not None else section_defaults(self.key)
        return self._rows[pk]


def sections_copy(*, source: OperatingModelVersion, draft: OperatingModelVersion) -> None:
    """Give a new draft a copy of every section of the version it was copied from (called by ``version_draft``)."""
    for section in settings_sections():
        values = {name: getattr(section_for(source, section.key), name) for name in section.fields}
        section.model.objects.create(version=draft, **values)


def sections_update(*, version: OperatingModelVersion, values: Mapping[str, Mapping[str, Any]]) -> None:
    """Change a draft's sections (``{key: {field: value}}``); errors are named after the form fields."""
    from django.core.exceptions import ValidationError

    if not OperatingModelVersion.objects.filter(pk=version.pk, status=VersionStatus.DRAFT).exists():
        raise ValidationError({"__all__": "This version has been approved and can no longer be changed."})
    for key, changes in values.items():
        section = _section(key)
        row = section_for(version, key)
        for name, value in changes.items():
            if name not in section.fields:
                raise TypeError(f"Unexpected setting {key}.{name}")
            setattr(row, name, value)
        try:
            row.full_clean()
        except ValidationError as error:
            raise ValidationError(
                {
                    (section.prefix(name) if name in section.fields else "__all__"): messages
                    for name, messages in error.message_dict.items()
                }
            ) from None
        row.save()


def display(value: Any, row: Any = None, name: str = "") -> str:
    """A setting's value as the settings table shows it."""
    if row is not None and name:
        shown = getattr(row, f"get_{name}_display", None)
        if shown is not None:
            return str(shown())
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    return str(value) if value not in (None, "") else "–"


# The preview of a draft reads children's facts for the statutory clock; the app that reads them (compliance, above
# this one) registers its reader, so this app imports none of its higher ones.
FactsReader = Callable[[Iterable[int]], list[Any]]
_facts_reader: list[FactsReader] = []


def register_facts_reader(reader: FactsReader) -> None:
    """Register the function that reads children's facts for the statutory clock (``compliance.facts.facts_for``)."""
    _facts_reader[:] = [reader]


def facts_reader() -> FactsReader:
    if not _facts_reader:
        raise LookupError("No reader of the statutory clock's facts is registered (the compliance app registers one)")
    return _facts_reader[0]


# What the statutory clock reads from a version beyond this app's own settings: a higher app (prioritisation: visits
# by RAG rating) registers a contributor that, for some versions, returns ``{version pk: {OperatingRules field:
# value}}`` in a fixed number of queries, read with the version by ``selectors.to_rules``.
RulesContributor = Callable[[list[OperatingModelVersion]], dict[int, dict[str, Any]]]
_rules_contributors: list[RulesContributor] = []


def register_rules_contributor(contributor: RulesContributor) -> None:
    """Add fields to the rules the statutory clock reads from every version (call from the app's ``ready()``)."""
    if contributor not in _rules_contributors:
        _rules_contributors.append(contributor)


def rules_contributions(versions: list[OperatingModelVersion]) -> dict[int, dict[str, Any]]:
    """Every contributor's fields for these versions, by version pk."""
    found: dict[int, dict[str, Any]] = {version.pk: {} for version in versions}
    for contributor in _rules_contributors:
        for pk, fields in contributor(versions).items():
            found.setdefault(pk, {}).update(fields)
    return found

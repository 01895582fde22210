"""A subject access export: everything Caseboard holds about one child, as a zip of readable documents.

The documents are found from the data model, not listed by hand, so a record an app adds later is in the export
without a change here: the child's own record, every record that names the child (a reverse key or a many-to-many
to ``Child``: episodes, visits, decisions, meetings, family time, placements, attendance ...) and, one step further,
the records that belong to those (an arrangement's sessions, an episode's plans), except records that name another
child, which are that child's. The record's history of changes comes from the audit. Personal data of other people
(family members, staff) is in it as the record holds it: the council's information governance reviews and redacts
the export before it is disclosed.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import capfirst, slugify

from caseboard.core.audit import record_view
from caseboard.people.models import Child

PER_DOCUMENT = 5_000  # records in one document, a bound for a record with years of history


@dataclass
class Document:
    title: str
    records: list[models.Model] = field(default_factory=list)
    children: dict[str, list[models.Model]] = field(default_factory=dict)  # per record key: what belongs to it


def _names_a_child(model: type[models.Model]) -> bool:
    return any(
        isinstance(f, models.ForeignKey | models.OneToOneField | models.ManyToManyField) and f.related_model is Child
        for f in model._meta.get_fields()
        if not f.auto_created or f.concrete
    )


# Records a link may point to that are not about children: staff, teams, services and the operating model.
NOT_ABOUT_CHILDREN_APPS = {"accounts", "auth", "contenttypes", "policy"}


def _about_children(model: type[models.Model]) -> bool:
    """A record other records of children hang on (a visit, which the children seen on it point to)."""
    if model is Child or model._meta.app_label in NOT_ABOUT_CHILDREN_APPS:
        return False
    return _names_a_child(model) or any(
        relation.one_to_many and _names_a_child(relation.related_model) for relation in model._meta.related_objects
    )


def _value(record: models.Model, f: models.Field) -> str:
    if f.choices:
        value = getattr(record, f"get_{f.name}_display")()
    elif isinstance(f, models.ForeignKey | models.OneToOneField):
        value = getattr(record, f.name)
    else:
        value = getattr(record, f.attname)
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%-d %B %Y, %H:%M") if timezone.is_aware(value) else str(value)
    if isinstance(value, date):
        return value.strftime("%-d %B %Y")
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def _rows(record: models.Model) -> list[tuple[str, str]]:
    rows = []
    for f in record._meta.concrete_fields:
        text = _value(record, f)
        if text:
            rows.append((capfirst(str(f.verbose_name)), text))
    for f in record._meta.many_to_many:
        if f.related_model is Child:  # the other children seen on a joint visit are theirs to ask for
            continue
        names = [str(o) for o in getattr(record, f.name).all()]
        if names:
            rows.append((capfirst(str(f.verbose_name)), "; ".join(names)))
    return rows


def _record_html(record: models.Model, heading: str = "h2") -> str:
    items = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in _rows(record))
    return f"<{heading}>{escape(str(record))}</{heading}><dl>{items}</dl>"


def _page(title: str, body: str, child: Child) -> str:
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{escape(title)}: {escape(child.full_name)}</title>"
        "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.4}"
        "dt{font-weight:bold}dd{margin:0 0 .5em 1em}h2{border-top:1px solid #b1b4b6;padding-top:.5em}</style>"
        f"</head><body><h1>{escape(title)}</h1><p>{escape(child.full_name)} ({escape(child.local_id)})</p>"
        f"{body}</body></html>"
    )


def documents_for(child: Child) -> list[Document]:
    """The child's record and every record that belongs to it, by kind of record."""
    documents = [Document("The child's record", [child])]
    for relation in Child._meta.related_objects:
        model = relation.related_model
        if model is LogEntry:
            continue
        accessor = relation.get_accessor_name()
        if relation.one_to_one:
            related = getattr(child, accessor, None)
            records = [related] if related is not None else []
        else:
            records = list(getattr(child, accessor).all()[:PER_DOCUMENT])
        if not records:
            continue
        document = Document(capfirst(str(model._meta.verbose_name_plural)), records)
        # The record a link points to when that record is about children (a child seen on a visit: the visit).
        for link in model._meta.concrete_fields:
            target = link.related_model if isinstance(link, models.ForeignKey) else None
            if target is None or not _about_children(target):
                continue
            for record in records:
                linked = getattr(record, link.name)
                if linked is not None:
                    document.children.setdefault(f"{record.pk}", []).append(linked)
        for belonging in model._meta.related_objects:
            inner = belonging.related_model
            if not belonging.one_to_many or inner is LogEntry or _names_a_child(inner):
                continue
            for record in records:
                found = list(getattr(record, belonging.get_accessor_name()).all()[:PER_DOCUMENT])
                if found:
                    document.children.setdefault(f"{record.pk}", []).extend(found)
        documents.append(document)
    history = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Child), object_pk=str(child.pk)
    ).exclude(action=LogEntry.Action.ACCESS)
    documents.append(Document("History of changes to the record", list(history.order_by("timestamp")[:PER_DOCUMENT])))
    return documents


def _changes(entry: LogEntry) -> str:
    if entry.action == LogEntry.Action.CREATE:
        return "Record created"
    labels = {f.name: capfirst(str(f.verbose_name)) for f in Child._meta.concrete_fields}
    return "; ".join(
        f"{labels[name]}: {before} → {after}"
        for name, (before, after) in (entry.changes_dict or {}).items()
        if name in labels
    )


def _history_html(entries: list[LogEntry]) -> str:
    rows = "".join(
        f"<tr><td>{escape(timezone.localtime(e.timestamp).strftime('%-d %B %Y, %H:%M'))}</td>"
        f"<td>{escape(e.get_action_display())}</td><td>{escape(str(e.actor or 'Caseboard'))}</td>"
        f"<td>{escape(_changes(e))}</td></tr>"
        for e in entries
    )
    return (
        "<table><caption>Changes, oldest first</caption><thead><tr><th scope='col'>When</th><th scope='col'>What</th>"
        f"<th scope='col'>By</th><th scope='col'>Changes</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def subject_access_export(*, child: Child, requested_by) -> bytes:  # type: ignore[no-untyped-def]
    """The zip of documents about ``child``; the export is audited as a view of the child's record."""
    buffer = BytesIO()
    documents = documents_for(child)
    index = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, document in enumerate(documents, start=1):
            name = f"{number:02d}-{slugify(document.title) or 'records'}.html"
            if document.title.startswith("History"):
                body = _history_html(document.records)
            else:
                parts = []
                for record in document.records:
                    parts.append(_record_html(record))
                    for inner in document.children.get(f"{record.pk}", []):
                        parts.append(f"<section>{_record_html(inner, 'h3')}</section>")
                body = "".join(parts)
            archive.writestr(name, _page(document.title, body, child))
            index.append(f'<li><a href="{name}">{escape(document.title)}</a> ({len(document.records)})</li>')
        made = timezone.localtime().strftime("%-d %B %Y, %H:%M")
        intro = (
            f"<p>Made on {escape(made)} by {escape(str(requested_by))}. Everything Caseboard holds about this child. "
            "Review it, and redact what is about other people, before it is disclosed.</p>"
        )
        archive.writestr("index.html", _page("Subject access export", intro + f"<ul>{''.join(index)}</ul>", child))
    record_view(child, via="subject access export")
    return buffer.getvalue()

"""Audit of every change and every view of a child's record (django-auditlog).

Changes are logged by auditlog's signals, which only see ``save()`` and ``delete()``. Audited models therefore use
``AuditedManager``: its ``update()``, ``bulk_create()`` and ``bulk_update()`` raise unless the caller has opened an
``audit_bypass`` for a stated reason (only the demo-data loader does). A test also scans the code for such calls.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from auditlog.models import LogEntry
from django.db import models

_bypass_reason: ContextVar[str | None] = ContextVar("audit_bypass_reason", default=None)


class AuditBypassError(RuntimeError):
    """Raised when an audited model would be written without the audit log seeing it."""


@contextmanager
def audit_bypass(reason: str) -> Iterator[None]:
    """Allow bulk writes to audited models inside this block; ``reason`` says why (e.g. loading demo data)."""
    if not reason:
        raise ValueError("Give a reason for writing audited records without the audit log")
    token = _bypass_reason.set(reason)
    try:
        yield
    finally:
        _bypass_reason.reset(token)


def _guard(operation: str, model: type[models.Model]) -> None:
    if _bypass_reason.get() is None:
        raise AuditBypassError(
            f"{model.__name__}.{operation}() would change audited records without an audit entry; "
            "use save() in a service"
        )


class AuditedQuerySet(models.QuerySet):
    """A queryset whose writes that skip model signals are refused (the audit log could not see them)."""

    def update(self, **kwargs: Any) -> int:
        _guard("update", self.model)
        return super().update(**kwargs)

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[Any]:
        _guard("bulk_create", self.model)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs: Any, fields: Any, *args: Any, **kwargs: Any) -> int:
        _guard("bulk_update", self.model)
        return super().bulk_update(objs, fields, *args, **kwargs)


AuditedManager = models.Manager.from_queryset(AuditedQuerySet)


def record_view(instance: models.Model, *, via: str, reason: str = "") -> LogEntry | None:
    """Write an 'access' audit entry for one record seen by the current user (actor and IP from the request).

    ``via`` names the page or API endpoint; ``reason`` is the break-glass reason when there is one.
    """
    additional: dict[str, str] = {"via": via}
    if reason:
        additional["break_glass_reason"] = reason
    return LogEntry.objects.log_create(
        instance, force_log=True, action=LogEntry.Action.ACCESS, changes=None, additional_data=additional
    )


def record_event(instance: models.Model, *, what: str, detail: str) -> LogEntry | None:
    """Write an audit entry on ``instance`` for something done with it that changes none of its fields (a contact
    sent to a worker): ``what`` names it, ``detail`` says what was done; actor and address from the request."""
    return LogEntry.objects.log_create(
        instance, force_log=True, action=LogEntry.Action.UPDATE, changes={what: ["", detail]}
    )


def actor_from_request(sender: type[LogEntry], instance: LogEntry, **kwargs: Any) -> None:
    """Name the signed-in user of the current request as the actor of an audit entry written without one.

    django-auditlog's middleware takes the actor when the request arrives, before DRF has authenticated an API
    token, so token calls would be logged with no actor. DRF sets ``request.user`` once it has authenticated
    (token, session or any other scheme), so reading it when the entry is written names the same person
    whichever way they signed in. Connected in ``CoreConfig.ready``.
    """
    from caseboard.core.middleware import current_request

    if instance.actor_id is not None:
        return
    request = current_request.get()
    user = getattr(request, "user", None) if request is not None else None
    if user is not None and user.is_authenticated:
        user = getattr(user, "_wrapped", user)  # the user itself, not Django's lazy wrapper
        instance.actor = user
        instance.actor_email = getattr(user, "email", None)


def record_download(records: Iterable[models.Model], *, via: str) -> int:
    """Write an 'access' audit entry for every record in a download (a list of named children is a view of each of
    their records), with the current request's actor and address. Entries are written in batches: a download can
    name thousands of children. Returns how many entries were written."""
    from auditlog.cid import get_cid
    from django.contrib.contenttypes.models import ContentType

    from caseboard.core.middleware import current_request

    request = current_request.get()
    user = getattr(request, "user", None) if request is not None else None
    actor = getattr(user, "_wrapped", user) if user is not None and user.is_authenticated else None
    address = request.META.get("REMOTE_ADDR") if request is not None else None
    seen: set[tuple[int, Any]] = set()
    entries = []
    for record in records:
        content_type = ContentType.objects.get_for_model(record)
        if (content_type.pk, record.pk) in seen:
            continue
        seen.add((content_type.pk, record.pk))
        entries.append(
            LogEntry(
                content_type=content_type,
                object_pk=str(record.pk),
                object_id=record.pk if isinstance(record.pk, int) else None,
                object_repr=str(record)[:200],
                action=LogEntry.Action.ACCESS,
                actor=actor,
                actor_email=getattr(actor, "email", None),
                remote_addr=address,
                additional_data={"via": via},
                cid=get_cid(),
            )
        )
    LogEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)

"""Notifications: in the app at once, by email through the task queue after the transaction commits."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import Notification, User


def notify(*, recipient: User, message: str, link: str = "") -> Notification:
    """Tell someone something: an in-app notification now, and an email sent by the worker (never in the request,
    and never for a write that is rolled back)."""
    notification = Notification.objects.create(recipient=recipient, message=message, link=link)
    if recipient.email:
        from .tasks import send_notification_email

        transaction.on_commit(lambda: send_notification_email.enqueue(notification.pk))
    return notification


def notifications_mark_read(*, user: User) -> int:
    """Mark all of a user's notifications read (not audited: derived, per-user state)."""
    unread = list(Notification.objects.filter(recipient=user, read_at__isnull=True))
    now = timezone.now()
    for notification in unread:
        notification.read_at = now
        notification.save(update_fields=["read_at"])
    return len(unread)

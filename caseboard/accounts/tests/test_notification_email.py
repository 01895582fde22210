"""Notification emails name no child: a fixed subject, a body that says something needs attention, and the link."""

import pytest
from django.core import mail
from django.test import override_settings

from caseboard.accounts.services import notify
from caseboard.accounts.tasks import send_notification_email


@pytest.mark.django_db
def test_the_email_carries_only_a_link_not_the_message(council, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://caseboard.example.gov.uk"
    council.head.email = "head@example.org"
    council.head.save()
    child = council.own_child
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(
            recipient=council.head, message=f"Approve a virtual visit for {child.full_name}", link="/decisions/7/"
        )
    if not mail.outbox:  # sent by the task queue, which tests run at once
        send_notification_email.call(notification.pk)
    (message,) = mail.outbox
    assert message.subject == "Something in Caseboard needs your attention"
    for text in (message.subject, message.body):
        assert child.first_name not in text and child.last_name not in text and "virtual visit" not in text
    assert "https://caseboard.example.gov.uk/decisions/7/" in message.body


@pytest.mark.django_db
def test_a_notification_without_a_link_points_to_the_notifications_page(council, settings):
    settings.SITE_URL = "https://caseboard.example.gov.uk/"
    council.head.email = "head@example.org"
    council.head.save()
    notification = council.head.notifications.create(message="Review due for Ava Brown")
    assert send_notification_email.call(notification.pk)
    assert "https://caseboard.example.gov.uk/accounts/notifications/" in mail.outbox[0].body
    assert "Ava" not in mail.outbox[0].body


def test_smtp_uses_tls_by_default():
    import subprocess
    import sys

    script = (
        "import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); "
        "os.environ.pop('EMAIL_USE_TLS', None); os.environ.pop('EMAIL_PORT', None); django.setup(); "
        "from django.conf import settings; print(settings.EMAIL_USE_TLS, settings.EMAIL_PORT)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.split()[-2:] == ["True", "587"]


@override_settings(EMAIL_USE_TLS=True)
def test_the_smtp_backend_starts_tls():
    from django.core.mail.backends.smtp import EmailBackend

    assert EmailBackend().use_tls is True

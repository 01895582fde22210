from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task


@task()
def send_notification_email(notification_id: int) -> bool:
    """Email one notification to its recipient (Django's email backend: console in demo, SMTP by configuration)."""
    from .models import Notification

    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at or not notification.recipient.email:
        return False
    base = settings.SITE_URL.rstrip("/")
    body = notification.message + (f"\n\n{base}{notification.link}" if notification.link else "")
    send_mail(f"{settings.SERVICE_NAME}: {notification.message[:60]}", body, None, [notification.recipient.email])
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at"])
    return True


@task()
def send_password_link_email(member_id: int) -> bool:
    """Email a member of staff a one-time link to set their password. The link is made here, when the email goes,
    so it is never stored in the task queue. The subject says nothing about the person."""
    from .models import User
    from .services import password_link_for, password_link_lifetime

    member = User.objects.filter(pk=member_id, is_active=True).first()
    if member is None or not member.email:
        return False
    lifetime = password_link_lifetime()
    body = (
        f"Hello {member.first_name},\n\n"
        f"Your {settings.SERVICE_NAME} account for {settings.COUNCIL_NAME} is ready. Your username is "
        f"{member.username}.\n\nSet your password with this link. It works once, and for {lifetime}:\n\n"
        f"{password_link_for(member)}\n\n"
        "If you did not expect this email, tell your administrator."
    )
    send_mail(f"{settings.SERVICE_NAME}: set your password", body, None, [member.email])
    return True

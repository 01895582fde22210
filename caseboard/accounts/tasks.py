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

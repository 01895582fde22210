from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

# Email leaves the council's systems: it says only that something needs attention and links to it. What it is, and
# about which child, is in Caseboard, behind sign-in (no personal data in an email subject or body).
EMAIL_SUBJECT = "Something in {service} needs your attention"
EMAIL_BODY = (
    "Something in {service} needs your attention.\n\n"
    "Sign in to see it:\n{link}\n\n"
    "This email was sent by {service} for {council}. Do not reply to it."
)


@task()
def send_notification_email(notification_id: int) -> bool:
    """Email one notification to its recipient (Django's email backend: console in demo, SMTP with TLS by
    configuration): a subject and body that name no one, and the link to the notification."""
    from .models import Notification

    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at or not notification.recipient.email:
        return False
    base = settings.SITE_URL.rstrip("/")
    link = base + (notification.link or reverse("accounts:notifications"))
    names = {"service": settings.SERVICE_NAME, "council": settings.COUNCIL_NAME}
    send_mail(
        EMAIL_SUBJECT.format(**names), EMAIL_BODY.format(link=link, **names), None, [notification.recipient.email]
    )
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at"])
    return True

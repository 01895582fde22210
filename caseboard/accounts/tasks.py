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

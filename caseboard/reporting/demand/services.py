"""Demand alerts: the weekly check that tells heads of service about a surge or a fall in referrals, and its
settings."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from caseboard.accounts.models import Notification, Role, User
from caseboard.accounts.services import notify

from ..models import DemandAlertSetting
from ..timeliness.selectors import week_start
from .selectors import MAX_BASELINE_YEARS, MAX_PCT, weekly_series

# --- alerts -----------------------------------------------------------------------------------------------------


def _whole(value: Decimal) -> int:
    return int(abs(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def alert_link(kind: str, monday: date) -> str:
    """The link an alert carries; it also identifies the alert, so one week never gets the same alert twice."""
    return f"{reverse('reporting:demand')}?alert={kind}&week={monday.isoformat()}"


@transaction.atomic
def demand_alerts_send(*, today: date | None = None) -> list[Notification]:
    """Compare referrals in the last complete week (Monday to Sunday) with the baseline and tell every active head of
    service when they are more than ``surge_above_pct`` above it ("Referrals 32% above the usual level for the week
    of 1 June 2020") or more than ``fall_below_pct`` below it (children may be unseen: seed 004). Each alert is sent
    once for a week, whoever runs the check and however often (the alert's link names the week and kind, and a
    notification with that link means it was sent). Returns the notifications written."""
    today = today or timezone.localdate()
    setting = DemandAlertSetting.current()
    monday = week_start(today) - timedelta(weeks=1)
    week = weekly_series(weeks=1, end=monday, baseline_years=setting.baseline_years)[0]
    change = week.referral_change_pct
    if change is None:
        return []
    when = f"{monday:%-d %B %Y}"
    if change > setting.surge_above_pct:
        kind = "surge"
        message = (
            f"Referrals {_whole(change)}% above the usual level for the week of {when} ({week.referrals} referrals; "
            f"usual level {week.baseline_referrals}). Plan for the extra assessments and visits."
        )
    elif -change > setting.fall_below_pct:
        kind = "fall"
        message = (
            f"Referrals {_whole(change)}% below the usual level for the week of {when} ({week.referrals} referrals; "
            f"usual level {week.baseline_referrals}). Children who need help may be unseen: check with partner "
            "agencies."
        )
    else:
        return []
    link = alert_link(kind, monday)
    if Notification.objects.filter(link=link).exists():
        return []
    heads = User.objects.filter(role=Role.HEAD_OF_SERVICE, is_active=True).order_by("pk")
    return [notify(recipient=head, message=message, link=link) for head in heads]


def may_change_alert_settings(user: User) -> bool:
    return getattr(user, "role", "") in {Role.HEAD_OF_SERVICE, Role.ADMINISTRATOR}


@transaction.atomic
def demand_alert_setting_update(
    *, updated_by: User, surge_above_pct: int, fall_below_pct: int, baseline_years: int
) -> DemandAlertSetting:
    """Change the thresholds for demand alerts (audited): whole percentages from 1 to 500, and 1 to 10 earlier
    years in the baseline."""
    errors: dict[str, str] = {}
    for name, value, words in (
        ("surge_above_pct", surge_above_pct, "the percentage above the usual level"),
        ("fall_below_pct", fall_below_pct, "the percentage below the usual level"),
    ):
        if not isinstance(value, int) or not 1 <= value <= MAX_PCT:
            errors[name] = f"Enter {words} as a whole number from 1 to {MAX_PCT}"
    if not isinstance(baseline_years, int) or not 1 <= baseline_years <= MAX_BASELINE_YEARS:
        errors["baseline_years"] = f"Enter the number of earlier years as a whole number from 1 to {MAX_BASELINE_YEARS}"
    if errors:
        raise ValidationError(errors)
    setting = DemandAlertSetting.objects.select_for_update().order_by("pk").first() or DemandAlertSetting()
    setting.surge_above_pct = surge_above_pct
    setting.fall_below_pct = fall_below_pct
    setting.baseline_years = baseline_years
    setting.updated_by = updated_by
    setting.updated_at = timezone.now()
    setting.full_clean()
    setting.save()
    return setting

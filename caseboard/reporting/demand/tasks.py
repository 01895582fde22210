"""Background job: the demand alerts check (the same as ``manage.py demand_alerts``)."""

from django_tasks import task


@task()
def demand_alerts_check() -> int:
    """Send this week's demand alerts to heads of service, once per week and kind. Returns how many were sent."""
    from .services import demand_alerts_send

    return len(demand_alerts_send())

"""API: demand figures for ``?from=&to=`` over the whole council, as on the demand page."""

from __future__ import annotations

from datetime import timedelta

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from caseboard.accounts.models import Role

from ..api import PeriodQuery, asked_period
from ..models import DemandAlertSetting
from ..rules import may_see_reports
from ..timeliness import selectors as timeliness
from . import selectors as demand


class DemandWeekSerializer(serializers.Serializer):
    week_starting = serializers.DateField(source="starts_on")
    contacts = serializers.IntegerField()
    referrals = serializers.IntegerField()
    contacts_converted = serializers.IntegerField()
    re_referrals = serializers.IntegerField()
    baseline_contacts = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    baseline_referrals = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    referral_change_pct = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    conversion_pct = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    re_referral_pct = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    previous_referrals = serializers.ListField(child=serializers.IntegerField())


class DemandSerializer(serializers.Serializer):
    period_from = serializers.DateField()
    period_to = serializers.DateField()
    baseline_years = serializers.IntegerField()
    weeks = DemandWeekSerializer(many=True)
    open_screenings = serializers.IntegerField()


class DemandReportView(APIView):
    """Contacts and referrals per week (Monday to Sunday) in the period, against the same weeks of earlier years."""

    @extend_schema(parameters=[PeriodQuery], responses=DemandSerializer)
    def get(self, request: Request) -> Response:
        if not (may_see_reports(request.user) or getattr(request.user, "role", "") == Role.FRONT_DOOR):
            raise PermissionDenied
        start, end = asked_period(request)
        weeks = (timeliness.week_start(end) - timeliness.week_start(start)).days // 7 + 1
        setting = DemandAlertSetting.current()
        series = demand.weekly_series(weeks=weeks, end=end, baseline_years=setting.baseline_years)
        data = {
            "period_from": timeliness.week_start(start),
            "period_to": timeliness.week_start(end) + timedelta(days=6),
            "baseline_years": setting.baseline_years,
            "weeks": series,
            "open_screenings": demand.open_screenings().count(),
        }
        return Response(DemandSerializer(data).data)

"""API: timeliness and demand figures as JSON (``/api/v1/reports/timeliness/`` and ``/api/v1/reports/demand/``).

Both take ``?from=YYYY-MM-DD&to=YYYY-MM-DD``; a bad or reversed date answers 400 with the field's error. Timeliness
is counted over the children the caller may see (like the report page); demand over the whole council (a trend
against earlier years must count closed cases), as on the demand page."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from caseboard.accounts.models import Role

from . import demand, timeliness
from .models import DemandAlertSetting
from .selectors import may_see_reports, scope_description
from .views_trends import last_complete_sunday

MAX_DAYS = 3 * 366


class PeriodQuery(serializers.Serializer):
    """The period: ``from`` and ``to`` (inclusive), ISO dates. Default: the 12 weeks to last Sunday."""

    def get_fields(self) -> dict[str, serializers.Field]:
        # "from" is a Python keyword, so the fields are declared here by name.
        fields = super().get_fields()
        fields["from"] = serializers.DateField(required=False, input_formats=["iso-8601"])
        fields["to"] = serializers.DateField(required=False, input_formats=["iso-8601"])
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        end = attrs.get("to") or last_complete_sunday(timezone.localdate())
        start = attrs.get("from") or end - timedelta(days=7 * 12 - 1)
        if start > end:
            raise serializers.ValidationError({"to": "The end of the period must be the same as or after the start"})
        if (end - start).days > MAX_DAYS:
            raise serializers.ValidationError({"from": "The period must be 3 years or shorter"})
        return {"from": start, "to": end}


class TimelinessRowSerializer(serializers.Serializer):
    measure = serializers.CharField()
    label = serializers.CharField()
    on_time = serializers.IntegerField()
    total = serializers.IntegerField()
    pct = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    late = serializers.IntegerField()
    overdue = serializers.IntegerField()


class BandSerializer(serializers.Serializer):
    band = serializers.CharField()
    from_referral = serializers.IntegerField()
    from_start = serializers.IntegerField()


class TimelinessSerializer(serializers.Serializer):
    period_from = serializers.DateField()
    period_to = serializers.DateField()
    counted_over = serializers.CharField()
    measures = TimelinessRowSerializer(many=True)
    assessment_bands = BandSerializer(many=True)


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


def _period(request: Request) -> tuple[date, date]:
    query = PeriodQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data["from"], query.validated_data["to"]


class TimelinessReportView(APIView):
    """Timeliness for a period: each measure's work done on time, late and still overdue, and the DfE bands."""

    @extend_schema(parameters=[PeriodQuery], responses=TimelinessSerializer)
    def get(self, request: Request) -> Response:
        if not may_see_reports(request.user):
            raise PermissionDenied
        start, end = _period(request)
        found = timeliness.all_records(start, end, user=request.user)
        data = {
            "period_from": start,
            "period_to": end,
            "counted_over": scope_description(request.user),
            "measures": [row.__dict__ for row in timeliness.summary_rows(found)],
            "assessment_bands": [
                {"band": band, "from_referral": by_referral, "from_start": by_start}
                for band, by_referral, by_start in timeliness.bands(found[timeliness.Measure.ASSESSMENTS])
            ],
        }
        return Response(TimelinessSerializer(data).data)


class DemandReportView(APIView):
    """Contacts and referrals per week (Monday to Sunday) in the period, against the same weeks of earlier years."""

    @extend_schema(parameters=[PeriodQuery], responses=DemandSerializer)
    def get(self, request: Request) -> Response:
        if not (may_see_reports(request.user) or getattr(request.user, "role", "") == Role.FRONT_DOOR):
            raise PermissionDenied
        start, end = _period(request)
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

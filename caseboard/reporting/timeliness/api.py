"""API: timeliness figures for ``?from=&to=``, over the children the caller may see (as on the page)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..api import PeriodQuery, asked_period
from ..rules import may_see_reports, scope_description
from . import selectors as timeliness


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


class TimelinessReportView(APIView):
    """Timeliness for a period: each measure's work done on time, late and still overdue, and the DfE bands."""

    @extend_schema(parameters=[PeriodQuery], responses=TimelinessSerializer)
    def get(self, request: Request) -> Response:
        if not may_see_reports(request.user):
            raise PermissionDenied
        start, end = asked_period(request)
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

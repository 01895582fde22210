"""API: the vulnerable children survey on a date (``?date=``), over the children the caller may see."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from caseboard.people.selectors import children_visible_to

from ..api import check_reports
from ..rules import scope_description
from . import selectors as survey


class SnapshotQuery(serializers.Serializer):
    date = serializers.DateField(
        required=False,
        help_text="The snapshot date (YYYY-MM-DD); default today",
        error_messages={"invalid": "Enter the snapshot date as a date, like 2020-06-04"},
    )


class CohortSerializer(serializers.Serializer):
    group = serializers.CharField()
    children = serializers.IntegerField()
    seen_in_person = serializers.IntegerField()
    seen_virtually = serializers.IntegerField()
    not_seen = serializers.IntegerField()


class PeriodCountSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    count = serializers.IntegerField()


class StaffGroupSerializer(serializers.Serializer):
    group = serializers.CharField()
    staff = serializers.IntegerField()
    unavailable = serializers.IntegerField(help_text="Unavailable because of COVID-19 on the date")
    percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    more_than_threshold = serializers.BooleanField(help_text="The DfE's flag: more than 10% unavailable")


class SurveySerializer(serializers.Serializer):
    on = serializers.DateField()
    counted_over = serializers.CharField()
    cohorts = CohortSerializer(many=True)
    referrals = PeriodCountSerializer(many=True, help_text="This week first, then the same week 1, 2, 3 years earlier")
    started_looked_after = PeriodCountSerializer(many=True)
    referral_source = serializers.CharField()
    staff_unavailable = serializers.CharField()
    staff_unavailable_groups = StaffGroupSerializer(many=True)


class SurveyView(APIView):
    """The vulnerable children survey on a snapshot date over the children the caller may see."""

    @extend_schema(parameters=[SnapshotQuery], responses=SurveySerializer)
    def get(self, request: Request) -> Response:
        check_reports(request)
        query = SnapshotQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        on: date = query.validated_data.get("date") or timezone.localdate()
        data: dict[str, Any] = survey.survey_snapshot(children=children_visible_to(request.user), on=on).figures()
        data["counted_over"] = scope_description(request.user)
        return Response(SurveySerializer(data).data)

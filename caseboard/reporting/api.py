"""Reports in the REST API: the weekly visits return (?week=) and the survey (?date=), counted over the children the
caller may see; stored returns (list and retrieve) for heads of service, performance officers and administrators.
A bad date is a 400 with the field's error."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from caseboard.people.selectors import children_visible_to

from . import survey, weekly
from .models import StoredReturn
from .selectors import may_see_reports, scope_description, stored_returns_for


class WeekQuery(serializers.Serializer):
    week = serializers.DateField(
        required=False,
        help_text="Any date in the week (YYYY-MM-DD), moved to its Monday; default the last full week",
        error_messages={"invalid": "Enter the week as a date, like 2020-05-11"},
    )


class SnapshotQuery(serializers.Serializer):
    date = serializers.DateField(
        required=False,
        help_text="The snapshot date (YYYY-MM-DD); default today",
        error_messages={"invalid": "Enter the snapshot date as a date, like 2020-06-04"},
    )


class WeeklyRowSerializer(serializers.Serializer):
    group = serializers.CharField()
    total = serializers.IntegerField()
    physical = serializers.IntegerField()
    physical_pct = serializers.DecimalField(max_digits=5, decimal_places=2)
    virtual = serializers.IntegerField()
    virtual_pct = serializers.DecimalField(max_digits=5, decimal_places=2)


class WeeklyVisitsSerializer(serializers.Serializer):
    week_start = serializers.DateField()
    week_end = serializers.DateField()
    counted_over = serializers.CharField()
    rows = WeeklyRowSerializer(many=True)


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


def _check(request: Request) -> None:
    if not may_see_reports(request.user):
        raise PermissionDenied("Reports are for team managers, heads of service and performance officers")


class WeeklyVisitsView(APIView):
    """The weekly visits return (Monday to Sunday; LAC > CP > CIN on the visit date) over the visits to children the
    caller may see."""

    @extend_schema(parameters=[WeekQuery], responses=WeeklyVisitsSerializer)
    def get(self, request: Request) -> Response:
        _check(request)
        query = WeekQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        day: date = query.validated_data.get("week") or weekly.last_complete_week(timezone.localdate())
        result = weekly.weekly_visits_return(
            children=children_visible_to(request.user), week_start=weekly.monday_of(day)
        )
        data: dict[str, Any] = result.figures()
        data["counted_over"] = scope_description(request.user)
        return Response(WeeklyVisitsSerializer(data).data)


class SurveyView(APIView):
    """The vulnerable children survey on a snapshot date over the children the caller may see."""

    @extend_schema(parameters=[SnapshotQuery], responses=SurveySerializer)
    def get(self, request: Request) -> Response:
        _check(request)
        query = SnapshotQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        on: date = query.validated_data.get("date") or timezone.localdate()
        data: dict[str, Any] = survey.survey_snapshot(children=children_visible_to(request.user), on=on).figures()
        data["counted_over"] = scope_description(request.user)
        return Response(SurveySerializer(data).data)


class StoredReturnSerializer(serializers.ModelSerializer):
    generated_by = serializers.SerializerMethodField()

    class Meta:
        model = StoredReturn
        fields = ["id", "kind", "period_start", "period_end", "generated_at", "generated_by", "content_hash", "figures"]

    def get_generated_by(self, stored: StoredReturn) -> str:
        """The user who generated it, or "scheduled"."""
        return stored.generated_by.username if stored.generated_by else "scheduled"


class StoredReturnViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Stored returns over the whole council, as generated (never changed); 404 for anyone who may not see them."""

    serializer_class = StoredReturnSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return StoredReturn.objects.none()
        return stored_returns_for(self.request.user).defer(None)

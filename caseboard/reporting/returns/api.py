"""API: the weekly visits return (``?week=``) over the children the caller may see, and stored returns (list and
retrieve) for heads of service, performance officers and administrators. A bad date is a 400 with the field's error."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from caseboard.people.selectors import children_visible_to

from ..api import check_reports
from ..models import StoredReturn
from ..rules import scope_description
from . import selectors as weekly
from .selectors import stored_returns_for


class WeekQuery(serializers.Serializer):
    week = serializers.DateField(
        required=False,
        help_text="Any date in the week (YYYY-MM-DD), moved to its Monday; default the last full week",
        error_messages={"invalid": "Enter the week as a date, like 2020-05-11"},
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


class WeeklyVisitsView(APIView):
    """The weekly visits return (Monday to Sunday; LAC > CP > CIN on the visit date) over the visits to children the
    caller may see."""

    @extend_schema(parameters=[WeekQuery], responses=WeeklyVisitsSerializer)
    def get(self, request: Request) -> Response:
        check_reports(request)
        query = WeekQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        day: date = query.validated_data.get("week") or weekly.last_complete_week(timezone.localdate())
        result = weekly.weekly_visits_return(
            children=children_visible_to(request.user), week_start=weekly.monday_of(day)
        )
        data: dict[str, Any] = result.figures()
        data["counted_over"] = scope_description(request.user)
        return Response(WeeklyVisitsSerializer(data).data)


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

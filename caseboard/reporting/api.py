"""What the reports' API views share: the permission check and the period query (``?from=&to=``)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request

from .forms import last_complete_sunday
from .rules import may_see_reports


def check_reports(request: Request) -> None:
    if not may_see_reports(request.user):
        raise PermissionDenied("Reports are for team managers, heads of service and performance officers")


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


def asked_period(request: Request) -> tuple[date, date]:
    query = PeriodQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data["from"], query.validated_data["to"]

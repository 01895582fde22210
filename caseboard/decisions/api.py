"""Key decisions in the REST API: the same services, so the same rules (separation of duties, approver roles,
reasons required); scoped to decisions about children the caller may see."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from caseboard.core import limits
from caseboard.core.audit import record_view
from caseboard.core.idempotency import idempotent
from caseboard.people.selectors import ChildNotAvailable, child_for

from . import services
from .models import DecisionEvent, KeyDecision
from .selectors import decision_for, decisions_visible_to


class DecisionEventSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.get_full_name", default="Caseboard", read_only=True)

    class Meta:
        model = DecisionEvent
        fields = ["action", "by", "at", "reason", "next_review_on"]


class KeyDecisionSerializer(serializers.ModelSerializer):
    children = serializers.ListField(child=serializers.IntegerField(), write_only=True, max_length=limits.MAX_CHILDREN)
    child_ids = serializers.SerializerMethodField()
    kind = serializers.CharField(
        max_length=40, help_text="The slug of one of the kinds of decision in the operating model in force"
    )
    events = DecisionEventSerializer(many=True, read_only=True)

    class Meta:
        model = KeyDecision
        fields = [
            "id",
            "children",
            "child_ids",
            "kind",
            "kind_name",
            "rationale",
            "risks_considered",
            "mitigations",
            "risk_assessment_notes",
            "conditions",
            "starts_on",
            "ends_on",
            "status",
            "approver_role",
            "review_after_days",
            "next_review_on",
            "proposed_by",
            "decided_by",
            "events",
        ]
        read_only_fields = [
            "kind_name",
            "status",
            "approver_role",
            "review_after_days",
            "next_review_on",
            "proposed_by",
            "decided_by",
        ]

    def get_child_ids(self, decision: KeyDecision) -> list[int]:
        return [child.pk for child in decision.children.all()]

    def validate_children(self, ids: list[int]) -> list[Any]:
        user = self.context["request"].user
        try:
            return [child_for(user=user, pk=pk) for pk in ids]
        except ChildNotAvailable:
            raise serializers.ValidationError("Select children whose records you can see") from None


class DecideSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=["approve", "reject"])
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=["continue", "change", "end"])
    rationale = serializers.CharField(allow_blank=True)
    conditions = serializers.CharField(required=False, allow_blank=True, default=None)
    next_review_on = serializers.DateField(required=False, default=None)


class KeyDecisionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Key decisions about children the caller may see. POST proposes one; ``decide`` approves or rejects it;
    ``review`` records a review. Filter with ``?status=``."""

    serializer_class = KeyDecisionSerializer

    def get_queryset(self):
        decisions = decisions_visible_to(self.request.user).prefetch_related("events__by")
        wanted = self.request.query_params.get("status")
        return decisions.filter(status=wanted) if wanted else decisions.order_by("-proposed_at", "-pk")

    def get_object(self) -> KeyDecision:
        decision = decision_for(user=self.request.user, pk=self.kwargs["pk"])
        if decision is None:
            raise Http404("No such decision")
        return decision

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        decision = self.get_object()
        record_view(decision, via="API")
        return Response(self.get_serializer(decision).data)

    @idempotent
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer: KeyDecisionSerializer) -> None:
        data = dict(serializer.validated_data)
        children = data.pop("children")
        if not all(self.request.user.has_perm("people.change_child", child) for child in children):
            self.permission_denied(self.request, "Your role cannot propose decisions")
        serializer.instance = services.decision_propose(children=children, proposed_by=self.request.user, **data)

    @action(detail=True, methods=["post"], serializer_class=DecideSerializer)
    def decide(self, request: Request, pk: str | None = None) -> Response:
        decision = self.get_object()
        serializer = DecideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if serializer.validated_data["outcome"] == "approve":
            decision = services.decision_approve(
                decision=decision, approved_by=request.user, reason=serializer.validated_data["reason"]
            )
        else:
            decision = services.decision_reject(
                decision=decision, rejected_by=request.user, reason=serializer.validated_data["reason"]
            )
        return Response(KeyDecisionSerializer(decision, context={"request": request}).data)

    @action(detail=True, methods=["post"], serializer_class=ReviewSerializer)
    def review(self, request: Request, pk: str | None = None) -> Response:
        decision = self.get_object()
        serializer = ReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decision = services.decision_review(decision=decision, reviewed_by=request.user, **serializer.validated_data)
        return Response(KeyDecisionSerializer(decision, context={"request": request}).data, status=status.HTTP_200_OK)

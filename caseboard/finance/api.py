"""Payments in the REST API: the same services as the pages, so the same rules and messages (400 with field
errors, nothing written). Payments are scoped to the children the caller may see; reading one is audited; the spend
report names no child."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from caseboard.core.audit import record_view
from caseboard.core.forms import PeriodForm
from caseboard.people.selectors import ChildNotAvailable, child_for

from . import services
from .models import CostCode, Payment, PaymentKind, PaymentMethod, PaymentStatus
from .selectors import payments_visible_to, spend_report


class CostCodeSerializer(serializers.ModelSerializer):
    class Meta:
        model = CostCode
        fields = ["id", "code", "name", "is_open"]


class CostCodeViewSet(viewsets.ReadOnlyModelViewSet):
    """The council's cost codes (open and closed)."""

    serializer_class = CostCodeSerializer
    queryset = CostCode.objects.order_by("code")


class PaymentSerializer(serializers.ModelSerializer):
    child_id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=PaymentKind.choices)
    method = serializers.ChoiceField(choices=PaymentMethod.choices)
    amount = serializers.DecimalField(max_digits=8, decimal_places=2, coerce_to_string=True)
    need = serializers.CharField(allow_blank=True, required=False, default="")
    evidence = serializers.CharField(allow_blank=True, required=False, default="")
    cost_code = serializers.PrimaryKeyRelatedField(queryset=CostCode.objects.all())
    status = serializers.ChoiceField(choices=PaymentStatus.choices, read_only=True)

    class Meta:
        model = Payment
        fields = [
            "id",
            "child_id",
            "team",
            "kind",
            "need",
            "evidence",
            "amount",
            "method",
            "cost_code",
            "requested_on",
            "requested_by",
            "status",
            "approver_role",
            "decided_by",
            "decided_on",
            "decision_reason",
        ]
        read_only_fields = [
            "team",
            "requested_on",
            "requested_by",
            "approver_role",
            "decided_by",
            "decided_on",
            "decision_reason",
        ]


class PaymentDecideSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, required=False, default="")


class PaymentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Payments for the children the caller may see, newest first (``?child=<id>``, ``?status=requested``). POST
    requests one (the need and the evidence are required; an open cost code); ``approve`` and ``refuse`` decide it,
    under the operating model's limits and never by its requester."""

    serializer_class = PaymentSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Payment.objects.none()
        payments = payments_visible_to(self.request.user).select_related("team", "cost_code")
        params = self.request.query_params
        if params.get("child", "").isdigit():
            payments = payments.filter(child_id=int(params["child"]))
        if params.get("status") in PaymentStatus.values:
            payments = payments.filter(status=params["status"])
        return payments.order_by("-requested_on", "-pk")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payment = self.get_object()
        record_view(payment.child, via="payment API")
        return Response(self.get_serializer(payment).data)

    def perform_create(self, serializer: PaymentSerializer) -> None:
        data = dict(serializer.validated_data)
        try:
            child = child_for(user=self.request.user, pk=data.pop("child_id"))
        except ChildNotAvailable:
            raise serializers.ValidationError({"child_id": ["Select a child whose record you can see"]}) from None
        if not self.request.user.has_perm("finance.request_payment", child):
            raise PermissionDenied("Your role cannot request a payment")
        serializer.instance = services.payment_request(child=child, requested_by=self.request.user, **data)

    def _decide(self, request: Request, run) -> Response:
        if not request.user.has_perm("finance.approve_payments"):
            raise PermissionDenied("Your role cannot decide on payments")
        payment = self.get_object()
        body = PaymentDecideSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        updated = run(payment, body.validated_data["reason"])
        return Response(self.get_serializer(updated).data)

    @extend_schema(request=PaymentDecideSerializer, responses=PaymentSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        return self._decide(
            request,
            lambda payment, reason: services.payment_approve(payment=payment, approved_by=request.user, reason=reason),
        )

    @extend_schema(request=PaymentDecideSerializer, responses=PaymentSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request: Request, pk: str | None = None) -> Response:
        return self._decide(
            request,
            lambda payment, reason: services.payment_refuse(payment=payment, refused_by=request.user, reason=reason),
        )


class SpendRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    code_name = serializers.CharField()
    team = serializers.CharField()
    month = serializers.DateField()
    payments = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=12, decimal_places=2)


class SpendReportSerializer(serializers.Serializer):
    # "from" is a Python keyword: the field is declared under another name and renamed in the output.
    from_ = serializers.DateField()
    to = serializers.DateField()
    rows = SpendRowSerializer(many=True)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        fields["from"].source = "from_"
        return fields


class SpendReportView(APIView):
    """Approved payments in a period (``?from=&to=``, by the day approved) by cost code, team and month."""

    @extend_schema(responses=SpendReportSerializer)
    def get(self, request: Request) -> Response:
        if not request.user.has_perm("finance.view_spend"):
            raise PermissionDenied("Your role cannot read the spend on payments")
        first, last = PeriodForm(request.query_params, today=timezone.localdate()).period
        rows = spend_report(first=first, last=last)
        return Response(SpendReportSerializer({"from_": first, "to": last, "rows": rows}).data)

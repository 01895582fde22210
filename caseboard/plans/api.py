"""Plans, their actions and delays in the REST API: the same services as the pages, so the same rules and messages
(an action due before its plan started, a delay with no cause, a cause not in the operating model's list: 400 with
field errors, nothing written); scoped to the children the caller may see (404 otherwise). Reading one plan is
audited; the delays report audits the children it names."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from caseboard.core.audit import record_download, record_view
from caseboard.core.forms import PeriodForm
from caseboard.frontdoor.models import Assessment
from caseboard.people.selectors import ChildNotAvailable, child_for

from . import services
from .models import Action, ActionStatus, Delay, Objective, Plan, PlanKind, Review, Service
from .selectors import action_for, delay_report, delays_visible_to, plan_for, plans_visible_to


class PlanObjectiveSerializer(serializers.ModelSerializer):
    class Meta:
        model = Objective
        fields = ["id", "text"]


class PlanActionSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices, read_only=True)

    class Meta:
        model = Action
        fields = ["id", "plan", "objective", "text", "owner_name", "due_on", "status", "done_on", "version"]
        read_only_fields = fields


class PlanServiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Service
        fields = ["id", "name", "provider", "how_often", "starts_on", "ends_on"]


class PlanReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = Review
        fields = ["id", "reviewed_on", "meeting", "progress", "notes"]


class ChildPlanSerializer(serializers.ModelSerializer):
    child = serializers.IntegerField(source="child_id")
    kind = serializers.ChoiceField(choices=PlanKind.choices)
    started_on = serializers.DateField(required=False, allow_null=True)
    objectives = PlanObjectiveSerializer(many=True, read_only=True)
    actions = PlanActionSerializer(many=True, read_only=True)
    services = PlanServiceSerializer(many=True, read_only=True)
    reviews = PlanReviewSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "child",
            "kind",
            "started_on",
            "ended_on",
            "summary",
            "episode",
            "cin_plan",
            "objectives",
            "actions",
            "services",
            "reviews",
        ]
        read_only_fields = ["ended_on", "episode", "cin_plan"]


class ActionCreateSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, required=False, default="")
    owner_name = serializers.CharField(allow_blank=True, required=False, default="")
    due_on = serializers.DateField(required=False, allow_null=True, default=None)
    objective = serializers.IntegerField(required=False, allow_null=True, default=None)


class ActionUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    version = serializers.IntegerField(required=False, allow_null=True, default=None)
    done_on = serializers.DateField(required=False, allow_null=True, default=None)
    delay_reason = serializers.CharField(allow_blank=True, required=False, default="")
    delay_details = serializers.CharField(allow_blank=True, required=False, default="")
    now_due_on = serializers.DateField(required=False, allow_null=True, default=None)


class PlanDelaySerializer(serializers.ModelSerializer):
    work = serializers.SerializerMethodField()

    class Meta:
        model = Delay
        fields = [
            "id",
            "child",
            "work",
            "work_label",
            "reason",
            "reason_label",
            "details",
            "was_due_on",
            "now_due_on",
            "recorded_on",
            "team",
        ]
        read_only_fields = fields

    def get_work(self, delay: Delay) -> dict[str, Any]:
        return {"type": WORK_NAMES.get(delay.work_type.model, delay.work_type.model), "id": delay.work_id}


WORK_NAMES = {"action": "plan_action", "assessment": "assessment"}


class DelayCreateSerializer(serializers.Serializer):
    child = serializers.IntegerField()
    work_type = serializers.ChoiceField(choices=[("plan_action", "A plan action"), ("assessment", "An assessment")])
    work_id = serializers.IntegerField()
    delay_reason = serializers.CharField(allow_blank=True, required=False, default="")
    delay_details = serializers.CharField(allow_blank=True, required=False, default="")
    now_due_on = serializers.DateField(required=False, allow_null=True, default=None)


def _child(user: Any, pk: int):
    try:
        return child_for(user=user, pk=pk)
    except ChildNotAvailable:
        raise serializers.ValidationError({"child": ["Select a child whose record you can see"]}) from None


class PlanViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Plans of the children the caller may see, newest first; ``?child=<id>`` and ``?kind=`` filter. POST starts
    one; ``actions`` (POST) adds an action. Reading one plan is audited."""

    serializer_class = ChildPlanSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Plan.objects.none()
        plans = plans_visible_to(self.request.user).prefetch_related("objectives", "actions", "services", "reviews")
        params = self.request.query_params
        if params.get("child", "").isdigit():
            plans = plans.filter(child_id=int(params["child"]))
        if params.get("kind") in PlanKind.values:
            plans = plans.filter(kind=params["kind"])
        return plans.order_by("-started_on", "-pk")

    def get_object(self) -> Plan:
        plan = plan_for(user=self.request.user, pk=self.kwargs["pk"])
        if plan is None:
            raise Http404("No such plan")
        return plan

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        plan = self.get_object()
        record_view(plan, via="API")
        return Response(self.get_serializer(plan).data)

    def perform_create(self, serializer: ChildPlanSerializer) -> None:
        data = serializer.validated_data
        child = _child(self.request.user, data["child_id"])
        if not self.request.user.has_perm("plans.record_plan", child):
            self.permission_denied(self.request, "Your role cannot record plans")
        serializer.instance = services.plan_start(
            child=child,
            kind=data["kind"],
            started_on=data.get("started_on"),
            summary=data.get("summary", ""),
            recorded_by=self.request.user,
        )

    @extend_schema(request=ActionCreateSerializer, responses=PlanActionSerializer)
    @action(detail=True, methods=["post"], url_path="actions")
    def add_action(self, request: Request, pk: str | None = None) -> Response:
        """Add an action: who does what by when (not before the plan started)."""
        plan = self.get_object()
        if not request.user.has_perm("plans.change_plan", plan):
            self.permission_denied(request, "Your role cannot change plans")
        body = ActionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        objective_id = data.pop("objective")
        objective = plan.objectives.filter(pk=objective_id).first() if objective_id else None
        if objective_id and objective is None:
            raise serializers.ValidationError({"objective": ["Select one of this plan's objectives"]})
        created = services.action_add(plan=plan, objective=objective, recorded_by=request.user, **data)
        return Response(PlanActionSerializer(created).data, status=201)


class PlanActionViewSet(viewsets.GenericViewSet):
    """One plan action; ``update`` (POST) moves it on, and marking it delayed records the delay with its cause."""

    serializer_class = PlanActionSerializer

    def get_queryset(self):
        return Action.objects.none()

    def get_object(self) -> Action:
        found = action_for(user=self.request.user, pk=self.kwargs["pk"])
        if found is None:
            raise Http404("No such action")
        return found

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        found = self.get_object()
        record_view(found, via="API")
        return Response(PlanActionSerializer(found).data)

    @extend_schema(request=ActionUpdateSerializer, responses=PlanActionSerializer)
    @action(detail=True, methods=["post"], url_path="update")
    def change(self, request: Request, pk: str | None = None) -> Response:
        found = self.get_object()
        if not request.user.has_perm("plans.change_plan", found.plan):
            self.permission_denied(request, "Your role cannot change plans")
        body = ActionUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.action_update(action=found, recorded_by=request.user, **body.validated_data)
        return Response(PlanActionSerializer(self.get_object()).data)


class DelayViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Delays recorded for the children the caller may see, newest first (``?child=<id>``, ``?cause=<code>``). POST
    records one against a plan action or an assessment on the child's record."""

    serializer_class = PlanDelaySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Delay.objects.none()
        delays = delays_visible_to(self.request.user).select_related("work_type")
        params = self.request.query_params
        if params.get("child", "").isdigit():
            delays = delays.filter(child_id=int(params["child"]))
        if params.get("cause"):
            delays = delays.filter(reason=params["cause"])
        return delays.order_by("-recorded_on", "-pk")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        delay = self.get_object()
        record_view(delay, via="API")
        return Response(self.get_serializer(delay).data)

    @extend_schema(request=DelayCreateSerializer, responses=PlanDelaySerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = DelayCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        child = _child(request.user, data["child"])
        if not request.user.has_perm("plans.record_plan", child):
            self.permission_denied(request, "Your role cannot record delays")
        if data["work_type"] == "plan_action":
            work = Action.objects.filter(pk=data["work_id"], plan__child=child).select_related("plan").first()
            label = f"{work.plan.get_kind_display()} action: {work.text}" if work else ""
        else:
            work = Assessment.objects.filter(pk=data["work_id"], child=child).first()
            label = str(work) if work else ""
        if work is None:
            raise serializers.ValidationError({"work_id": ["Select a piece of work on this child's record"]})
        delay = services.delay_record(
            child=child,
            work=work,
            work_label=label,
            reason=data["delay_reason"],
            details=data["delay_details"],
            was_due_on=getattr(work, "due_on", None),
            now_due_on=data["now_due_on"],
            recorded_by=request.user,
        )
        return Response(PlanDelaySerializer(delay).data, status=201)


class DelayReportView(APIView):
    """The delays report as the page gives it (``?from=&to=``, YYYY-MM-DD): counts by cause, team and month, and
    the delays put down to the pandemic by child, over the children the caller may see (each named one audited)."""

    @extend_schema(
        parameters=[OpenApiParameter("from", str), OpenApiParameter("to", str)],
        responses={200: dict},
    )
    def get(self, request: Request) -> Response:
        if not request.user.has_perm("plans.view_delay_report"):
            raise PermissionDenied("The delays report is not for the front door")
        period = PeriodForm(request.query_params, today=timezone.localdate())
        if period.is_bound and not period.is_valid():
            raise serializers.ValidationError(
                {"from" if k == "date_from" else "to": v for k, v in period.errors.items()}
            )
        first, last = period.period
        report = delay_report(user=request.user, first=first, last=last)
        record_download(report.named, via="API: delays report")
        return Response(
            {
                "from": first.isoformat(),
                "to": last.isoformat(),
                "by_cause": [{"cause": cause, "delays": n} for cause, n in report.by_cause],
                "counts": [
                    {"cause": cause, "team": team, "month": f"{month:%Y-%m}", "delays": n}
                    for cause, team, month, n in report.counts
                ],
                "pandemic": [
                    {
                        "child": child.pk,
                        "delays": [
                            {"work": r.work, "details": r.details, "recorded_on": r.recorded_on.isoformat()}
                            for r in rows
                        ],
                    }
                    for child, rows in report.pandemic
                ],
            }
        )

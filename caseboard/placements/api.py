"""Placements in the REST API: settings (with their approvals, ``approve``, ``vacancies``), placements (``place``,
``plan``), supervising social workers' visits. The same services and selectors as the pages, so the same rules and
the same need to know (404 outside it); reading a record is audited."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from caseboard.accounts.models import Role, User
from caseboard.casework.codes import LegalStatus, PlacementType, ReasonPlaceChange
from caseboard.core.audit import record_download, record_view
from caseboard.decisions.models import KeyDecision
from caseboard.people.selectors import ChildNotAvailable, child_for, children_visible_to
from caseboard.visits.models import VisitMode
from caseboard.visits.services import ChildSeenInput

from . import selectors, services
from .models import Approval, ApprovalKind, CarerVisit, Placement, PlacementPlan, Setting
from .rules import manages_all, sees_placements, supervises

SETTING_FIELDS = [
    "id",
    "kind",
    "name",
    "provider_name",
    "placement_provider",
    "address",
    "postcode",
    "urn",
    "registration_status",
    "ofsted_notified_on",
    "dfe_notified_on",
    "places",
    "age_from",
    "age_to",
    "takes_sibling_groups",
    "can_self_isolate",
    "supervising_social_worker",
    "opened_on",
    "closed_on",
    "notes",
    "from_episode_codes",
    "version",
]


class SettingSerializer(serializers.ModelSerializer):
    supervising_social_worker = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(role=Role.SUPERVISING_SOCIAL_WORKER, is_active=True),
        required=False,
        allow_null=True,
    )

    class Meta:
        model = Setting
        fields = SETTING_FIELDS
        read_only_fields = ["id", "from_episode_codes", "version"]


class ApprovalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Approval
        fields = [
            "id",
            "setting",
            "kind",
            "approved_on",
            "panel_on",
            "ends_on",
            "weeks",
            "extended_weeks",
            "extended_on",
            "ended_on",
            "places",
            "age_from",
            "age_to",
            "takes_sibling_groups",
            "is_adopter",
        ]
        read_only_fields = fields


class ApproveSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ApprovalKind.choices)
    approved_on = serializers.DateField()
    panel_on = serializers.DateField(required=False, allow_null=True)
    weeks = serializers.IntegerField(required=False, allow_null=True)
    places = serializers.IntegerField()
    age_from = serializers.IntegerField(required=False, default=0, min_value=0, max_value=25)
    age_to = serializers.IntegerField(required=False, default=17, min_value=0, max_value=25)
    takes_sibling_groups = serializers.BooleanField(required=False, default=False)
    is_adopter = serializers.BooleanField(required=False, default=False)


class ExtendSerializer(serializers.Serializer):
    weeks = serializers.IntegerField()
    extended_on = serializers.DateField()


class SettingViewSet(viewsets.ModelViewSet):
    """The settings register (carer households and providers' settings). POST adds one, PUT/PATCH change one (with
    ``version``); ``approvals`` lists a household's approvals and POST ``approve`` records one; ``vacancies``
    says how many places are free today."""

    serializer_class = SettingSerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Setting.objects.none()
        settings = selectors.settings_for(user=self.request.user)
        kind = self.request.query_params.get("kind", "")
        if kind:
            settings = settings.filter(kind=kind)
        return settings.order_by("name", "pk")

    def get_object(self) -> Setting:
        setting = selectors.setting_for(user=self.request.user, pk=self.kwargs["pk"])
        if setting is None:
            raise Http404("No such setting")
        return setting

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        setting = self.get_object()
        record_view(setting, via="API")
        return Response(self.get_serializer(setting).data)

    def _check_manage(self) -> None:
        if not self.request.user.has_perm("placements.manage_settings"):
            self.permission_denied(self.request, "Your role cannot change settings")

    def perform_create(self, serializer: SettingSerializer) -> None:
        self._check_manage()
        data = dict(serializer.validated_data)
        serializer.instance = services.setting_save(saved_by=self.request.user, **data)

    def perform_update(self, serializer: SettingSerializer) -> None:
        self._check_manage()
        setting = serializer.instance
        current = {name: getattr(setting, name) for name in services.SETTING_FIELDS}
        current.update(serializer.validated_data)
        version = self.request.data.get("version")
        serializer.instance = services.setting_save(
            saved_by=self.request.user,
            setting=setting,
            expected_version=int(version) if str(version or "").isdigit() else None,
            **current,
        )

    @extend_schema(responses=ApprovalSerializer(many=True))
    @action(detail=True, methods=["get"])
    def approvals(self, request: Request, pk: str | None = None) -> Response:
        setting = self.get_object()
        return Response(ApprovalSerializer(setting.approvals.all(), many=True).data)

    @extend_schema(request=ApproveSerializer, responses=ApprovalSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        setting = self.get_object()
        self._check_manage()
        serializer = ApproveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        approval = services.approval_record(setting=setting, recorded_by=request.user, **serializer.validated_data)
        return Response(ApprovalSerializer(approval).data, status=201)

    @extend_schema(request=ExtendSerializer, responses=ApprovalSerializer)
    @action(detail=True, methods=["post"], url_path="extend-approval")
    def extend_approval(self, request: Request, pk: str | None = None) -> Response:
        setting = self.get_object()
        self._check_manage()
        serializer = ExtendSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        approval = selectors.approval_in_force(setting, serializer.validated_data["extended_on"])
        if approval is None:
            raise serializers.ValidationError({"weeks": ["There is no approval in force to extend"]})
        approval = services.approval_extend(approval=approval, extended_by=request.user, **serializer.validated_data)
        return Response(ApprovalSerializer(approval).data)

    @extend_schema(responses={200: dict})
    @action(detail=True, methods=["get"])
    def vacancies(self, request: Request, pk: str | None = None) -> Response:
        setting = self.get_object()
        today = timezone.localdate()
        placed = Placement.objects.filter(selectors._open_on(today), setting=setting).count()
        return Response(
            {
                "on": today.isoformat(),
                "places": setting.places,
                "placed": placed,
                "vacancies": max(setting.places - placed, 0),
            }
        )


class PlacementSerializer(serializers.ModelSerializer):
    start_on = serializers.DateField(source="episode.start_on", read_only=True)
    end_on = serializers.DateField(source="episode.end_on", read_only=True)
    placement_type = serializers.CharField(source="episode.placement_type", read_only=True)
    legal_status = serializers.CharField(source="episode.legal_status", read_only=True)
    plans = serializers.SerializerMethodField()

    class Meta:
        model = Placement
        fields = [
            "id",
            "child",
            "episode",
            "setting",
            "start_on",
            "end_on",
            "placement_type",
            "legal_status",
            "is_reg24_placement",
            "parent_assessment_complete",
            "is_emergency",
            "planned_end_on",
            "risk_of_breakdown",
            "breakdown_noted_on",
            "disruption_meeting_on",
            "exception_reason",
            "exception_decision",
            "plans",
            "version",
        ]
        read_only_fields = fields

    def get_plans(self, placement: Placement) -> list[str]:
        return [plan.completed_on.isoformat() for plan in placement.plans.all()]


class PlaceSerializer(serializers.Serializer):
    child = serializers.IntegerField()
    setting = serializers.IntegerField()
    start_on = serializers.DateField()
    placement_type = serializers.ChoiceField(choices=PlacementType.choices)
    legal_status = serializers.ChoiceField(choices=LegalStatus.choices, required=False, allow_blank=True, default="")
    reason_for_change = serializers.ChoiceField(
        choices=ReasonPlaceChange.choices, required=False, allow_blank=True, default=""
    )
    parent_assessment_complete = serializers.BooleanField(required=False, default=True)
    intended_until_18 = serializers.BooleanField(required=False, default=False)
    is_emergency = serializers.BooleanField(required=False, default=False)
    exception_reason = serializers.CharField(required=False, allow_blank=True, default="")
    exception_decision = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="An approved key decision “Placement outside approval” for the child, needed with the exception "
        "reason when the carers have no vacancy or the child is outside their approval range.",
    )
    planned_end_on = serializers.DateField(required=False, allow_null=True, default=None)


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlacementPlan
        fields = ["id", "placement", "completed_on", "notes"]
        read_only_fields = ["id", "placement"]


class StabilitySerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The placement's version as read: a change made meanwhile is refused.")
    risk_of_breakdown = serializers.BooleanField()
    breakdown_noted_on = serializers.DateField(required=False, allow_null=True, default=None)
    disruption_meeting_on = serializers.DateField(required=False, allow_null=True, default=None)
    parent_assessment_complete = serializers.BooleanField(required=False, allow_null=True, default=None)
    planned_end_on = serializers.DateField(
        required=False, allow_null=True, help_text="Left as it is if not sent; null clears it."
    )


class PlacementViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Placements of children the caller may see (``?child=<id>``). POST places a child with a setting (the same
    rules as the page: an approval in force, a vacancy and the range or an exception with a key decision
    "Placement outside approval", no overlap, a planned end date not before the start); ``plan`` records the
    placement plan; ``stability`` the risk of breakdown, the disruption meeting and the planned end date."""

    serializer_class = PlacementSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Placement.objects.none()
        placements = (
            Placement.objects.filter(child__in=children_visible_to(self.request.user))
            .select_related("episode")
            .prefetch_related("plans")
        )
        child = self.request.query_params.get("child", "")
        if child.isdigit():
            placements = placements.filter(child_id=int(child))
        return placements.order_by("child_id", "episode__start_on", "pk")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        page = getattr(self.paginator, "page", None)
        rows = list(page.object_list) if page is not None else []
        record_download([row.child for row in rows if row.child_id], via="API: placements")
        return response

    def get_object(self) -> Placement:
        try:
            placement = self.get_queryset().get(pk=self.kwargs["pk"])
        except (Placement.DoesNotExist, ValueError):
            raise Http404("No such placement") from None
        return placement

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        placement = self.get_object()
        record_view(placement.child, via="API: placement")
        return Response(self.get_serializer(placement).data)

    @extend_schema(request=PlaceSerializer, responses=PlacementSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = PlaceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            child = child_for(user=request.user, pk=data.pop("child"))
        except ChildNotAvailable:
            raise serializers.ValidationError({"child": ["Select a child whose record you can see"]}) from None
        if not request.user.has_perm("placements.place_child", child):
            self.permission_denied(request, "Your role cannot place a child")
        setting = selectors.setting_for(user=request.user, pk=data.pop("setting"))
        if setting is None:
            raise serializers.ValidationError({"setting": ["Select a setting from the register"]})
        decision_pk = data.pop("exception_decision", None)
        decision = None
        if decision_pk is not None:
            decision = KeyDecision.objects.filter(pk=decision_pk, children=child).first()
            if decision is None:
                raise serializers.ValidationError({"exception_decision": ["Select a key decision for this child"]})
        placement = services.placement_start(
            child=child, setting=setting, placed_by=request.user, exception_decision=decision, **data
        )
        return Response(PlacementSerializer(placement).data, status=201)

    @extend_schema(request=PlanSerializer, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def plan(self, request: Request, pk: str | None = None) -> Response:
        placement = self.get_object()
        if not request.user.has_perm("placements.place_child", placement.child):
            self.permission_denied(request, "Your role cannot record a placement plan")
        serializer = PlanSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        plan = services.placement_plan_record(placement=placement, recorded_by=request.user, **data)
        return Response(PlanSerializer(plan).data, status=201)

    @extend_schema(request=StabilitySerializer, responses=PlacementSerializer)
    @action(detail=True, methods=["post"])
    def stability(self, request: Request, pk: str | None = None) -> Response:
        placement = self.get_object()
        if not request.user.has_perm("placements.place_child", placement.child):
            self.permission_denied(request, "Your role cannot change a placement")
        serializer = StabilitySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version")
        if "planned_end_on" not in data:
            data["planned_end_on"] = services.KEEP
        placement = services.placement_update(
            placement=placement, updated_by=request.user, expected_version=version, **data
        )
        return Response(PlacementSerializer(placement).data)


class CarerVisitSerializer(serializers.ModelSerializer):
    mode = serializers.ChoiceField(choices=VisitMode.choices)
    children_seen = serializers.ListField(child=serializers.IntegerField(), write_only=True, required=False)
    children_seen_alone = serializers.ListField(child=serializers.IntegerField(), write_only=True, required=False)

    class Meta:
        model = CarerVisit
        fields = ["id", "setting", "visited_on", "mode", "worker", "notes", "children_seen", "children_seen_alone"]
        read_only_fields = ["id", "worker"]

    def to_representation(self, instance: CarerVisit) -> dict:
        """The notes (which may speak of the children placed) only for the carers' supervising social worker, the
        worker who made the visit and managers of placements; anyone else who sees the register gets the date,
        the worker and how the visit was made, as the setting's page shows them."""
        data = super().to_representation(instance)
        user = self.context["request"].user
        if not (instance.worker_id == user.pk or supervises(user, instance.setting) or manages_all(user)):
            data.pop("notes", None)
        return data


class CarerVisitViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Supervising social workers' visits to carers. POST records one: each child seen (placed there, and whose
    record the caller may see) gets a statutory visit on their own record, counted by the same rules."""

    serializer_class = CarerVisitSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False) or not sees_placements(self.request.user):
            return CarerVisit.objects.none()
        return CarerVisit.objects.select_related("setting").order_by("-visited_on", "-pk")

    def perform_create(self, serializer: CarerVisitSerializer) -> None:
        data = dict(serializer.validated_data)
        setting = selectors.setting_for(user=self.request.user, pk=data["setting"].pk)
        if setting is None:
            raise Http404("No such setting")
        if not self.request.user.has_perm("placements.record_carer_visit", setting):
            self.permission_denied(self.request, "Only the carers' supervising social worker records this visit")
        visible = children_visible_to(self.request.user)
        alone = set(data.get("children_seen_alone", []))
        seen = []
        for pk in data.get("children_seen", []):
            child = visible.filter(pk=pk).first()
            if child is None:
                raise serializers.ValidationError({"children_seen": ["Select children whose records you can see"]})
            seen.append(ChildSeenInput(child=child, was_seen=True, seen_alone=pk in alone))
        serializer.instance = services.carer_visit_record(
            setting=setting,
            worker=self.request.user,
            recorded_by=self.request.user,
            visited_on=data["visited_on"],
            mode=data["mode"],
            children_seen=seen,
            notes=data.get("notes", ""),
        )

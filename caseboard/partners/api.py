"""The partners directory, a child's professionals and the information sharing log in the REST API: the same
services as the pages, so the same rules and messages (400 with field errors, nothing written); what is about a
child is scoped to the children the caller may see (404 or 400 otherwise) and reading one record is audited."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from caseboard.core.audit import record_view
from caseboard.people.selectors import ChildNotAvailable, child_for, children_visible_to

from . import services
from .models import (
    Agency,
    AgencyContact,
    AgencyKind,
    ChildProfessional,
    Direction,
    Escalation,
    InformationShare,
    LawfulBasis,
    Problem,
    ProblemStatus,
    ProfessionalRole,
)
from .selectors import agencies_matching, problems_list, shares_visible_to


def _child(user: Any, pk: int):
    try:
        return child_for(user=user, pk=pk)
    except ChildNotAvailable:
        raise serializers.ValidationError({"child": ["Select a child whose record you can see"]}) from None


class AgencyContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgencyContact
        fields = ["id", "full_name", "job_title", "phone", "email", "is_active"]


class AgencySerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=AgencyKind.choices)
    contacts = AgencyContactSerializer(many=True, read_only=True)

    class Meta:
        model = Agency
        fields = ["id", "name", "kind", "address", "phone", "email", "is_active", "contacts"]
        read_only_fields = ["is_active"]
        validators: list = []  # the service says when a name is already in the directory


class AgencyViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The directory of partner agencies and their people; ``?q=`` and ``?kind=`` filter. POST adds an agency."""

    serializer_class = AgencySerializer

    def get_queryset(self):
        params = self.request.query_params
        return agencies_matching(query=params.get("q", ""), kind=params.get("kind", "")).prefetch_related("contacts")

    def perform_create(self, serializer: AgencySerializer) -> None:
        if not self.request.user.has_perm("partners.change_directory"):
            self.permission_denied(self.request, "Your role cannot change the directory")
        serializer.instance = services.agency_add(recorded_by=self.request.user, **serializer.validated_data)


class ChildProfessionalSerializer(serializers.ModelSerializer):
    child = serializers.IntegerField(source="child_id")
    role = serializers.ChoiceField(choices=ProfessionalRole.choices)
    started_on = serializers.DateField(required=False, allow_null=True, default=None)

    class Meta:
        model = ChildProfessional
        fields = ["id", "child", "role", "agency", "contact", "person_name", "started_on", "ended_on"]
        read_only_fields = ["ended_on"]


class ChildProfessionalViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The professionals around the children the caller may see (``?child=<id>``). POST names one."""

    serializer_class = ChildProfessionalSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ChildProfessional.objects.none()
        links = ChildProfessional.objects.filter(child__in=children_visible_to(self.request.user).values("pk"))
        if self.request.query_params.get("child", "").isdigit():
            links = links.filter(child_id=int(self.request.query_params["child"]))
        return links.order_by("child_id", "role", "pk")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        link = self.get_object()
        record_view(link, via="API")
        return Response(self.get_serializer(link).data)

    def perform_create(self, serializer: ChildProfessionalSerializer) -> None:
        data = dict(serializer.validated_data)
        child = _child(self.request.user, data.pop("child_id"))
        if not self.request.user.has_perm("partners.record_for_child", child):
            self.permission_denied(self.request, "Your role cannot record a child's professionals")
        serializer.instance = services.professional_add(child=child, recorded_by=self.request.user, **data)


class InformationShareSerializer(serializers.ModelSerializer):
    child = serializers.IntegerField(source="child_id")
    direction = serializers.ChoiceField(choices=Direction.choices, default="shared")
    lawful_basis = serializers.CharField(allow_blank=True, required=False, default="")
    shared_on = serializers.DateField(required=False, allow_null=True, default=None)
    with_consent = serializers.BooleanField(required=False, allow_null=True, default=None)
    what = serializers.CharField(allow_blank=True, required=False, default="")

    class Meta:
        model = InformationShare
        fields = [
            "id",
            "child",
            "shared_on",
            "direction",
            "agency",
            "shared_with",
            "what",
            "lawful_basis",
            "with_consent",
            "without_consent_reason",
        ]

    def to_representation(self, instance: InformationShare) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["lawful_basis_label"] = LawfulBasis(instance.lawful_basis).label
        return data


class InformationShareViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The information sharing log for the children the caller may see, newest first (``?child=<id>``). POST logs
    information shared: without consent only with the reason."""

    serializer_class = InformationShareSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return InformationShare.objects.none()
        shares = shares_visible_to(self.request.user)
        if self.request.query_params.get("child", "").isdigit():
            shares = shares.filter(child_id=int(self.request.query_params["child"]))
        return shares.order_by("-shared_on", "-pk")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        share = self.get_object()
        record_view(share, via="API")
        return Response(self.get_serializer(share).data)

    @extend_schema(request=InformationShareSerializer, responses=InformationShareSerializer)
    def perform_create(self, serializer: InformationShareSerializer) -> None:
        data = dict(serializer.validated_data)
        child = _child(self.request.user, data.pop("child_id"))
        if not self.request.user.has_perm("partners.record_for_child", child):
            self.permission_denied(self.request, "Your role cannot record information sharing")
        serializer.instance = services.share_record(child=child, recorded_by=self.request.user, **data)


class EscalationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Escalation
        fields = ["id", "escalated_on", "escalated_to", "note"]


class ProblemSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=ProblemStatus.choices, read_only=True)
    raised_on = serializers.DateField(required=False, allow_null=True, default=None)
    target_on = serializers.DateField(required=False, allow_null=True, default=None)
    escalations = EscalationSerializer(many=True, read_only=True)

    class Meta:
        model = Problem
        fields = [
            "id",
            "title",
            "description",
            "agency",
            "owner_name",
            "raised_on",
            "target_on",
            "status",
            "resolved_on",
            "resolution",
            "escalations",
        ]
        read_only_fields = ["resolved_on", "resolution"]


class EscalateSerializer(serializers.Serializer):
    escalated_on = serializers.DateField(required=False, allow_null=True, default=None)
    escalated_to = serializers.CharField(allow_blank=True, required=False, default="")
    note = serializers.CharField(allow_blank=True, required=False, default="")


class ResolveSerializer(serializers.Serializer):
    resolved_on = serializers.DateField(required=False, allow_null=True, default=None)
    resolution = serializers.CharField(allow_blank=True, required=False, default="")


class ProblemViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The problem log (``?status=open|escalated|resolved|all``; unresolved by default). POST logs a problem;
    ``escalate`` and ``resolve`` move it on."""

    serializer_class = ProblemSerializer

    def get_queryset(self):
        return problems_list(status=self.request.query_params.get("status", "")).prefetch_related("escalations")

    def get_object(self) -> Problem:
        problem = Problem.objects.filter(pk=self.kwargs["pk"]).first()
        if problem is None:
            raise Http404("No such problem")
        return problem

    def _may_change(self) -> None:
        if not self.request.user.has_perm("partners.change_directory"):
            self.permission_denied(self.request, "Your role cannot change the problem log")

    def perform_create(self, serializer: ProblemSerializer) -> None:
        self._may_change()
        serializer.instance = services.problem_raise(recorded_by=self.request.user, **serializer.validated_data)

    def _act(self, request: Request, body_class: type[serializers.Serializer], run: Any) -> Response:
        self._may_change()
        problem = self.get_object()
        body = body_class(data=request.data)
        body.is_valid(raise_exception=True)
        run(problem, dict(body.validated_data))
        return Response(ProblemSerializer(self.get_object()).data)

    @extend_schema(request=EscalateSerializer, responses=ProblemSerializer)
    @action(detail=True, methods=["post"])
    def escalate(self, request: Request, pk: str | None = None) -> Response:
        return self._act(
            request,
            EscalateSerializer,
            lambda problem, data: services.problem_escalate(problem=problem, recorded_by=request.user, **data),
        )

    @extend_schema(request=ResolveSerializer, responses=ProblemSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request: Request, pk: str | None = None) -> Response:
        return self._act(
            request,
            ResolveSerializer,
            lambda problem, data: services.problem_resolve(problem=problem, recorded_by=request.user, **data),
        )

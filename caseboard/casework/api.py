"""Episodes and allocations in the REST API, scoped by the children the caller may see."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from caseboard.core import limits
from caseboard.core.audit import record_view
from caseboard.people import services as people_services
from caseboard.people.codes import Disability
from caseboard.people.models import Child
from caseboard.people.selectors import ChildNotAvailable, child_for, children_visible_to
from caseboard.people.services import CHILD_EDITABLE_FIELDS

from . import services
from .models import Allocation, Episode


class EpisodeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Episode
        fields = [
            "id",
            "child",
            "kind",
            "start_on",
            "end_on",
            "referral_source",
            "primary_need",
            "reason_for_closure",
            "initial_category_of_abuse",
            "latest_category_of_abuse",
            "legal_status",
            "placement_type",
            "placement_provider",
            "placement_intended_until_18",
            "reason_episode_ceased",
            "reason_place_change",
            "category_of_need",
            "care_leaver_status",
            "notes",
            "version",
        ]
        read_only_fields = ["id", "version"]
        validators: list[Any] = []

    def validate_child(self, child: Any) -> Any:
        try:
            return child_for(user=self.context["request"].user, pk=child.pk)
        except ChildNotAvailable:
            raise serializers.ValidationError("Select a child you have access to") from None


class EpisodeViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Episodes of the children the caller may see. Filter with ``?child=<id>``."""

    serializer_class = EpisodeSerializer

    def get_queryset(self):
        episodes = Episode.objects.filter(child__in=children_visible_to(self.request.user).values("pk"))
        child = self.request.query_params.get("child")
        if child and child.isdigit():
            episodes = episodes.filter(child_id=int(child))
        return episodes.order_by("child_id", "start_on", "pk")

    def perform_create(self, serializer: EpisodeSerializer) -> None:
        data = dict(serializer.validated_data)
        child = data.pop("child")
        if not self.request.user.has_perm("people.change_child", child):
            self.permission_denied(self.request, "Your role cannot add episodes")
        kind = data.pop("kind")
        start_on = data.pop("start_on")
        fields = {name: value for name, value in data.items() if value not in ("", None, False)}
        serializer.instance = services.episode_open(
            child=child, opened_by=self.request.user, kind=kind, start_on=start_on, **fields
        )


class AllocationSerializer(serializers.ModelSerializer):
    worker_name = serializers.CharField(source="worker.get_full_name", read_only=True)
    team_name = serializers.CharField(source="team.name", read_only=True)

    class Meta:
        model = Allocation
        fields = ["id", "child", "worker", "worker_name", "team", "team_name", "role", "started_on", "ended_on"]
        read_only_fields = fields


class AllocationViewSet(viewsets.ReadOnlyModelViewSet):
    """Allocations of the children the caller may see. Filter with ``?child=<id>``."""

    serializer_class = AllocationSerializer

    def get_queryset(self):
        allocations = Allocation.objects.filter(
            child__in=children_visible_to(self.request.user).values("pk")
        ).select_related("worker", "team")
        child = self.request.query_params.get("child")
        if child and child.isdigit():
            allocations = allocations.filter(child_id=int(child))
        return allocations.order_by("child_id", "-started_on", "pk")


class ChildSerializer(serializers.ModelSerializer):
    disabilities = serializers.ListField(
        child=serializers.ChoiceField(choices=Disability.choices), required=False, max_length=limits.MAX_ITEMS
    )
    version = serializers.IntegerField(required=False)

    class Meta:
        model = Child
        fields = ["id", *CHILD_EDITABLE_FIELDS, "is_restricted", "version"]
        read_only_fields = ["id", "is_restricted"]
        # Uniqueness and dates are checked by the service, which gives the same messages as the pages.
        validators: list[Any] = []
        extra_kwargs = {"local_id": {"validators": []}}


class ChildViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Children the caller may see. Reading one child is audited; restricted and unseen records answer 404."""

    serializer_class = ChildSerializer

    def get_queryset(self):
        return children_visible_to(self.request.user).order_by("last_name", "first_name", "pk")

    def get_object(self) -> Child:
        try:
            return child_for(user=self.request.user, pk=self.kwargs["pk"])
        except ChildNotAvailable:
            raise Http404("No such child") from None

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        child = self.get_object()
        record_view(child, via="API")
        return Response(self.get_serializer(child).data)

    def perform_create(self, serializer: ChildSerializer) -> None:
        if not self.request.user.has_perm("people.add_child"):
            self.permission_denied(self.request, "Your role cannot add children")
        data = dict(serializer.validated_data)
        data.pop("version", None)
        serializer.instance = services.child_register(registered_by=self.request.user, **data)

    def perform_update(self, serializer: ChildSerializer) -> None:
        child = serializer.instance
        if not self.request.user.has_perm("people.change_child", child):
            self.permission_denied(self.request, "Your role cannot change this child's details")
        data = dict(serializer.validated_data)
        version = data.pop("version", None)
        if version is None:
            raise serializers.ValidationError({"version": ["Give the version of the record you are changing"]})
        serializer.instance = people_services.child_update(
            child=child, updated_by=self.request.user, expected_version=version, **data
        )

"""Children in the REST API: the same need-to-know scoping and audit as the pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from caseboard.core.audit import record_view

from . import services
from .codes import Disability
from .models import Child
from .selectors import ChildNotAvailable, child_for, children_visible_to


class ChildSerializer(serializers.ModelSerializer):
    disabilities = serializers.ListField(child=serializers.ChoiceField(choices=Disability.choices), required=False)
    version = serializers.IntegerField(required=False)

    class Meta:
        model = Child
        fields = [
            "id",
            "local_id",
            "first_name",
            "last_name",
            "preferred_name",
            "date_of_birth",
            "expected_date_of_birth",
            "sex",
            "ethnicity",
            "upn",
            "upn_unknown",
            "nhs_number",
            "disabilities",
            "address",
            "postcode",
            "has_video_device",
            "has_internet_access",
            "is_restricted",
            "version",
        ]
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
        serializer.instance = services.child_create(created_by=self.request.user, **data)

    def perform_update(self, serializer: ChildSerializer) -> None:
        child = serializer.instance
        if not self.request.user.has_perm("people.change_child", child):
            self.permission_denied(self.request, "Your role cannot change this child's details")
        data = dict(serializer.validated_data)
        version = data.pop("version", None)
        if version is None:
            raise serializers.ValidationError({"version": ["Give the version of the record you are changing"]})
        serializer.instance = services.child_update(
            child=child, updated_by=self.request.user, expected_version=version, **data
        )

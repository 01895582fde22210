"""Households and links between brothers and sisters in the REST API: the same services and selectors as the pages,
so the same rules and need to know (a household shows only the children the caller may see; a link is listed only
when the caller may see both children). Reading one household or link is audited; every change is audited by the
models' audit log."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from caseboard.core.audit import record_view

from . import services
from .models import FamilyMember, Household, SiblingKind, SiblingLink
from .selectors import (
    ChildNotAvailable,
    child_for,
    household_for,
    household_view,
    household_views,
    households_visible_to,
    households_with_members,
    sibling_link_for,
    sibling_links_visible_to,
)

NOT_VISIBLE = "Select children whose records you can see"


def _child(user: Any, pk: Any) -> Any:
    try:
        return child_for(user=user, pk=pk)
    except ChildNotAvailable:
        raise serializers.ValidationError(NOT_VISIBLE) from None


# --- households ------------------------------------------------------------------------------------------------
class HouseholdSerializer(serializers.ModelSerializer):
    """A household with its adults and the children the caller may see (``children_not_shown``: how many others,
    never a restricted record). POST with ``children`` (ids) and ``started_on`` records who lives there."""

    children = serializers.ListField(child=serializers.IntegerField(), write_only=True, required=False, default=list)
    started_on = serializers.DateField(write_only=True, required=False, allow_null=True, default=None)
    members = serializers.SerializerMethodField()
    children_not_shown = serializers.SerializerMethodField()
    version = serializers.IntegerField(required=False)

    class Meta:
        model = Household
        fields = [
            "id",
            "address",
            "postcode",
            "has_video_device",
            "has_internet_access",
            "children",
            "started_on",
            "members",
            "children_not_shown",
            "version",
        ]
        read_only_fields = ["id"]

    def _view(self, household: Household) -> Any:
        views = self.context.setdefault("views", {})
        if household.pk not in views:
            views[household.pk] = household_view(user=self.context["request"].user, household=household)
        return views[household.pk]

    def get_members(self, household: Household) -> list[dict[str, Any]]:
        view = self._view(household)
        return [
            {
                "id": member.pk,
                "child": member.child_id,
                "name": member.name if not member.child_id else member.child.full_name,
                "description": member.description,
                "started_on": member.started_on,
                "ended_on": member.ended_on,
            }
            for member in [*view.children, *view.adults]
        ]

    def get_children_not_shown(self, household: Household) -> int:
        return self._view(household).children_not_shown

    def validate_children(self, ids: list[int]) -> list[Any]:
        return [_child(self.context["request"].user, pk) for pk in ids]


class HouseholdMemberSerializer(serializers.Serializer):
    child = serializers.IntegerField(required=False, allow_null=True, default=None)
    name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    started_on = serializers.DateField(required=False, allow_null=True, default=None)

    def validate_child(self, pk: int | None) -> Any:
        return None if pk is None else _child(self.context["request"].user, pk)


class MemberLeftSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    ended_on = serializers.DateField()


class HouseholdViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Households with a child the caller may see; ``?child=<id>``: the household the child lives in now. POST
    records one with its children; PATCH changes the address or video-call answers (send the ``version`` you read:
    a stale one is refused); ``POST …/members/`` adds a child or an adult from a date; ``POST …/member-left/``
    records that one left. Reading one is audited."""

    serializer_class = HouseholdSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        households = households_visible_to(self.request.user)
        child = self.request.query_params.get("child", "")
        if child.isdigit():
            households = households.filter(members__child_id=int(child), members__ended_on__isnull=True)
        return households

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A page of households in a fixed number of queries."""
        page = self.paginate_queryset(households_with_members(self.get_queryset()))
        views = household_views(user=request.user, households=page)
        serializer = HouseholdSerializer(page, many=True, context={"request": request, "views": views})
        return self.get_paginated_response(serializer.data)

    def get_object(self) -> Household:
        household = household_for(user=self.request.user, pk=self.kwargs["pk"])
        if household is None:
            raise Http404("No such household")
        return household

    def _may_change(self, household: Household) -> None:
        if not self.request.user.has_perm("people.change_household", household):
            self.permission_denied(self.request, "Your role cannot change households")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        household = self.get_object()
        record_view(household, via="API")
        return Response(self.get_serializer(household).data)

    def perform_create(self, serializer: HouseholdSerializer) -> None:
        data = dict(serializer.validated_data)
        children = data.pop("children", [])
        data.pop("version", None)
        if not children:
            raise serializers.ValidationError({"children": ["Select the child or children who live there"]})
        if not all(self.request.user.has_perm("people.change_child", child) for child in children):
            self.permission_denied(self.request, "Your role cannot record households")
        serializer.instance = services.household_create(created_by=self.request.user, children=children, **data)

    def perform_update(self, serializer: HouseholdSerializer) -> None:
        household = serializer.instance
        self._may_change(household)
        data = serializer.validated_data
        if "version" not in data:
            raise serializers.ValidationError({"version": ["Send the version of the household you read"]})
        serializer.instance = services.household_update(
            household=household,
            updated_by=self.request.user,
            expected_version=data["version"],
            address=data.get("address", household.address),
            postcode=data.get("postcode", household.postcode),
            has_video_device=data.get("has_video_device", household.has_video_device),
            has_internet_access=data.get("has_internet_access", household.has_internet_access),
        )

    @action(detail=True, methods=["post"], serializer_class=HouseholdMemberSerializer)
    def members(self, request: Request, pk: Any = None) -> Response:
        household = self.get_object()
        self._may_change(household)
        serializer = HouseholdMemberSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["child"] is not None and not request.user.has_perm("people.change_child", data["child"]):
            self.permission_denied(request, "Your role cannot change this child's record")
        services.household_member_add(household=household, added_by=request.user, **data)
        return Response(HouseholdSerializer(household, context={"request": request}).data, status=201)

    @action(detail=True, methods=["post"], url_path="member-left", serializer_class=MemberLeftSerializer)
    def member_left(self, request: Request, pk: Any = None) -> Response:
        household = self.get_object()
        self._may_change(household)
        serializer = MemberLeftSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        view = household_view(user=request.user, household=household)
        member = next(
            (item for item in [*view.children, *view.adults] if item.pk == serializer.validated_data["member"]), None
        )
        if member is None:
            raise serializers.ValidationError({"member": ["Select a member of this household"]})
        services.household_member_end(
            member=member, ended_by=request.user, ended_on=serializer.validated_data["ended_on"]
        )
        return Response(HouseholdSerializer(household, context={"request": request}).data)


# --- brothers and sisters --------------------------------------------------------------------------------------
class SiblingLinkSerializer(serializers.ModelSerializer):
    child = serializers.IntegerField(source="child_id")
    sibling = serializers.IntegerField(source="sibling_id")
    kind = serializers.ChoiceField(choices=SiblingKind.choices)
    family_member = serializers.IntegerField(source="family_member_id", required=False, allow_null=True)

    class Meta:
        model = SiblingLink
        fields = ["id", "child", "sibling", "kind", "family_member", "linked_by", "linked_at"]
        read_only_fields = ["id", "linked_by", "linked_at"]


class SiblingRemoveSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, default="")


class SiblingLinkViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Links between brothers and sisters, both of whose records the caller may see (a sibling outside need to know
    is never named). Filter with ``?child=<id>``. POST links two children (``family_member``: the child's
    "Brother or sister" entry it is made from); ``POST …/remove/`` with a ``reason`` removes one (kept in the
    history). Reading one is audited."""

    serializer_class = SiblingLinkSerializer

    def get_queryset(self):
        links = sibling_links_visible_to(self.request.user)
        child = self.request.query_params.get("child", "")
        if child.isdigit():
            links = links.filter(child_id=int(child)) | links.filter(sibling_id=int(child))
        return links.order_by("child_id", "sibling_id", "pk")

    def get_object(self) -> SiblingLink:
        link = sibling_link_for(user=self.request.user, pk=self.kwargs["pk"])
        if link is None:
            raise Http404("No such link")
        return link

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        link = self.get_object()
        record_view(link, via="API")
        return Response(self.get_serializer(link).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        errors: dict[str, list[str]] = {}
        try:
            child = child_for(user=request.user, pk=data["child_id"])
        except ChildNotAvailable:
            errors["child"] = [NOT_VISIBLE]
        try:
            sibling = child_for(user=request.user, pk=data["sibling_id"])
        except ChildNotAvailable:
            errors["sibling"] = [NOT_VISIBLE]
        if errors:
            raise serializers.ValidationError(errors)
        member = None
        if data.get("family_member_id"):
            member = FamilyMember.objects.filter(pk=data["family_member_id"], child=child).first()
            if member is None:
                raise serializers.ValidationError({"family_member": ["Select a family member entry of this child"]})
        if not request.user.has_perm("people.change_child", child):
            self.permission_denied(request, "Your role cannot link brothers and sisters")
        link = services.sibling_link_create(
            child=child, sibling=sibling, kind=data["kind"], linked_by=request.user, family_member=member
        )
        return Response(self.get_serializer(link).data, status=201)

    @action(detail=True, methods=["post"], serializer_class=SiblingRemoveSerializer)
    def remove(self, request: Request, pk: Any = None) -> Response:
        link = self.get_object()
        serializer = SiblingRemoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if not request.user.has_perm("people.change_child", link.child):
            self.permission_denied(request, "Your role cannot remove links between brothers and sisters")
        services.sibling_link_remove(link=link, removed_by=request.user, reason=serializer.validated_data["reason"])
        return Response(status=204)

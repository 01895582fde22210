"""RAG ratings and factors in the REST API: the same services, so the same rules (factors from the right list,
reasons for an override, confirmation by a manager who did not rate); scoped to children the caller may see."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from caseboard.core import limits
from caseboard.people.selectors import ChildNotAvailable, child_for

from . import services
from .models import RagFactor, RagRating, RatingCampaign, RatingColour
from .selectors import campaign_progress, campaigns_visible_to, rating_for, ratings_visible_to


class RagFactorSerializer(serializers.ModelSerializer):
    class Meta:
        model = RagFactor
        fields = ["code", "label", "applies_to", "pushes_towards", "is_active", "order"]


class RagRatingSerializer(serializers.ModelSerializer):
    child = serializers.IntegerField(source="child_id")
    rating = serializers.ChoiceField(choices=RatingColour.choices)
    # A plain string in the schema, so the rating's choices are one enum.
    suggested_rating = serializers.CharField(read_only=True)
    factor_codes = serializers.ListField(
        child=serializers.CharField(), write_only=True, required=False, default=list, max_length=limits.MAX_ITEMS
    )
    factors = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    rated_by = serializers.CharField(source="rated_by.get_full_name", read_only=True)
    confirmed_by = serializers.CharField(source="confirmed_by.get_full_name", default=None, read_only=True)

    class Meta:
        model = RagRating
        fields = [
            "id",
            "child",
            "rating",
            "suggested_rating",
            "factor_codes",
            "factors",
            "rationale",
            "is_care_leaver_rating",
            "rated_by",
            "rated_at",
            "confirmed_by",
            "confirmed_at",
            "next_review_on",
        ]
        read_only_fields = ["is_care_leaver_rating", "rated_at", "confirmed_at", "next_review_on"]
        extra_kwargs = {"rationale": {"required": False, "allow_blank": True}}

    def validate_child(self, pk: int) -> Any:
        try:
            return child_for(user=self.context["request"].user, pk=pk)
        except ChildNotAvailable:
            raise serializers.ValidationError("Select a child whose record you can see") from None


class ConfirmSerializer(serializers.Serializer):
    """Confirming takes no fields: who confirms is the caller."""


class RagRatingViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """RAG ratings of children the caller may see, newest first; filter with ``?child=``. POST records a rating;
    ``confirm`` confirms one (a manager of a team holding the child, not the rater)."""

    serializer_class = RagRatingSerializer

    def get_queryset(self):
        ratings = ratings_visible_to(self.request.user)
        child = self.request.query_params.get("child")
        if child is not None:
            ratings = ratings.filter(child_id=int(child)) if child.isdigit() else ratings.none()
        return ratings

    def get_object(self) -> RagRating:
        rating = rating_for(user=self.request.user, pk=self.kwargs["pk"])
        if rating is None:
            raise Http404("No such rating")
        return rating

    def perform_create(self, serializer: RagRatingSerializer) -> None:
        data = serializer.validated_data
        child = data["child_id"]
        if not self.request.user.has_perm("people.change_child", child):
            self.permission_denied(self.request, "Your role cannot rate children")
        serializer.instance = services.rag_rating_record(
            child=child,
            rated_by=self.request.user,
            rating=data["rating"],
            factor_codes=data.get("factor_codes", []),
            rationale=data.get("rationale", ""),
        )

    @action(detail=True, methods=["post"], serializer_class=ConfirmSerializer)
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        rating = services.rag_rating_confirm(rating=self.get_object(), confirmed_by=request.user)
        return Response(RagRatingSerializer(rating, context={"request": request}).data)


class RagFactorViewSet(viewsets.ReadOnlyModelViewSet):
    """The council's factor list (children's and care leavers'), in its order; ``?active=true`` for those in use."""

    serializer_class = RagFactorSerializer
    lookup_field = "code"

    def get_queryset(self):
        factors = RagFactor.objects.order_by("applies_to", "order", "pk")
        if self.request.query_params.get("active") == "true":
            factors = factors.filter(is_active=True)
        return factors


class RatingCampaignSerializer(serializers.ModelSerializer):
    """A campaign and, when read, its progress: rated since it started, confirmed and outstanding, in all."""

    progress = serializers.SerializerMethodField()

    class Meta:
        model = RatingCampaign
        fields = ["id", "name", "service", "team", "deadline", "started_on", "started_by", "progress"]
        read_only_fields = ["started_on", "started_by"]

    def get_progress(self, campaign: RatingCampaign) -> dict[str, int]:
        total = campaign_progress(user=self.context["request"].user, campaign=campaign).total
        return {"rated": total.rated, "confirmed": total.confirmed, "outstanding": total.outstanding}


class RatingCampaignViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Rating campaigns the caller may review; POST starts one for a team or a service (managers and heads of
    service), through the same service and rules as the pages."""

    serializer_class = RatingCampaignSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no signed-in user
            return RatingCampaign.objects.none()
        return campaigns_visible_to(self.request.user)

    def perform_create(self, serializer: RatingCampaignSerializer) -> None:
        data = serializer.validated_data
        serializer.instance = services.campaign_start(
            started_by=self.request.user,
            name=data.get("name", ""),
            deadline=data.get("deadline"),
            service=data.get("service"),
            team=data.get("team"),
        )

"""Contacts, referrals, screening and assessments in the REST API: the same services (so the same rules and
messages) and the same scoping as the pages. Records outside need to know answer 404; bad input 400 with errors
per field. Reading one record is audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from caseboard.casework.codes import PrimaryNeed, ReferralSource
from caseboard.core import limits
from caseboard.core.audit import record_view
from caseboard.core.idempotency import idempotent
from caseboard.decisions.models import KeyDecision
from caseboard.people.models import Child

from . import selectors, services
from .codes import AssessmentFactor
from .models import (
    AgencyCheck,
    Assessment,
    AssessmentOutcome,
    AssessmentPause,
    Contact,
    ContactDecision,
    ContactMethod,
    Referral,
    Screening,
)

NOT_VISIBLE = "Select children whose records you can see"


def _child(user: Any, pk: int) -> Child:
    child = selectors.linkable_children(user=user).filter(pk=pk).first()
    if child is None:
        raise serializers.ValidationError(NOT_VISIBLE)
    return child


def _forbid_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# --- contacts --------------------------------------------------------------------------------------------------
class NewChildSerializer(serializers.Serializer):
    first_name = serializers.CharField(allow_blank=True)
    last_name = serializers.CharField(allow_blank=True)
    sex = serializers.ChoiceField(choices=[("M", "Male"), ("F", "Female"), ("U", "Not known")])
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)


class ChildIdsField(serializers.ListField):
    """Child ids in; the contact's children's ids out."""

    def to_representation(self, value: Any) -> list[int]:
        return sorted(child.pk for child in value.all())


class ContactSerializer(serializers.ModelSerializer):
    children = ChildIdsField(
        child=serializers.IntegerField(), required=False, default=list, max_length=limits.MAX_CHILDREN
    )
    new_children = NewChildSerializer(
        many=True, required=False, default=list, write_only=True, max_length=limits.MAX_CHILDREN
    )
    referrer_agency = serializers.ChoiceField(choices=ReferralSource.choices)
    method = serializers.ChoiceField(choices=ContactMethod.choices)
    decision = serializers.CharField(
        read_only=True,
        help_text="Empty while awaiting a decision; else "
        + ", ".join(value for value in ContactDecision.values if value),
    )

    class Meta:
        model = Contact
        fields = [
            "id",
            "received_at",
            "received_on",
            "referrer_name",
            "referrer_agency",
            "referrer_details",
            "method",
            "concerns",
            "children",
            "new_children",
            "decision",
            "decision_due_on",
            "decided_at",
            "decided_by",
            "decision_reasons",
            "early_help_paused",
            "early_help_pause_reason",
            "needs_urgent_social_work",
            "risk_check_notes",
            "referrer_advised_to_rerefer",
            "routed_to_screening",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = [
            "id",
            "received_on",
            "decision_due_on",
            "decided_at",
            "decided_by",
            "decision_reasons",
            "early_help_paused",
            "early_help_pause_reason",
            "needs_urgent_social_work",
            "risk_check_notes",
            "referrer_advised_to_rerefer",
            "routed_to_screening",
            "recorded_by",
            "recorded_at",
        ]
        extra_kwargs = {"received_at": {"required": True}}

    def validate_children(self, ids: list[int]) -> list[Child]:
        return [_child(self.context["request"].user, pk) for pk in ids]


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[c for c in ContactDecision.choices if c[0]])
    reasons = serializers.CharField(allow_blank=True)
    primary_need = serializers.ChoiceField(choices=PrimaryNeed.choices, required=False, allow_blank=True, default="")
    needs_urgent_social_work = serializers.BooleanField(required=False, allow_null=True, default=None)
    risk_check_notes = serializers.CharField(required=False, allow_blank=True, default="")
    referrer_advised_to_rerefer = serializers.BooleanField(required=False, default=False)


class _NeedToKnowRecord:
    """One record through its need-to-know selector (404 outside it), each read recorded in the audit log. A viewset
    sets ``record_for(user, pk)`` and ``record_name``."""

    record_name = "record"

    def record_for(self, user: Any, pk: Any) -> Any:
        raise NotImplementedError

    def get_object(self) -> Any:
        found = self.record_for(self.request.user, self.kwargs["pk"])  # type: ignore[attr-defined]
        if found is None:
            raise Http404(f"No such {self.record_name}")
        return found

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        found = self.get_object()
        record_view(found, via="API")
        return Response(self.get_serializer(found).data)  # type: ignore[attr-defined]


class ContactViewSet(_NeedToKnowRecord, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Front door contacts the caller may see, newest first; ``?awaiting=1`` lists those awaiting a decision,
    soonest due first. POST records a contact (front door staff); ``POST /{id}/decide/`` records the decision."""

    serializer_class = ContactSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Contact.objects.none()
        contacts = selectors.contacts_visible_to(self.request.user).prefetch_related("children")
        if self.request.query_params.get("awaiting") == "1":
            return contacts.filter(decision=ContactDecision.AWAITING).order_by("decision_due_on", "received_at", "pk")
        return contacts.order_by("-received_at", "-pk")

    record_name = "contact"

    def record_for(self, user: Any, pk: Any) -> Contact | None:
        return selectors.contact_for(user=user, pk=pk)

    @idempotent
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer: ContactSerializer) -> None:
        _forbid_unless(selectors.works_at_front_door(self.request.user), "Only front door staff record contacts")
        data = dict(serializer.validated_data)
        new_children = [services.NewChild(**entry) for entry in data.pop("new_children", [])]
        serializer.instance = services.contact_record(recorded_by=self.request.user, new_children=new_children, **data)

    @extend_schema(request=DecisionSerializer, responses=ContactSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        contact = self.get_object()
        _forbid_unless(selectors.works_at_front_door(request.user), "Only front door staff decide on contacts")
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = services.contact_decide(contact=contact, decided_by=request.user, **serializer.validated_data)
        data = ContactSerializer(result.contact, context={"request": request}).data
        data["referrals"] = [referral.pk for referral in result.referrals]
        data["message"] = result.message
        return Response(data)


# --- referrals -------------------------------------------------------------------------------------------------
class ReferralSerializer(serializers.ModelSerializer):
    child = serializers.IntegerField(source="child_id")
    source = serializers.ChoiceField(choices=ReferralSource.choices)
    primary_need = serializers.ChoiceField(choices=PrimaryNeed.choices)
    screening_complete = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = [
            "id",
            "child",
            "contact",
            "received_on",
            "source",
            "primary_need",
            "is_re_referral",
            "needs_strategy_discussion",
            "episode",
            "screening_complete",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = ["id", "contact", "is_re_referral", "episode", "recorded_by", "recorded_at"]
        extra_kwargs = {"received_on": {"required": True}}

    def get_screening_complete(self, referral: Referral) -> bool:
        screening = getattr(referral, "screening", None)
        return bool(screening and screening.completed_at)

    def validate_child(self, pk: int) -> Child:
        return _child(self.context["request"].user, pk)


class ReferralViewSet(_NeedToKnowRecord, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Referrals the caller may see, newest first; filter with ``?child=<id>``. POST records a referral directly
    (front door staff): it opens the child-in-need episode unless one is open."""

    serializer_class = ReferralSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Referral.objects.none()
        referrals = selectors.referrals_visible_to(self.request.user).select_related("screening")
        child = self.request.query_params.get("child", "")
        if child.isdigit():
            referrals = referrals.filter(child_id=int(child))
        return referrals.order_by("-received_on", "-pk")

    record_name = "referral"

    def record_for(self, user: Any, pk: Any) -> Referral | None:
        return selectors.referral_for(user=user, pk=pk)

    def perform_create(self, serializer: ReferralSerializer) -> None:
        _forbid_unless(selectors.works_at_front_door(self.request.user), "Only front door staff record referrals")
        data = dict(serializer.validated_data)
        serializer.instance = services.referral_create(
            child=data.pop("child_id"), recorded_by=self.request.user, **data
        )


# --- screening -------------------------------------------------------------------------------------------------
class ScreeningSerializer(serializers.ModelSerializer):
    outstanding = serializers.SerializerMethodField()

    class Meta:
        model = Screening
        fields = [
            "id",
            "referral",
            *services.SCREENING_FIELDS,
            "initial_visit_decision",
            "manager_confirmed_at",
            "manager_confirmed_by",
            "completed_at",
            "outstanding",
            "version",
        ]
        read_only_fields = [
            "id",
            "referral",
            "initial_visit_decision",
            "manager_confirmed_at",
            "manager_confirmed_by",
            "completed_at",
        ]
        extra_kwargs = {"version": {"required": False}}

    def get_outstanding(self, screening: Screening) -> list[str]:
        return services.screening_outstanding(screening)


class ScreeningConfirmSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


class ScreeningViewSet(_NeedToKnowRecord, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The screening checklist of each referral the caller may see. PATCH records items (any subset); send
    ``version`` to refuse the change if someone else saved it meanwhile. ``outstanding`` lists what is left."""

    serializer_class = ScreeningSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Screening.objects.none()
        return (
            selectors.screenings_visible_to(self.request.user)
            .select_related("referral__child", "initial_visit_decision")
            .order_by("-referral__received_on", "-pk")
        )

    record_name = "screening"

    def record_for(self, user: Any, pk: Any) -> Screening | None:
        return self.get_queryset().filter(pk=pk).first() if str(pk).isdigit() else None

    def perform_update(self, serializer: ScreeningSerializer) -> None:
        screening = serializer.instance
        data = dict(serializer.validated_data)
        version = data.pop("version", None)
        serializer.instance = services.screening_update(
            screening=screening, updated_by=self.request.user, expected_version=version, **data
        )

    @extend_schema(request=ScreeningConfirmSerializer, responses=ScreeningSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Any, pk: Any = None) -> Response:
        """The manager named confirms the decision recorded in their name (403 for anyone else); send ``version``
        to refuse it if the screening changed since it was read."""
        screening = self.get_object()
        body = ScreeningConfirmSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        screening = services.screening_decision_confirm(
            screening=screening, confirmed_by=request.user, expected_version=body.validated_data.get("version")
        )
        return Response(ScreeningSerializer(screening, context=self.get_serializer_context()).data)


# --- assessments -----------------------------------------------------------------------------------------------
class PauseSerializer(serializers.ModelSerializer):
    class Meta:
        model = AssessmentPause
        fields = ["id", "decision", "starts_on", "ends_on"]
        read_only_fields = ["id"]
        extra_kwargs = {"starts_on": {"required": True}, "decision": {"required": True, "allow_null": True}}


class AssessmentSerializer(serializers.ModelSerializer):
    referral = serializers.IntegerField(source="referral_id")
    factors = serializers.ListField(
        max_length=limits.MAX_ITEMS,
        child=serializers.ChoiceField(choices=AssessmentFactor.choices),
        required=False,
        default=list,
    )
    outcome = serializers.ChoiceField(choices=AssessmentOutcome.choices, required=False, allow_blank=True, default="")
    pauses = PauseSerializer(many=True, read_only=True)
    due_on = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "id",
            "child",
            "referral",
            "started_on",
            "authorised_on",
            "completed_on",
            "factors",
            "outcome",
            "reason_late",
            "delayed_by_pandemic",
            "due_on",
            "pauses",
            "version",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = ["id", "child", "recorded_by", "recorded_at"]
        extra_kwargs = {"started_on": {"required": True}, "version": {"required": False}}

    def get_due_on(self, assessment: Assessment) -> str:
        from django.utils import timezone

        return selectors.assessment_clock(assessment, timezone.localdate()).due_on.isoformat()

    def validate_referral(self, pk: int) -> Referral:
        referral = selectors.referral_for(user=self.context["request"].user, pk=pk)
        if referral is None:
            raise serializers.ValidationError("Select a referral you can see")
        return referral


class AssessmentViewSet(
    _NeedToKnowRecord, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Child and family assessments the caller may see, newest first; filter with ``?child=<id>``. POST starts one
    for a referral; PATCH records its dates, factors and outcome; ``POST /{id}/pause/`` pauses it by an approved
    key decision. ``due_on`` is 45 working days from the referral plus the working days paused."""

    serializer_class = AssessmentSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Assessment.objects.none()
        assessments = (
            selectors.assessments_visible_to(self.request.user).select_related("referral").prefetch_related("pauses")
        )
        child = self.request.query_params.get("child", "")
        if child.isdigit():
            assessments = assessments.filter(child_id=int(child))
        return assessments.order_by("-started_on", "-pk")

    record_name = "assessment"

    def record_for(self, user: Any, pk: Any) -> Assessment | None:
        return selectors.assessment_for(user=user, pk=pk)

    def perform_create(self, serializer: AssessmentSerializer) -> None:
        data = serializer.validated_data
        serializer.instance = services.assessment_start(
            referral=data["referral_id"], started_by=self.request.user, started_on=data["started_on"]
        )

    def perform_update(self, serializer: AssessmentSerializer) -> None:
        current: Assessment = serializer.instance
        data = dict(serializer.validated_data)
        data.pop("referral_id", None)
        fields = {
            name: data.get(name, getattr(current, name))
            for name in (
                "started_on",
                "authorised_on",
                "completed_on",
                "factors",
                "outcome",
                "reason_late",
                "delayed_by_pandemic",
            )
        }
        serializer.instance = services.assessment_update(
            assessment=current, updated_by=self.request.user, expected_version=data.get("version"), **fields
        )

    @extend_schema(request=PauseSerializer, responses=PauseSerializer)
    @action(detail=True, methods=["post"])
    def pause(self, request: Request, pk: str | None = None) -> Response:
        assessment = self.get_object()
        serializer = PauseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        decision: KeyDecision | None = data.get("decision")  # the service checks it covers the child
        pause = services.assessment_pause(
            assessment=assessment,
            recorded_by=request.user,
            decision=decision,
            starts_on=data["starts_on"],
            ends_on=data.get("ends_on"),
        )
        return Response(PauseSerializer(pause).data, status=201)


class AgencyCheckSerializer(serializers.ModelSerializer):
    """Only the shapes; the rules are the service's (``agency_check_record``), as on the page."""

    class Meta:
        model = AgencyCheck
        fields = ["id", "screening", "agency", "asked_on", "answered_on", "shared", "recorded_at"]
        read_only_fields = ["id", "recorded_at"]
        extra_kwargs = {"shared": {"max_length": 5000}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and getattr(request, "user", None) is not None and "screening" in self.fields:
            # Only a screening the caller may see can be named (others are "does not exist", as if missing).
            self.fields["screening"].queryset = selectors.screenings_visible_to(request.user)


class AgencyCheckViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The agencies asked at the screenings the caller may see: POST adds one, PATCH records its answer."""

    serializer_class = AgencyCheckSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AgencyCheck.objects.none()
        return (
            AgencyCheck.objects.filter(screening__in=selectors.screenings_visible_to(self.request.user).values("pk"))
            .select_related("agency")
            .order_by("-asked_on", "-pk")
        )

    def perform_create(self, serializer: AgencyCheckSerializer) -> None:
        data = serializer.validated_data
        serializer.instance = services.agency_check_record(
            screening=data["screening"],
            agency=data["agency"],
            asked_on=data.get("asked_on"),
            answered_on=data.get("answered_on"),
            shared=data.get("shared", ""),
            recorded_by=self.request.user,
        )

    def perform_update(self, serializer: AgencyCheckSerializer) -> None:
        check, data = serializer.instance, serializer.validated_data
        serializer.instance = services.agency_check_record(
            screening=check.screening,
            agency=data.get("agency", check.agency),
            asked_on=data.get("asked_on", check.asked_on),
            answered_on=data.get("answered_on", check.answered_on),
            shared=data.get("shared", check.shared),
            recorded_by=self.request.user,
            check=check,
        )

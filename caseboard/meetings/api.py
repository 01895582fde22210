"""Meetings and section 47 enquiries in the REST API: the same services, so the same rules (a core group only for a
child on a plan, an initial conference not before its strategy discussion, a statutory meeting cancelled only under
an approved key decision, only invitees recorded as taking part); scoped to the children the caller may see (404
otherwise). Reading one meeting or enquiry is audited."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from caseboard.casework.codes import CategoryOfAbuse
from caseboard.core import limits
from caseboard.core.audit import record_view
from caseboard.people.models import Child
from caseboard.people.selectors import ChildNotAvailable, child_for

from . import services
from .models import (
    Invitee,
    Meeting,
    MeetingAction,
    MeetingFormat,
    MeetingKind,
    MeetingOutcome,
    Postponement,
    Section47Enquiry,
    Section47Outcome,
    TakingPart,
)
from .selectors import meeting_for, meetings_visible_to, postponement_summary, section_47_for, section_47_visible_to


def _open_children(user: Any, ids: list[int]) -> list[Child]:
    try:
        return [child_for(user=user, pk=pk) for pk in ids]
    except ChildNotAvailable:
        raise serializers.ValidationError("Select children whose records you can see") from None


class ChildIdsField(serializers.ListField):
    """Children's ids: written as a list, read from the meeting's children."""

    child = serializers.IntegerField()

    def to_representation(self, value: Any) -> list[int]:
        return [child.pk for child in value.all()]


class InviteeSerializer(serializers.ModelSerializer):
    took_part = serializers.ChoiceField(choices=TakingPart.choices, read_only=True)

    class Meta:
        model = Invitee
        fields = ["id", "name", "role", "user", "attended", "took_part"]
        read_only_fields = ["id", "user", "attended", "took_part"]


class PostponementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Postponement
        fields = ["from_at", "to_at", "reason", "recorded_by", "recorded_at"]


class MeetingActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeetingAction
        fields = ["id", "text", "owner_name", "due_on", "done_on"]


class MeetingSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    format = serializers.ChoiceField(choices=MeetingFormat.choices)
    outcome = serializers.ChoiceField(choices=MeetingOutcome.choices, read_only=True)
    children = ChildIdsField(min_length=1, max_length=limits.MAX_CHILDREN)
    invitees = InviteeSerializer(many=True, required=False, max_length=limits.MAX_ITEMS)
    postponements = PostponementSerializer(many=True, read_only=True)
    actions = MeetingActionSerializer(many=True, read_only=True)
    postponed = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "kind",
            "children",
            "scheduled_for",
            "status",
            "format",
            "chair",
            "due_on",
            "venue",
            "joining_details",
            "joining_details_shared_on",
            "strategy_discussion",
            "held_on",
            "minutes",
            "decisions",
            "outcome",
            "category_of_abuse",
            "cancelled_on",
            "cancellation_reason",
            "cancellation_decision",
            "invitees",
            "postponements",
            "postponed",
            "actions",
            "version",
        ]
        read_only_fields = [
            "id",
            "status",
            "due_on",
            "strategy_discussion",
            "held_on",
            "minutes",
            "decisions",
            "category_of_abuse",
            "cancelled_on",
            "cancellation_reason",
            "cancellation_decision",
            "version",
        ]

    def get_postponed(self, meeting: Meeting) -> str:
        return postponement_summary(meeting)

    def validate_children(self, ids: list[int]) -> list[Child]:
        return _open_children(self.context["request"].user, ids)


class HoldSerializer(serializers.Serializer):
    class AttendanceSerializer(serializers.Serializer):
        invitee = serializers.IntegerField()
        took_part = serializers.ChoiceField(choices=TakingPart.choices)

    held_on = serializers.DateField()
    format = serializers.ChoiceField(choices=MeetingFormat.choices)
    attendance = AttendanceSerializer(many=True, allow_empty=False, max_length=limits.MAX_ITEMS)
    minutes = serializers.CharField(required=False, allow_blank=True, default="")
    decisions = serializers.CharField(required=False, allow_blank=True, default="")
    outcome = serializers.ChoiceField(choices=MeetingOutcome.choices, required=False, allow_blank=True, default="")
    category_of_abuse = serializers.ChoiceField(
        choices=CategoryOfAbuse.choices, required=False, allow_blank=True, default=""
    )


class PostponeSerializer(serializers.Serializer):
    new_scheduled_for = serializers.DateTimeField()
    reason = serializers.CharField()


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField()


class MeetingViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Meetings every child on which the caller may see, newest first; filter with ``?child=<id>``,
    ``?kind=`` and ``?status=``. POST arranges one (its ``due_on`` comes from the operating model's timescales);
    ``hold``, ``postpone`` and ``cancel`` record what happened. Reading one meeting is audited."""

    serializer_class = MeetingSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Meeting.objects.none()
        meetings = meetings_visible_to(self.request.user).prefetch_related(
            "children", "invitees", "postponements", "actions"
        )
        params = self.request.query_params
        if params.get("child", "").isdigit():
            meetings = meetings.filter(children=int(params["child"]))
        if params.get("kind") in MeetingKind.values:
            meetings = meetings.filter(kind=params["kind"])
        if params.get("status"):
            meetings = meetings.filter(status=params["status"])
        return meetings.order_by("-scheduled_for", "-pk")

    def get_object(self) -> Meeting:
        meeting = meeting_for(user=self.request.user, pk=self.kwargs["pk"])
        if meeting is None:
            raise Http404("No such meeting")
        return meeting

    def _may_record(self, children: list[Child]) -> None:
        if not all(self.request.user.has_perm("meetings.record_meeting", child) for child in children):
            self.permission_denied(self.request, "Your role cannot arrange or record meetings")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        meeting = self.get_object()
        record_view(meeting, via="API")
        return Response(self.get_serializer(meeting).data)

    def perform_create(self, serializer: MeetingSerializer) -> None:
        data = dict(serializer.validated_data)
        children = data.pop("children")
        self._may_record(children)
        invitees = [services.InviteeInput(name=i["name"], role=i.get("role", "")) for i in data.pop("invitees", [])]
        serializer.instance = services.meeting_schedule(
            children=children, scheduled_by=self.request.user, invitees=invitees, **data
        )

    def _act(self, request: Request, serializer_class: type[serializers.Serializer], run: Any) -> Response:
        meeting = self.get_object()
        self._may_record(list(meeting.children.all()))
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        run(meeting, dict(serializer.validated_data))
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=HoldSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def hold(self, request: Request, pk: str | None = None) -> Response:
        """Record the meeting as held: date, format, who took part (invitees only) and how, minutes, decisions and
        the outcome (with the category of abuse when an initial conference makes a plan)."""

        def run(meeting: Meeting, data: dict[str, Any]) -> None:
            attendance = {entry["invitee"]: entry["took_part"] for entry in data.pop("attendance")}
            services.meeting_hold(meeting=meeting, recorded_by=request.user, attendance=attendance, **data)

        return self._act(request, HoldSerializer, run)

    @extend_schema(request=PostponeSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def postpone(self, request: Request, pk: str | None = None) -> Response:
        """Postpone to a later date with the reason; the due date does not move."""
        return self._act(
            request,
            PostponeSerializer,
            lambda meeting, data: services.meeting_postpone(meeting=meeting, postponed_by=request.user, **data),
        )

    @extend_schema(request=CancelSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """Cancel with the reason; a statutory meeting needs an approved "Statutory meeting cancelled" decision."""
        return self._act(
            request,
            CancelSerializer,
            lambda meeting, data: services.meeting_cancel(meeting=meeting, cancelled_by=request.user, **data),
        )


class Section47EnquirySerializer(serializers.ModelSerializer):
    outcome = serializers.ChoiceField(choices=Section47Outcome.choices, read_only=True)

    class Meta:
        model = Section47Enquiry
        fields = ["id", "child", "strategy_discussion", "started_on", "outcome", "completed_on", "findings"]
        read_only_fields = fields


class Section47CompleteSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Section47Outcome.choices)
    completed_on = serializers.DateField()
    findings = serializers.CharField(required=False, allow_blank=True, default="")


class Section47EnquiryViewSet(viewsets.ReadOnlyModelViewSet):
    """Section 47 enquiries of the children the caller may see, newest first (``?child=<id>``). ``complete``
    records the outcome. Reading one is audited."""

    serializer_class = Section47EnquirySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Section47Enquiry.objects.none()
        enquiries = section_47_visible_to(self.request.user)
        child = self.request.query_params.get("child", "")
        if child.isdigit():
            enquiries = enquiries.filter(child_id=int(child))
        return enquiries.order_by("-started_on", "-pk")

    def get_object(self) -> Section47Enquiry:
        enquiry = section_47_for(user=self.request.user, pk=self.kwargs["pk"])
        if enquiry is None:
            raise Http404("No such enquiry")
        return enquiry

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        enquiry = self.get_object()
        record_view(enquiry, via="API")
        return Response(self.get_serializer(enquiry).data)

    @extend_schema(request=Section47CompleteSerializer, responses=Section47EnquirySerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        enquiry = self.get_object()
        if not request.user.has_perm("meetings.record_meeting", enquiry.child):
            self.permission_denied(request, "Your role cannot record section 47 enquiries")
        serializer = Section47CompleteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        done = services.section_47_complete(enquiry=enquiry, completed_by=request.user, **serializer.validated_data)
        return Response(self.get_serializer(done).data)

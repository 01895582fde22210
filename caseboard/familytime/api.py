"""Family time in the REST API: arrangements (with ``propose-change`` and ``slots``, the slot finder), sessions
(book, record, cancel, carer's feedback, observation notes) and venues with their rooms. The same services and
selectors as the pages, so the same rules and the same need to know (404 outside it); reading one record is
audited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
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

from caseboard.accounts.models import User
from caseboard.core.audit import record_download, record_view
from caseboard.people.models import Child, FamilyMember
from caseboard.people.selectors import ChildNotAvailable, child_for, children_visible_to

from . import reports, selectors, services
from .models import (
    CHANGEABLE_FIELDS,
    Arrangement,
    ArrangementChange,
    ArrangementStatus,
    CancelledBy,
    CancelReason,
    Mode,
    Period,
    Room,
    SchoolHoliday,
    Session,
    Source,
    Supervision,
    Venue,
    VenueKind,
)


class VisibleChildField(serializers.PrimaryKeyRelatedField):
    """A child the caller may see (need to know): others read as not found, like a child that does not exist."""

    def get_queryset(self):
        return children_visible_to(self.context["request"].user)


class ArrangementSerializer(serializers.ModelSerializer):
    child = serializers.IntegerField(source="child_id")
    source = serializers.ChoiceField(choices=Source.choices)
    period = serializers.ChoiceField(choices=Period.choices)
    supervision = serializers.ChoiceField(choices=Supervision.choices)
    mode = serializers.ChoiceField(choices=Mode.choices)
    venue_kind = serializers.ChoiceField(choices=VenueKind.choices)
    family_members = serializers.PrimaryKeyRelatedField(many=True, queryset=FamilyMember.objects.all(), required=False)
    siblings = VisibleChildField(many=True, required=False)

    class Meta:
        model = Arrangement
        fields = [
            "id",
            "child",
            "family_members",
            "siblings",
            "with_whom",
            "source",
            "court_order_provision",
            "times",
            "period",
            "duration_minutes",
            "supervision",
            "mode",
            "venue_kind",
            "venue",
            "transport_needs",
            "escort_needs",
            "supervisor",
            "starts_on",
            "ends_on",
            "status",
            "not_looked_after_reason",
            "spirit_of_the_order",
            "risks",
            "version",
        ]
        read_only_fields = ["id", "status", "version"]

    def validate_child(self, pk: int) -> Child:
        try:
            return child_for(user=self.context["request"].user, pk=pk)
        except ChildNotAvailable:
            raise serializers.ValidationError("Select a child whose record you can see") from None

    def validate_siblings(self, children: list[Child]) -> list[Child]:
        user = self.context["request"].user
        visible = set(children_visible_to(user).filter(pk__in=[c.pk for c in children]).values_list("pk", flat=True))
        if any(child.pk not in visible for child in children):
            raise serializers.ValidationError("Select brothers and sisters whose records you can see")
        return children


class FamilyTimeChangeSerializer(serializers.Serializer):
    reason = serializers.CharField()
    applies_from = serializers.DateField()
    risks_considered = serializers.CharField(required=False, allow_blank=True, default="")
    mitigations = serializers.CharField(required=False, allow_blank=True, default="")
    times = serializers.IntegerField(required=False, min_value=1, max_value=14)
    period = serializers.ChoiceField(choices=Period.choices, required=False)
    duration_minutes = serializers.IntegerField(required=False, min_value=15, max_value=480)
    supervision = serializers.ChoiceField(choices=Supervision.choices, required=False)
    mode = serializers.ChoiceField(choices=Mode.choices, required=False)
    venue_kind = serializers.ChoiceField(choices=VenueKind.choices, required=False)
    venue = serializers.PrimaryKeyRelatedField(queryset=Venue.objects.all(), required=False, allow_null=True)
    supervisor = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    transport_needs = serializers.CharField(required=False, allow_blank=True)
    escort_needs = serializers.CharField(required=False, allow_blank=True)
    ends_on = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=ArrangementStatus.choices, required=False)
    spirit_of_the_order = serializers.CharField(required=False, allow_blank=True)


class ArrangementChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ArrangementChange
        fields = ["id", "arrangement", "decision", "before", "after", "reason", "status", "proposed_at", "applied_at"]
        read_only_fields = fields


class FamilyTimeSlotSerializer(serializers.Serializer):
    room = serializers.IntegerField(source="room_id", allow_null=True)
    room_name = serializers.CharField()
    starts_at = serializers.DateTimeField(source="start")
    ends_at = serializers.DateTimeField(source="end")


class ArrangementViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Family time arrangements the caller may see (``?child=<id>``). POST records one; ``propose-change`` proposes
    a change as the key decision linked to it (it takes effect when approved); ``slots`` is the slot finder."""

    serializer_class = ArrangementSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Arrangement.objects.none()
        arrangements = selectors.arrangements_visible_to(self.request.user).prefetch_related(
            "family_members", "siblings"
        )
        child = self.request.query_params.get("child", "")
        if child.isdigit():
            arrangements = arrangements.filter(child_id=int(child))
        return arrangements.order_by("child_id", "-starts_on", "pk")

    def get_object(self) -> Arrangement:
        arrangement = selectors.arrangement_for(user=self.request.user, pk=self.kwargs["pk"])
        if arrangement is None:
            raise Http404("No such arrangement")
        return arrangement

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        arrangement = self.get_object()
        record_view(arrangement, via="API")
        return Response(self.get_serializer(arrangement).data)

    def perform_create(self, serializer: ArrangementSerializer) -> None:
        data = dict(serializer.validated_data)
        child = data.pop("child_id")
        if not self.request.user.has_perm("familytime.record_arrangement", child):
            self.permission_denied(self.request, "Your role cannot record family time")
        data.pop("status", None)
        serializer.instance = services.arrangement_record(child=child, recorded_by=self.request.user, **data)

    @extend_schema(request=FamilyTimeChangeSerializer, responses=ArrangementChangeSerializer)
    @action(detail=True, methods=["post"], url_path="propose-change")
    def propose_change(self, request: Request, pk: str | None = None) -> Response:
        arrangement = self.get_object()
        if not request.user.has_perm("familytime.change_arrangement", arrangement):
            self.permission_denied(request, "Your role cannot change family time")
        serializer = FamilyTimeChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        fields = {name: data.pop(name) for name in CHANGEABLE_FIELDS if name in data}
        change = services.arrangement_change_propose(
            arrangement=arrangement, proposed_by=request.user, **data, **fields
        )
        return Response(ArrangementChangeSerializer(change).data, status=201)

    @extend_schema(
        parameters=[
            OpenApiParameter("from", str, description="First day (YYYY-MM-DD), default today"),
            OpenApiParameter("days", int, description="How many days to search (1 to 56), default 28"),
        ],
        responses=FamilyTimeSlotSerializer(many=True),
    )
    @action(detail=True, methods=["get"])
    def slots(self, request: Request, pk: str | None = None) -> Response:
        """The next free slots for the arrangement, honouring every booking rule."""
        arrangement = self.get_object()
        if not request.user.has_perm("familytime.book_arrangement", arrangement):
            self.permission_denied(request, "Your role cannot book family time")
        errors = {}
        try:
            first = date.fromisoformat(request.query_params.get("from") or timezone.localdate().isoformat())
        except ValueError:
            errors["from"] = ["Enter the first day as YYYY-MM-DD"]
        try:
            days = int(request.query_params.get("days", 28))
            if not 1 <= days <= 56:
                raise ValueError
        except ValueError:
            errors["days"] = ["Enter a number of days from 1 to 56"]
        if errors:
            raise serializers.ValidationError(errors)
        slots = selectors.find_slots(arrangement=arrangement, from_day=first, days=days, count=20)
        return Response(FamilyTimeSlotSerializer(slots, many=True).data)


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Session
        fields = [
            "id",
            "arrangement",
            "child",
            "mode",
            "venue",
            "room",
            "supervisor",
            "starts_at",
            "ends_at",
            "status",
            "replaces",
            "virtual_reason",
            "mode_held",
            "attended",
            "cancelled_by",
            "cancel_reason",
            "cancel_notes",
            "cancelled_at",
            "is_late_cancellation",
            "observation_notes",
            "carer_feedback",
            "childs_views",
            "concern_raised",
            "concern_details",
            "version",
        ]
        read_only_fields = fields


class FamilyTimeBookSerializer(serializers.Serializer):
    arrangement = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    room = serializers.PrimaryKeyRelatedField(queryset=Room.objects.all(), required=False, allow_null=True)
    mode = serializers.ChoiceField(choices=Mode.choices, required=False)


class FamilyTimeRecordSerializer(serializers.Serializer):
    held = serializers.BooleanField()
    mode_held = serializers.ChoiceField(choices=Mode.choices, required=False, allow_blank=True, default="")
    attended = serializers.CharField(required=False, allow_blank=True, default="")
    cancelled_by = serializers.ChoiceField(choices=CancelledBy.choices, required=False, allow_blank=True, default="")
    cancel_reason = serializers.ChoiceField(choices=CancelReason.choices, required=False, allow_blank=True, default="")
    cancel_notes = serializers.CharField(required=False, allow_blank=True, default="")
    childs_views = serializers.CharField(required=False, allow_blank=True, default="")
    observation_notes = serializers.CharField(required=False, allow_blank=True, default="")
    concern_raised = serializers.BooleanField(required=False, default=False)
    concern_details = serializers.CharField(required=False, allow_blank=True, default="")


class FamilyTimeCancelSerializer(serializers.Serializer):
    cancelled_by = serializers.ChoiceField(choices=CancelledBy.choices)
    reason = serializers.ChoiceField(choices=CancelReason.choices)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class FamilyTimeFeedbackSerializer(serializers.Serializer):
    feedback = serializers.CharField()


class FamilyTimeNotesSerializer(serializers.Serializer):
    notes = serializers.CharField()


class SessionViewSet(viewsets.ReadOnlyModelViewSet):
    """Family time sessions the caller may see (a supervisor's own, a coordinator's venues', the children the
    caller may see), by start (``?arrangement=<id>``, ``?from=YYYY-MM-DD``). ``book`` books one; ``record``,
    ``cancel``, ``feedback`` and ``observation`` record what happened."""

    serializer_class = SessionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Session.objects.none()
        sessions = selectors.sessions_visible_to(self.request.user)
        params = self.request.query_params
        if params.get("arrangement", "").isdigit():
            sessions = sessions.filter(arrangement_id=int(params["arrangement"]))
        return sessions.order_by("starts_at", "pk")

    def get_object(self) -> Session:
        session = selectors.session_for(user=self.request.user, pk=self.kwargs["pk"])
        if session is None:
            raise Http404("No such session")
        return session

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session = self.get_object()
        record_view(session, via="API")
        return Response(self.get_serializer(session).data)

    @extend_schema(request=FamilyTimeBookSerializer, responses=SessionSerializer)
    @action(detail=False, methods=["post"])
    def book(self, request: Request) -> Response:
        serializer = FamilyTimeBookSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        arrangement = selectors.arrangement_for(user=request.user, pk=data.pop("arrangement"))
        if arrangement is None:
            raise serializers.ValidationError({"arrangement": ["Select an arrangement you can see"]})
        if not request.user.has_perm("familytime.book_arrangement", arrangement):
            self.permission_denied(request, "Your role cannot book family time")
        room = data.get("room")
        if room is not None and room.venue_id != arrangement.venue_id:
            raise serializers.ValidationError({"room": ["Select a room at the arrangement's venue"]})
        session = services.session_book(arrangement=arrangement, booked_by=request.user, **data)
        return Response(self.get_serializer(session).data, status=201)

    def _act(self, request: Request, perm: str, serializer_class: type, run: Any) -> Response:
        session = self.get_object()
        if not request.user.has_perm(perm, session):
            self.permission_denied(request, "You cannot record this session")
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        run(session, dict(serializer.validated_data))
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=FamilyTimeRecordSerializer, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def record(self, request: Request, pk: str | None = None) -> Response:
        return self._act(
            request,
            "familytime.record_session",
            FamilyTimeRecordSerializer,
            lambda s, d: services.session_record(session=s, recorded_by=request.user, **d),
        )

    @extend_schema(request=FamilyTimeCancelSerializer, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        return self._act(
            request,
            "familytime.record_session",
            FamilyTimeCancelSerializer,
            lambda s, d: services.session_cancel(session=s, recorded_by=request.user, **d),
        )

    @extend_schema(request=FamilyTimeFeedbackSerializer, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def feedback(self, request: Request, pk: str | None = None) -> Response:
        return self._act(
            request,
            "familytime.record_session",
            FamilyTimeFeedbackSerializer,
            lambda s, d: services.session_carer_feedback(session=s, recorded_by=request.user, **d),
        )

    @extend_schema(request=FamilyTimeNotesSerializer, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def observation(self, request: Request, pk: str | None = None) -> Response:
        return self._act(
            request,
            "familytime.record_observation",
            FamilyTimeNotesSerializer,
            lambda s, d: services.session_observation_record(session=s, recorded_by=request.user, **d),
        )


class FamilyTimeRoomSerializer(serializers.ModelSerializer):
    in_use_today = serializers.SerializerMethodField()

    class Meta:
        model = Room
        fields = ["id", "name", "capacity", "in_use_today"]

    def get_in_use_today(self, room: Room) -> bool:
        today = timezone.localdate()
        return not any(closure.covers(today) for closure in room.closures.all())


class FamilyTimeVenueSerializer(serializers.ModelSerializer):
    rooms = FamilyTimeRoomSerializer(many=True, read_only=True)
    coordinators = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    opens_at = serializers.TimeField(format="%H:%M", read_only=True, allow_null=True)
    closes_at = serializers.TimeField(format="%H:%M", read_only=True, allow_null=True)

    class Meta:
        model = Venue
        fields = ["id", "name", "address", "opens_at", "closes_at", "is_active", "coordinators", "version", "rooms"]


class FamilyTimeVenueWriteSerializer(serializers.Serializer):
    """Only the shapes; the rules (a unique name, coordinators only) are the service's, as on the page."""

    name = serializers.CharField(allow_blank=True, max_length=200)
    address = serializers.CharField(required=False, allow_blank=True, default="")
    coordinators = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=User.objects.filter(is_active=True)
    )
    is_active = serializers.BooleanField(required=False, default=True)
    opens_at = serializers.TimeField(required=False, allow_null=True, default=None, format="%H:%M")
    closes_at = serializers.TimeField(required=False, allow_null=True, default=None, format="%H:%M")
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


class FamilyTimeRoomWriteSerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True, max_length=200)
    capacity = serializers.IntegerField()
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


class VenueViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Family centres and their rooms with capacity and whether each is in use today (every signed-in member of
    staff may see the venues; no child's data). Family time coordinators add venues and change the venues they
    coordinate (``rooms`` adds a room, ``rooms/<id>`` changes one), through the same services as the pages."""

    serializer_class = FamilyTimeVenueSerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return Venue.objects.prefetch_related("rooms__closures", "coordinators").order_by("name", "pk")

    def _managed(self, request: Request) -> Venue:
        venue = selectors.venue_for(user=request.user, pk=self.kwargs["pk"])
        if venue is None or not request.user.has_perm("familytime.manage_venue", venue):
            self.permission_denied(request, "You do not coordinate this venue")
        return venue

    def _shown(self, venue: Venue, status: int = 200) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=venue.pk)).data, status=status)

    @extend_schema(request=FamilyTimeVenueWriteSerializer, responses=FamilyTimeVenueSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not request.user.has_perm("familytime.add_venue"):
            self.permission_denied(request, "Only family time coordinators add venues")
        serializer = FamilyTimeVenueWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        venue = services.venue_create(
            name=data["name"],
            address=data["address"],
            coordinators=data.get("coordinators", []),
            created_by=request.user,
            opens_at=data.get("opens_at"),
            closes_at=data.get("closes_at"),
        )
        return self._shown(venue, status=201)

    @extend_schema(request=FamilyTimeVenueWriteSerializer, responses=FamilyTimeVenueSerializer)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        venue = self._managed(request)
        partial = kwargs.get("partial", False)
        serializer = FamilyTimeVenueWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        venue = services.venue_update(
            venue=venue,
            name=data.get("name", venue.name),
            address=data.get("address", venue.address),
            is_active=data.get("is_active", venue.is_active),
            coordinators=data.get("coordinators"),
            version=data.get("version"),
            opens_at=data["opens_at"] if "opens_at" in request.data else venue.opens_at,
            closes_at=data["closes_at"] if "closes_at" in request.data else venue.closes_at,
        )
        return self._shown(venue)

    @extend_schema(request=FamilyTimeRoomWriteSerializer, responses=FamilyTimeVenueSerializer)
    @action(detail=True, methods=["post"])
    def rooms(self, request: Request, pk: str | None = None) -> Response:
        venue = self._managed(request)
        serializer = FamilyTimeRoomWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.room_add(
            venue=venue, name=serializer.validated_data["name"], capacity=serializer.validated_data["capacity"]
        )
        return self._shown(venue, status=201)

    @extend_schema(request=FamilyTimeRoomWriteSerializer, responses=FamilyTimeVenueSerializer)
    @action(detail=True, methods=["patch"], url_path=r"rooms/(?P<room_pk>[0-9]+)")
    def room(self, request: Request, pk: str | None = None, room_pk: str | None = None) -> Response:
        venue = self._managed(request)
        room = venue.rooms.filter(pk=room_pk).first()
        if room is None:
            raise Http404("No such room")
        serializer = FamilyTimeRoomWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.room_update(
            room=room,
            name=data.get("name", room.name),
            capacity=data.get("capacity", room.capacity),
            version=data.get("version"),
        )
        return self._shown(venue)


class FamilyTimeReportSerializer(serializers.Serializer):
    report = serializers.CharField()
    headers = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField())


class FamilyTimeReportView(APIView):
    """A family time report as the page and its downloads give it (``report``: one of
    ``no-direct-family-time``, ``sessions-per-week``, ``venue-use``, ``waiting-list``,
    ``court-ordered-contact``; the page's query parameters, e.g. ``?since=``, ``?week=``, ``?venue=&from=``,
    ``?weeks=``), counted over the children the caller may see; the children it names are audited."""

    @extend_schema(
        parameters=[OpenApiParameter("report", str, OpenApiParameter.PATH, enum=list(reports.REPORT_NAMES))],
        responses=FamilyTimeReportSerializer,
    )
    def get(self, request: Request, report: str) -> Response:
        if not request.user.has_perm("familytime.view_reports"):
            raise PermissionDenied("Family time reports are for managers, heads of service and coordinators")
        if report not in reports.REPORT_NAMES:
            raise Http404("No such report")
        try:
            asked = reports.asked_report(
                report, user=request.user, params=request.query_params, today=timezone.localdate()
            )
        except reports.NoVenues:
            raise Http404("No venues") from None
        record_download(asked.children, via=f"API: family time report {report}")
        rows = [[_plain(value) for value in row] for row in asked.rows]
        return Response({"report": report, "headers": list(asked.headers), "rows": rows})


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


class SchoolHolidaySerializer(serializers.ModelSerializer):
    """A school holiday in the council's term dates. Only the shapes; the rules are the service's, as on the page."""

    name = serializers.CharField(allow_blank=True, max_length=200)
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)

    class Meta:
        model = SchoolHoliday
        fields = ["id", "name", "starts_on", "ends_on"]


class SchoolHolidayViewSet(mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """The council's school holidays, which free the school day for family time. Every signed-in member of staff
    may read them; family time coordinators and administrators add and remove them, through the page's services."""

    serializer_class = SchoolHolidaySerializer
    queryset = SchoolHoliday.objects.order_by("starts_on", "pk")

    def _check(self, request: Request) -> None:
        if not request.user.has_perm("familytime.manage_school_holidays"):
            self.permission_denied(request, "Only family time coordinators change the school holidays")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self._check(request)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        holiday = services.school_holiday_add(recorded_by=request.user, **serializer.validated_data)
        return Response(self.get_serializer(holiday).data, status=201)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self._check(request)
        services.school_holiday_remove(holiday=self.get_object())
        return Response(status=204)

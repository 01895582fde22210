"""The workforce in the REST API: availability (health reasons only for the person, their line manager and HR),
check-ins, supervision, the duty rota, desk bookings and PPE, through the same services and selectors as the pages
(so the same rules and the same 400s with field errors)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from caseboard.accounts.models import Team, User
from caseboard.core.audit import record_view
from caseboard.people.selectors import ChildNotAvailable, child_for

from . import selectors, services
from .models import (
    Availability,
    AvailabilityStatus,
    CheckIn,
    CheckInKind,
    CheckInMode,
    DutyKind,
    DutyShift,
    IndividualNeed,
    Office,
    OfficeBooking,
    PpeStock,
    SupervisionSession,
)


def _person(request: Request, pk: Any, field: str) -> User:
    person = selectors.staff_member_for(user=request.user, pk=pk)
    if person is None:
        raise serializers.ValidationError({field: "Select a member of staff whose record you can see"})
    return person


class AvailabilitySerializer(serializers.ModelSerializer):
    """``status`` and ``health_note`` are shown only to those who may see a health reason; others read
    ``label`` ("Unavailable until ...")."""

    person = serializers.IntegerField(source="person_id")
    status = serializers.ChoiceField(choices=AvailabilityStatus.choices)
    label = serializers.SerializerMethodField()

    class Meta:
        model = Availability
        fields = [
            "id",
            "person",
            "status",
            "label",
            "starts_on",
            "ends_on",
            "is_covid_related",
            "health_note",
            "redeployed_to",
        ]
        read_only_fields = ["label"]
        extra_kwargs = {
            "health_note": {"required": False, "allow_blank": True},
            "redeployed_to": {"required": False, "allow_blank": True},
            "ends_on": {"required": False, "allow_null": True},
        }

    def get_label(self, period: Availability) -> str:
        return selectors.availability_label(period, shows_reason=self._shows(period))

    def _shows(self, period: Availability) -> bool:
        return selectors.sees_health_reason(self.context["request"].user, period.person)

    def to_representation(self, period: Availability) -> dict[str, Any]:
        data = super().to_representation(period)
        if period.status in {"self_isolating", "shielding", "sick"} and not self._shows(period):
            data["status"] = "unavailable"
            data["health_note"] = ""
            data["is_covid_related"] = None
        return data


class AvailabilityViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Availability periods of the staff the caller may see (``?person=``). POST records one (for yourself, someone
    you manage, or anyone for HR), through the same service as the page."""

    serializer_class = AvailabilitySerializer

    def get_queryset(self):
        periods = Availability.objects.filter(person__in=selectors.staff_visible_to(self.request.user).values("pk"))
        person = self.request.query_params.get("person")
        if person is not None:
            periods = periods.filter(person_id=int(person)) if person.isdigit() else periods.none()
        return periods.select_related("person").order_by("person_id", "starts_on", "pk")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = selectors.staff_member_for(user=request.user, pk=request.query_params.get("person", ""))
        if person is not None:
            record_view(person, via="API availability")
        return super().list(request, *args, **kwargs)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        person = _person(request, data["person_id"], "person")
        if not request.user.has_perm("workforce.record_availability", person):
            raise PermissionDenied("You may record availability for yourself and the people you manage")
        period = services.availability_record(
            person=person,
            recorded_by=request.user,
            status=data["status"],
            starts_on=data["starts_on"],
            ends_on=data.get("ends_on"),
            is_covid_related=data.get("is_covid_related", False),
            health_note=data.get("health_note", ""),
            redeployed_to=data.get("redeployed_to", ""),
        )
        return Response(self.get_serializer(period).data, status=201)


class CheckInSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=CheckInKind.choices)
    mode = serializers.ChoiceField(choices=CheckInMode.choices)
    with_person = serializers.IntegerField(source="with_person_id", required=False, allow_null=True)
    team = serializers.IntegerField(source="team_id", required=False, allow_null=True)
    by = serializers.IntegerField(source="by_id", read_only=True)

    class Meta:
        model = CheckIn
        fields = ["id", "kind", "by", "with_person", "team", "held_on", "mode", "private_note", "concern"]
        extra_kwargs = {"private_note": {"required": False}, "concern": {"required": False}}

    def to_representation(self, checkin: CheckIn) -> dict[str, Any]:
        data = super().to_representation(checkin)
        user = self.context["request"].user
        if user.pk not in {checkin.by_id, checkin.with_person_id}:
            data["private_note"] = ""
        return data


class CheckInViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Check-ins the caller made or received. POST records one (the date today or earlier; a buddy check-in needs
    the buddy)."""

    queryset = CheckIn.objects.none()  # for the schema only: get_queryset scopes every request
    serializer_class = CheckInSerializer

    def get_queryset(self):
        return selectors.checkins_by(self.request.user).order_by("-held_on", "-pk")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with_person = _person(request, data["with_person_id"], "with_person") if data.get("with_person_id") else None
        team = None
        if data.get("team_id"):
            team = (
                (Team.objects.filter(pk__in=request.user.teams.values("pk")) | selectors.teams_managed(request.user))
                .filter(pk=data["team_id"])
                .first()
            )
            if team is None:
                raise serializers.ValidationError({"team": "Select one of your teams"})
        checkin = services.checkin_record(
            kind=data["kind"],
            by=request.user,
            with_person=with_person,
            team=team,
            held_on=data["held_on"],
            mode=data["mode"],
            private_note=data.get("private_note", ""),
            concern=data.get("concern", ""),
        )
        return Response(self.get_serializer(checkin).data, status=201)


class DiscussionSerializer(serializers.Serializer):
    child = serializers.IntegerField()
    oversight = serializers.CharField()


class ActionSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=300)
    owner = serializers.IntegerField()
    due_on = serializers.DateField()


class SupervisionSerializer(serializers.ModelSerializer):
    supervisor = serializers.IntegerField(source="supervisor_id", read_only=True)
    supervisee = serializers.IntegerField(source="supervisee_id")
    mode = serializers.ChoiceField(choices=CheckInMode.choices)
    discussions = DiscussionSerializer(many=True, required=False, write_only=True)
    actions = ActionSerializer(many=True, required=False, write_only=True)

    class Meta:
        model = SupervisionSession
        fields = ["id", "supervisor", "supervisee", "held_on", "mode", "reflective_notes", "discussions", "actions"]
        extra_kwargs = {"reflective_notes": {"required": False}}

    def to_representation(self, session: SupervisionSession) -> dict[str, Any]:
        data = super().to_representation(session)
        if not selectors.sees_reflective_notes(self.context["request"].user, session):
            data["reflective_notes"] = None
        return data


class SupervisionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Supervision sessions the caller gave or received (a manager: their staff's). POST records one; each case
    discussed writes management oversight on the child's record."""

    queryset = SupervisionSession.objects.none()  # for the schema only: get_queryset scopes every request
    serializer_class = SupervisionSerializer

    def get_queryset(self):
        return selectors.supervisions_for(self.request.user).order_by("-held_on", "-pk")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not request.user.has_perm("workforce.supervise"):
            raise PermissionDenied("Supervision is recorded by managers")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        discussions = []
        for entry in data.get("discussions", []):
            try:
                child = child_for(user=request.user, pk=entry["child"])
            except ChildNotAvailable:
                raise serializers.ValidationError(
                    {"discussions": "Select children whose records you can see"}
                ) from None
            discussions.append(services.DiscussionInput(child=child, oversight=entry["oversight"]))
        actions = [
            services.ActionInput(
                description=entry["description"],
                owner=_person(request, entry["owner"], "actions"),
                due_on=entry["due_on"],
            )
            for entry in data.get("actions", [])
        ]
        session = services.supervision_record(
            supervisor=request.user,
            supervisee=_person(request, data["supervisee_id"], "supervisee"),
            held_on=data["held_on"],
            mode=data["mode"],
            reflective_notes=data.get("reflective_notes", ""),
            discussions=discussions,
            actions=actions,
        )
        return Response(self.get_serializer(session).data, status=201)


class DutyShiftSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=DutyKind.choices)
    person = serializers.IntegerField(source="person_id")
    is_available = serializers.SerializerMethodField()

    class Meta:
        model = DutyShift
        fields = ["id", "kind", "on", "person", "starts_at", "is_available"]
        extra_kwargs = {"starts_at": {"required": False, "allow_null": True}}

    def get_is_available(self, shift: DutyShift) -> bool:
        periods = selectors.periods_between([shift.person_id], shift.on, shift.on)
        return selectors.is_available_on(periods.get(shift.person_id, []), shift.on)


class DutyShiftViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The duty rota (``?on=YYYY-MM-DD``, default today). POST adds a shift (managers)."""

    serializer_class = DutyShiftSerializer

    def get_queryset(self):
        from datetime import date

        try:
            day = date.fromisoformat(self.request.query_params.get("on", ""))
        except ValueError:
            day = timezone.localdate()
        return DutyShift.objects.filter(on=day).order_by("kind", "starts_at", "pk")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not request.user.has_perm("workforce.run_offices"):
            raise PermissionDenied("The duty rota is kept by managers")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        shift = services.duty_shift_add(
            kind=data["kind"],
            on=data["on"],
            person=_person(request, data["person_id"], "person"),
            added_by=request.user,
            starts_at=data.get("starts_at"),
        )
        return Response(self.get_serializer(shift).data, status=201)


class OfficeBookingSerializer(serializers.ModelSerializer):
    office = serializers.PrimaryKeyRelatedField(queryset=Office.objects.all())

    class Meta:
        model = OfficeBooking
        fields = ["id", "office", "booked_on", "desk", "has_priority"]
        read_only_fields = ["desk", "has_priority"]


class OfficeBookingViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The caller's desk bookings. POST books a desk within the office's COVID-secure capacity on the day; the
    operating model's share of desks is held for staff with a recorded individual need until a few days before,
    and a refusal says so (400, with the reason on ``booked_on``). ``has_priority``: booked with a need."""

    queryset = OfficeBooking.objects.none()  # for the schema only: get_queryset scopes every request
    serializer_class = OfficeBookingSerializer

    def get_queryset(self):
        return OfficeBooking.objects.filter(person=self.request.user).order_by("booked_on", "pk")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        booking = services.office_book(office=data["office"], person=request.user, booked_on=data["booked_on"])
        return Response(self.get_serializer(booking).data, status=201)


class IndividualNeedSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id")

    class Meta:
        model = IndividualNeed
        fields = ["id", "person", "description", "ends_on", "recorded_at"]
        read_only_fields = ["recorded_at"]
        extra_kwargs = {"ends_on": {"required": False, "allow_null": True}}


class IndividualNeedViewSet(mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """Individual needs for office time, private like a health reason: the caller's own, their line reports', and
    everyone's for HR. POST records or replaces a person's need (the same service and rules as the page); DELETE
    removes it. Every read is audited."""

    serializer_class = IndividualNeedSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema's generation, with no one signed in
            return IndividualNeed.objects.none()
        user = self.request.user
        needs = IndividualNeed.objects.select_related("person")
        if getattr(user, "role", "") == "hr_adviser":
            return needs.filter(person__is_active=True).order_by("person_id")
        return needs.filter(Q(person=user) | Q(person__line_manager=user)).order_by("person_id")

    def paginate_queryset(self, queryset):  # type: ignore[no-untyped-def]
        page = super().paginate_queryset(queryset)
        for need in page if page is not None else queryset:
            record_view(need, via="API individual needs")
        return page

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        need = self.get_object()
        record_view(need, via="API individual need")
        return Response(self.get_serializer(need).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        person = _person(request, data["person_id"], "person")
        need = services.individual_need_save(
            person=person, description=data["description"], ends_on=data.get("ends_on"), recorded_by=request.user
        )
        return Response(self.get_serializer(need).data, status=201)

    def perform_destroy(self, instance: IndividualNeed) -> None:
        services.individual_need_remove(person=instance.person, removed_by=self.request.user)


class PpeStockSerializer(serializers.ModelSerializer):
    office = serializers.CharField(source="office.name", read_only=True)
    level = serializers.SerializerMethodField()

    class Meta:
        model = PpeStock
        fields = ["id", "office", "item", "reorder_level", "level"]

    def get_level(self, stock: PpeStock) -> int:
        return selectors.stock_level(stock)


class MovementSerializer(serializers.Serializer):
    movement = serializers.ChoiceField(choices=["delivery", "issue", "return", "write_off"])
    quantity = serializers.IntegerField(min_value=1)
    on = serializers.DateField()
    worker = serializers.IntegerField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)


class PpeStockViewSet(viewsets.ReadOnlyModelViewSet):
    """PPE stock by office and item (the level is the sum of the ledger, never written). POST ``movements`` records
    a delivery, issue, return or write-off (managers); an issue larger than the stock is refused."""

    serializer_class = PpeStockSerializer

    def get_queryset(self):
        return PpeStock.objects.select_related("office").order_by("office__name", "item")

    @action(detail=True, methods=["post"], serializer_class=MovementSerializer)
    def movements(self, request: Request, pk: str | None = None) -> Response:
        if not request.user.has_perm("workforce.run_ppe"):
            raise PermissionDenied("PPE stock is kept by managers")
        stock = self.get_object()
        serializer = MovementSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        worker = _person(request, data["worker"], "worker") if data.get("worker") else None
        kind = data["movement"]
        if kind in {"issue", "return"} and worker is None:
            raise serializers.ValidationError({"worker": "Select the worker"})
        common = {"stock": stock, "quantity": data["quantity"], "recorded_by": request.user, "on": data["on"]}
        if kind == "delivery":
            services.ppe_delivery_record(note=data.get("note", ""), **common)
        elif kind == "issue":
            services.ppe_issue(worker=worker, note=data.get("note", ""), **common)
        elif kind == "return":
            services.ppe_return(worker=worker, note=data.get("note", ""), **common)
        else:
            services.ppe_write_off(note=data.get("note", ""), **common)
        return Response(PpeStockSerializer(stock, context={"request": request}).data, status=201)

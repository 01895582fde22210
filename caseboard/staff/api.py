"""Staff, teams and services in the REST API, for administrators only (``accounts.manage_staff``): the same services
as the pages, so the same rules and the same history rows; errors answer 400 with the field they are about."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from caseboard.accounts import services as accounts_services
from caseboard.accounts.models import Role, Service, StaffChange, Team, User
from caseboard.accounts.staff_import import StaffImportError, staff_import
from caseboard.core.audit import record_view

from . import selectors, services


class ManagesStaff(permissions.BasePermission):
    message = "Only administrators manage staff, teams and services"

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm("accounts.manage_staff"))


class StaffSerializer(serializers.ModelSerializer):
    """A member of staff. ``username`` is set when they are added and cannot change; ``send_password_link`` (on
    adding) emails them a one-time link to set their password."""

    username = serializers.CharField(required=False, allow_blank=True, max_length=150)
    first_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    last_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    email = serializers.CharField(required=False, allow_blank=True, max_length=254)
    role = serializers.ChoiceField(choices=Role.choices, required=False, allow_blank=True)
    teams = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all(), many=True, required=False)
    line_manager = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, allow_null=True, default=None
    )
    service = serializers.PrimaryKeyRelatedField(
        queryset=Service.objects.all(), required=False, allow_null=True, default=None
    )
    job_title = serializers.CharField(required=False, allow_blank=True, max_length=100)
    send_password_link = serializers.BooleanField(required=False, default=False, write_only=True)
    open_allocations = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "role",
            "teams",
            "line_manager",
            "job_title",
            "service",
            "is_active",
            "last_login",
            "open_allocations",
            "send_password_link",
        ]
        read_only_fields = ["is_active", "last_login"]

    def get_open_allocations(self, member: User) -> int:
        annotated = getattr(member, "open_allocations", None)
        if annotated is not None:
            return annotated
        return member.allocations.filter(ended_on__isnull=True).count()

    def create(self, validated: dict[str, Any]) -> User:
        return accounts_services.staff_create(
            created_by=self.context["request"].user,
            username=validated.get("username", "").strip(),
            first_name=validated.get("first_name", "").strip(),
            last_name=validated.get("last_name", "").strip(),
            email=validated.get("email", "").strip(),
            role=validated.get("role", ""),
            teams=validated.get("teams", []),
            line_manager=validated.get("line_manager"),
            job_title=validated.get("job_title", "").strip(),
            service=validated.get("service"),
            send_password_link=validated.get("send_password_link", False),
        )

    def update(self, member: User, validated: dict[str, Any]) -> User:
        if "username" in validated and validated["username"] != member.username:
            raise ValidationError({"username": "A username cannot be changed"})
        current = {
            "first_name": member.first_name,
            "last_name": member.last_name,
            "email": member.email,
            "role": member.role,
            "teams": list(member.teams.all()),
            "line_manager": member.line_manager,
            "job_title": member.job_title,
            "service": member.service,
        }
        for name in current:
            if name in self.initial_data:
                value = validated.get(name, current[name])
                current[name] = value.strip() if isinstance(value, str) else value
        return accounts_services.staff_update(member=member, updated_by=self.context["request"].user, **current)


class StaffChangeSerializer(serializers.ModelSerializer):
    changed_by = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = StaffChange
        fields = ["id", "kind", "from_value", "to_value", "note", "changed_by", "changed_at"]


class MoveSerializer(serializers.Serializer):
    allocation = serializers.IntegerField()
    worker = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))


class DeactivateSerializer(serializers.Serializer):
    """Who takes on each of the leaver's open allocations (every one must be given), and optionally a new line
    manager for their line reports."""

    moves = MoveSerializer(many=True, required=False, default=list)
    new_line_manager = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True, default=None
    )


class ReactivateSerializer(serializers.Serializer):
    """Reactivating takes no fields."""


class PasswordLinkSerializer(serializers.Serializer):
    send_email = serializers.BooleanField(default=True)


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField()
    send_password_links = serializers.BooleanField(default=False)


class StaffViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Staff, by name (``?status=active|inactive|all``, ``?team=``, ``?role=``, ``?q=``). POST adds a member of
    staff; PATCH changes their details, role, teams or line manager (each change kept in their history);
    ``deactivate`` deactivates a leaver, moving each open allocation to the worker given; ``password-link`` emails or
    returns a one-time link to set a password; ``import`` adds every member of staff in a CSV file, or none."""

    serializer_class = StaffSerializer
    permission_classes = [permissions.IsAuthenticated, ManagesStaff]

    def get_queryset(self):
        params = self.request.query_params
        team_id = params.get("team", "")
        team = Team.objects.filter(pk=team_id).first() if team_id.isdigit() else None
        if team_id and team is None:
            return User.objects.none()
        return selectors.staff_list(
            user=self.request.user,
            query=params.get("q", "").strip(),
            team=team,
            role=params.get("role", ""),
            status=params.get("status", "all"),
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        member = self.get_object()
        record_view(member, via="staff API")
        return Response(self.get_serializer(member).data)

    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str | None = None) -> Response:
        member = self.get_object()
        record_view(member, via="staff history API")
        rows = selectors.staff_history(member)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(StaffChangeSerializer(page, many=True).data)

    @action(detail=True, methods=["get"], url_path="open-allocations")
    def open_allocations(self, request: Request, pk: str | None = None) -> Response:
        """The leaver's open allocations, each with the workers in its team who could take it on."""
        member = self.get_object()
        allocations = list(selectors.open_allocations_of(user=request.user, member=member))
        teams = list({allocation.team_id: allocation.team for allocation in allocations}.values())
        choices = selectors.reallocation_choices(member=member, teams=teams)
        return Response(
            [
                {
                    "allocation": allocation.pk,
                    "child": allocation.child_id if allocation.is_visible else None,
                    "child_name": allocation.child.full_name if allocation.is_visible else "Restricted record",
                    "team": allocation.team_id,
                    "role": allocation.role,
                    "started_on": allocation.started_on,
                    "workers": [worker.pk for worker in choices.get(allocation.team_id, [])],
                }
                for allocation in allocations
            ]
        )

    @action(detail=True, methods=["post"], serializer_class=DeactivateSerializer)
    def deactivate(self, request: Request, pk: str | None = None) -> Response:
        member = self.get_object()
        body = DeactivateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        moves = {move["allocation"]: move["worker"] for move in body.validated_data["moves"]}
        services.staff_leave(
            member=member,
            deactivated_by=request.user,
            moves=moves,
            new_line_manager=body.validated_data["new_line_manager"],
        )
        return Response(StaffSerializer(User.objects.get(pk=member.pk), context=self.get_serializer_context()).data)

    @action(detail=True, methods=["post"], serializer_class=ReactivateSerializer)
    def reactivate(self, request: Request, pk: str | None = None) -> Response:
        member = accounts_services.staff_reactivate(member=self.get_object(), reactivated_by=request.user)
        return Response(StaffSerializer(member, context=self.get_serializer_context()).data)

    @action(detail=True, methods=["post"], url_path="password-link", serializer_class=PasswordLinkSerializer)
    def password_link(self, request: Request, pk: str | None = None) -> Response:
        member = self.get_object()
        body = PasswordLinkSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        send_email = body.validated_data["send_email"]
        link = accounts_services.password_link_issue(member=member, issued_by=request.user, send_email=send_email)
        response = Response({"emailed": True} if send_email else {"emailed": False, "link": link})
        response["Cache-Control"] = "no-store"
        return response

    @action(detail=False, methods=["post"], url_path="import", serializer_class=ImportSerializer)
    def import_csv(self, request: Request) -> Response:
        body = ImportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            created = staff_import(
                data=body.validated_data["file"].read(),
                imported_by=request.user,
                send_password_links=body.validated_data["send_password_links"],
            )
        except StaffImportError as error:
            problems = [{"line": p.line, "field": p.field, "message": p.message} for p in error.problems]
            return Response({"problems": problems}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"created": [member.pk for member in created]}, status=status.HTTP_201_CREATED)


class TeamSerializer(serializers.ModelSerializer):
    name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    service = serializers.PrimaryKeyRelatedField(queryset=Service.objects.all(), required=False, allow_null=True)
    members = serializers.SerializerMethodField()

    class Meta:
        model = Team
        fields = ["id", "name", "service", "members"]

    def get_members(self, team: Team) -> list[int]:
        return [member.pk for member in team.members.all() if member.is_active]

    def create(self, validated: dict[str, Any]) -> Team:
        return accounts_services.team_create(
            name=validated.get("name", ""), service=validated.get("service"), created_by=self.context["request"].user
        )

    def update(self, team: Team, validated: dict[str, Any]) -> Team:
        return accounts_services.team_update(
            team=team,
            name=validated.get("name", team.name),
            service=validated.get("service", team.service),
            updated_by=self.context["request"].user,
        )


class TeamViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Teams, with their active members. POST adds one to a service; PATCH renames it or moves it."""

    serializer_class = TeamSerializer
    permission_classes = [permissions.IsAuthenticated, ManagesStaff]

    def get_queryset(self):
        return selectors.teams_visible_to(self.request.user).prefetch_related("members")


class ServiceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    teams = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Service
        fields = ["id", "name", "slug", "teams"]
        read_only_fields = ["slug"]

    def create(self, validated: dict[str, Any]) -> Service:
        return accounts_services.service_create(name=validated.get("name", ""), created_by=self.context["request"].user)

    def update(self, service: Service, validated: dict[str, Any]) -> Service:
        return accounts_services.service_update(
            service=service, name=validated.get("name", service.name), updated_by=self.context["request"].user
        )


class ServiceViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Services (groups of teams under a head of service). POST adds one; PATCH renames it."""

    serializer_class = ServiceSerializer
    permission_classes = [permissions.IsAuthenticated, ManagesStaff]

    def get_queryset(self):
        if not self.request.user.has_perm("accounts.manage_staff"):
            return Service.objects.none()
        return Service.objects.prefetch_related("teams").order_by("name")

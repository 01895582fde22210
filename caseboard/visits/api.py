"""Visits, pre-visit checks and case notes in the REST API: the same services, so the same rules (a statutory
purpose needs the matching open episode, a pre-visit check where the operating model requires one, siblings in
one household); scoped to the children the caller may see. Reading one visit or check is audited, and a visit
says for each child whether it counts towards the statutory clock and why."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from caseboard.core import limits
from caseboard.core.audit import record_view
from caseboard.core.idempotency import idempotent
from caseboard.people.models import Child
from caseboard.people.selectors import ChildNotAvailable, child_for, children_visible_to

from . import services
from .models import PPE, AskedHow, CaseNote, CaseNoteKind, CheckOutcome, ChildSeen, PreVisitCheck, Visit, VisitPurpose
from .selectors import check_for, checks_visible_to, counting_for, visit_for, visits_visible_to

NOT_VISIBLE = "Select children whose records you can see"
# PPE is checked by the service ("Select PPE from the list"), as on the pages; one list, so one schema for both fields.
PPE_HELP = "Any of: " + ", ".join(f"{value} ({label})" for value, label in PPE.choices)


def _open_children(user: Any, ids: list[int]) -> list[Child]:
    try:
        return [child_for(user=user, pk=pk) for pk in ids]
    except ChildNotAvailable:
        raise serializers.ValidationError(NOT_VISIBLE) from None


def _per_child_errors(error: DjangoValidationError) -> DjangoValidationError:
    """A brother's or sister's purpose error (``purpose_<id>`` on the page) belongs to ``children_seen`` here."""
    if not hasattr(error, "error_dict"):
        return error
    fields: dict[str, list] = {}
    for field, errors in error.error_dict.items():
        fields.setdefault("children_seen" if field.startswith("purpose_") else field, []).extend(errors)
    return DjangoValidationError(fields)


def _child_param(request: Request) -> int | None:
    child = request.query_params.get("child", "")
    return int(child) if child.isdigit() else None


# --- visits ----------------------------------------------------------------------------------------------------
class ChildSeenSerializer(serializers.Serializer):
    """One child's part in a visit. ``counts`` and ``reason`` are given when one visit is read or recorded."""

    child = serializers.IntegerField()
    was_seen = serializers.BooleanField()
    purpose = serializers.ChoiceField(
        choices=VisitPurpose.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why this child was visited; empty or left out: the visit's purpose. On a household visit each "
        "brother or sister can have their own (a looked-after child's reg 28 visit, a sibling's child in need visit).",
    )
    seen_alone = serializers.BooleanField(required=False, default=False)
    bedroom_seen = serializers.BooleanField(required=False, allow_null=True, default=None)
    others_present = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    child_views = serializers.CharField(required=False, allow_blank=True, default="")

    def to_representation(self, seen: ChildSeen) -> dict[str, Any]:
        data = {
            "child": seen.child_id,
            "purpose": seen.purpose,
            "was_seen": seen.was_seen,
            "seen_alone": seen.seen_alone,
            "bedroom_seen": seen.bedroom_seen,
            "others_present": seen.others_present,
            "child_views": seen.child_views,
        }
        counting = self.context.get("counting")
        if counting is not None:
            row = counting.get(seen.child_id)
            data["counts"] = row.counts if row else None
            data["reason"] = row.reason if row else ""
        return data


class VisitSerializer(serializers.ModelSerializer):
    children_seen = ChildSeenSerializer(many=True, max_length=limits.MAX_CHILDREN)
    pre_visit_check = serializers.IntegerField(source="pre_visit_check_id", required=False, allow_null=True)
    ppe_used = serializers.ListField(
        child=serializers.CharField(), required=False, default=list, help_text=PPE_HELP, max_length=limits.MAX_ITEMS
    )

    class Meta:
        model = Visit
        fields = [
            "id",
            "visited_on",
            "visited_at_time",
            "mode",
            "purpose",
            "pre_visit_check",
            "ppe_used",
            "notes",
            "children_seen",
            "worker",
            "recorded_by",
            "recorded_at",
            "version",
        ]
        read_only_fields = ["id", "worker", "recorded_by", "recorded_at", "version"]

    def validate_children_seen(self, entries: list[dict[str, Any]]) -> list[services.ChildSeenInput]:
        if not entries:
            raise serializers.ValidationError("Select the child or children")
        children = _open_children(self.context["request"].user, [entry["child"] for entry in entries])
        return [
            services.ChildSeenInput(**{**entry, "child": child}) for entry, child in zip(entries, children, strict=True)
        ]

    def validate_pre_visit_check(self, pk: int | None) -> PreVisitCheck | None:
        if pk is None:
            return None
        check = check_for(user=self.context["request"].user, pk=pk)
        if check is None:
            raise serializers.ValidationError("Select a pre-visit check about children whose records you can see")
        return check


class VisitViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Visits every child of which the caller may see, newest first. Filter with ``?child=<id>``. POST records a
    visit to one child or brothers and sisters in one household, each with ``children_seen`` entries (each with
    its own ``purpose``, or the visit's ``purpose`` for all); reading one
    visit is audited and says for each child whether it counts towards the statutory clock, and why."""

    serializer_class = VisitSerializer

    def get_queryset(self):
        visits = visits_visible_to(self.request.user).prefetch_related("children_seen")
        child = _child_param(self.request)
        if child is not None:
            visits = visits.filter(children_seen__child_id=child)
        return visits.order_by("-visited_on", "-pk")

    def get_object(self) -> Visit:
        visit = visit_for(user=self.request.user, pk=self.kwargs["pk"])
        if visit is None:
            raise Http404("No such visit")
        return visit

    def _with_counting(self, visit: Visit) -> dict[str, Any]:
        counting = {row.child.pk: row for row in counting_for(visit)}
        return VisitSerializer(visit, context={"request": self.request, "counting": counting}).data

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        visit = self.get_object()
        record_view(visit, via="API")
        return Response(self._with_counting(visit))

    @idempotent
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        children_seen = data.pop("children_seen")
        data["pre_visit_check"] = data.pop("pre_visit_check_id", None)
        if not all(request.user.has_perm("people.change_child", entry.child) for entry in children_seen):
            self.permission_denied(request, "Your role cannot record visits")
        try:
            visit = services.visit_record(
                children_seen=children_seen, worker=request.user, recorded_by=request.user, **data
            )
        except DjangoValidationError as error:
            raise _per_child_errors(error) from None
        return Response(self._with_counting(visit), status=201)


# --- pre-visit checks ------------------------------------------------------------------------------------------
class PreVisitCheckSerializer(serializers.ModelSerializer):
    children = serializers.ListField(child=serializers.IntegerField(), write_only=True, max_length=limits.MAX_CHILDREN)
    child_ids = serializers.SerializerMethodField()
    asked_how = serializers.ChoiceField(choices=AskedHow.choices)
    outcome = serializers.ChoiceField(choices=CheckOutcome.choices)
    ppe_needed = serializers.ListField(
        child=serializers.CharField(), required=False, default=list, help_text=PPE_HELP, max_length=limits.MAX_ITEMS
    )
    risk_summary = serializers.CharField(read_only=True)
    answers_to_other_questions = serializers.DictField(
        child=serializers.BooleanField(),
        required=False,
        write_only=True,
        default=dict,
        help_text="Questions of the operating model in force not among the standard five, by their wording: true or "
        "false",
    )
    answers_by_key = serializers.DictField(
        child=serializers.BooleanField(),
        required=False,
        write_only=True,
        default=dict,
        help_text="The answers to the operating model's pre-visit questions in force, by question key (see "
        "/api/v1/operating-model-versions/, pre_visit_questions): true or false. The standard questions may also "
        "be given by name.",
    )

    class Meta:
        model = PreVisitCheck
        fields = [
            "id",
            "children",
            "child_ids",
            "checked_at",
            "asked_who",
            "asked_how",
            "anyone_symptomatic",
            "anyone_isolating",
            "anyone_tested_positive",
            "anyone_clinically_vulnerable",
            "can_meet_outdoors",
            "outcome",
            "ppe_needed",
            "notes",
            "other_answers",
            "answers",
            "answers_to_other_questions",
            "answers_by_key",
            "recorded_by",
            "risk_summary",
        ]
        read_only_fields = ["id", "checked_at", "recorded_by", "other_answers", "answers"]

    def get_child_ids(self, check: PreVisitCheck) -> list[int]:
        return sorted(child.pk for child in check.children.all())

    def validate_children(self, ids: list[int]) -> list[Child]:
        return _open_children(self.context["request"].user, ids)


class PreVisitCheckViewSet(mixins.CreateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Pre-visit checks: POST records the household's answers and the outcome for one child or brothers and
    sisters; reading one (every child of which the caller may see) is audited."""

    serializer_class = PreVisitCheckSerializer

    def get_queryset(self):
        return checks_visible_to(self.request.user)

    def get_object(self) -> PreVisitCheck:
        check = check_for(user=self.request.user, pk=self.kwargs["pk"])
        if check is None:
            raise Http404("No such pre-visit check")
        return check

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        check = self.get_object()
        record_view(check, via="API")
        return Response(self.get_serializer(check).data)

    def perform_create(self, serializer: PreVisitCheckSerializer) -> None:
        data = dict(serializer.validated_data)
        children = data.pop("children")
        other_answers = data.pop("answers_to_other_questions", {})
        answers = data.pop("answers_by_key", {})
        if not all(self.request.user.has_perm("people.change_child", child) for child in children):
            self.permission_denied(self.request, "Your role cannot record pre-visit checks")
        serializer.instance = services.pre_visit_check_record(
            children=children, recorded_by=self.request.user, other_answers=other_answers, answers=answers, **data
        )


# --- case notes ------------------------------------------------------------------------------------------------
class CaseNoteSerializer(serializers.ModelSerializer):
    child = serializers.IntegerField(source="child_id")
    kind = serializers.ChoiceField(choices=CaseNoteKind.choices)

    class Meta:
        model = CaseNote
        fields = ["id", "child", "kind", "occurred_on", "text", "recorded_by", "recorded_at"]
        read_only_fields = ["id", "recorded_by", "recorded_at"]

    def validate_child(self, pk: int) -> Child:
        return _open_children(self.context["request"].user, [pk])[0]


class CaseNoteViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Case notes (contact that is not a visit) of the children the caller may see, newest first. Filter with
    ``?child=<id>`` (the read of that child's notes is audited). POST records one."""

    serializer_class = CaseNoteSerializer

    def get_queryset(self):
        notes = CaseNote.objects.filter(child__in=children_visible_to(self.request.user).values("pk"))
        return notes.order_by("-occurred_on", "-pk")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        notes = self.get_queryset()
        child_id = _child_param(request)
        if child_id is not None:
            try:
                child = child_for(user=request.user, pk=child_id)
            except ChildNotAvailable:
                notes = notes.none()
            else:
                record_view(child, via="API case notes")
                notes = notes.filter(child=child)
        page = self.paginate_queryset(notes)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @idempotent
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer: CaseNoteSerializer) -> None:
        data = dict(serializer.validated_data)
        child = data.pop("child_id")
        if not self.request.user.has_perm("people.change_child", child):
            self.permission_denied(self.request, "Your role cannot add case notes")
        serializer.instance = services.case_note_record(child=child, recorded_by=self.request.user, **data)

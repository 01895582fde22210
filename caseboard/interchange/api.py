"""API: the DfE returns. List and read the returns built (newest first) with what the DfE validator found, ask for
one to be built (``POST``: answered 202, built and checked in the background by the task worker, as from the page),
and download its files (noted with who, as from the page); the return health figures (``health/``: errors and
queries by rule, by team and by week, for the CIN census and the SSDA903 return, this year and last), the children
to fix (``health/<kind>/<year>/children/``, audited as a view of each child named) and a refresh (``POST
health/refresh/``). For performance officers and administrators; a bad
request is a 400 with the field's error."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from caseboard.core.audit import record_download
from caseboard.core.validation import EARLIEST, LATEST

from .health import health_as_dict, health_section, name_children, return_health
from .layouts import YEARS
from .models import GeneratedReturn, ReturnFormat, ReturnKind
from .selectors import generated_return_for, generated_returns_for, may_generate_returns
from .services import download_content, health_refresh, return_download_record, return_request
from .tasks import generate_return


class GeneratedReturnSerializer(serializers.ModelSerializer):
    files = serializers.SerializerMethodField()
    by_rule = serializers.SerializerMethodField()

    class Meta:
        model = GeneratedReturn
        fields = [
            "id",
            "kind",
            "collection_year",
            "as_at",
            "format",
            "status",
            "progress",
            "requested_at",
            "generated_at",
            "children",
            "content_hash",
            "error_count",
            "query_count",
            "failure",
            "files",
            "by_rule",
        ]
        read_only_fields = fields

    def get_files(self, generated: GeneratedReturn) -> list[str]:
        return sorted(generated.files)

    def get_by_rule(self, generated: GeneratedReturn) -> list[dict[str, Any]]:
        """What the DfE validator found, counted by rule (the page lists each failure by child)."""
        return list((generated.validation or {}).get("by_rule", []))


class HealthRefreshSerializer(serializers.Serializer):
    returns = GeneratedReturnSerializer(many=True, help_text="The builds asked for (none if all are under way)")


class ReturnRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReturnKind.choices)
    collection_year = serializers.ChoiceField(choices=sorted(YEARS))
    format = serializers.ChoiceField(choices=ReturnFormat.choices)
    as_at = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Annex A: the date the lists are drawn up on (YYYY-MM-DD); today if not given",
    )

    def validate_as_at(self, value: Any) -> Any:
        if value is not None and not EARLIEST <= value <= LATEST:
            raise serializers.ValidationError("The date must be between 1 January 1900 and 31 December 2100")
        return value


class GeneratedReturnViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """DfE returns built from the record: the CIN census, SSDA903 and Ofsted Annex A."""

    serializer_class = GeneratedReturnSerializer

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not may_generate_returns(request.user):
            raise PermissionDenied("Only performance officers and administrators build the DfE returns")

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return generated_returns_for(self.request.user).defer("files")

    def get_object(self) -> GeneratedReturn:
        generated = generated_return_for(user=self.request.user, pk=self.kwargs["pk"])
        if generated is None:
            raise Http404("No such return")
        return generated

    @extend_schema(request=ReturnRequestSerializer, responses={202: GeneratedReturnSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        asked = ReturnRequestSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        data = asked.validated_data
        generated = return_request(
            kind=data["kind"],
            year_name=data["collection_year"],
            fmt=data["format"],
            as_at=data.get("as_at"),
            requested_by=request.user,
        )
        generate_return.enqueue(generated.pk)
        return Response(GeneratedReturnSerializer(generated).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        request=None,
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="The return's file"),
            409: OpenApiResponse(description="The return is not ready yet"),
        },
    )
    @action(detail=True, methods=["post"])
    def download(self, request: Request, pk: str | None = None) -> HttpResponse | Response:
        """The return's files as built (one file as it is, several as a zip); the download is noted."""
        generated = self.get_object()
        if generated.status != GeneratedReturn.Status.READY:
            return Response({"detail": "This return is not ready to download yet"}, status=status.HTTP_409_CONFLICT)
        return_download_record(generated=generated, user=request.user)
        name, content, content_type = download_content(generated)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["get"])
    def health(self, request: Request) -> Response:
        """Return health: for the CIN census and the SSDA903 return, this collection year so far and the last
        complete one, the latest checked build's errors and queries by rule and by team, and the trend by week."""
        return Response({"returns": [health_as_dict(section) for section in return_health()]})

    @extend_schema(request=None, responses={202: HealthRefreshSerializer})
    @action(detail=False, methods=["post"], url_path="health/refresh")
    def refresh_health(self, request: Request) -> Response:
        """Build and check both returns for both years again now (by the task worker); answered 202."""
        asked = health_refresh(requested_by=request.user)
        return Response(HealthRefreshSerializer({"returns": asked}).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        request=None,
        parameters=[
            OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=["cin", "903"], description="The return"),
            OpenApiParameter(
                "year", str, OpenApiParameter.PATH, description="This collection year or the last, e.g. 2025-26"
            ),
        ],
        responses={200: OpenApiTypes.OBJECT, 404: OpenApiResponse(description="Not a return and year shown")},
    )
    @action(detail=False, methods=["get"], url_path=r"health/(?P<kind>[^/.]+)/(?P<year>[^/.]+)/children")
    def health_children(self, request: Request, kind: str, year: str) -> Response:
        """The children to fix in the latest checked build (most errors first), each failure with the field to
        fix and where it is kept; a child the caller may not see is given by local ID only. Paginated; each child
        named is audited as a view of their record."""
        section = health_section(return_health(), kind=kind, year=year)
        if section is None:
            raise Http404("Return health covers the CIN census and the SSDA903 return, this year and last")
        page = self.paginate_queryset(section.children) or []
        named = name_children(page, user=request.user)
        if named:
            record_download(named, via=f"API: return health children to fix ({kind} {year})")
        return self.get_paginated_response(
            [
                {
                    "local_id": child.local_id,
                    "child_id": child.child_pk,
                    "name": child.child_name,
                    "errors": child.errors,
                    "queries": child.queries,
                    "failures": child.failures,
                }
                for child in page
            ]
        )

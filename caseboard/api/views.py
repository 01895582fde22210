from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import extend_schema, extend_schema_view
from knox.views import LogoutAllView, LogoutView


def api_docs(request: HttpRequest) -> HttpResponse:
    """The API reference, rendered from the OpenAPI schema as a GOV.UK page (no third-party scripts)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations: list[dict[str, Any]] = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("description", "").strip().split("\n")[0],
                    "parameters": [p["name"] for p in operation.get("parameters", [])],
                    "tag": (operation.get("tags") or [""])[0],
                }
            )
    return render(request, "api/docs.html", {"operations": operations, "info": schema.get("info", {})})


@extend_schema_view(
    post=extend_schema(request=None, responses={204: None}, description="Revoke the token this call is made with.")
)
class TokenLogoutView(LogoutView):
    pass


@extend_schema_view(
    post=extend_schema(
        request=None, responses={204: None}, description="Revoke every token of the account this call is made as."
    )
)
class TokenLogoutAllView(LogoutAllView):
    pass

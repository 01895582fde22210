from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Each role's home page: the panels the apps register for "home" (``core.hooks.register_page_panel``), each
    showing its part of this user's work (a worker's week, a manager's teams, the front door's queue, ...)."""
    from caseboard.core.hooks import page_panels_for

    return render(request, "core/home.html", {"panels": page_panels_for("home", request)})


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


# A table every migrated Caseboard database has; reading it proves the schema is there, not just a connection
# (SQLite would answer ``SELECT 1`` from an empty file it has just created).
SCHEMA_TABLE = "django_migrations"


def missing_tables(present: list[str]) -> list[str]:
    """The tables of installed models that the database lacks (a restore that stopped short, a dropped table)."""
    from django.apps import apps

    wanted = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    return sorted(wanted - set(present))


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitoring: 200 when the database answers with Caseboard's tables in it, else 503;
    with the age of the oldest task waiting for the worker (it grows when no worker is running)."""
    from django.db import DatabaseError, connection
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {SCHEMA_TABLE}")  # noqa: S608 (a constant)
            if not cursor.fetchone()[0]:
                raise DatabaseError("The database has no migrations applied")
            if missing_tables(connection.introspection.table_names(cursor)):
                raise DatabaseError("Tables are missing from the database")
        oldest = DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
    waiting = None if oldest is None else max(0, round((timezone.now() - oldest).total_seconds()))
    return JsonResponse({"status": "ok", "database": "ok", "oldest_waiting_task_seconds": waiting})


@require_GET
def ping(request: HttpRequest) -> HttpResponse:
    """A trivial signed-in page: the baseline the benchmark compares real pages against."""
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    """The error page, drawn without the request's context (navigation, the user), which needs the database: it
    must render when the database is what failed."""
    from django.template.loader import render_to_string

    return HttpResponse(render_to_string("500.html"), status=500)

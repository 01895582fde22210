"""The API answers as its OpenAPI schema says: schemathesis generates requests from the schema, for every operation,
as a social worker and as an administrator, and checks each answer (no server error, a documented status code,
content type, headers and body, invalid requests refused, no operation that ignores authentication).

Bounded and seeded so that it runs the same every time: ``FUZZ_EXAMPLES`` requests per operation (10 by default).
Operations that sign the token out are left out, since they end the run's own credentials."""

from __future__ import annotations

import json
import logging
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import checks

from caseboard.security.models import ApiToken

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
    checks.negative_data_rejection,
    checks.ignored_auth,
]
READABLE_BY = {
    "worker": {"GET /api/v1/children/", "GET /api/v1/visits/", "GET /api/v1/case-notes/", "GET /api/v1/due-items/"},
    "admin": {"GET /api/v1/staff/", "GET /api/v1/teams/", "GET /api/v1/services/"},
}
SIGNS_OUT = ("/api/v1/auth/logout/", "/api/v1/auth/logout-all/")


def api_schema() -> schemathesis.BaseSchema:
    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(json.dumps(document, default=str)))
    loaded.app = get_wsgi_application()
    return loaded


def failures_of(operation, headers: dict[str, str], answered: set[str]) -> str | None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )
    def each(case):
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        if response.status_code == 200:
            answered.add(operation.label)

    try:
        each()
    except Exception as failure:  # schemathesis's FailureGroup and hypothesis's errors alike
        return f"{operation.label}: {failure}"
    except BaseExceptionGroup as failures:
        return f"{operation.label}: {failures}"
    return None


@pytest.fixture
def in_this_transaction():
    """Requests go straight to the WSGI application, so they share the test's connection and its transaction.
    Django closes connections it thinks are stale when a request starts and finishes; inside the test's
    transaction that would close the connection (on PostgreSQL), so, as Django's own test client does, it is not
    asked to while the test runs."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.parametrize("who", ["worker", "admin"])
def test_every_operation_answers_as_the_schema_says(council, who, caplog, in_this_transaction):
    caplog.set_level(logging.CRITICAL, logger="django.request")
    _token, secret = ApiToken.objects.create(user=getattr(council, who), name="Schema check")
    headers = {"Authorization": f"Token {secret}"}
    operations = [result.ok() for result in api_schema().get_all_operations()]
    operations = [operation for operation in operations if operation.path not in SIGNS_OUT]
    assert len(operations) > 100
    answered: set[str] = set()
    problems = [problem for operation in operations if (problem := failures_of(operation, headers, answered))]
    assert not problems, "\n\n".join(problems)
    # The token held to the end: every list the user may read answered 200 at least once.
    assert READABLE_BY[who] <= answered, sorted(READABLE_BY[who] - answered)

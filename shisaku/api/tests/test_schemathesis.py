"""Property-based conformance (schemathesis 4): every operation of the served OpenAPI schema,
called through the WSGI app on the published demo, answers without a server error and as the
schema says (status code, content type, body)."""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from shisaku.wsgi import application

pytestmark = pytest.mark.usefixtures("published_demo")

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
EXAMPLES = 25  # per operation and mode: the whole run stays well under a minute


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Calls through the WSGI app, as Django's test client does, must not close the
    connection that holds the test's transaction (on PostgreSQL a request signal would)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def operations():
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    found = [result.ok() for result in schema.get_all_operations()]
    assert found, "the served schema has no operations"
    return found


def run(operation, mode, bearer_header=None) -> int:
    calls = []

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        headers = dict(bearer_header or {})
        case.call_and_validate(headers=headers or None, checks=CHECKS)
        calls.append(case)

    check()
    return len(calls)


def test_every_operation_conforms_to_the_served_schema(db):
    from schemathesis import GenerationMode

    total = 0
    for operation in operations():
        total += run(operation, GenerationMode.POSITIVE)
        total += run(operation, GenerationMode.NEGATIVE)
    assert total >= 10 * len(operations())
    print(f"schemathesis: {total} cases")  # noqa: T201 (the figure for the report)


def test_every_operation_conforms_for_a_token_holder_too(db, bearer):
    from schemathesis import GenerationMode

    header = {"Authorization": bearer("kikaku")["HTTP_AUTHORIZATION"]}
    total = sum(run(operation, GenerationMode.POSITIVE, header) for operation in operations()
                if operation.path.endswith(("/sheets", "/indicators")))
    assert total >= 10

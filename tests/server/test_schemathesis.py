"""Property-based fuzzing of the live OpenAPI: no generated input may cause a 5xx."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

from tests.server.conftest import Client
from tests.support.server import ServerHandle

if TYPE_CHECKING:  # hypothesis and schemathesis load in the tests: collecting the fast suite skips them
    import schemathesis

pytestmark = pytest.mark.slow
MAX_EXAMPLES = int(os.environ.get("PANTAU_FUZZ_EXAMPLES", "20"))  # raise it for a deeper run
OPERATIONS = [
    ("GET", "/api/v1/health"),
    ("POST", "/api/v1/enroll"),
    ("POST", "/api/v1/push"),
    ("GET", "/api/v1/push/partial/{push_id}"),
    ("POST", "/api/v1/revisions/latest"),
    ("POST", "/api/v1/attachments/missing"),
    ("GET", "/api/v1/attachments/{sha256}"),
    ("PUT", "/api/v1/attachments/{sha256}"),
    ("GET", "/api/v1/pull"),
    ("GET", "/api/v1/reports"),
    ("GET", "/api/v1/reports/{report_id}"),
    ("POST", "/api/v1/reports/{report_id}/review"),
]


@pytest.fixture(scope="module")
def schema(server: ServerHandle) -> schemathesis.BaseSchema:
    import schemathesis

    return schemathesis.openapi.from_url(f"{server.url}/openapi.json")


def test_every_operation_is_fuzzed(schema: schemathesis.BaseSchema) -> None:
    found = {
        (result.ok().method.upper(), result.ok().path) for result in schema.get_all_operations()
    }
    assert found == set(OPERATIONS)


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_no_generated_request_causes_a_server_error(
    schema: schemathesis.BaseSchema, device: Client, analyst: Client, method: str, path: str
) -> None:
    import hypothesis
    from hypothesis import HealthCheck
    from hypothesis import strategies as st
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error

    operation = schema[path][method]
    # A valid token gets the generated requests past authentication into the real logic.
    caller = analyst if path.startswith("/api/v1/reports") else device
    strategy = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    @hypothesis.given(case=strategy)
    @hypothesis.settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(case: schemathesis.Case) -> None:
        case.call_and_validate(
            session=caller.http,
            headers=dict(caller.http.headers),
            checks=[not_a_server_error],
            timeout=15,
        )

    fuzz()

"""The central administration routes (reference lists, laptops) answer as their OpenAPI
document says when an administrator fuzzes them (schemathesis): bad input is a 422, a
refusal a declared error, never a server error. The rest of the API is fuzzed by
``test_api_contract``, as an officer and a supervisor."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import Case
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.server.conftest import PASSWORD
from tests.server.live import Live, live_server

EXAMPLES_PER_OPERATION = 25
MINE = ("/admin/reference", "/admin/devices")


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HFHATE_PASSWORD", PASSWORD)
        tmp = tmp_path_factory.mktemp("contract-admin")
        yield from live_server(tmp, f"sqlite:///{tmp / 'server.sqlite'}")


def test_administration_answers_match_the_document(live: Live) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HFHATE_PASSWORD", PASSWORD)
        live.user("ada", "administrator")
        headers = live.sign_in(live.enrol(), "ada").headers
    api = schemathesis.openapi.from_url(f"{live.url}/api/v1/openapi.json")
    operations = [
        op
        for op in (result.ok() for result in api.get_all_operations())
        if any(part in op.path for part in MINE)
    ]
    assert len(operations) == 5
    checks = [not_a_server_error, response_schema_conformance]
    # The revocation last: it may revoke the administrator's own laptop (then all is 403).
    for operation in sorted(operations, key=lambda op: "revoke" in op.path):

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def answers_as_documented(case: Case) -> None:
            case.call_and_validate(base_url=live.url, headers=headers, checks=checks, timeout=10)

        answers_as_documented()

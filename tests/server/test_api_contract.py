"""Every answer of a real server matches its OpenAPI document (schemathesis), signed in.

A server process on SQLite for the module; a device enrolled and a user signed in, whose
bearer and session headers go with every generated request. The checks: each response's body
matches the schema the document declares for its status, and no answer is a server error.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import Case
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.server.conftest import PASSWORD
from tests.server.live import Live, Signed, live_server


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HFHATE_PASSWORD", PASSWORD)
        tmp = tmp_path_factory.mktemp("contract")
        yield from live_server(tmp, f"sqlite:///{tmp / 'server.sqlite'}")


@pytest.fixture(scope="module")
def signed(live: Live) -> Signed:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HFHATE_PASSWORD", PASSWORD)
        live.user("sue", "supervisor", "authorised_officer")
        return live.sign_in(live.enrol(), "sue")


def test_every_answer_matches_the_document(live: Live, signed: Signed) -> None:
    api = schemathesis.openapi.from_url(f"{live.url}/api/v1/openapi.json")
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 10

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=8, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def answers_as_documented(case: Case) -> None:
            case.call_and_validate(
                base_url=live.url,
                headers=signed.headers,
                checks=[not_a_server_error, response_schema_conformance],
                timeout=10,
            )

        answers_as_documented()

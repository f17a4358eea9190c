"""Push bodies read in one pass into the wire model, off the event loop (``wire_body.py``).

A route of ``WireBodyRoute`` must answer every body, good or bad, exactly as FastAPI's own
route does (the same status and the same words), document the same OpenAPI body, and hand
the route a model that pydantic-core made from the bytes, not one made from ``json.loads``.
"""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.testclient import TestClient
from pydantic import BaseModel

from hfhate.server.app import invalid
from hfhate.server.wire_body import WireBodyRoute
from hfhate.sync.schemas import PushRequest

made_in: list[str] = []


def _app() -> FastAPI:
    app = FastAPI()
    app.exception_handler(RequestValidationError)(invalid)
    for prefix, route_class in (("/plain", None), ("/wire", WireBodyRoute)):
        router = APIRouter(route_class=route_class) if route_class else APIRouter()

        @router.post("/push")
        def push(body: PushRequest) -> dict[str, Any]:
            return {"changes": len(body.changes), "first": body.changes[0].record_type}

        app.include_router(router, prefix=prefix)
    return app


def _change(**overrides: Any) -> dict[str, Any]:
    return {
        "change_id": str(uuid.uuid4()),
        "record_type": "notices",
        "record_id": str(uuid.uuid4()),
        "operation": "create",
        "base_version": None,
        "version": 1,
        "fields": {"place": "King Street", "latitude": 51.5},
        "made_at": datetime.now(UTC).isoformat(),
        "made_by": str(uuid.uuid4()),
        "device_id": str(uuid.uuid4()),
    } | overrides


BODIES: list[Any] = [
    {"changes": [_change()]},
    {"changes": [_change(), _change(version=2, operation="update", base_version=1)]},
    {"changes": [_change(record_type="passwords")]},  # an unknown type
    {"changes": [_change(fields={"password_hash": "x"})]},  # a field not allowed
    {"changes": [_change(record_id="not-a-uuid")]},
    {"changes": [_change(operation="create", base_version=3)]},
    {"changes": [{k: v for k, v in _change().items() if k != "made_by"}]},
    {"changes": [_change(surprise=1)]},
    {"changes": "nope"},
    {"changes": [_change()] * 501},  # over the batch cap
    [],
]


@pytest.mark.parametrize("body", BODIES, ids=range(len(BODIES)))
def test_every_body_is_answered_as_fastapi_answers_it(body: Any) -> None:
    with TestClient(_app()) as client:
        plain = client.post("/plain/push", json=body)
        wire = client.post("/wire/push", json=body)
    assert (wire.status_code, wire.json()) == (plain.status_code, plain.json())


@pytest.mark.parametrize("raw", [b"{not json", b"", b'{"changes": [}'])
def test_malformed_json_is_answered_as_fastapi_answers_it(raw: bytes) -> None:
    headers = {"content-type": "application/json"}
    with TestClient(_app()) as client:
        plain = client.post("/plain/push", content=raw, headers=headers)
        wire = client.post("/wire/push", content=raw, headers=headers)
    assert (wire.status_code, wire.text) == (plain.status_code, plain.text)


def test_the_openapi_body_is_the_same() -> None:
    paths = _app().openapi()["paths"]
    plain, wire = paths["/plain/push"]["post"], paths["/wire/push"]["post"]
    assert wire["requestBody"] == plain["requestBody"]


def test_the_body_is_made_by_pydantic_from_the_bytes_in_a_worker_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[tuple[str, type[BaseModel]]] = []
    real = PushRequest.model_validate_json

    def watched(data: bytes | str, **kwargs: Any) -> PushRequest:
        seen.append((threading.current_thread().name, type(real(data, **kwargs))))
        return real(data, **kwargs)

    monkeypatch.setattr(PushRequest, "model_validate_json", watched)
    with TestClient(_app()) as client:
        reply = client.post("/wire/push", json={"changes": [_change()]})
        assert reply.json() == {"changes": 1, "first": "notices"}
        loop_thread = client.portal.call(threading.current_thread)  # type: ignore[union-attr]
    assert [kind for _, kind in seen] == [PushRequest]
    assert seen[0][0] != loop_thread.name  # not on the event loop

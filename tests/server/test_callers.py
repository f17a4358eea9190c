"""Every route but health, enrol and sign-in refuses a request without a valid caller, and the
OpenAPI document describes every route; both found by walking the app's routes, so a route
added later without the caller dependency fails here."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy import update

from hfhate.server import accounts
from hfhate.server.models import SessionToken, utc_now
from tests.server.conftest import Server

OPEN = {
    "/api/v1/health",
    "/api/v1/health/live",  # for the proxy, systemd and monitoring
    "/api/v1/health/ready",
    "/api/v1/enrol",
    "/api/v1/sign-in",
}
NOT_ENROLLED = "This laptop is not enrolled with the server."
SESSION_ENDED = "Your session on the server has ended: sign in again."
ADMIN_ONLY = "Only an administrator can make central changes."


def endpoints(server: Server) -> list[tuple[str, str, APIRoute]]:
    """(method, path, route) of every route of the laptops' API, however its router was
    included (``/metrics``, for Prometheus, is not in the document and has its own guard).

    Since FastAPI 0.137 ``app.routes`` holds an included router as one entry;
    ``iter_route_contexts`` opens it up, with the prefixes applied to the paths.
    """
    app = server.client.app
    assert isinstance(app, FastAPI)
    return [
        (method, context.path, context.original_route)
        for context in iter_route_contexts(app.routes)
        if isinstance(context.original_route, APIRoute) and context.original_route.include_in_schema
        for method in sorted(context.methods or ())
    ]


def api_routes(server: Server) -> list[tuple[str, str]]:
    """(method, path) of every route, path parameters filled with a photo-like name."""
    return [(method, re.sub(r"\{[^}]*\}", "0" * 64, path)) for method, path, _ in endpoints(server)]


def guarded(server: Server) -> list[tuple[str, str]]:
    routes = [(m, p) for m, p in api_routes(server) if p not in OPEN]
    # The walk found the routes it is meant to guard (and is not vacuous).
    assert {p for _, p in routes} >= {
        "/api/v1/push",
        "/api/v1/pull",
        "/api/v1/records",
        "/api/v1/known-changes",
        f"/api/v1/photos/{'0' * 64}",
        f"/api/v1/photos/{'0' * 64}/content",
        "/api/v1/incomplete-photos",
    }
    return routes


def refusals(server: Server, headers: dict[str, str]) -> dict[str, tuple[int, str]]:
    return {
        f"{method} {path}": (reply.status_code, reply.json().get("detail", ""))
        for method, path in guarded(server)
        for reply in [server.client.request(method, path, headers=headers)]
    }


def every(server: Server, status: int, detail: str) -> dict[str, tuple[int, str]]:
    return {f"{method} {path}": (status, detail) for method, path in guarded(server)}


@pytest.fixture
def signed_in(server: Server) -> tuple[int, dict[str, str]]:
    """A signed-in officer's headers, and the device code of the laptop."""
    server.add_user("olly", "authorised_officer")
    _, token, code = server.enrol()
    return code, server.sign_in(token, "olly")


def test_without_tokens_or_with_a_device_unknown_every_route_is_refused(
    server: Server, signed_in: tuple[int, dict[str, str]]
) -> None:
    _, headers = signed_in
    refused = every(server, 401, NOT_ENROLLED)
    assert refusals(server, {}) == refused
    assert refusals(server, headers | {"Authorization": "Bearer not-a-device"}) == refused
    assert refusals(server, headers | {"Authorization": "Basic abc"}) == refused


def test_without_a_session_or_with_one_ended_every_route_is_refused(
    server: Server, signed_in: tuple[int, dict[str, str]]
) -> None:
    _, headers = signed_in
    ended = every(server, 401, SESSION_ENDED)
    assert refusals(server, {"Authorization": headers["Authorization"]}) == ended
    assert refusals(server, headers | {"X-Hfhate-Session": "not-a-session"}) == ended
    # A session of another laptop does not do on this one.
    server.add_user("sam", "authorised_officer")
    _, other_token, _ = server.enrol()
    other = server.sign_in(other_token, "sam")
    assert refusals(server, headers | {"X-Hfhate-Session": other["X-Hfhate-Session"]}) == ended
    with server.sessions.begin() as session:
        session.execute(update(SessionToken).values(expires_at=utc_now()))
    assert refusals(server, headers) == ended


def test_a_revoked_laptop_and_a_deactivated_account_are_refused_everywhere(
    server: Server, signed_in: tuple[int, dict[str, str]]
) -> None:
    code, headers = signed_in
    # With a valid caller no route answers as if refused: the paths above reach the routes
    # (central administration's routes refuse an officer who is not an administrator).
    reached = refusals(server, headers)
    for route, (status, detail) in reached.items():
        if " /api/v1/admin/" in route:
            assert (status, detail) == (403, ADMIN_ONLY), route
        else:
            assert status not in (401, 403), route
    with server.sessions.begin() as session:
        accounts.set_active(session, "olly", active=False)
    deactivated = every(server, 401, "This account is deactivated on the server.")
    assert refusals(server, headers) == deactivated
    with server.sessions.begin() as session:
        accounts.set_active(session, "olly", active=True)
        accounts.revoke_device(session, code)
    revoked = every(
        server, 403, "This laptop's access to the server was revoked by an administrator."
    )
    assert refusals(server, headers) == revoked


def test_the_openapi_document_describes_every_route(server: Server) -> None:
    paths = server.client.get("/api/v1/openapi.json").json()["paths"]
    described = {(m, p) for p, operations in paths.items() for m in operations}
    routes = endpoints(server)
    assert {(method.lower(), path) for method, path, _ in routes} == described
    for method, path, route in routes:
        operation = paths[path][method.lower()]
        if route.body_field is not None:  # the request's model, by reference
            assert "$ref" in str(operation["requestBody"]), path
        if route.response_model is not None:  # and the reply's
            assert "$ref" in str(operation["responses"]["200"]), path

"""Enrolment, sign-in, tokens and wire checks, on SQLite and on PostgreSQL."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

from alembic.script import ScriptDirectory
from sqlalchemy import select, update

from hfhate.server import accounts
from hfhate.server.db import alembic_config
from hfhate.server.migrations import SERVER_HEAD
from hfhate.server.models import EnrolledDevice, EnrolmentCode, SessionToken, utc_now
from hfhate.server.settings import MAX_BODY_BYTES
from hfhate.sync.compat import PREVIOUS_STORE_SCHEMA
from hfhate.sync.schemas import STORE_SCHEMA, STORE_SCHEMA_HEADER
from tests.server.conftest import Server, change, notice_fields


def enrol_body(code: str, device_code: int | None = None) -> dict[str, object]:
    return {
        "code": code,
        "device_id": str(uuid.uuid4()),
        "device_name": "laptop",
        "device_code": device_code,
        "store_schema": STORE_SCHEMA,
    }


def test_health_reports_versions_and_openapi_is_served(server: Server) -> None:
    body = server.client.get("/api/v1/health", headers={STORE_SCHEMA_HEADER: STORE_SCHEMA}).json()
    # A laptop that does not say its schema is of the previous release: told its own schema
    # while the server accepts it, so its exact check passes (``hfhate/sync/compat.py``).
    old = server.client.get("/api/v1/health").json()
    assert old["store_schema"] == PREVIOUS_STORE_SCHEMA
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert heads == [SERVER_HEAD]  # one line of migrations, and the constant names its end
    assert body["server_schema"] == SERVER_HEAD and body["store_schema"] == STORE_SCHEMA
    assert body["epoch"]
    assert "/api/v1/push" in server.client.get("/api/v1/openapi.json").json()["paths"]


def test_a_code_enrols_once_and_tokens_are_stored_hashed(server: Server) -> None:
    code = server.code()
    first = server.client.post("/api/v1/enrol", json=enrol_body(code))
    again = server.client.post("/api/v1/enrol", json=enrol_body(code))
    assert first.status_code == 200 and again.status_code == 403
    assert "not valid" in again.json()["detail"]
    token = first.json()["device_token"]
    with server.sessions() as session:
        stored = session.scalars(select(EnrolledDevice.token_hash)).all()
        assert stored == [accounts.token_hash(token)] and token not in stored
        assert session.scalar(select(EnrolmentCode.used_at)) is not None


def test_a_code_reads_aloud_in_groups_and_may_be_typed_without_dashes(server: Server) -> None:
    codes = [server.code() for _ in range(50)]
    assert all(
        re.fullmatch(r"([A-HJKMNP-TW-Z2-9]{4}-){3}[A-HJKMNP-TW-Z2-9]{4}", c) for c in codes
    )  # never a leading dash for a command line to mistake
    typed = f"  {codes[0].replace('-', '').lower()} "
    assert server.client.post("/api/v1/enrol", json=enrol_body(typed)).status_code == 200
    assert server.client.post("/api/v1/enrol", json=enrol_body(codes[0])).status_code == 403


def test_an_expired_code_is_refused(server: Server) -> None:
    code = server.code()
    with server.sessions.begin() as session:
        session.execute(update(EnrolmentCode).values(expires_at=utc_now() - timedelta(seconds=1)))
    assert server.client.post("/api/v1/enrol", json=enrol_body(code)).status_code == 403


def test_a_numbered_laptop_keeps_its_code_unless_another_holds_it(server: Server) -> None:
    _, _, kept = server.enrol(device_code=42)
    assert kept == 42
    clash = server.client.post("/api/v1/enrol", json=enrol_body(server.code(), 42))
    assert clash.status_code == 409 and "042" in clash.json()["detail"]
    _, _, fresh = server.enrol()
    assert fresh not in (42, None)


def test_a_store_on_another_schema_cannot_enrol(server: Server) -> None:
    body = enrol_body(server.code()) | {"store_schema": "0001"}
    reply = server.client.post("/api/v1/enrol", json=body)
    assert reply.status_code == 409 and "upgrade hfhate on this laptop" in reply.json()["detail"]
    body = enrol_body(server.code()) | {"store_schema": "9999"}
    reply = server.client.post("/api/v1/enrol", json=body)
    assert reply.status_code == 409 and "ask IT to upgrade the server" in reply.json()["detail"]


def test_wrong_password_revoked_device_and_expired_session_are_refused(server: Server) -> None:
    officer = server.add_user("olly", "authorised_officer")
    device_id, token, code = server.enrol()
    bad = server.client.post(
        "/api/v1/sign-in",
        headers={"Authorization": f"Bearer {token}"},
        json={"username": "olly", "password": "wrong password"},
    )
    assert bad.status_code == 401
    headers = server.sign_in(token, "olly")
    assert server.client.get("/api/v1/pull", headers=headers).status_code == 200
    with server.sessions.begin() as session:
        session.execute(update(SessionToken).values(last_used_at=utc_now() - timedelta(hours=1)))
    expired = server.client.get("/api/v1/pull", headers=headers)
    assert expired.status_code == 401 and "sign in again" in expired.json()["detail"]
    headers = server.sign_in(token, "olly")
    with server.sessions.begin() as session:
        accounts.revoke_device(session, code)
    body = {"changes": [change(device_id, officer, uuid.uuid4(), notice_fields(officer, code, 1))]}
    revoked = server.client.post("/api/v1/push", headers=headers, json=body)
    assert revoked.status_code == 403 and "revoked" in revoked.json()["detail"]


def test_a_deactivated_user_loses_their_session(server: Server) -> None:
    server.add_user("olly", "authorised_officer")
    _, token, _ = server.enrol()
    headers = server.sign_in(token, "olly")
    with server.sessions.begin() as session:
        accounts.set_active(session, "olly", active=False)
    assert server.client.get("/api/v1/pull", headers=headers).status_code == 401


def test_unknown_fields_types_and_oversized_bodies_are_refused(server: Server) -> None:
    officer = server.add_user("olly", "authorised_officer")
    device_id, token, code = server.enrol()
    headers = server.sign_in(token, "olly")
    fields = notice_fields(officer, code, 1) | {"password_hash": "x"}
    extra = server.client.post(
        "/api/v1/push",
        headers=headers,
        json={"changes": [change(device_id, officer, uuid.uuid4(), fields)]},
    )
    assert extra.status_code == 422 and "not allowed" in extra.json()["detail"]
    wrong = change(device_id, officer, uuid.uuid4(), {}, record_type="audit_events")
    assert (
        server.client.post("/api/v1/push", headers=headers, json={"changes": [wrong]}).status_code
        == 422
    )
    huge = server.client.post("/api/v1/push", headers=headers, content=b"x" * (MAX_BODY_BYTES + 1))
    assert huge.status_code == 413

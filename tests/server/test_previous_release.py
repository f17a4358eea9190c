"""A laptop of the previous release (store schema 0012, app 0.1.0) against this server, as a
real process on SQLite and PostgreSQL: it speaks the 0012 wire format with raw requests (no
release headers, enrols with "0012", pushes 0012-shaped records, pulls) and keeps syncing;
every answer it gets validates against the 0012 JSON schemas kept in
``tests/fixtures/wire_0012`` (which, as the old models did, refuse any field they do not
name), and it never receives a record type or field its release does not know, even when the
server holds records of newer types and newer fields on records it knows.

The server plays the next release: its own store schema (``STORE_SCHEMA`` once it moved on,
"0016" while it has not, through the test-only ``HFHATE_SERVER_PRETEND_STORE_SCHEMA``).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import jsonschema_rs
import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from hfhate.server.db import make_server_engine
from hfhate.server.models import ChangeLogEntry, ServerRecordRow
from hfhate.server.records import reserve_seqs
from hfhate.sync.compat import PREVIOUS_STORE_SCHEMA
from hfhate.sync.schemas import ACCEPTS_HEADER, STORE_SCHEMA, STORE_SCHEMA_HEADER
from hfhate.sync.wire_history import load
from tests.server.conftest import PASSWORD, change, notice_fields
from tests.server.live import Live, logged_server

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / f"wire_{PREVIOUS_STORE_SCHEMA}"
NEXT = STORE_SCHEMA if STORE_SCHEMA != PREVIOUS_STORE_SCHEMA else "0016"
NEW_TYPE = "setting_changes_of_a_later_release"
NEW_FIELD = "field_of_a_later_release"
OLD = load(PREVIOUS_STORE_SCHEMA)
assert OLD is not None


@cache
def _validator(kind: str, name: str) -> Any:
    schema = json.loads((FIXTURES / kind / f"{name}.json").read_text(encoding="utf-8"))
    return jsonschema_rs.validator_for(schema)


def valid(name: str, reply: httpx.Response) -> dict[str, Any]:
    """The reply's body, checked against the previous release's schema of ``name``."""
    assert reply.headers["content-type"].startswith("application/json"), reply.text
    body: dict[str, Any] = reply.json()
    errors = [str(e).split("\n")[0] for e in _validator("bodies", name).iter_errors(body)]
    assert not errors, (name, errors)
    return body


def known_record(record_type: str, fields: dict[str, Any]) -> None:
    """A record as the previous release knows its type, with only fields it knows."""
    assert OLD is not None and record_type in OLD.record_types, record_type
    assert set(fields) <= OLD.record_types[record_type], set(fields) - OLD.record_types[record_type]
    errors = [str(e).split("\n")[0] for e in _validator("records", record_type).iter_errors(fields)]
    assert not errors, (record_type, errors)


@pytest.fixture
def live(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Live]:
    monkeypatch.setenv("HFHATE_PASSWORD", PASSWORD)
    env = {"HFHATE_SERVER_PRETEND_STORE_SCHEMA": NEXT}
    for server, _log in logged_server(tmp_path, database_url, env):
        yield server


class OldLaptop:
    """A laptop of the previous release: raw requests, none of this release's headers."""

    def __init__(self, live: Live) -> None:
        self.url = f"{live.url}/api/v1"
        self.live = live
        self.device_id = uuid.uuid4()
        self.token = ""
        self.device_code = 0

    def enrol(self) -> None:
        reply = httpx.post(
            f"{self.url}/enrol",
            json={
                "code": self.live.process.admin("enrolment-code"),
                "device_id": str(self.device_id),
                "device_name": "old laptop",
                "device_code": None,
                "store_schema": PREVIOUS_STORE_SCHEMA,
            },
        )
        assert reply.status_code == 200, reply.text
        body = valid("EnrolResponse", reply)
        self.token, self.device_code = body["device_token"], body["device_code"]

    def sign_in(self, username: str) -> tuple[uuid.UUID, dict[str, str]]:
        headers = {"Authorization": f"Bearer {self.token}"}
        reply = httpx.post(
            f"{self.url}/sign-in",
            headers=headers,
            json={"username": username, "password": PASSWORD},
        )
        assert reply.status_code == 200, reply.text
        body = valid("SignInResponse", reply)
        return uuid.UUID(body["user_id"]), headers | {"X-Hfhate-Session": body["session_token"]}


def _plant(
    database_url: str, record_type: str, record_id: uuid.UUID, fields: dict[str, Any]
) -> None:
    """A record written on the server as a later release would: a new type, or new fields."""
    engine = make_server_engine(database_url)
    try:
        with engine.begin() as connection:
            session = Session(connection)
            [seq] = list(reserve_seqs(session, 1))
            row = session.get(ServerRecordRow, (record_type, record_id))
            version = 1 if row is None else row.version + 1
            merged = (dict(row.fields) if row is not None else {}) | fields | {"version": version}
            if row is None:
                session.add(
                    ServerRecordRow(
                        record_type=record_type,
                        record_id=record_id,
                        owner_id=None,
                        version=version,
                        fields=merged,
                    )
                )
            else:
                session.execute(
                    update(ServerRecordRow)
                    .where(
                        ServerRecordRow.record_type == record_type,
                        ServerRecordRow.record_id == record_id,
                    )
                    .values(version=version, fields=merged)
                )
            session.add(
                ChangeLogEntry(
                    seq=seq,
                    record_type=record_type,
                    record_id=record_id,
                    owner_id=row.owner_id if row is not None else None,
                    version=version,
                    fields=merged,
                    changed=sorted(fields),
                )
            )
            session.flush()
    finally:
        engine.dispose()


def _pull_all(url: str, headers: dict[str, str]) -> list[dict[str, Any]]:
    changes: list[dict[str, Any]] = []
    cursor = 0
    while True:
        reply = httpx.get(f"{url}/pull", headers=headers, params={"cursor": cursor})
        assert reply.status_code == 200, reply.text
        page = valid("PullPage", reply)
        changes += page["changes"]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return changes


def test_a_laptop_of_the_previous_release_keeps_syncing_in_its_own_wire_format(
    live: Live,
) -> None:
    laptop = OldLaptop(live)
    health = httpx.get(f"{laptop.url}/health")
    # It reads its own store schema, so its exact check passes; the rest is in headers.
    assert valid("Health", health)["store_schema"] == PREVIOUS_STORE_SCHEMA
    assert health.headers[STORE_SCHEMA_HEADER] == NEXT
    assert health.headers[ACCEPTS_HEADER] == f"{PREVIOUS_STORE_SCHEMA},{NEXT}"
    laptop.enrol()
    officer_id = live.user("olly", "authorised_officer")
    supervisor_id = live.user("sue", "supervisor")
    _, olly = laptop.sign_in("olly")
    _, sue = laptop.sign_in("sue")

    # A 0012-shaped notice is taken.
    notice_id = uuid.uuid4()
    fields = notice_fields(officer_id, laptop.device_code, 1)
    pushed = change(laptop.device_id, officer_id, notice_id, fields)
    reply = httpx.post(f"{laptop.url}/push", headers=olly, json={"changes": [pushed]})
    assert valid("PushResponse", reply)["results"][0]["result"] == "applied", reply.text

    # A later release's server writes a record of a new type and a new field on the notice
    # and on an account.
    _plant(live.process.database_url, NEW_TYPE, uuid.uuid4(), {"id": "x", "amount": 50000})
    _plant(live.process.database_url, "notices", notice_id, {NEW_FIELD: "later"})
    _plant(live.process.database_url, "users", supervisor_id, {NEW_FIELD: True})

    pulled = _pull_all(laptop.url, sue)
    assert {c["record_type"] for c in pulled} >= {"users", "notices"}
    for pulled_change in pulled:
        known_record(pulled_change["record_type"], pulled_change["fields"])

    # What it fetches by id: the new type left out, new fields stripped.
    reply = httpx.post(
        f"{laptop.url}/records",
        headers=sue,
        json={
            "records": [
                {"record_type": "notices", "record_id": str(notice_id)},
                {"record_type": "users", "record_id": str(supervisor_id)},
            ]
        },
    )
    records = valid("RecordsResponse", reply)["records"]
    assert {r["record_type"] for r in records} == {"notices", "users"}
    for record in records:
        known_record(record["record_type"], record["fields"])

    # The notice sent again as new (its reply was lost, say, and a copy made it again): a
    # conflict answered with the server's record, without the field this release lacks.
    again = change(laptop.device_id, officer_id, notice_id, fields)
    reply = httpx.post(f"{laptop.url}/push", headers=olly, json={"changes": [again]})
    [result] = valid("PushResponse", reply)["results"]
    assert result["result"] == "conflict", result
    assert result["server_record"]["version"] == 2  # the one with the newer field
    known_record("notices", result["server_record"]["fields"])

    # The rest of a sync: known changes, the audit trail's position, photos waiting.
    reply = httpx.post(
        f"{laptop.url}/known-changes", headers=olly, json={"change_ids": [pushed["change_id"]]}
    )
    assert valid("KnownResponse", reply)["known"] == [pushed["change_id"]]
    valid("AuditPosition", httpx.get(f"{laptop.url}/audit-events/position", headers=olly))
    reply = httpx.post(f"{laptop.url}/audit-events", headers=olly, json={"rows": []})
    assert reply.status_code == 200, reply.text
    valid("AuditPushResult", reply)
    valid("MissingPhotos", httpx.get(f"{laptop.url}/incomplete-photos", headers=sue))
    # A refusal is the old error body too.
    reply = httpx.post(
        f"{laptop.url}/sign-in",
        headers={"Authorization": f"Bearer {laptop.token}"},
        json={"username": "olly", "password": "wrong password"},
    )
    assert reply.status_code == 401
    valid("ErrorBody", reply)


@pytest.mark.parametrize(
    ("schema", "version", "words"),
    [
        ("0008", "0.0.9", "This laptop's hfhate 0.0.9 is too old for the server"),
        ("9999", "9.0.0", "ask IT to upgrade the server"),
    ],
)
def test_a_laptop_outside_the_window_is_told_which_side_to_upgrade(
    live: Live, schema: str, version: str, words: str
) -> None:
    laptop = OldLaptop(live)
    laptop.enrol()
    live.user("olly", "authorised_officer")
    _, olly = laptop.sign_in("olly")
    headers = olly | {"X-Hfhate-Store-Schema": schema, "X-Hfhate-App-Version": version}
    for reply in (
        httpx.get(f"{laptop.url}/pull", headers=headers),
        httpx.post(f"{laptop.url}/push", headers=headers, json={"changes": []}),
        httpx.post(
            f"{laptop.url}/enrol",
            headers=headers,
            json={
                "code": live.process.admin("enrolment-code"),
                "device_id": str(uuid.uuid4()),
                "device_name": "laptop",
                "store_schema": schema,
            },
        ),
    ):
        assert reply.status_code == 409, reply.text
        detail = valid("ErrorBody", reply)["detail"]
        assert words in detail and "Nothing waiting to be sent is lost." in detail
    # The health check still answers, in full, so the laptop can tell.
    health = httpx.get(f"{laptop.url}/health", headers=headers)
    assert health.status_code == 200 and health.json()["store_schema"] == NEXT

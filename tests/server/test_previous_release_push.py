"""What a previous-release laptop pushes, through the server's real push (SQLite and
PostgreSQL): as if that release had known notices without two of today's columns, a notice it
sends without them is taken with their defaults, one that carries them is refused saying to
upgrade the laptop, and its pulls leave them out while this release's laptops get them.

The app runs in process, taking itself for the next release; the kept snapshot of the
previous release is narrowed for the test (``compat._snapshot``), since today's code has no
column the previous release lacked.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from hfhate.server.app import create_app
from hfhate.server.db import make_server_engine, make_sessions, migrate
from hfhate.server.models import ServerRecordRow
from hfhate.server.settings import ServerSettings
from hfhate.sync import compat
from hfhate.sync.compat import PREVIOUS_STORE_SCHEMA
from hfhate.sync.schemas import STORE_SCHEMA, STORE_SCHEMA_HEADER
from hfhate.sync.wire_history import load
from tests.server.conftest import Server, change, notice_fields

NEXT = STORE_SCHEMA if STORE_SCHEMA != PREVIOUS_STORE_SCHEMA else "0016"
LATER = frozenset({"body_worn_video", "paid_on"})  # as if added by the next release


@pytest.fixture
def server(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    kept = load(PREVIOUS_STORE_SCHEMA)
    assert kept is not None
    narrowed = replace(
        kept, record_types={**kept.record_types, "notices": kept.record_types["notices"] - LATER}
    )
    monkeypatch.setattr(compat, "_snapshot", lambda schema: narrowed)
    engine = make_server_engine(database_url)
    migrate(engine, tmp_path / "backups")
    settings = ServerSettings(data_dir=tmp_path, database_url=database_url, store_schema=NEXT)
    with TestClient(create_app(settings)) as client:
        yield Server(client=client, engine=engine, sessions=make_sessions(engine))
    engine.dispose()


def test_a_previous_release_push_takes_defaults_and_is_refused_what_it_cannot_know(
    server: Server,
) -> None:
    officer_id = server.add_user("olly", "authorised_officer")
    server.add_user("sue", "supervisor")
    device_id, token, code = server.enrol()  # "0012" in its body, as the old laptop sends
    olly = server.sign_in(token, "olly")
    old = {k: v for k, v in notice_fields(officer_id, code, 1).items() if k not in LATER}
    notice_id = uuid.uuid4()
    taken = server.client.post(
        "/api/v1/push",
        headers=olly,
        json={"changes": [change(device_id, officer_id, notice_id, old)]},
    )
    assert taken.json()["results"][0]["result"] == "applied", taken.text
    with server.sessions() as session:
        held = session.scalar(
            select(ServerRecordRow.fields).where(ServerRecordRow.record_id == notice_id)
        )
    assert held is not None and held["body_worn_video"] == "" and held["paid_on"] is None

    newer = notice_fields(officer_id, code, 2, body_worn_video="BWV-1")
    refused = server.client.post(
        "/api/v1/push",
        headers=olly,
        json={"changes": [change(device_id, officer_id, uuid.uuid4(), newer)]},
    )
    [result] = refused.json()["results"]
    assert result["result"] == "rejected"
    assert (
        "body_worn_video" in result["reason"]
        and "upgrade hfhate on this laptop" in (result["reason"])
    )

    _, other_token, _ = server.enrol()  # another laptop: a pull skips what one sent itself
    sue = server.sign_in(other_token, "sue")
    old_pull = server.client.get("/api/v1/pull", headers=sue).json()["changes"]
    new_pull = server.client.get("/api/v1/pull", headers=sue | {STORE_SCHEMA_HEADER: NEXT}).json()[
        "changes"
    ]
    [old_notice] = [c["fields"] for c in old_pull if c["record_type"] == "notices"]
    [new_notice] = [c["fields"] for c in new_pull if c["record_type"] == "notices"]
    assert not LATER & set(old_notice) and LATER <= set(new_notice)

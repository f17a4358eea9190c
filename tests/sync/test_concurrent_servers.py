"""Two server processes on one PostgreSQL database take pushes while a client pulls.

The pull cursor must never pass a change that a slower transaction commits later: every
change the server logged must reach the puller exactly once.
"""

from __future__ import annotations

import threading
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from hfhate.server.db import make_server_engine, make_sessions
from hfhate.server.models import ChangeLogEntry
from hfhate.sync.schemas import STORE_SCHEMA
from tests.server.conftest import PASSWORD, change, notice_fields
from tests.sync.conftest import ServerProcess, start_server, stop

BATCHES, PER_BATCH = 25, 4


def enrol_and_sign_in(url: str, code: str, username: str) -> tuple[uuid.UUID, int, dict[str, str]]:
    device_id = uuid.uuid4()
    enrolled = httpx.post(
        f"{url}/api/v1/enrol",
        json={
            "code": code,
            "device_id": str(device_id),
            "device_name": username,
            "device_code": None,
            "store_schema": STORE_SCHEMA,
        },
    ).json()
    headers = {"Authorization": f"Bearer {enrolled['device_token']}"}
    signed = httpx.post(
        f"{url}/api/v1/sign-in", headers=headers, json={"username": username, "password": PASSWORD}
    ).json()
    return (
        device_id,
        enrolled["device_code"],
        headers | {"X-Hfhate-Session": signed["session_token"]},
    )


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_no_change_is_skipped_by_a_pull_during_concurrent_pushes(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HFHATE_PASSWORD", PASSWORD)
    first = start_server(tmp_path, database_url)
    second = start_server(tmp_path, database_url)
    try:
        officers = {}
        for name in ("olly", "sam"):
            out = first.admin(
                "create-user", name, "--full-name", name, "--role", "authorised_officer"
            )
            officers[name] = uuid.UUID(out.split("(")[1].rstrip(").").strip())
        first.admin("create-user", "sue", "--full-name", "Sue", "--role", "supervisor")
        _, _, watcher = enrol_and_sign_in(first.url, first.admin("enrolment-code"), "sue")
        # Issued here: admin commands print, and threads must not share a redirected stdout.
        codes = {name: first.admin("enrolment-code") for name in officers}
        errors: list[BaseException] = []

        def pusher(server: ServerProcess, name: str) -> None:
            try:
                device_id, code, headers = enrol_and_sign_in(server.url, codes[name], name)
                with httpx.Client(base_url=server.url, headers=headers, timeout=60) as http:
                    for batch in range(BATCHES):
                        changes = [
                            change(
                                device_id,
                                officers[name],
                                uuid.uuid4(),
                                notice_fields(officers[name], code, batch * PER_BATCH + n + 1),
                            )
                            for n in range(PER_BATCH)
                        ]
                        reply = http.post("/api/v1/push", json={"changes": changes}).json()
                        assert {r["result"] for r in reply["results"]} == {"applied"}
            except BaseException as error:  # noqa: BLE001 - reported by the main thread
                errors.append(error)

        seen: list[int] = []

        def pull_once(http: httpx.Client, cursor: int) -> tuple[int, bool]:
            page: dict[str, Any] = http.get(
                "/api/v1/pull", params={"cursor": cursor, "limit": 7}
            ).json()
            seen.extend(c["seq"] for c in page["changes"])
            return page["next_cursor"], page["has_more"]

        threads = [
            threading.Thread(target=pusher, args=(first, "olly")),
            threading.Thread(target=pusher, args=(second, "sam")),
        ]
        for thread in threads:
            thread.start()
        cursor, pulls = 0, 0
        with httpx.Client(base_url=second.url, headers=watcher, timeout=60) as http:
            while any(t.is_alive() for t in threads):
                cursor, _ = pull_once(http, cursor)
                pulls += 1
            for thread in threads:
                thread.join()
            more = True
            while more:
                cursor, more = pull_once(http, cursor)
        assert not errors, errors
        engine = make_server_engine(database_url)
        try:
            with make_sessions(engine)() as session:
                logged = list(
                    session.scalars(select(ChangeLogEntry.seq).order_by(ChangeLogEntry.seq))
                )
        finally:
            engine.dispose()
        assert pulls > 3
        assert sorted(seen) == seen == logged
        assert len(logged) == 2 * BATCHES * PER_BATCH + 3
    finally:
        stop(first.process)
        stop(second.process)

"""A real ``hfhate-server serve`` process for tests/server, with signed-in callers over HTTP."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from hfhate.sync.schemas import STORE_SCHEMA
from tests.server.conftest import PASSWORD
from tests.sync.conftest import ServerProcess, free_port, start_server, stop, wait_for_health


@dataclass
class Signed:
    """A user signed in on an enrolled device: the headers every call needs."""

    user_id: uuid.UUID
    device_id: uuid.UUID
    device_code: int
    headers: dict[str, str]


@dataclass
class Live:
    """The server process and what a test makes on it."""

    process: ServerProcess

    @property
    def url(self) -> str:
        return self.process.url

    def enrol(self, device_code: int | None = None) -> tuple[uuid.UUID, str, int]:
        device_id = uuid.uuid4()
        reply = httpx.post(
            f"{self.url}/api/v1/enrol",
            json={
                "code": self.process.admin("enrolment-code"),
                "device_id": str(device_id),
                "device_name": "laptop",
                "device_code": device_code,
                "store_schema": STORE_SCHEMA,
            },
        )
        assert reply.status_code == 200, reply.text
        return device_id, reply.json()["device_token"], reply.json()["device_code"]

    def user(self, username: str, *roles: str) -> uuid.UUID:
        user_id = uuid.uuid4()
        role_args = [arg for role in roles for arg in ("--role", role)]
        self.process.admin(
            "create-user", username, "--full-name", username.title(), "--id", str(user_id),
            *role_args,
        )  # fmt: skip
        return user_id

    def sign_in(self, device: tuple[uuid.UUID, str, int], username: str) -> Signed:
        headers = {"Authorization": f"Bearer {device[1]}"}
        reply = httpx.post(
            f"{self.url}/api/v1/sign-in",
            headers=headers,
            json={"username": username, "password": PASSWORD},
        )
        assert reply.status_code == 200, reply.text
        return Signed(
            uuid.UUID(reply.json()["user_id"]),
            device[0],
            device[2],
            headers | {"X-Hfhate-Session": reply.json()["session_token"]},
        )

    def push(self, caller: Signed, changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        reply = httpx.post(
            f"{self.url}/api/v1/push", headers=caller.headers, json={"changes": changes}
        )
        assert reply.status_code == 200, reply.text
        results: list[dict[str, Any]] = reply.json()["results"]
        return results


def live_server(tmp_path: Path, database_url: str) -> Iterator[Live]:
    """For a fixture: a server process on ``database_url``, stopped after the test."""
    data = tmp_path / "live"
    data.mkdir()
    process = start_server(data, database_url)
    try:
        yield Live(process)
    finally:
        stop(process.process)


def logged_server(
    tmp_path: Path, database_url: str, env: dict[str, str] | None = None
) -> Iterator[tuple[Live, Path]]:
    """For a fixture: a server process whose stdout and stderr go to a log file, with extra
    environment ``env`` (limits), and that log file."""
    data = tmp_path / "live"
    data.mkdir()
    log = tmp_path / "server.log"
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "hfhate.server.cli", "serve", "--data-dir", str(data),
             "--port", str(port), "--database-url", database_url],
            cwd=data, stdout=out, stderr=subprocess.STDOUT, env=os.environ | (env or {}),
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(url, process)
        yield Live(ServerProcess(url, data, database_url, process)), log
    finally:
        stop(process)

"""``hfhate-server serve --workers 2`` on PostgreSQL, as production runs it: readiness, a
worker stopped with SIGTERM in the middle of a push, metrics added up over the workers, and
the JSON log lines.

Every server here is a real process tree (uvicorn's supervisor and its workers) whose log
goes to a file; a push is slowed by the test hook ``HFHATE_SERVER_TEST_PUSH_PAUSE``, which
logs the worker's pid as it waits inside the push's transaction.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from hfhate.models import OutboxEntry, OutboxStatus, Role
from hfhate.server.db import make_server_engine, make_sessions
from hfhate.server.models import AppliedChange, ChangeLogEntry
from hfhate.sync import client
from tests.sync.conftest import Laptop, ServerProcess, free_port, stop
from tests.sync.test_end_to_end import issue, local_notices, server_notices

POSTGRES = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


class Workers:
    """``serve --workers 2`` with its log in a file, and what the test reads of it."""

    def __init__(self, tmp_path: Path, database_url: str, *args: str, **env: str) -> None:
        self.data = tmp_path / "server"
        self.data.mkdir(exist_ok=True)
        self.log = tmp_path / "server.log"
        port = free_port()
        with self.log.open("ab") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "hfhate.server.cli", "serve", "--workers", "2",
                 "--port", str(port), "--data-dir", str(self.data), *args],
                cwd=self.data, stdout=out, stderr=subprocess.STDOUT,
                env=os.environ | {"HFHATE_DATABASE_URL": database_url} | env,
            )  # fmt: skip
        self.server = ServerProcess(f"http://127.0.0.1:{port}", self.data, database_url, process)
        self.wait("/api/v1/health/live")

    @property
    def url(self) -> str:
        return self.server.url

    def wait(self, path: str, status: int = 200) -> httpx.Response:
        deadline = time.monotonic() + 40
        # One client (not a CA bundle load per attempt), a new connection each time as before.
        with httpx.Client(timeout=2, limits=httpx.Limits(max_keepalive_connections=0)) as http:
            while time.monotonic() < deadline:
                try:
                    answer = http.get(f"{self.url}{path}")
                    if answer.status_code == status:
                        return answer
                except httpx.TransportError:
                    pass
                time.sleep(0.05)
        raise AssertionError(f"{path} never answered {status}:\n{self.log.read_text()[-3000:]}")

    def lines(self) -> list[dict[str, Any]]:
        """The log's JSON lines so far (a last line still being written is left for later)."""
        read = []
        for line in self.log.read_text().splitlines():
            try:
                read.append(json.loads(line))
            except ValueError:
                continue
        return [line for line in read if isinstance(line, dict)]

    def pausing_pid(self, timeout: float = 20) -> int:
        """The pid of the worker whose push waits inside its transaction now."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines():
                if line["message"].startswith("test hook: the push waits"):
                    return int(line["pid"])
            time.sleep(0.05)
        raise AssertionError("no push reached its transaction")

    def stop(self) -> None:
        stop(self.server.process)


@pytest.fixture
def workers(tmp_path: Path, database_url: str) -> Iterator[Callable[..., Workers]]:
    started: list[Workers] = []

    def start(*args: str, **env: str) -> Workers:
        started.append(Workers(tmp_path, database_url, *args, **env))
        return started[-1]

    yield start
    for running in started:
        running.stop()


@POSTGRES
def test_ready_only_once_the_database_is_migrated(workers: Callable[..., Workers]) -> None:
    server = workers("--no-migrate")
    assert httpx.get(f"{server.url}/api/v1/health/live").json() == {"live": True}
    answer = server.wait("/api/v1/health/ready", 503)
    assert answer.json()["ready"] is False
    assert "run hfhate-server migrate" in answer.json()["reason"]
    server.server.admin("migrate")
    assert server.wait("/api/v1/health/ready").json() == {"ready": True, "reason": ""}
    assert httpx.get(f"{server.url}/api/v1/health").json()["epoch"]  # the laptops' shape


def test_several_workers_on_a_sqlite_file_are_refused_in_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "hfhate.server.cli", "serve", "--workers", "2",
         "--data-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "hfhate-server: Several workers need PostgreSQL (--database-url or "
        "HFHATE_DATABASE_URL); a SQLite database is served by one worker: leave out --workers."
    ]


def _officer(server: Workers, make_laptop: Callable[..., Laptop]) -> tuple[Laptop, Any]:
    laptop = make_laptop(server.server, "north", 7)
    olly = laptop.add("olly", Role.AUTHORISED_OFFICER)
    laptop.enrol()
    return laptop, olly


def _sync_in_background(laptop: Laptop, olly: Any) -> tuple[threading.Thread, list[Any]]:
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(laptop.sync(olly))
        except Exception as error:  # noqa: BLE001 - the test looks at what happened
            outcome.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def _each_notice_once(server: Workers, laptop: Laptop, olly: Any, count: int) -> None:
    on_server = server_notices(server.server)
    assert len(on_server) == count and local_notices(laptop) == on_server
    engine = make_server_engine(server.server.database_url)
    try:
        with make_sessions(engine)() as session:
            applied = list(session.scalars(select(AppliedChange.change_id)))
            sent = ChangeLogEntry.change_id.is_not(None)  # not the server's own changes
            logged = list(session.scalars(select(ChangeLogEntry.change_id).where(sent)))
    finally:
        engine.dispose()
    assert len(applied) == len(set(applied)) and len(logged) == len(set(logged))
    with laptop.store.session_factory() as session:
        waiting = session.scalar(
            select(func.count())
            .select_from(OutboxEntry)
            .where(OutboxEntry.status != OutboxStatus.SENT, OutboxEntry.made_by_id == olly.user_id)
        )
    assert waiting == 0
    assert {str(c) for c in applied} >= _sent_ids(laptop, olly)


def _sent_ids(laptop: Laptop, olly: Any) -> set[str]:
    """The change ids of the officer's entries (the administrator's wait for her own sync)."""
    mine = select(OutboxEntry.change_id).where(OutboxEntry.made_by_id == olly.user_id)
    with laptop.store.session_factory() as session:
        return {str(c) for c in session.scalars(mine)}


@POSTGRES
def test_a_push_cut_by_sigterm_is_sent_again_and_applied_once(
    workers: Callable[..., Workers], make_laptop: Callable[..., Laptop]
) -> None:
    """The worker may take 1 s to finish, the push needs 4: it is cut; nothing half-done."""
    server = workers("--graceful-timeout", "1", HFHATE_SERVER_TEST_PUSH_PAUSE="4")
    laptop, olly = _officer(server, make_laptop)
    issue(laptop, olly, 3)
    thread, outcome = _sync_in_background(laptop, olly)
    pid = server.pausing_pid()
    os.kill(pid, signal.SIGTERM)
    thread.join(60)
    assert outcome, "the sync never ended"
    server.wait("/api/v1/health/ready")  # the supervisor started a worker in its place
    report = laptop.sync(olly)  # the next sync sends what was not acknowledged
    assert isinstance(outcome[0], Exception) or outcome[0].pushed == 15
    assert report.pushed + (0 if isinstance(outcome[0], Exception) else 15) >= 15
    _each_notice_once(server, laptop, olly, 3)
    cut = [line for line in server.lines() if line.get("pid") == pid]
    assert any("graceful shutdown exceeded" in line["message"] for line in cut), cut[-5:]


@POSTGRES
def test_a_push_in_flight_is_finished_before_the_worker_stops(
    workers: Callable[..., Workers], make_laptop: Callable[..., Laptop]
) -> None:
    server = workers("--graceful-timeout", "20", HFHATE_SERVER_TEST_PUSH_PAUSE="3")
    laptop, olly = _officer(server, make_laptop)
    issue(laptop, olly, 3)
    thread, outcome = _sync_in_background(laptop, olly)
    pid = server.pausing_pid()
    os.kill(pid, signal.SIGTERM)
    thread.join(60)
    assert isinstance(outcome[0], client.SyncReport), outcome
    assert (outcome[0].pushed, outcome[0].duplicates) == (15, 0)
    mine = [line for line in server.lines() if line.get("pid") == pid]
    assert any(line.get("route") == "/api/v1/push" and line["status"] == 200 for line in mine)
    server.wait("/api/v1/health/ready")
    _each_notice_once(server, laptop, olly, 3)


def _metric(text: str, name: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[-1])
    raise AssertionError(f"{name} not in the metrics")


@POSTGRES
def test_metrics_add_up_every_worker_and_count_a_push_and_a_duplicate(
    workers: Callable[..., Workers], make_laptop: Callable[..., Laptop]
) -> None:
    server = workers()
    laptop, olly = _officer(server, make_laptop)
    issue(laptop, olly, 2)
    assert laptop.sync(olly).pushed == 10
    with laptop.store.session_factory.begin() as session:  # as if the reply had been lost
        for entry in session.scalars(select(OutboxEntry)):
            entry.status = OutboxStatus.PENDING
    assert laptop.sync(olly).duplicates == 10
    text = ""
    for _ in range(4):  # whichever worker answers, the counts are everyone's
        text = httpx.get(f"{server.url}/metrics").text
        assert _metric(text, 'hfhate_push_changes_total{result="applied"}') == 10
        assert _metric(text, 'hfhate_push_changes_total{result="duplicate"}') == 10
    assert _metric(text, 'hfhate_push_changes_total{result="rejected"}') == 0
    assert _metric(text, "hfhate_pull_pages_total") >= 2
    assert _metric(text, "hfhate_devices_seen_last_day") == 1
    assert 'route="/api/v1/push",status="200"' in text
    assert 'hfhate_http_request_duration_seconds_count{method="POST",route="/api/v1/push"}' in text
    assert "Person" not in text
    refused = httpx.get(f"{server.url}/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert refused.status_code == 403  # through the proxy, without the token


@POSTGRES
def test_a_json_log_line_carries_the_request_id_and_no_notice_values(
    workers: Callable[..., Workers], make_laptop: Callable[..., Laptop]
) -> None:
    server = workers()
    laptop, olly = _officer(server, make_laptop)
    issue(laptop, olly, 1)
    laptop.sync(olly)
    answer = httpx.get(f"{server.url}/api/v1/health", headers={"X-Request-ID": "nginx-4f2a9c"})
    assert answer.headers["X-Request-ID"] == "nginx-4f2a9c"  # from the proxy: taken
    # The worker writes the request's line as the answer goes out: wait for it.
    deadline = time.monotonic() + 10
    while True:
        lines = server.lines()
        found = [line for line in lines if line.get("request_id") == "nginx-4f2a9c"]
        if found or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    (health,) = found
    assert (health["route"], health["status"], health["method"]) == ("/api/v1/health", 200, "GET")
    pushes = [line for line in lines if line.get("route") == "/api/v1/push"]
    assert pushes and all(len(line["request_id"]) == 32 for line in pushes)  # made here
    text = server.log.read_text()
    with laptop.store.session_factory() as session:
        entries = list(session.scalars(select(OutboxEntry)))
    values = {
        str(value)
        for entry in entries
        for value in entry.fields.values()
        if isinstance(value, str) and len(value) > 6
    }
    assert values and not [value for value in values if value in text]


@POSTGRES
def test_sighup_replaces_the_workers_one_by_one_without_a_refused_request(
    workers: Callable[..., Workers],
) -> None:
    server = workers()
    server.wait("/api/v1/health/ready")

    def started() -> set[int]:
        return {
            line["pid"]
            for line in server.lines()
            if line["message"].startswith("Started server process")
        }

    # One worker may answer "ready" before the other has logged its start.
    deadline = time.monotonic() + 30
    while len(started()) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    before = started()
    assert len(before) == 2
    os.kill(server.server.process.pid, signal.SIGHUP)
    answers: list[int] = []
    deadline = time.monotonic() + 60
    while len(started()) < 4 and time.monotonic() < deadline:
        answers.append(httpx.get(f"{server.url}/api/v1/health/ready", timeout=10).status_code)
    assert len(started()) == 4 and set(answers) <= {200}
    assert server.wait("/api/v1/health/ready").json()["ready"] is True

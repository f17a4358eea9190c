"""Sync benchmark: 10,000 notices pushed to a fresh server and pulled onto a supervisor's laptop.

A real ``hfhate-server`` process (SQLite database, synchronous=FULL) on 127.0.0.1. One laptop
issues ``NOTICES`` notices through ``services.notices.issue_notice`` in one transaction (each
notice with its "issued" timeline entry and their two outbox entries, as the app writes them),
then ``client.sync`` pushes them; a second laptop's supervisor then syncs and pulls them all.
The baseline is the least the server could do with the same data: the records as the server
stores them (``server_records`` plus one ``change_log`` row each) inserted straight into a
fresh, migrated server database of the same kind with SQLAlchemy Core bulk inserts, in one
transaction. Push and pull are timed once each (they are long); the figure is push + pull.
"""

from __future__ import annotations

import contextlib
import io
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import func, insert, select

from bench.core import BenchmarkError, Options, Result
from bench.notices import ENTRY, NOW
from hfhate.config import Paths
from hfhate.models import Role
from hfhate.models.store import Store, open_store
from hfhate.security.store_key import DEMO_KEY
from hfhate.server import cli as server_cli
from hfhate.server.db import make_server_engine, make_sessions, migrate
from hfhate.server.models import ChangeLogEntry, ServerRecordRow
from hfhate.services import accounts
from hfhate.services.actor import Actor
from hfhate.services.device import set_device_code, this_device
from hfhate.services.notices import issuing as notices
from hfhate.sync import client
from hfhate.sync.transport import Transport

NOTICES = 10_000
# Sending over HTTP, checking every change against the rules and recording each change id,
# then serving and applying pages: at most three times a bare bulk insert of the same rows.
TARGET_RATIO = 3.0
PASSWORD = "correct horse battery"


def run(options: Options) -> list[Result]:
    del options  # one long run: push and pull are each timed once
    before = os.environ.get("HFHATE_PASSWORD")
    os.environ["HFHATE_PASSWORD"] = PASSWORD  # for hfhate-server create-user
    try:
        with tempfile.TemporaryDirectory(prefix="hfhate-bench-sync-") as tmp:
            return _measure(Path(tmp))
    finally:
        if before is None:
            del os.environ["HFHATE_PASSWORD"]
        else:
            os.environ["HFHATE_PASSWORD"] = before


def _measure(tmp: Path) -> list[Result]:
    server_dir = tmp / "server"
    server_dir.mkdir()
    database_url = f"sqlite:///{server_dir / 'hfhate-server.sqlite'}"
    server_cli.main(["migrate", "--data-dir", str(server_dir), "--database-url", database_url])
    url, process = _start(server_dir, database_url)
    stores: list[Store] = []
    try:

        def admin(*args: str) -> str:
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                code = server_cli.main(
                    [*args, "--data-dir", str(server_dir), "--database-url", database_url]
                )
            if code != 0:
                raise BenchmarkError(f"hfhate-server {args[0]} failed")
            return out.getvalue().strip()

        def laptop(name: str, code: int, username: str, role: Role) -> tuple[Store, Actor]:
            store = open_store(Paths(tmp / name), DEMO_KEY)
            stores.append(store)
            with store.session_factory.begin() as session:
                device_id = this_device(session).id
                user = accounts.create_first_administrator(
                    session,
                    device_id,
                    full_name=f"Admin {name}",
                    username=f"admin_{name}",
                    password=PASSWORD,
                    confirm=PASSWORD,
                )
                boss = Actor.of(user, device_id)
                set_device_code(session, boss, code)
                added = accounts.add_user(
                    session,
                    boss,
                    accounts.NewUser(
                        full_name=username.title(),
                        username=username,
                        roles=frozenset({role}),
                        authorisation_number="LET-0001" if role is Role.AUTHORISED_OFFICER else "",
                        password=PASSWORD,
                        confirm=PASSWORD,
                    ),
                )
                actor = Actor.of(added, device_id)
            for who, roles in ((boss, ["administrator"]), (actor, [role.value])):
                admin(
                    "create-user",
                    who.username,
                    "--full-name",
                    who.full_name,
                    "--id",
                    str(who.user_id),
                    *(a for r in roles for a in ("--role", r)),
                )
            client.enrol(store, boss, url, admin("enrolment-code"), _transport)
            return store, actor

        field_store, officer = laptop("field", 11, "olly", Role.AUTHORISED_OFFICER)
        office_store, supervisor = laptop("office", 12, "sue", Role.SUPERVISOR)
        built = _issue_all(field_store, officer)
        started = time.perf_counter()
        pushed = client.sync(field_store, officer, PASSWORD, _transport)
        push_s = time.perf_counter() - started
        started = time.perf_counter()
        pulled = client.sync(office_store, supervisor, PASSWORD, _transport)
        pull_s = time.perf_counter() - started
    finally:
        _stop(process)
        for store in stores:
            store.close()
    changes = 2 * NOTICES
    if pushed.pushed != changes or pulled.pulled < changes:
        raise BenchmarkError(f"pushed {pushed.pushed} and pulled {pulled.pulled} of {changes}")
    bare_s, rows = _bare_insert(tmp / "bare", database_url)
    total = push_s + pull_s
    return [
        Result(
            name=f"sync: push {NOTICES:,} notices + pull onto a supervisor",
            figure=total,
            baseline=bare_s,
            unit="s",
            target_ratio=TARGET_RATIO,
            note=f"{changes} changes (notice + timeline entry each); push {push_s:.1f} s "
            f"({changes / push_s:.0f} changes/s), pull {pull_s:.1f} s "
            f"({pulled.pulled / pull_s:.0f} records/s, {pulled.pages} pages); bare insert "
            f"of {rows} rows {rows / bare_s:.0f} rows/s; notices issued in {built:.1f} s",
        )
    ]


def _issue_all(store: Store, officer: Actor) -> float:
    """Issue every notice through the service, in one transaction; the seconds it took."""
    started = time.perf_counter()
    with store.session_factory.begin() as session:
        for _ in range(NOTICES):
            notices.issue_notice(session, officer, ENTRY, now=NOW)
    return time.perf_counter() - started


def _bare_insert(data_dir: Path, source_url: str) -> tuple[float, int]:
    """The server's records and change log copied by bulk insert into a fresh database."""
    source = make_server_engine(source_url)
    try:
        with make_sessions(source)() as session:
            records = [dict(r._mapping) for r in session.execute(select(ServerRecordRow.__table__))]
            log = [
                dict(r._mapping)
                for r in session.execute(
                    select(ChangeLogEntry.__table__).order_by(ChangeLogEntry.seq)
                )
            ]
    finally:
        source.dispose()
    data_dir.mkdir()
    engine = make_server_engine(f"sqlite:///{data_dir / 'bare.sqlite'}")
    try:
        migrate(engine)
        with engine.begin() as connection:
            kept = connection.scalar(select(func.max(ChangeLogEntry.seq))) or 0
        log = [row for row in log if row["seq"] > kept]
        started = time.perf_counter()
        with engine.begin() as connection:
            connection.execute(insert(ServerRecordRow), records)
            connection.execute(insert(ChangeLogEntry), log)
        return time.perf_counter() - started, len(records) + len(log)
    finally:
        engine.dispose()


def _transport(url: str) -> Transport:
    return Transport(url, timeout=120)


def _start(data_dir: Path, database_url: str) -> tuple[str, subprocess.Popen[bytes]]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "hfhate.server.cli",
            "serve",
            "--data-dir",
            str(data_dir),
            "--port",
            str(port),
            "--database-url",
            database_url,
        ],
        stderr=subprocess.DEVNULL,
        cwd=data_dir,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                return url, process
        time.sleep(0.1)
    process.kill()
    raise BenchmarkError("hfhate-server did not start")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()

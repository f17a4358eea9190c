"""Sync benchmark: N notices pushed to a real server and pulled onto a supervisor's laptop.

A real ``hfhate-server`` process on 127.0.0.1, on a fresh SQLite file or, with
``--database-url``, on a fresh PostgreSQL database made beside the one named (dropped after).
One laptop issues ``--notices`` notices (10,000 by default) through
``services.notices.issue_notice`` (each with its "issued" timeline entry and their two outbox
entries, as the app writes them), then ``client.sync`` pushes them; a second laptop's
supervisor then syncs and pulls them all. The figure is push + pull.

The baseline does the same work by the plainest means, in the same run: the rows the server
ended with (its ``records`` and ``change_log`` rows of the push) inserted with SQLAlchemy Core
bulk inserts into a fresh, migrated server database of the same kind, then the rows the
supervisor's laptop ended with (the records the pull wrote) inserted the same way into a copy
of that laptop's store as it was before the pull: the least any sync must write. Push and pull
are timed once each (they are long); so is each half of the baseline.
"""

from __future__ import annotations

import contextlib
import io
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Table, insert, make_url, select

from bench.core import BenchmarkError, Options, Result
from bench.notices import ENTRY, NOW
from hfhate.config import Paths
from hfhate.models import Base, Role
from hfhate.models.store import Store, open_store
from hfhate.records.registry import BY_NAME
from hfhate.security.store_key import DEMO_KEY
from hfhate.server import cli as server_cli
from hfhate.server.db import make_server_engine, migrate
from hfhate.server.models import ChangeLogEntry, ServerRecordRow
from hfhate.services import accounts
from hfhate.services.actor import Actor
from hfhate.services.device import set_device_code, this_device
from hfhate.services.notices import issuing as notices
from hfhate.sync import client
from hfhate.sync.transport import Transport

NOTICES = 10_000
# Sending over HTTP, checking every change against the rules, recording each change id, then
# serving and applying pages: at most twice the bare inserts of the rows both ends keep.
TARGET_RATIO = 2.0
PASSWORD = "correct horse battery"
# What the pull writes on the supervisor's laptop: the synced records and the devices named.
LAPTOP_TABLES = frozenset({kind.table.name for kind in BY_NAME.values()} | {"device"})


@dataclass(frozen=True)
class Server:
    """The server process's data folder, database and address."""

    data_dir: Path
    database_url: str
    url: str


@dataclass
class Timings:
    """Seconds and rows of each side: the sync's push and pull, the baseline's two inserts."""

    push_s: float = 0.0
    pull_s: float = 0.0
    changes: int = 0
    pulled: int = 0
    pages: int = 0
    server_s: float = 0.0
    server_rows: int = 0
    laptop_s: float = 0.0
    laptop_rows: int = 0
    issued_s: float = 0.0


def run(options: Options) -> list[Result]:
    count = options.notices or NOTICES
    before = os.environ.get("HFHATE_PASSWORD")
    os.environ["HFHATE_PASSWORD"] = PASSWORD  # for hfhate-server create-user
    try:
        with tempfile.TemporaryDirectory(prefix="hfhate-bench-sync-") as tmp:
            timings = _measure(Path(tmp), count, options.database_url)
    finally:
        if before is None:
            del os.environ["HFHATE_PASSWORD"]
        else:
            os.environ["HFHATE_PASSWORD"] = before
    return [_result(timings, count, "PostgreSQL" if options.database_url else "SQLite")]


def _result(t: Timings, count: int, kind: str) -> Result:
    def rate(rows: int, seconds: float) -> str:
        return f"{rows / seconds:,.0f} records/s" if seconds else "-"

    push_ratio = t.push_s / t.server_s if t.server_s else float("inf")
    pull_ratio = t.pull_s / t.laptop_s if t.laptop_s else float("inf")
    return Result(
        name=f"sync: push {count:,} notices + pull onto a supervisor ({kind} server)",
        figure=t.push_s + t.pull_s,
        baseline=t.server_s + t.laptop_s,
        unit="s",
        target_ratio=TARGET_RATIO,
        note=f"{t.changes:,} changes (notice + timeline entry each). Push {t.push_s:.2f} s "
        f"({rate(t.changes, t.push_s)}) against the server insert {t.server_s:.2f} s of "
        f"{t.server_rows:,} rows ({rate(t.changes, t.server_s)}): {push_ratio:.2f}x; pull "
        f"{t.pull_s:.2f} s ({rate(t.pulled, t.pull_s)}, {t.pages} pages) against the laptop "
        f"insert {t.laptop_s:.2f} s of {t.laptop_rows:,} rows ({rate(t.pulled, t.laptop_s)}): "
        f"{pull_ratio:.2f}x; in all {rate(2 * t.changes, t.push_s + t.pull_s)} against "
        f"{rate(2 * t.changes, t.server_s + t.laptop_s)}; {count / (t.push_s + t.pull_s):,.0f} "
        f"notices/s (as the PouchDB anchor counts docs/s); notices issued in {t.issued_s:.1f} s",
    )


def _measure(tmp: Path, count: int, database_url: str | None) -> Timings:
    timings = Timings(changes=2 * count)
    with _fresh_database(tmp / "server", database_url) as server_url:
        server_dir = tmp / "server"
        server_dir.mkdir(exist_ok=True)
        server_cli.main(["migrate", "--data-dir", str(server_dir), "--database-url", server_url])
        url, process = _start(server_dir, server_url)
        server = Server(server_dir, server_url, url)
        stores: list[Store] = []
        try:
            field_store, officer = _laptop(
                tmp, server, "field", 11, "olly", Role.AUTHORISED_OFFICER
            )
            stores.append(field_store)
            office_store, supervisor = _laptop(tmp, server, "office", 12, "sue", Role.SUPERVISOR)
            stores.append(office_store)
            timings.issued_s = _issue_all(field_store, officer, count)
            seen = _server_seen(server_url)
            started = time.perf_counter()
            pushed = client.sync(field_store, officer, PASSWORD, _transport)
            timings.push_s = time.perf_counter() - started
            # The baseline's laptop: a copy of the supervisor's store as it was before the pull.
            office_store.close()
            shutil.copytree(tmp / "office", tmp / "office-bare")
            office_store = open_store(Paths(tmp / "office"), DEMO_KEY)
            stores[1] = office_store
            here = _laptop_keys(office_store)
            started = time.perf_counter()
            pulled = client.sync(office_store, supervisor, PASSWORD, _transport)
            timings.pull_s = time.perf_counter() - started
            laptop_rows = _laptop_rows(office_store, here)
        finally:
            _stop(process)
            for store in stores:
                store.close()
        if pushed.pushed != timings.changes or pulled.pulled < timings.changes:
            raise BenchmarkError(
                f"pushed {pushed.pushed} and pulled {pulled.pulled} of {timings.changes}"
            )
        timings.pulled, timings.pages = pulled.pulled, pulled.pages
        records, log = _server_rows(server_url, seen)
    with _fresh_database(tmp / "bare", database_url) as bare_url:
        timings.server_s = _insert_server(bare_url, records, log)
    timings.server_rows = len(records) + len(log)
    timings.laptop_s = _insert_laptop(tmp / "office-bare", laptop_rows)
    timings.laptop_rows = sum(len(rows) for _, rows in laptop_rows)
    return timings


@contextlib.contextmanager
def _fresh_database(data_dir: Path, database_url: str | None) -> Iterator[str]:
    """A fresh server database: a SQLite file in ``data_dir``, or a new PostgreSQL database
    beside the one ``database_url`` names, dropped after."""
    if database_url is None:
        data_dir.mkdir(parents=True, exist_ok=True)
        yield f"sqlite:///{data_dir / 'hfhate-server.sqlite'}"
        return
    import psycopg

    given = make_url(database_url)
    if given.get_backend_name() != "postgresql":
        raise BenchmarkError(f"--database-url must name a PostgreSQL database, not {given}")
    plain = given.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"hfhate_bench_sync_{secrets.token_hex(4)}"
    with psycopg.connect(plain, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield given.set(database=name).render_as_string(hide_password=False)
        finally:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def _laptop(
    tmp: Path, server: Server, name: str, code: int, username: str, role: Role
) -> tuple[Store, Actor]:
    """A laptop's store with its administrator and one user of ``role``, enrolled."""
    store = open_store(Paths(tmp / name), DEMO_KEY)
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
        _admin(
            server,
            "create-user",
            who.username,
            "--full-name",
            who.full_name,
            "--id",
            str(who.user_id),
            *(a for r in roles for a in ("--role", r)),
        )
    client.enrol(store, boss, server.url, _admin(server, "enrolment-code"), _transport)
    return store, actor


def _admin(server: Server, *args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = server_cli.main(
            [*args, "--data-dir", str(server.data_dir), "--database-url", server.database_url]
        )
    if code != 0:
        raise BenchmarkError(f"hfhate-server {args[0]} failed")
    return out.getvalue().strip()


def _issue_all(store: Store, officer: Actor, count: int) -> float:
    """Issue every notice through the service, in one transaction; the seconds it took."""
    started = time.perf_counter()
    with store.session_factory.begin() as session:
        for _ in range(count):
            notices.issue_notice(session, officer, ENTRY, now=NOW)
    return time.perf_counter() - started


def _server_seen(database_url: str) -> tuple[int, set[tuple[str, Any]]]:
    """The server's last change log number and its records before the push."""
    engine = make_server_engine(database_url)
    try:
        with engine.connect() as connection:
            log = ChangeLogEntry.__table__
            last = max((seq for (seq,) in connection.execute(select(log.c.seq))), default=0)
            records = ServerRecordRow.__table__
            keys = set(connection.execute(select(records.c.record_type, records.c.record_id)))
        return last, {tuple(key) for key in keys}
    finally:
        engine.dispose()


def _server_rows(
    database_url: str, seen: tuple[int, set[tuple[str, Any]]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The records and change log rows the server ended with that it did not have before."""
    last, keys = seen
    engine = make_server_engine(database_url)
    try:
        with engine.connect() as connection:
            records = ServerRecordRow.__table__
            kept = [
                dict(row._mapping)
                for row in connection.execute(select(records))
                if (row.record_type, row.record_id) not in keys
            ]
            log = ChangeLogEntry.__table__
            logged = [
                dict(row._mapping)
                for row in connection.execute(
                    select(log).where(log.c.seq > last).order_by(log.c.seq)
                )
            ]
        return kept, logged
    finally:
        engine.dispose()


def _insert_server(database_url: str, records: list[dict[str, Any]], log: list[Any]) -> float:
    """The server's rows bulk-inserted into a fresh migrated database; the seconds it took."""
    engine = make_server_engine(database_url)
    try:
        migrate(engine)
        with engine.connect() as connection:
            table = ChangeLogEntry.__table__
            taken = set(connection.scalars(select(table.c.seq)))
        log = [row for row in log if row["seq"] not in taken]  # the seed's rows, if any
        started = time.perf_counter()
        with engine.begin() as connection:
            connection.execute(insert(ServerRecordRow), records)
            connection.execute(insert(ChangeLogEntry), log)
        return time.perf_counter() - started
    finally:
        engine.dispose()


def _laptop_tables() -> list[Table]:
    return [t for t in Base.metadata.sorted_tables if t.name in LAPTOP_TABLES]


def _laptop_keys(store: Store) -> dict[str, set[tuple[Any, ...]]]:
    """The primary keys of the rows the pull may add, per table, before it."""
    keys: dict[str, set[tuple[Any, ...]]] = {}
    with store.engine.connect() as connection:
        for table in _laptop_tables():
            columns = list(table.primary_key.columns)
            keys[table.name] = {tuple(row) for row in connection.execute(select(*columns))}
    return keys


def _laptop_rows(
    store: Store, before: dict[str, set[tuple[Any, ...]]]
) -> list[tuple[Table, list[dict[str, Any]]]]:
    """The rows the pull added, per table, parents first."""
    added: list[tuple[Table, list[dict[str, Any]]]] = []
    with store.engine.connect() as connection:
        for table in _laptop_tables():
            names = [c.name for c in table.primary_key.columns]
            rows = [
                dict(row._mapping)
                for row in connection.execute(select(table))
                if tuple(row._mapping[n] for n in names) not in before[table.name]
            ]
            if rows:
                added.append((table, rows))
    return added


def _insert_laptop(folder: Path, rows: list[tuple[Table, list[dict[str, Any]]]]) -> float:
    """The pulled rows bulk-inserted into the copy of the store from before the pull."""
    store = open_store(Paths(folder), DEMO_KEY)
    try:
        started = time.perf_counter()
        with store.engine.begin() as connection:
            for table, added in rows:
                connection.execute(insert(table), added)
        return time.perf_counter() - started
    finally:
        store.close()


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

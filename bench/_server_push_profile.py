"""The server's side of a sync, timed: push and pull of N notices replayed against a real server.

Not one of ``python -m bench``'s figures: a tool for work on ``hfhate/server/push.py`` and
``pull.py``. ``prepare`` issues N notices on a laptop through the service (each with its
timeline entry) and keeps the push bodies the client would send, with the ids they carry;
``run`` starts a real ``hfhate-server`` process on a fresh database (SQLite, or a new
PostgreSQL database with ``--database-url``), makes the same accounts and device, pushes the
bodies in the client's batches and pulls everything onto a supervisor's device, and prints
the server's own milliseconds for each (its request log) beside the wall time seen here.

    python -m bench._server_push_profile prepare --notices 10000 --out /tmp/push.json
    python -m bench._server_push_profile run --bodies /tmp/push.json \
        [--database-url postgresql://postgres@127.0.0.1:5432/postgres] [--py-spy out.svg]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from hfhate.sync import compat
from hfhate.sync.install import INSTALL_HEADER
from hfhate.sync.schemas import MAX_BATCH, MAX_PAGE, STORE_SCHEMA, Change, PushRequest

PASSWORD = "correct horse battery"
API = "/api/v1"


def prepare(notices: int, out: Path) -> None:
    """Issue ``notices`` notices on a fresh laptop; keep the push bodies and their ids."""
    from bench.notices import ENTRY, NOW
    from hfhate.config import Paths
    from hfhate.models import OutboxEntry, Role
    from hfhate.models.store import open_store
    from hfhate.security.store_key import DEMO_KEY
    from hfhate.services import accounts
    from hfhate.services.actor import Actor
    from hfhate.services.device import set_device_code, this_device
    from hfhate.services.notices import issuing

    with tempfile.TemporaryDirectory(prefix="hfhate-push-profile-") as tmp:
        store = open_store(Paths(Path(tmp)), DEMO_KEY)
        try:
            with store.session_factory.begin() as session:
                device_id = this_device(session).id
                boss_user = accounts.create_first_administrator(
                    session,
                    device_id,
                    full_name="Admin",
                    username="admin_field",
                    password=PASSWORD,
                    confirm=PASSWORD,
                )
                boss = Actor.of(boss_user, device_id)
                set_device_code(session, boss, 11)
                officer_user = accounts.add_user(
                    session,
                    boss,
                    accounts.NewUser(
                        full_name="Olly",
                        username="olly",
                        roles=frozenset({Role.AUTHORISED_OFFICER}),
                        authorisation_number="LET-0001",
                        password=PASSWORD,
                        confirm=PASSWORD,
                    ),
                )
                officer = Actor.of(officer_user, device_id)
            with store.session_factory.begin() as session:
                for _ in range(notices):
                    issuing.issue_notice(session, officer, ENTRY, now=NOW)
            with store.session_factory() as session:
                entries = list(
                    session.execute(
                        select(OutboxEntry)
                        .where(OutboxEntry.made_by_id == officer.user_id)
                        .order_by(OutboxEntry.seq)
                    ).scalars()
                )
                changes = [
                    Change(
                        change_id=e.change_id,
                        record_type=e.record_type,
                        record_id=e.record_id,
                        operation="create" if e.operation == "create" else "update",
                        base_version=e.base_version,
                        version=e.version,
                        fields=e.fields,
                        made_at=e.created_at,
                        made_by=officer.user_id,
                        device_id=device_id,
                    )
                    for e in entries
                ]
        finally:
            store.close()
    bodies = [
        PushRequest(changes=changes[i : i + MAX_BATCH]).model_dump(mode="json")
        for i in range(0, len(changes), MAX_BATCH)
    ]
    out.write_text(
        json.dumps(
            {
                "device_id": str(device_id),
                "officer": {"id": str(officer.user_id), "authorisation": "LET-0001"},
                "bodies": bodies,
            }
        )
    )
    print(f"{len(changes)} changes in {len(bodies)} bodies -> {out}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cli(data_dir: Path, database_url: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "hfhate.server.cli", *args]
        + ["--data-dir", str(data_dir), "--database-url", database_url],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ | {"HFHATE_PASSWORD": PASSWORD},
    )
    return done.stdout.strip()


@contextlib.contextmanager
def _database(url: str | None, tmp: Path) -> Any:
    if url is None:
        yield f"sqlite:///{tmp / 'server.sqlite'}"
        return
    import psycopg

    name = f"hfhate_push_profile_{secrets.token_hex(4)}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
        finally:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def run(bodies_file: Path, database_url: str | None, py_spy: Path | None) -> None:
    prepared = json.loads(bodies_file.read_text())
    with tempfile.TemporaryDirectory(prefix="hfhate-push-profile-") as tmp_name:
        tmp = Path(tmp_name)
        with _database(database_url, tmp) as url:
            _cli(tmp, url, "migrate")
            officer = prepared["officer"]
            _cli(
                tmp,
                url,
                "create-user",
                "olly",
                "--full-name",
                "Olly",
                "--id",
                officer["id"],
                "--role",
                "authorised_officer",
                "--authorisation-number",
                officer["authorisation"],
            )
            _cli(tmp, url, "create-user", "sue", "--full-name", "Sue", "--role", "supervisor")
            _serve_and_time(tmp, url, prepared, py_spy)


def _serve_and_time(tmp: Path, url: str, prepared: dict[str, Any], py_spy: Path | None) -> None:
    port = _free_port()
    log_path = tmp / "server.log"
    with log_path.open("wb") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-m", "hfhate.server.cli", "serve", "--data-dir", str(tmp)]
            + ["--database-url", url, "--port", str(port)],
            stderr=log_file,
            cwd=tmp,
        )
    spy = None
    try:
        base = f"http://127.0.0.1:{port}{API}"
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise SystemExit("the server did not start")
            time.sleep(0.1)
        if py_spy is not None:
            spy = subprocess.Popen(
                [str(Path(sys.executable).parent / "py-spy"), "record", "-o", str(py_spy)]
                + ["--pid", str(server.pid), "-r", "200", "--format", "raw"]
            )
            time.sleep(1)
        with httpx.Client(base_url=base, timeout=600) as http:
            field = _signed_in(http, tmp, url, prepared["device_id"], 11, "olly")
            cpu_before = _cpu(server.pid)
            started = time.perf_counter()
            answered = 0
            for body in prepared["bodies"]:
                reply = http.post("/push", json=body, headers=field)
                reply.raise_for_status()
                results = reply.json()["results"]
                bad = [r for r in results if r["result"] != "applied"]
                if bad:
                    raise SystemExit(f"not applied: {bad[:3]}")
                answered += len(results)
            push_wall = time.perf_counter() - started
            push_cpu = _cpu(server.pid) - cpu_before
            office = _signed_in(http, tmp, url, str(uuid.uuid4()), 12, "sue")
            cpu_before = _cpu(server.pid)
            started = time.perf_counter()
            cursor, pulled, pages = 0, 0, 0
            while True:
                reply = http.get(
                    "/pull", params={"cursor": cursor, "limit": MAX_PAGE}, headers=office
                )
                reply.raise_for_status()
                page = reply.json()
                pulled += len(page["changes"])
                pages += 1
                cursor = page["next_cursor"]
                if not page["has_more"]:
                    break
            pull_wall = time.perf_counter() - started
            pull_cpu = _cpu(server.pid) - cpu_before
    finally:
        if spy is not None:
            spy.send_signal(2)
            spy.wait(60)
        server.terminate()
        server.wait(30)
    lines = [json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")]
    push_ms = sum(line["ms"] for line in lines if line.get("route") == f"{API}/push")
    pull_ms = sum(line["ms"] for line in lines if line.get("route") == f"{API}/pull")
    print(
        f"{'postgresql' if url.startswith('postgresql') else 'sqlite'}: "
        f"push {answered} changes: server {push_ms / 1000:.2f} s, cpu {push_cpu:.2f} s "
        f"(wall {push_wall:.2f} s); pull {pulled} records in {pages} pages: server "
        f"{pull_ms / 1000:.2f} s, cpu {pull_cpu:.2f} s (wall {pull_wall:.2f} s)"
    )


def _cpu(pid: int) -> float:
    """The seconds of CPU the process has used (user and system)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _signed_in(
    http: httpx.Client, tmp: Path, url: str, device_id: str, code: int, username: str
) -> dict[str, str]:
    install = {INSTALL_HEADER: secrets.token_hex(8)} | compat.laptop_headers()
    enrolled = http.post(
        "/enrol",
        json={
            "code": _cli(tmp, url, "enrolment-code"),
            "device_id": device_id,
            "device_name": "laptop",
            "device_code": code,
            "store_schema": STORE_SCHEMA,
        },
        headers=install,
    )
    enrolled.raise_for_status()
    headers = install | {"Authorization": f"Bearer {enrolled.json()['device_token']}"}
    signed = http.post(
        "/sign-in", json={"username": username, "password": PASSWORD}, headers=headers
    )
    signed.raise_for_status()
    return headers | {"X-Hfhate-Session": signed.json()["session_token"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    made = sub.add_parser("prepare")
    made.add_argument("--notices", type=int, default=10_000)
    made.add_argument("--out", type=Path, required=True)
    timed = sub.add_parser("run")
    timed.add_argument("--bodies", type=Path, required=True)
    timed.add_argument("--database-url", default=None)
    timed.add_argument("--py-spy", type=Path, default=None)
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args.notices, args.out)
    else:
        run(args.bodies, args.database_url, args.py_spy)


if __name__ == "__main__":
    main()

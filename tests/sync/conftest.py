"""End-to-end fixtures: a real hfhate-server process on 127.0.0.1 and laptops in tmp_path."""

from __future__ import annotations

import contextlib
import io
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from hfhate.config import Paths
from hfhate.models import Role
from hfhate.models.store import Store
from hfhate.server import cli as server_cli
from hfhate.services import accounts
from hfhate.services.actor import Actor
from hfhate.services.device import set_device_code
from hfhate.sync import client
from hfhate.sync.transport import RetryPolicy, Transport
from tests.fixtures.accounts import first_administrator
from tests.fixtures.keys import open_test_store

PASSWORD = "correct horse battery"
FAST_RETRY = RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.05)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ServerProcess:
    """A running ``hfhate-server serve`` and the admin commands of its database."""

    url: str
    data_dir: Path
    database_url: str
    process: subprocess.Popen[bytes]

    def admin(self, *args: str) -> str:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = server_cli.main(
                [*args, "--data-dir", str(self.data_dir), "--database-url", self.database_url]
            )
        assert code == 0
        return out.getvalue().strip()


def serve(data_dir: Path, database_url: str, port: int | str) -> subprocess.Popen[bytes]:
    """``hfhate-server serve`` in a process of its own, run from its data folder (not the
    checkout: the installed package, as in production)."""
    return subprocess.Popen(
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
        cwd=data_dir,
    )


def wait_for_health(
    url: str, process: subprocess.Popen[bytes], verify: ssl.SSLContext | bool = True
) -> None:
    """Wait until the server at ``url`` answers its health check; kill it if it never does.

    One client asks every time: a new one per attempt would load the CA bundle each time
    (about 25 ms of CPU), which over the dozens of attempts of a start under load cost about
    as much CPU as the server process itself.
    """
    deadline = time.monotonic() + 30
    no_keepalive = httpx.Limits(max_keepalive_connections=0)  # a new connection each time
    with httpx.Client(verify=verify, timeout=1, limits=no_keepalive) as http:
        while time.monotonic() < deadline:
            try:
                if http.get(f"{url}/api/v1/health").status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.02)
    process.kill()
    raise AssertionError(f"the server at {url} did not start")


def start_server(data_dir: Path, database_url: str) -> ServerProcess:
    port = free_port()
    process = serve(data_dir, database_url, port)
    url = f"http://127.0.0.1:{port}"
    wait_for_health(url, process)
    return ServerProcess(url, data_dir, database_url, process)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def serving(server: ServerProcess) -> Iterator[ServerProcess]:
    """For a fixture: ``server`` for the test, its process stopped after."""
    yield server
    stop(server.process)


@pytest.fixture
def sqlite_server(tmp_path: Path) -> Iterator[ServerProcess]:
    data = tmp_path / "server"
    data.mkdir()
    yield from serving(start_server(data, f"sqlite:///{data / 'hfhate-server.sqlite'}"))


@pytest.fixture
def server(tmp_path: Path, database_url: str) -> Iterator[ServerProcess]:
    """A server process on a SQLite file, and again on a fresh PostgreSQL database."""
    data = tmp_path / "server"
    data.mkdir()
    yield from serving(start_server(data, database_url))


@dataclass
class Laptop:
    """One laptop's store, its administrator and the users made on it."""

    store: Store
    admin: Actor
    server: ServerProcess

    def add(self, username: str, *roles: Role) -> Actor:
        """A user on this laptop, with the same id and password on the server."""
        with self.store.session_factory.begin() as session:
            user = accounts.add_user(
                session,
                self.admin,
                accounts.NewUser(
                    full_name=username.title(),
                    username=username,
                    roles=frozenset(roles),
                    authorisation_number=f"LET-{username}"
                    if Role.AUTHORISED_OFFICER in roles
                    else "",
                    password=PASSWORD,
                    confirm=PASSWORD,
                ),
            )
            actor = Actor.of(user, self.admin.device_id)
        role_args = [arg for role in roles for arg in ("--role", role.value)]
        self.server.admin(
            "create-user",
            username,
            "--full-name",
            username.title(),
            "--id",
            str(actor.user_id),
            *role_args,
        )
        return actor

    def enrol(self) -> int:
        answer = client.enrol(
            self.store, self.admin, self.server.url, self.server.admin("enrolment-code"), transport
        )
        return answer.device_code

    def sync(self, actor: Actor, progress: client.Progress | None = None) -> client.SyncReport:
        return client.sync(self.store, actor, PASSWORD, transport, progress=progress)


def transport(url: str) -> Transport:
    return Transport(url, timeout=10, retry=FAST_RETRY)


@pytest.fixture
def make_laptop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Laptop]]:
    monkeypatch.setenv("HFHATE_PASSWORD", PASSWORD)
    opened: list[Store] = []

    def make(server: ServerProcess, name: str, code: int | None = None) -> Laptop:
        store = open_test_store(Paths(tmp_path / name))
        opened.append(store)
        with store.session_factory.begin() as session:
            admin = first_administrator(session, f"Admin {name}", f"admin_{name}", PASSWORD)
            if code is not None:
                set_device_code(session, admin, code)
        server.admin(
            "create-user",
            admin.username,
            "--full-name",
            admin.full_name,
            "--id",
            str(admin.user_id),
            "--role",
            "administrator",
        )
        return Laptop(store, admin, server)

    yield make
    for store in opened:
        store.close()

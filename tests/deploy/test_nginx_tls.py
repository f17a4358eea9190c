"""The deployed nginx site (deploy/nginx/hfhate.conf) in front of ``hfhate-server serve
--workers 2`` on PostgreSQL: TLS from a throw-away council CA, a laptop enrolled and synced
through it with the CA file, and the forwarded headers set by nginx alone."""

from __future__ import annotations

import json
import ssl
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from hfhate.models import Role
from hfhate.server.db import make_server_engine, make_sessions
from hfhate.server.models import SignInFailure
from hfhate.sync import client
from hfhate.sync.ca import set_ca_file
from hfhate.sync.schemas import STORE_SCHEMA
from hfhate.sync.transport import RetryPolicy, Transport, transport_for
from tests.deploy.nginx_site import Nginx, nginx_command, running_nginx
from tests.sync import conftest as sync_fixtures
from tests.sync.conftest import PASSWORD, Laptop, ServerProcess, free_port, stop, wait_for_health
from tests.sync.test_end_to_end import issue, server_notices
from tests.sync.tls_server import CouncilCa, make_council_ca

make_laptop = sync_fixtures.make_laptop  # the fixture, for the tests here
RETRY = RetryPolicy(attempts=3, base_delay=0.05, max_delay=0.2)


@pytest.fixture
def workers(tmp_path: Path, database_url: str) -> Iterator[tuple[ServerProcess, int]]:
    """``hfhate-server serve --workers 2`` on one PostgreSQL database, on 127.0.0.1 only,
    its JSON log lines in ``server/server.log``."""
    nginx_command()  # skip (or fail in CI) before starting anything
    data = tmp_path / "server"
    data.mkdir()
    port = free_port()
    with (data / "server.log").open("wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "hfhate.server.cli",
                "serve",
                "--data-dir",
                str(data),
                "--database-url",
                database_url,
                "--port",
                str(port),
                "--workers",
                "2",
            ],
            cwd=data,
            stderr=log,
        )  # not the checkout: the installed package, as in production
    try:
        wait_for_health(f"http://127.0.0.1:{port}", process)
        yield ServerProcess("", data, database_url, process), port
    finally:
        stop(process)


def server_log(server: ServerProcess) -> list[dict[str, Any]]:
    """The server's JSON log lines so far (a last line still being written is left out)."""
    read = []
    for line in (server.data_dir / "server.log").read_text().splitlines():
        try:
            read.append(json.loads(line))
        except ValueError:
            continue
    return [line for line in read if isinstance(line, dict)]


def soon(check: Callable[[], bool], timeout: float = 10) -> bool:
    """Whether ``check()`` holds within ``timeout`` seconds: a log line is written as the
    answer goes out, so the test may read the log a moment before it is there."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.fixture
def council(tmp_path: Path) -> CouncilCa:
    return make_council_ca(tmp_path / "pki")


@pytest.fixture
def site(
    tmp_path: Path, workers: tuple[ServerProcess, int], council: CouncilCa
) -> Iterator[tuple[Nginx, ServerProcess]]:
    server, port = workers
    with running_nginx(
        tmp_path / "nginx",
        https_port=free_port(),
        http_port=free_port(),
        workers=[port],
        cert=council.server_cert,
        key=council.server_key,
    ) as nginx:
        server.url = nginx.url
        yield nginx, server


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_laptop_enrols_and_syncs_through_nginx_with_the_council_ca_file(
    site: tuple[Nginx, ServerProcess],
    council: CouncilCa,
    make_laptop: Callable[..., Laptop],
) -> None:
    nginx, server = site
    ca_file = str(council.ca_file)

    def trusting(url: str) -> Transport:
        return transport_for(url, ca_file, retry=RETRY)

    north = make_laptop(server, "north")
    olly = north.add("olly", Role.AUTHORISED_OFFICER)
    client.enrol(north.store, north.admin, nginx.url, server.admin("enrolment-code"), trusting)
    with north.store.session_factory.begin() as session:
        set_ca_file(session, north.admin, ca_file)
    issue(north, olly, 3)
    sent = client.sync(north.store, olly, PASSWORD, trusting)
    assert sent.pushed == 15 and sent.needs_attention == 0  # 3 notices, each with 4 more
    assert len(server_notices(server)) == 3

    office = make_laptop(server, "office")
    sue = office.add("sue", Role.SUPERVISOR)
    client.enrol(office.store, office.admin, nginx.url, server.admin("enrolment-code"), trusting)
    received = client.sync(office.store, sue, PASSWORD, trusting)
    assert received.pulled >= 3 and received.set_aside == 0

    # Every request nginx passed on is in the server's log under nginx's own request id.
    def passed() -> list[dict[str, Any]]:
        return [r for r in nginx.site_log() if r["upstream"]]

    def all_logged() -> bool:
        logged = {line.get("request_id") for line in server_log(server)}
        return {r["request_id"] for r in passed()} <= logged

    assert soon(lambda: any(r["uri"] == "/api/v1/push" for r in passed()))
    pushes = [r for r in passed() if r["uri"] == "/api/v1/push"]
    assert [r["status"] for r in pushes] == [200]
    assert soon(all_logged)


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_nginx_sets_the_forwarded_headers_and_the_laptop_cannot(
    site: tuple[Nginx, ServerProcess], council: CouncilCa
) -> None:
    nginx, server = site
    # The laptop comes from 127.0.0.2 (nginx from 127.0.0.1) and claims another address.
    trusted = ssl.create_default_context(cafile=str(council.ca_file))
    through = httpx.HTTPTransport(verify=trusted, local_address="127.0.0.2")
    forged = {"X-Forwarded-For": "203.0.113.9", "X-Request-ID": "forged-id", "Forwarded": "x"}
    with httpx.Client(transport=through, base_url=nginx.url, timeout=10) as laptop:
        refused = laptop.post(
            "/api/v1/enrol",
            headers=forged,
            json={
                "code": "WRONG-CODE-0000-0000",
                "device_id": str(uuid.uuid4()),
                "device_name": "guess",
                "store_schema": STORE_SCHEMA,
            },
        )
        assert refused.status_code == 403, refused.text
        request_id = refused.headers["X-Request-ID"]
        assert request_id != "forged-id" and len(request_id) == 32
        assert laptop.get("/api/v1/health/ready").json() == {"ready": True, "reason": ""}
        assert laptop.get("/").status_code == 404
        assert laptop.get("/metrics").status_code == 404
        too_large = laptop.post(
            "/api/v1/push",
            content=b"{" + b" " * (10 * 1024 * 1024 + 1) + b"}",
            headers={"Content-Type": "application/json"},
        )
        assert too_large.status_code == 413
        assert "too large" in too_large.json()["detail"]
    plain = httpx.get(f"http://127.0.0.1:{nginx.http_port}/api/v1/health")
    assert plain.status_code == 301 and plain.headers["location"].startswith("https://")
    # The refused code counted against the laptop's real address, as nginx saw it.
    engine = make_server_engine(server.database_url)
    try:
        with make_sessions(engine)() as session:
            keys = set(session.scalars(select(SignInFailure.key)))
    finally:
        engine.dispose()
    assert keys == {"address:127.0.0.2"}
    assert soon(lambda: any(r["uri"] == "/api/v1/enrol" for r in nginx.site_log()))
    enrol = next(r for r in nginx.site_log() if r["uri"] == "/api/v1/enrol")
    assert (enrol["client"], enrol["status"], enrol["request_id"]) == ("127.0.0.2", 403, request_id)

    def said() -> list[dict[str, Any]]:
        return [line for line in server_log(server) if line.get("request_id") == request_id]

    assert soon(lambda: bool(said()))
    assert said()[-1]["status"] == 403
    assert "203.0.113.9" not in (server.data_dir / "server.log").read_text()

"""A council's own certificate authority and a real hfhate-server behind TLS signed by it.

The CA and the server's certificate (for 127.0.0.1) are made with the ``openssl`` command;
the server is the real FastAPI app run by uvicorn with ``--ssl-keyfile``-style options in a
process of its own, on a SQLite database in tmp_path.
"""

from __future__ import annotations

import os
import shutil
import ssl
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from hfhate.models import AuditEvent
from hfhate.models.store import Store
from tests.sync.conftest import ServerProcess, free_port, serving, wait_for_health

SERVE = """
import sys, uvicorn
from hfhate.server.app import create_app
from hfhate.server.settings import ServerSettings
data_dir, database_url, port, key, cert = sys.argv[1:]
uvicorn.run(create_app(ServerSettings.resolve(data_dir, database_url)), host="127.0.0.1",
            port=int(port), ssl_keyfile=key, ssl_certfile=cert, log_level="warning")
"""
SERVER_EXTENSIONS = """
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid, issuer
"""


EC_KEY = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1")  # quicker than RSA


@dataclass
class CouncilCa:
    """The CA's certificate (what a laptop is given) and the server's key and certificate."""

    ca_file: Path
    server_key: Path
    server_cert: Path


def openssl(*args: str) -> None:
    subprocess.run(["openssl", *args], check=True, capture_output=True)


def make_council_ca(folder: Path) -> CouncilCa:
    if shutil.which("openssl") is None:
        message = "the openssl command is needed to make a certificate authority"
        if os.environ.get("CI"):  # .ci/run installs it: there, its absence is a failure
            pytest.fail(message)
        pytest.skip(message)
    folder.mkdir(parents=True, exist_ok=True)
    ca_key, ca_file = folder / "ca.key", folder / "council-ca.pem"
    openssl(
        "req",
        "-x509",
        *EC_KEY,
        "-nodes",
        "-keyout",
        str(ca_key),
        "-out",
        str(ca_file),
        "-days",
        "2",
        "-subj",
        "/CN=Test Council Root CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    )
    key, request, cert = folder / "server.key", folder / "server.csr", folder / "server.pem"
    openssl(
        "req",
        *EC_KEY,
        "-nodes",
        "-keyout",
        str(key),
        "-out",
        str(request),
        "-subj",
        "/CN=127.0.0.1",
    )
    extensions = folder / "server.ext"
    extensions.write_text(SERVER_EXTENSIONS)
    openssl(
        "x509",
        "-req",
        "-in",
        str(request),
        "-CA",
        str(ca_file),
        "-CAkey",
        str(ca_key),
        "-CAcreateserial",
        "-out",
        str(cert),
        "-days",
        "2",
        "-extfile",
        str(extensions),
    )
    return CouncilCa(ca_file, key, cert)


def start_tls_server(data_dir: Path, ca: CouncilCa) -> ServerProcess:
    database_url = f"sqlite:///{data_dir / 'hfhate-server.sqlite'}"
    server = ServerProcess("", data_dir, database_url, None)  # type: ignore[arg-type]
    server.admin("migrate")
    port = free_port()
    server.process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            SERVE,
            str(data_dir),
            database_url,
            str(port),
            str(ca.server_key),
            str(ca.server_cert),
        ],
        cwd=data_dir,
    )  # not the checkout: the installed package
    server.url = f"https://127.0.0.1:{port}"
    wait_for_health(
        server.url, server.process, verify=ssl.create_default_context(cafile=str(ca.ca_file))
    )
    return server


@pytest.fixture(scope="session")
def council_ca(tmp_path_factory: pytest.TempPathFactory) -> CouncilCa:
    return make_council_ca(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def tls_server(tmp_path: Path, council_ca: CouncilCa) -> Iterator[ServerProcess]:
    data = tmp_path / "tls-server"
    data.mkdir()
    yield from serving(start_tls_server(data, council_ca))


def ca_files_set(store: Store) -> list[str | None]:
    """The CA file each audited change on ``store`` set, oldest first (None: taken away)."""
    with store.session_factory() as session:
        events = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "sync_ca_file_set")
            .order_by(AuditEvent.seq)
        )
        return [e.details["to"] for e in events]

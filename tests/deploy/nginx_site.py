"""deploy/nginx/hfhate.conf run for real: its marked values replaced with test ports and a
throw-away CA's certificate, inside a main configuration whose pid, logs and temporary
folders are in tmp_path, as a foreground ``nginx`` process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

SITE = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "hfhate.conf"
MAIN = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 256; }}
http {{
    default_type application/octet-stream;
    access_log off;  # the site writes its own JSON log
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {site};
}}
"""


def nginx_command() -> str:
    """The nginx binary: a missing one fails the test in CI (``.ci/run`` installs it)."""
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None
    )
    if found is None:
        message = "nginx is needed (the Debian package nginx)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def render_site(
    *, https_port: int, http_port: int, workers: list[int], cert: Path, key: Path, log: Path
) -> str:
    """The deployed site with this machine's values in place of the marked ones."""
    text = SITE.read_text()
    upstream = "\n".join(f"    server 127.0.0.1:{port};" for port in workers)
    swaps = {
        "    server 127.0.0.1:8470;  # CHANGE if the unit's --port differs": upstream,
        "    listen 80;\n    listen [::]:80;": f"    listen 127.0.0.1:{http_port};",
        "    listen 443 ssl http2;\n    listen [::]:443 ssl http2;": (
            f"    listen 127.0.0.1:{https_port} ssl http2;"
        ),
        "server_name hfhate.example.gov.uk;": "server_name 127.0.0.1;",
        "/etc/hfhate/tls/fullchain.pem": str(cert),
        "/etc/hfhate/tls/privkey.pem": str(key),
        "/var/log/nginx/hfhate.access.log": str(log),
        "root /var/www/letsencrypt;": f"root {log.parent};",
    }
    for old, new in swaps.items():
        assert old in text, f"deploy/nginx/hfhate.conf no longer has {old!r}"
        text = text.replace(old, new)
    return text


@dataclass
class Nginx:
    url: str
    folder: Path
    workers: list[int]
    http_port: int

    def site_log(self) -> list[dict[str, Any]]:
        """The deployed site's JSON access log, one object a request."""
        text = (self.folder / "hfhate.access.log").read_text()
        read = []
        for line in text.splitlines():
            try:
                read.append(json.loads(line))
            except ValueError:  # a last line still being written
                continue
        return read


@contextmanager
def running_nginx(
    folder: Path, *, https_port: int, http_port: int, workers: list[int], cert: Path, key: Path
) -> Iterator[Nginx]:
    command = nginx_command()
    folder.mkdir(parents=True, exist_ok=True)
    site = folder / "hfhate.conf"
    site.write_text(
        render_site(
            https_port=https_port,
            http_port=http_port,
            workers=workers,
            cert=cert,
            key=key,
            log=folder / "hfhate.access.log",
        )
    )
    main = folder / "nginx.conf"
    main.write_text(MAIN.format(tmp=folder, site=site))
    paths = ["-p", str(folder), "-e", str(folder / "error.log"), "-c", str(main)]
    checked = subprocess.run([command, "-t", *paths], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(
        [command, *paths, "-g", "daemon off;"],
        stderr=subprocess.PIPE,
    )
    url = f"https://127.0.0.1:{https_port}"
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                httpx.get(url, verify=False, timeout=1)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stderr and process.stderr.read()
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.1)
        yield Nginx(url, folder, workers, http_port)
    finally:
        process.terminate()  # SIGTERM: nginx's fast shutdown
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

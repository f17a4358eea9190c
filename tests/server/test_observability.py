"""Readiness, who may read /metrics, and whose X-Request-ID is believed (in-process app;
the same with real workers in ``tests/sync/test_workers.py``)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from fastapi.testclient import TestClient

from hfhate.server.app import create_app
from hfhate.server.db import make_server_engine, migrate
from hfhate.server.migrations import SERVER_HEAD
from hfhate.server.settings import ServerSettings
from tests.server.conftest import Server


def _app(tmp_path: Path, **changes: object) -> TestClient:
    url = f"sqlite:///{tmp_path / 'server.sqlite'}"
    settings = dataclasses.replace(ServerSettings(data_dir=tmp_path, database_url=url), **changes)
    return TestClient(create_app(settings))


def test_ready_says_why_not_until_migrated(tmp_path: Path) -> None:
    with _app(tmp_path) as client:
        assert client.get("/api/v1/health/live").json() == {"live": True}
        answer = client.get("/api/v1/health/ready")
        assert answer.status_code == 503
        assert answer.json() == {
            "ready": False,
            "reason": f"The database schema is at nothing, not {SERVER_HEAD}: "
            "run hfhate-server migrate.",
        }
        engine = make_server_engine(f"sqlite:///{tmp_path / 'server.sqlite'}")
        migrate(engine)
        engine.dispose()
        assert client.get("/api/v1/health/ready").json() == {"ready": True, "reason": ""}


def test_metrics_need_this_machine_or_the_token(tmp_path: Path) -> None:
    with _app(tmp_path, metrics_token="s3cret-token-for-prometheus") as client:
        refused = client.get("/metrics")  # the test client is not this machine's loopback
        assert refused.status_code == 403 and "metrics token" in refused.json()["detail"]
        wrong = client.get("/metrics", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 403
        right = client.get(
            "/metrics", headers={"Authorization": "Bearer s3cret-token-for-prometheus"}
        )
        assert right.status_code == 200
        assert 'hfhate_push_changes_total{result="applied"} 0.0' in right.text
        assert 'route="/metrics",status="403"' in right.text  # by template, never a raw path
    with _app(tmp_path) as client:  # no token set: a bearer of anything is not let in
        assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 403


def test_a_request_id_is_believed_only_from_the_proxy(tmp_path: Path, server: Server) -> None:
    asked = {"X-Request-ID": "from-the-laptop-itself"}
    answer = server.client.get("/api/v1/health", headers=asked)  # not from a trusted proxy
    made = answer.headers["X-Request-ID"]
    assert made != "from-the-laptop-itself" and len(made) == 32
    with _app(tmp_path, trusted_proxies=("testclient",)) as client:
        via = client.get("/api/v1/health/live", headers=asked)
        assert via.headers["X-Request-ID"] == "from-the-laptop-itself"
        odd = client.get("/api/v1/health/live", headers={"X-Request-ID": "a b" * 50})
        assert len(odd.headers["X-Request-ID"]) == 32  # not one's shape: made here

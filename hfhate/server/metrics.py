"""Prometheus metrics at ``GET /metrics`` (``prometheus-client``), from every worker at once.

What is counted: requests by method, route template (never the raw path) and status, and
their latency; pushed changes by result (applied, duplicate, conflict, rejected); pull pages
served; evidence photos stored. What is read from the database when Prometheus asks: the
laptops seen in the last day and the changes they said were waiting to be sent.

Several workers (``serve --workers N``): ``serve`` gives them one private, empty
``PROMETHEUS_MULTIPROC_DIR`` before they start, so each writes its counts to files there and
whichever worker answers ``/metrics`` adds every worker's up (prometheus_client's
multiprocess mode; a worker that died keeps its counts). One process on its own keeps them
in a registry of its app (``ServerMetrics`` lives on ``app.state``, as everything else does).

Who may read it: a request carrying ``Authorization: Bearer <HFHATE_SERVER_METRICS_TOKEN>``
(when that is set), or one made on this machine straight to the worker (a loopback peer and
no proxy header), as a Prometheus on the server itself does. Anything through the proxy
without the token is refused 403; the nginx site does not pass ``/metrics`` on at all.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Iterator
from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from hfhate.server.body_cap import App, Message, Receive, Scope, Send
from hfhate.server.models import EnrolledDevice, utc_now
from hfhate.server.request_log import route_of

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
LOOPBACK = frozenset({"127.0.0.1", "::1"})
RESULTS = ("applied", "duplicate", "conflict", "rejected")
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30)


class DevicesSeen(Collector):
    """Read at each scrape: laptops seen in the last day, and what they have not sent."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def describe(self) -> Iterator[Metric]:
        """The names, without asking the database (the registry asks when it is made)."""
        yield GaugeMetricFamily("hfhate_devices_seen_last_day", "")
        yield GaugeMetricFamily("hfhate_devices_unsent_changes", "")

    def collect(self) -> Iterator[Metric]:
        since = utc_now() - timedelta(days=1)
        active = EnrolledDevice.revoked_at.is_(None)
        try:
            with self.sessions() as session:
                seen = session.scalar(
                    select(func.count()).where(EnrolledDevice.last_seen_at >= since)
                )
                unsent = session.scalar(
                    select(func.coalesce(func.sum(EnrolledDevice.unsent_count), 0)).where(active)
                )
        except SQLAlchemyError:  # not migrated, or down: /health/ready says so
            return
        yield GaugeMetricFamily(
            "hfhate_devices_seen_last_day", "Laptops that called the server in the last 24 hours.",
            value=seen or 0,
        )  # fmt: skip
        yield GaugeMetricFamily(
            "hfhate_devices_unsent_changes",
            "Changes the active laptops last said they had not sent yet.",
            value=unsent or 0,
        )


class ServerMetrics:
    """The counters of one app, and the registry ``/metrics`` answers from."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.multiprocess = bool(os.environ.get(MULTIPROC_ENV))
        # In multiprocess mode the values go to files whatever the registry: none is needed.
        own = None if self.multiprocess else CollectorRegistry()
        self.registry = own
        self.devices = DevicesSeen(sessions)
        self.requests = Counter(
            "hfhate_http_requests", "Requests answered, by route template and status.",
            ["method", "route", "status"], registry=own,
        )  # fmt: skip
        self.latency = Histogram(
            "hfhate_http_request_duration_seconds", "Time to answer, by route template.",
            ["method", "route"], registry=own, buckets=LATENCY_BUCKETS,
        )  # fmt: skip
        self.changes = Counter(
            "hfhate_push_changes", "Pushed changes by result.", ["result"], registry=own
        )
        self.pull_pages = Counter("hfhate_pull_pages", "Pull pages served.", registry=own)
        self.photos_stored = Counter(
            "hfhate_photos_stored", "Evidence photos received whole and kept.", registry=own
        )
        for result in RESULTS:
            self.changes.labels(result)  # every result shows, at 0 until it happens
        if own is not None:
            own.register(self.devices)

    def pushed(self, results: list[str]) -> None:
        for result in RESULTS:
            if count := results.count(result):
                self.changes.labels(result).inc(count)

    def exposition(self) -> bytes:
        if self.registry is not None:
            return generate_latest(self.registry)
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        registry.register(self.devices)
        return generate_latest(registry)


class Timing:
    """A pure ASGI middleware: each request counted and timed by its route template."""

    def __init__(self, app: App, metrics: ServerMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), 500

        async def noting(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, noting)
        finally:
            route = route_of(scope)
            self.metrics.requests.labels(scope["method"], route, str(status)).inc()
            self.metrics.latency.labels(scope["method"], route).observe(
                time.perf_counter() - started
            )


router = APIRouter()


@router.get("/metrics", include_in_schema=False)  # not part of the laptops' API
def metrics(request: Request) -> Response:
    """The metrics, to the holder of the token or to this machine not through the proxy."""
    state = request.app.state
    token = state.server.settings.metrics_token
    given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    if token and given and hmac.compare_digest(given.encode(), token.encode()):
        allowed = True
    else:
        peer = request.scope.get("client")
        forwarded = request.scope.get("state", {}).get("forwarded", True)
        allowed = peer is not None and peer[0] in LOOPBACK and not forwarded
    if not allowed:
        return JSONResponse(
            {"detail": "The metrics are for this machine or the holder of the metrics token."},
            status_code=403,
        )
    body = state.metrics.exposition()
    return Response(body, media_type=CONTENT_TYPE_LATEST)

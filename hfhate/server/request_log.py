"""Logs as JSON lines, each request with an id, and the one place that trusts the proxy.

``Requests`` is a pure ASGI middleware, the outermost of the app. It decides once whether a
request came through the trusted reverse proxy: its peer address is one of
``settings.trusted_proxies``. Only then are the proxy's headers believed: the client address
becomes the last address in ``X-Forwarded-For`` that is not itself a proxy (so the sign-in
throttle counts each laptop's own address behind nginx), and ``X-Request-ID`` is taken as the
request's id if it looks like one (letters, digits, ``.-_:``, up to 128). Otherwise the id is
made here. The id is echoed in the ``X-Request-ID`` answer header and carried by every log
line written while the request runs (a context variable, which FastAPI's worker threads
inherit). At the end one line says what was asked and answered: method, route template (never
the raw path or query), status, milliseconds. Never the client address, a header value or a
body: what safe_log says about personal data holds here too (``JsonFormatter`` writes an
exception as its type and place only, as ``SafeFormatter`` does).
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from hfhate.safe_log import SafeFormatter
from hfhate.server.body_cap import App, Message, Receive, Scope, Send

log = logging.getLogger("hfhate.server.requests")
REQUEST_ID_HEADER = "X-Request-ID"
_ID_SHAPE = re.compile(r"[A-Za-z0-9._:-]{1,128}")
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")


def route_of(scope: Scope) -> str:
    """The route template a request matched (``/api/v1/photos/{sha256}``), or "unmatched"."""
    context = scope.get("fastapi", {}).get("effective_route_context")
    path = getattr(context, "path", None) or getattr(scope.get("route"), "path", None)
    return str(path) if path else "unmatched"


class Requests:
    """Trust the proxy's headers only from the proxy; give each request an id; log it."""

    def __init__(self, app: App, trusted_proxies: tuple[str, ...]) -> None:
        self.app = app
        self.trusted = frozenset(trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        peer = scope.get("client")
        via_proxy = peer is not None and peer[0] in self.trusted
        scope.setdefault("state", {})["forwarded"] = via_proxy and _forwarded(headers)
        given = headers.get(REQUEST_ID_HEADER.lower(), "") if via_proxy else ""
        rid = given if _ID_SHAPE.fullmatch(given) else uuid.uuid4().hex
        if via_proxy and (client := self._client(headers.get("x-forwarded-for", ""))):
            scope["client"] = (client, 0)
        token = request_id.set(rid)
        started, status = time.perf_counter(), 500

        async def with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [
                    *message["headers"],
                    (REQUEST_ID_HEADER.encode(), rid.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, with_id)
        finally:
            route, ms = route_of(scope), round((time.perf_counter() - started) * 1000, 1)
            log.info(
                "%s %s answered %d in %.1f ms",
                scope["method"],
                route,
                status,
                ms,
                extra={"method": scope["method"], "route": route, "status": status, "ms": ms},
            )
            request_id.reset(token)

    def _client(self, forwarded_for: str) -> str:
        """The last address in the chain that is not a proxy of ours (the laptop's)."""
        for address in reversed([a.strip() for a in forwarded_for.split(",") if a.strip()]):
            if address not in self.trusted:
                return address
        return ""


def _forwarded(headers: dict[str, str]) -> bool:
    return any(h in headers for h in ("x-forwarded-for", "forwarded", "x-real-ip"))


# What a log record may carry besides its message: the request line's fields.
FIELDS = ("method", "route", "status", "ms")


class JsonFormatter(SafeFormatter):
    """One JSON object a line: time, level, logger, message, pid, request id, the fields of
    a request line; an exception as its type and places only (``SafeFormatter``)."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "pid": os.getpid(),
        }
        if rid := request_id.get():
            line["request_id"] = rid
        for name in FIELDS:
            if name in record.__dict__:
                line[name] = record.__dict__[name]
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def log_as_json_lines() -> None:
    """Every log line of this process to stderr as JSON; the request lines too (INFO)."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    log.setLevel(logging.INFO)

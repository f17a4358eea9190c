"""The last resort for a fault of the server's: a plain 500, logged in one line.

A pure ASGI middleware just inside Starlette's own error middleware: an exception no handler
answered is caught here, logged as its type and place only (``hfhate.safe_log.
describe_exception``: never its message, which may quote SQL or a value sent, and no stack
trace), and answered ``{"detail": ...}`` with 500. It is not re-raised, so neither Starlette
nor uvicorn writes a traceback of it.
"""

from __future__ import annotations

import json
import logging

from hfhate.safe_log import describe_exception
from hfhate.server.body_cap import App, Message, Receive, Scope, Send

log = logging.getLogger(__name__)
DETAIL = "The server could not do this now: try again later."


class Faults:
    """Wrap ``app`` so an unforeseen exception becomes a plain 500 and one safe log line."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def noting_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, noting_send)
        except Exception as error:  # noqa: BLE001 - the last resort: logged, answered 500
            log.error(
                "%s %s answered 500: %s", scope["method"], scope["path"], describe_exception(error)
            )
            if not started:
                body = json.dumps({"detail": DETAIL}).encode()
                await send(
                    {
                        "type": "http.response.start",
                        "status": 500,
                        "headers": [
                            (b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": body})

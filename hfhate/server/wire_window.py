"""The compatibility window on the server: which laptops it answers, and in which wire format.

``WireWindow``, a pure ASGI middleware, answers 409 to any request (but ``/health``, which
every laptop may ask) from a laptop whose store schema (``STORE_SCHEMA_HEADER``) is outside
the window, with the plain words of ``compat.refusal``: which side to upgrade. A request
without the header comes from the previous release, which did not send it, and is inside.
``wire_view`` gives the routes the wire format to answer a request in (``compat.WireView``):
everything for a laptop of the server's own release, the previous release's record types and
fields for one of that release.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from hfhate import __version__
from hfhate.server.body_cap import App, Receive, Scope, Send
from hfhate.server.settings import ServerSettings
from hfhate.sync import compat
from hfhate.sync.schemas import API_PREFIX, APP_VERSION_HEADER, STORE_SCHEMA_HEADER

OPEN_PATHS = frozenset({f"{API_PREFIX}/health"})


def server_release(settings: ServerSettings) -> compat.Release:
    return compat.Release(settings.store_schema, __version__)


def laptop_release(headers: Mapping[str, str]) -> compat.Release:
    """The release a request says it comes from; without the header, the previous one."""
    schema = headers.get(STORE_SCHEMA_HEADER.lower()) or compat.PREVIOUS_STORE_SCHEMA
    return compat.Release(schema.strip(), headers.get(APP_VERSION_HEADER.lower(), "").strip())


def wire_view(headers: Mapping[str, str], settings: ServerSettings) -> compat.WireView:
    """The wire format to answer this request in (a laptop outside the window never gets
    this far: ``WireWindow`` refused it)."""
    laptop = laptop_release(headers)
    view = compat.view_for(laptop.store_schema, settings.store_schema)
    if view is not None:
        return view
    if compat.accepts(settings.store_schema, laptop.store_schema):
        # Inside the window, but that release's wire format was not shipped: answering in
        # today's would break that laptop, so nothing is answered (a plain 500).
        raise LookupError(f"no wire format kept for store schema {laptop.store_schema}")
    return compat.WireView(settings.store_schema)  # outside: only /health gets this far


class WireWindow:
    """Wrap ``app`` so a laptop outside the window is refused before anything is read."""

    def __init__(self, app: App, settings: ServerSettings) -> None:
        self.app, self.server = app, server_release(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        headers = {
            name.decode("latin-1").lower(): value.decode("latin-1")
            for name, value in scope["headers"]
        }
        problem = compat.refusal(laptop_release(headers), self.server)
        if problem is None:
            await self.app(scope, receive, send)
            return
        body = json.dumps({"detail": problem}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 409,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

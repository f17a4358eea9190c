"""The order to erase a laptop, said on every answer to it.

When ``deps`` finds that a request comes from a device revoked with an order to erase
(``accounts.erase_ordered``), it notes when the order was given in the request's state
(``note``). ``EraseHeader``, a pure ASGI middleware, then adds ``ERASE_HEADER`` to the answer,
whatever it is: a push that applied, a sign-in refused for a wrong password, a pull refused
(``deps.get_receiver``). So a laptop learns it must erase at its first contact, and a route
never has to remember to say so.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from datetime import datetime
from typing import Any

from starlette.requests import Request

from hfhate.server.body_cap import App, Receive, Scope, Send
from hfhate.sync.schemas import ERASE_HEADER

_STATE_KEY = "hfhate_erase_ordered_at"


def note(request: Request, ordered_at: datetime | None) -> None:
    """Say on this request's answer that its laptop must erase itself (if ``ordered_at``)."""
    if ordered_at is not None:
        setattr(request.state, _STATE_KEY, ordered_at.isoformat())


class EraseHeader:
    """Wrap ``app`` so the answer to a request noted by ``note`` carries ``ERASE_HEADER``."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                ordered_at = scope.get("state", {}).get(_STATE_KEY)
                if ordered_at:
                    header = (ERASE_HEADER.lower().encode(), str(ordered_at).encode())
                    message = {**message, "headers": [*message.get("headers", []), header]}
            await send(message)

        await self.app(scope, receive, sending)

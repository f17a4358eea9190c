"""A cap on every request body, checked before the body is read into memory.

A pure ASGI middleware: a ``Content-Length`` over the cap is answered 413 at once, before a
byte of the body is read; a body without one (chunked) is counted as it streams in, and the
request is answered 413 as soon as the count passes the cap, so no route ever holds more
than the cap. The cap is the photo cap for a photo upload (``PUT /photos/...``, one piece of
a photo) and the JSON cap for everything else. The answer is the API's ``ErrorBody``.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.exceptions import HTTPException

from hfhate.sync.schemas import API_PREFIX

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]
TOO_LARGE = "The request is too large: at most {cap:,} bytes are taken here."


class BodyTooLarge(HTTPException):
    """Raised inside ``receive`` when a streamed body passes its cap: an HTTP error, so the
    route reading the body lets it through and the app answers it 413 as any other."""

    def __init__(self, cap: int) -> None:
        super().__init__(413, TOO_LARGE.format(cap=cap))


class BodyCap:
    """Wrap ``app`` so no request body over its cap is read."""

    def __init__(self, app: App, json_cap: int, photo_cap: int) -> None:
        self.app, self.json_cap, self.photo_cap = app, json_cap, photo_cap

    def cap_for(self, scope: Scope) -> int:
        photo = scope["method"] == "PUT" and scope["path"].startswith(f"{API_PREFIX}/photos/")
        return self.photo_cap if photo else self.json_cap

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap = self.cap_for(scope)
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > cap):
            await too_large(send, cap)
            return
        counted = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal counted
            message = await receive()
            if message["type"] == "http.request":
                counted += len(message.get("body", b""))
                if counted > cap:
                    raise BodyTooLarge(cap)
            return message

        async def noting_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, noting_send)
        except BodyTooLarge:
            if not started:
                await too_large(send, cap)


async def too_large(send: Send, cap: int) -> None:
    body = json.dumps({"detail": TOO_LARGE.format(cap=cap)}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})

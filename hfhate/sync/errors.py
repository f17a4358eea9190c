"""The one error sync raises, apart from the transport, so screens can catch it cheaply.

``hfhate.sync.transport`` (httpx and the wire schemas) is imported only when a sync or a
check runs, not while the window starts; code that only catches ``SyncError`` imports it here.
"""

from __future__ import annotations


class SyncError(Exception):
    """Sync could not go on; the message says why in plain words."""


class ServerRefused(SyncError):
    """The server answered and turned the request down: its ``status``, its one sentence
    (``detail``) and, for a change refused field by field, a message per field."""

    def __init__(
        self, message: str, *, status: int, detail: str, fields: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.detail = detail
        self.fields = {str(k): str(v) for k, v in (fields or {}).items()}


class EraseOrdered(SyncError):
    """The server ordered this laptop to erase its data (it was revoked as lost or stolen).

    ``sync`` fills in what was sent and what was not before it raises it on; the caller (the
    command line, the window) then erases the data folder (``hfhate.sync.erase``).
    """

    def __init__(self, ordered_at: str) -> None:
        super().__init__(
            "An administrator revoked this laptop and ordered its data erased: it is erased now."
        )
        self.ordered_at = ordered_at
        self.sent = 0  # changes the server took in this last sync
        self.unsent: dict[str, int] = {}  # what could not be sent, counted by kind

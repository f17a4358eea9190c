"""The one error sync raises, apart from the transport, so screens can catch it cheaply.

``hfhate.sync.transport`` (httpx and the wire schemas) is imported only when a sync or a
check runs, not while the window starts; code that only catches ``SyncError`` imports it here.
"""

from __future__ import annotations


class SyncError(Exception):
    """Sync could not go on; the message says why in plain words."""

"""The words that say which side to upgrade, and their short form for the status bar.

Kept apart from ``compat`` (which needs the wire schemas, so pydantic) because the status bar
reads them while the window starts, before anything of sync is imported.
"""

from __future__ import annotations

UPGRADE_LAPTOP = "upgrade hfhate on this laptop"
UPGRADE_SERVER = "ask IT to upgrade the server"
KEPT = "Nothing waiting to be sent is lost."


def short_form(reason: str) -> str | None:
    """The status bar's words for a sync stopped by versions that cannot sync; None for
    any other reason. The message's first sentence is too long to keep its point there."""
    if f"{UPGRADE_SERVER}." in reason:
        return "The server runs an older hfhate: ask IT to upgrade it"
    if f"{UPGRADE_LAPTOP}." in reason:
        return "The server runs a newer hfhate: upgrade it on this laptop"
    return None

"""What the server last saw of each laptop, noted from its requests at no extra cost: one
UPDATE of its ``devices`` row at sign-in (who signed in) and at each pull (when it synced),
with what the laptop said of itself in its headers (``sync/laptop_headers.py``).

The headers are the laptop's word, kept for the administrator to read, never trusted for
anything else; a laptop of an older release sends none, and what was known is kept.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from hfhate.models import utc_now
from hfhate.server.models import EnrolledDevice
from hfhate.sync.schemas import APP_VERSION_HEADER, STORE_SCHEMA_HEADER, UNSENT_HEADER

# A version or schema as a laptop writes it ("0.1.0", "0012"): anything else is not kept.
_PLAIN = re.compile(r"^[0-9A-Za-z.+-]{1,40}$")
LARGEST_UNSENT = 10_000_000


def said(headers: Mapping[str, str]) -> dict[str, Any]:
    """The columns the laptop's headers fill, each only if it sent a sensible value."""
    values: dict[str, Any] = {}
    told = ((APP_VERSION_HEADER, "app_version"), (STORE_SCHEMA_HEADER, "store_schema"))
    for header, column in told:
        text = headers.get(header, "")
        if _PLAIN.match(text):
            values[column] = text
    unsent = headers.get(UNSENT_HEADER, "")
    if unsent.isdigit() and len(unsent) <= 9:
        values["unsent_count"] = min(int(unsent), LARGEST_UNSENT)
    return values


def note(
    session: Session,
    device_id: uuid.UUID,
    headers: Mapping[str, str],
    *,
    user_id: uuid.UUID | None = None,
    synced: bool = False,
) -> None:
    """One UPDATE of the device's row: seen now, by ``user_id``, synced now if ``synced``."""
    now = utc_now()
    values = said(headers) | {"last_seen_at": now}
    if user_id is not None:
        values["last_user_id"] = user_id
    if synced:
        values["last_synced_at"] = now
    session.execute(update(EnrolledDevice).where(EnrolledDevice.id == device_id).values(**values))

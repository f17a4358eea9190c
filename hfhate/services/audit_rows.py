"""The laptop's audit rows read raw, straight from the SQLite cursor, in chain order.

Verifying a million rows must take seconds, so no ORM object is built: each row comes as a
``ChainRow`` whose text is what the hash saw when it was written (``str(uuid)`` with dashes,
``datetime.isoformat()`` in UTC), rebuilt from how SQLite keeps it (32 hex digits; naive UTC
``YYYY-MM-DD HH:MM:SS.ffffff``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection

from hfhate.services.audit_chain import ChainRow

COLUMNS = (
    "seq, id, at, user_id, username, device_id, action, record_type, record_id, details, "
    "operation, recipients, justification, record_ids, prev_hash, hash"
)


def dashed(hex_id: str | None) -> str | None:
    """``0192...`` (32 hex digits, as SQLite keeps a UUID) as ``str(uuid.UUID(...))``."""
    if hex_id is None:
        return None
    h = hex_id if len(hex_id) == 32 else hex_id.replace("-", "")
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def iso_utc(stored: str) -> str:
    """SQLite's naive UTC timestamp as ``datetime.isoformat()`` gives the aware one."""
    text = stored.replace(" ", "T", 1)
    if text.endswith(".000000"):
        text = text[:-7]
    return text + "+00:00"


def raw_rows(connection: Connection, where: str = "", params: Any = ()) -> Iterator[ChainRow]:
    """Every audit row in ``seq`` order, streamed from a DB-API cursor."""
    cursor = connection.connection.cursor()
    try:
        cursor.execute(f"SELECT {COLUMNS} FROM audit_events {where} ORDER BY seq", params)
        while batch := cursor.fetchmany(5000):
            for r in batch:
                h, d, u, rid = r[1], r[5], r[3], r[8]
                yield ChainRow(
                    r[0],
                    f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}",
                    iso_utc(r[2]),
                    dashed(u) if u is not None else None,
                    r[4],
                    f"{d[:8]}-{d[8:12]}-{d[12:16]}-{d[16:20]}-{d[20:]}",
                    r[6],
                    r[7],
                    dashed(rid) if rid is not None else None,
                    r[9],
                    r[10],
                    r[11],
                    r[12],
                    r[13],
                    r[14],
                    r[15],
                )
    finally:
        cursor.close()

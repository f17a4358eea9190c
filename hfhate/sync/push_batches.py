"""The push's batches: waiting outbox entries read as plain rows and encoded once as the body.

A batch is the next waiting entries of one user (and those no user made), in the order they
were made, up to ``MAX_BATCH`` entries and ``BATCH_BYTES`` of body: each change is encoded by
orjson as the ``Change`` of ``sync/schemas.py`` it is (the same JSON a ``PushRequest`` dumps,
which the server checks), and the body is those changes joined, so a batch is cut by its size
without encoding anything twice. A change orjson cannot encode (a whole number past 64 bits)
is encoded by pydantic instead. The server's answers to a batch are marked in one
transaction: sent (applied or duplicate) in one statement; the rest need attention, each with
its reason and, for a conflict, the server's values of the fields it touched.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Text, or_, select, type_coerce, update
from sqlalchemy.orm import Session

from hfhate.models import OutboxEntry, OutboxStatus, utc_now
from hfhate.models.store import Store
from hfhate.sync.schemas import MAX_BATCH, MAX_BODY_BYTES, Change, ChangeResult

# A batch's body stays well under what the server takes (``MAX_BODY_BYTES``, 8 MiB).
BATCH_BYTES = MAX_BODY_BYTES // 2
SENT_RESULTS = ("applied", "duplicate")


@dataclass(frozen=True)
class Waiting:
    """One waiting outbox entry, as the push needs it."""

    seq: int
    change_id: uuid.UUID
    record_id: uuid.UUID
    fields: dict[str, Any]


@dataclass(frozen=True)
class Batch:
    """Entries sent together and the body that carries them (a ``PushRequest``, as JSON)."""

    entries: list[Waiting]
    body: bytes

    @property
    def last_seq(self) -> int:
        return self.entries[-1].seq


def next_batch(
    store: Store,
    user_id: uuid.UUID,
    device_id: uuid.UUID,
    after: int = 0,
    *,
    limit: int = MAX_BATCH,
    budget: int = BATCH_BYTES,
) -> Batch | None:
    """The next batch of ``user_id``'s waiting entries after outbox number ``after``, or
    None when nothing waits: at most ``limit`` entries, and those past ``budget`` bytes wait
    for the next batch (a batch has at least one)."""
    entry = OutboxEntry
    with store.session_factory() as session:
        rows = session.execute(
            select(
                entry.seq,
                entry.change_id,
                entry.record_type,
                entry.record_id,
                entry.operation,
                entry.base_version,
                entry.version,
                type_coerce(entry.fields, Text).label("fields"),  # the stored JSON text
                entry.created_at,
                entry.made_by_id,
            )
            .where(
                entry.status == OutboxStatus.PENDING,
                or_(entry.made_by_id == user_id, entry.made_by_id.is_(None)),
                entry.seq > after,
            )
            .order_by(entry.seq)
            .limit(limit)
        ).all()
    entries: list[Waiting] = []
    parts: list[bytes] = []
    size = len(b'{"changes":[]}')
    for row in rows:
        fields = _loads(row.fields)
        change = {
            "change_id": row.change_id,
            "record_type": row.record_type,
            "record_id": row.record_id,
            "operation": row.operation if row.operation in ("create", "erase") else "update",
            "base_version": row.base_version,
            "version": row.version,
            "fields": fields,
            "made_at": row.created_at,
            "made_by": row.made_by_id or user_id,
            "device_id": device_id,
        }
        part = _dumps(change)
        if parts and size + len(part) + 1 > budget:
            break
        size += len(part) + 1
        parts.append(part)
        entries.append(Waiting(row.seq, row.change_id, row.record_id, fields))
    if not entries:
        return None
    return Batch(entries, b'{"changes":[' + b",".join(parts) + b"]}")


def _loads(text: str | None) -> dict[str, Any]:
    if text is None:
        return {}
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:  # what only Python's json reads (NaN, huge numbers)
        value = json.loads(text)
    return value if isinstance(value, dict) else {}


def _dumps(change: dict[str, Any]) -> bytes:
    """One change as JSON, as pydantic dumps a ``Change`` (times in UTC with a Z)."""
    try:
        return orjson.dumps(change, option=orjson.OPT_UTC_Z)
    except TypeError:  # orjson.JSONEncodeError: pydantic's own encoding takes what is left
        return Change.model_construct(**change).model_dump_json().encode()


def mark(
    session: Session, entries: list[Waiting], results: dict[uuid.UUID, ChangeResult]
) -> tuple[int, int, int]:
    """Mark a batch as the server answered; (applied, duplicates, needing attention)."""
    sent = [e.seq for e in entries if results[e.change_id].result in SENT_RESULTS]
    if sent:
        session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.seq.in_(sent), OutboxEntry.status == OutboxStatus.PENDING)
            .values(status=OutboxStatus.SENT, sent_at=utc_now())
        )
    applied = sum(results[e.change_id].result == "applied" for e in entries)
    attention = 0
    for entry in entries:
        result = results[entry.change_id]
        if result.result in SENT_RESULTS:
            continue
        server_values = None
        if result.server_record is not None:
            server_values = {
                k: v
                for k, v in result.server_record.fields.items()
                if k in entry.fields and k not in ("updated_at", "version")
            }
        session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.seq == entry.seq)
            .values(
                status=OutboxStatus.NEEDS_ATTENTION,
                server_values=server_values,
                attention_reason=f"{result.result}: {result.reason or result.result}"[:500],
            )
        )
        attention += 1
    return applied, len(sent) - applied, attention

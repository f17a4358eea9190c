"""The records the server holds, as a record type's ``held_check`` reads them during a push.

What the database holds, overlaid with what the push's batch has decided so far (``pending``:
records saved earlier in the same batch are written only when the batch ends), so a consent
sent just before the referral it allows is seen. Values are the records' column values.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.records.codec import uuid_or_none
from hfhate.records.registry import record_type as registered
from hfhate.server.models import ServerRecordRow

Key = tuple[str, uuid.UUID]


class Pending(Protocol):
    """A record the batch holds (``push._Record``): its wire fields."""

    fields: dict[str, Any]


class ServerHeld:
    """``records.checking.Held`` over the server's records and a batch's pending ones."""

    def __init__(self, session: Session, pending: Mapping[Key, Pending] | None = None) -> None:
        self.session = session
        self.pending = pending or {}

    def record(self, record_type: str, record_id: uuid.UUID) -> Mapping[str, Any] | None:
        key = (record_type, record_id)
        if key in self.pending:
            return _values(record_type, self.pending[key].fields)
        row = self.session.get(ServerRecordRow, key)
        return _values(record_type, row.fields) if row is not None else None

    def belonging(
        self, record_type: str, field: str, owner_id: uuid.UUID
    ) -> list[Mapping[str, Any]]:
        found: dict[uuid.UUID, dict[str, Any]] = {
            row.record_id: row.fields
            for row in self.session.execute(
                select(ServerRecordRow.record_id, ServerRecordRow.fields).where(
                    ServerRecordRow.record_type == record_type,
                    ServerRecordRow.fields[field].as_string() == str(owner_id),
                )
            )
        }
        for (kind, record_id), record in self.pending.items():
            if kind != record_type or not record.fields:
                continue
            if uuid_or_none(record.fields.get(field)) == owner_id:
                found[record_id] = record.fields
            else:  # moved away in this batch
                found.pop(record_id, None)
        return [_values(record_type, fields) for fields in found.values()]


def _values(record_type: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    kind = registered(record_type)
    return kind.values_from_wire(fields) if kind is not None else dict(fields)

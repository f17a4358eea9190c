"""Applying pulled records to the local store.

A pulled change carries the whole record as it stands on the server. It is written straight
to its table (no audit event and no outbox entry: it is not a change made here), converted
back from wire values column by column. It never overwrites a record that still has changes
waiting on this laptop, and a change already applied (same or newer version here) is skipped,
so a page applied twice changes nothing.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Column, Date, Enum, Table, Time, Uuid, exists, insert, select, update
from sqlalchemy.orm import Session

from hfhate.models import Base, Device, OutboxEntry, OutboxStatus
from hfhate.models.base import UTCDateTime
from hfhate.sync.schemas import PulledChange

APPLIED, HELD_BACK, UP_TO_DATE = "applied", "held_back", "up_to_date"


def from_wire(column: Column[Any], value: Any) -> Any:
    """A JSON value back into what the column takes."""
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, Uuid):
        return uuid.UUID(str(value))
    if isinstance(kind, UTCDateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, Time):
        return time.fromisoformat(value)
    if isinstance(kind, Enum) and kind.enum_class is not None:
        enum_class: type[enum.Enum] = kind.enum_class
        return enum_class(value)
    return value


def has_waiting_changes(session: Session, record_id: uuid.UUID) -> bool:
    return bool(session.scalar(select(exists().where(
        OutboxEntry.record_id == record_id,
        OutboxEntry.status.in_((OutboxStatus.PENDING, OutboxStatus.NEEDS_ATTENTION)),
    ))))


def apply_change(session: Session, change: PulledChange) -> str:
    """Write one pulled record; say whether it was applied, held back or already here."""
    table = Base.metadata.tables[change.record_type]
    assert isinstance(table, Table)
    if has_waiting_changes(session, change.record_id):
        return HELD_BACK
    here = session.execute(
        select(table.c.version).where(table.c.id == change.record_id)).scalar()
    if here is not None and here >= change.version:
        return UP_TO_DATE
    values = {
        column.key: from_wire(column, change.fields[column.key])
        for column in table.columns if column.key in change.fields
    }
    values["id"] = change.record_id
    values["version"] = change.version
    _known_device(session, values.get("created_on_device_id"))
    if here is None:
        if change.record_type == "users":
            # Pulled accounts have no local password until an administrator sets one here.
            values.setdefault("password_hash", "")
        session.execute(insert(table).values(values))
    else:
        values.pop("id")
        session.execute(update(table).where(table.c.id == change.record_id).values(values))
    return APPLIED


def _known_device(session: Session, device_id: uuid.UUID | None) -> None:
    if device_id is None or session.get(Device, device_id) is not None:
        return
    session.add(Device(id=device_id, name=f"Device {str(device_id)[:8]}", remote=True))
    session.flush()

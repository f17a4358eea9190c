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
from typing import Any, TypeVar

from sqlalchemy import Column, Date, Enum, Table, Time, Uuid, exists, insert, select, update
from sqlalchemy.orm import Session

from hfhate.models import Base, Device, OutboxEntry, OutboxStatus
from hfhate.models.base import UTCDateTime
from hfhate.sync.schemas import PulledChange

APPLIED, HELD_BACK, UP_TO_DATE = "applied", "held_back", "up_to_date"
RecordT = TypeVar("RecordT", bound=Base)


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


def record_from_wire(model: type[RecordT], fields: dict[str, Any]) -> RecordT:
    """A record's wire fields as an unsaved instance of the laptop's model.

    Never added to a session: the sync server builds one to run the laptop's own rules on
    what a laptop pushed.
    """
    table = Base.metadata.tables[model.__tablename__]
    return model(
        **{
            column.key: from_wire(column, fields[column.key])
            for column in table.columns
            if column.key in fields
        }
    )


def has_waiting_changes(session: Session, record_id: uuid.UUID) -> bool:
    return bool(
        session.scalar(
            select(
                exists().where(
                    OutboxEntry.record_id == record_id,
                    OutboxEntry.status.in_((OutboxStatus.PENDING, OutboxStatus.NEEDS_ATTENTION)),
                )
            )
        )
    )


def apply_change(session: Session, change: PulledChange) -> str:
    """Write one pulled record; say whether it was applied, held back or already here."""
    table = Base.metadata.tables[change.record_type]
    assert isinstance(table, Table)
    if has_waiting_changes(session, change.record_id):
        return HELD_BACK
    here = session.execute(select(table.c.version).where(table.c.id == change.record_id)).scalar()
    if here is not None and here >= change.version:
        return UP_TO_DATE
    values = _values(change)
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


def apply_page(
    session: Session, changes: list[PulledChange], *, refetched: bool = False
) -> list[str]:
    """``apply_change`` for a whole page, with a few queries per page instead of per record.

    The outcome of each change, in order. ``refetched`` records (fetched again after being held
    back) are written even when the local version is not older: an edit made here that never
    reached the server (resolved in the server's favour) may have numbered it higher. Several
    changes to one record in a page are applied in order (the later version wins).
    """
    ids = list({change.record_id for change in changes})
    waiting: set[uuid.UUID] = set()
    for chunk in _chunks(ids):
        waiting.update(
            session.scalars(
                select(OutboxEntry.record_id).where(
                    OutboxEntry.record_id.in_(chunk),
                    OutboxEntry.status.in_((OutboxStatus.PENDING, OutboxStatus.NEEDS_ATTENTION)),
                )
            )
        )
    versions: dict[tuple[str, uuid.UUID], int] = {}
    by_type: dict[str, list[uuid.UUID]] = {}
    for change in changes:
        by_type.setdefault(change.record_type, []).append(change.record_id)
    for record_type, type_ids in by_type.items():
        table = Base.metadata.tables[record_type]
        for chunk in _chunks(list(set(type_ids))):
            for record_id, version in session.execute(
                select(table.c.id, table.c.version).where(table.c.id.in_(chunk))
            ):
                versions[(record_type, record_id)] = version
    outcomes: list[str] = []
    inserts: dict[str, list[dict[str, Any]]] = {}
    devices: set[object] = set()
    for change in changes:
        key = (change.record_type, change.record_id)
        if change.record_id in waiting:
            outcomes.append(HELD_BACK)
            continue
        here = versions.get(key)
        if here is not None and here >= change.version and not refetched:
            outcomes.append(UP_TO_DATE)
            continue
        if here is None:
            values = _values(change)
            device_id = values.get("created_on_device_id")
            if device_id not in devices:
                _known_device(session, device_id)
                devices.add(device_id)
            if change.record_type == "users":
                values.setdefault("password_hash", "")
            inserts.setdefault(change.record_type, []).append(values)
        else:
            _flush_inserts(session, inserts)
            _overwrite(session, change)
        versions[key] = change.version
        outcomes.append(APPLIED)
    _flush_inserts(session, inserts)
    return outcomes


def _overwrite(session: Session, change: PulledChange) -> None:
    table = Base.metadata.tables[change.record_type]
    values = _values(change)
    values.pop("id")
    _known_device(session, values.get("created_on_device_id"))
    session.execute(update(table).where(table.c.id == change.record_id).values(values))


def _values(change: PulledChange) -> dict[str, Any]:
    table = Base.metadata.tables[change.record_type]
    values = {
        column.key: from_wire(column, change.fields[column.key])
        for column in table.columns
        if column.key in change.fields
    }
    values["id"] = change.record_id
    values["version"] = change.version
    return values


def _flush_inserts(session: Session, inserts: dict[str, list[dict[str, Any]]]) -> None:
    """Insert the rows gathered so far, parents' tables first, with one executemany each."""
    order = {table.name: at for at, table in enumerate(Base.metadata.sorted_tables)}
    for record_type in sorted(inserts, key=order.__getitem__):
        rows = inserts[record_type]
        by_columns: dict[frozenset[str], list[dict[str, Any]]] = {}
        for row in rows:
            by_columns.setdefault(frozenset(row), []).append(row)
        for same in by_columns.values():
            session.execute(insert(Base.metadata.tables[record_type]), same)
    inserts.clear()


def _chunks(ids: list[uuid.UUID], size: int = 500) -> list[list[uuid.UUID]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def _known_device(session: Session, device_id: uuid.UUID | None) -> None:
    if device_id is None or session.get(Device, device_id) is not None:
        return
    session.add(Device(id=device_id, name=f"Device {str(device_id)[:8]}", remote=True))
    session.flush()

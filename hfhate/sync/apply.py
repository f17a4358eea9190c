"""Applying pulled records to the local store.

A pulled change carries the whole record as it stands on the server. It is written straight
to its table (no audit event and no outbox entry: it is not a change made here), converted
back from wire values column by column by the codec (``hfhate.records.codec``); a new record
gets the registry's value for the columns that never travel (an account's password hash).
It never overwrites a record that still has changes waiting on this laptop, and a change
already applied (same or newer version here) is skipped, so a page applied twice changes
nothing.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import exists, insert, select, update
from sqlalchemy.orm import Session

from hfhate.models import Base, Device, OutboxEntry, OutboxStatus
from hfhate.records.codec import row_values
from hfhate.records.registry import BY_NAME
from hfhate.sync.schemas import PulledChange

APPLIED, HELD_BACK, UP_TO_DATE = "applied", "held_back", "up_to_date"


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


def apply_page(
    session: Session, changes: list[PulledChange], *, refetched: bool = False
) -> list[str]:
    """Write a page of pulled records, with a few queries per page instead of per record.

    Each is applied, held back (it still has changes waiting here) or already here: the
    outcome of each change, in order. ``refetched`` records (fetched again after being held
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
        table = BY_NAME[record_type].table
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
            values = dict(BY_NAME[change.record_type].never_sent) | _values(change)
            device_id = values.get("created_on_device_id")
            if device_id not in devices:
                _known_device(session, device_id)
                devices.add(device_id)
            inserts.setdefault(change.record_type, []).append(values)
        else:
            _flush_inserts(session, inserts)
            _overwrite(session, change)
        versions[key] = change.version
        outcomes.append(APPLIED)
    _flush_inserts(session, inserts)
    return outcomes


def _overwrite(session: Session, change: PulledChange) -> None:
    table = BY_NAME[change.record_type].table
    values = _values(change)
    values.pop("id")
    _known_device(session, values.get("created_on_device_id"))
    session.execute(update(table).where(table.c.id == change.record_id).values(values))


def _values(change: PulledChange) -> dict[str, Any]:
    """The pulled record's column values, as the codec reads them from the wire."""
    values = row_values(BY_NAME[change.record_type].table, change.fields)
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
            session.execute(insert(BY_NAME[record_type].table), same)
    inserts.clear()


def _chunks(ids: list[uuid.UUID], size: int = 500) -> list[list[uuid.UUID]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def _known_device(session: Session, device_id: uuid.UUID | None) -> None:
    if device_id is None or session.get(Device, device_id) is not None:
        return
    session.add(Device(id=device_id, name=f"Device {str(device_id)[:8]}", remote=True))
    session.flush()

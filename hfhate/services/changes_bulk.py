"""Adding many new records of one type at once, each with its sync outbox entry, in one
INSERT per table: what ``changes.record_created`` does one record at a time.

For a batch that adds a row per record it touched (a print on each of 1,000 notices'
timelines). Each row is stamped as ``record_created`` stamps it (creator, device, times,
version 1), its outbox entry holds the same wire fields, and the screens hear of the change;
the rows go in with one ``executemany`` per table instead of a flush per record. The caller
audits the batch (``audit_bulk``) and checks the parents, as ``record_created(audited=False)``
leaves it to.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from hfhate.models import OutboxEntry, SyncedRecord, new_id, utc_now
from hfhate.records.codec import wire_value
from hfhate.records.registry import record_type
from hfhate.services.actor import Actor
from hfhate.services.ops import note_change
from hfhate.services.staleness import refuse_if_blocked


def records_created(
    session: Session,
    actor: Actor,
    model: type[SyncedRecord],
    records: Sequence[Mapping[str, Any]],
) -> list[uuid.UUID]:
    """Add one ``model`` row per mapping (every column but the bookkeeping ones given), with
    its outbox entry; returns the new ids, in order."""
    table: Any = model.__table__  # type: ignore[attr-defined]
    kind = record_type(table.name)
    if kind is None or kind.model is not model:
        raise LookupError(f"{model.__name__} is not a registered record type")
    if not records:
        return []
    refuse_if_blocked(session, kind.name)  # a laptop too long without a sync only views
    now = utc_now()
    stamp = {
        "created_at": now,
        "updated_at": now,
        "version": 1,
        "deleted_at": None,
        "created_by_id": actor.user_id,
        "created_on_device_id": actor.device_id,
    }
    columns = [column.key for column in table.columns]
    rows = []
    for values in records:
        row = {"id": new_id(), **stamp, **values}
        if missing := set(columns) - set(row):
            raise ValueError(f"{model.__name__} rows lack {', '.join(sorted(missing))}")
        rows.append(row)
    session.flush()  # records added through the ORM first, as a flush per record would
    session.execute(insert(table), rows)
    ids = [row["id"] for row in rows]
    note_change(session, kind.name, ids)
    if kind.sent and (kind.access.senders is None or kind.access.senders):
        wire = [key for key in columns if key not in kind.never_sent]
        entries = [
            {
                "record_type": kind.name,
                "record_id": row["id"],
                "operation": "create",
                "base_version": None,
                "version": 1,
                "fields": {key: wire_value(row[key]) for key in wire},
                "made_by_id": actor.user_id,
            }
            for row in rows
        ]
        outbox = OutboxEntry.__table__
        assert isinstance(outbox, Table)
        session.execute(insert(outbox), entries)
    return ids

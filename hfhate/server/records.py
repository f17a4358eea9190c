"""Writing synced records on the server: the record row and its change-log entry together.

``next_seq`` takes the change sequence from the single counter row with
``UPDATE ... RETURNING`` inside the caller's transaction (a push batch reserves a block of
numbers with one such update, ``reserve_seqs``, and writes its rows itself: ``push``). The
row stays locked until that transaction commits, so a later transaction gets a higher number
only after the earlier one committed: sequence order is commit order, and a pull that has seen
sequence N has seen every committed change below N.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any

from sqlalchemy import case, update
from sqlalchemy.orm import Session

from hfhate.server.models import ChangeLogEntry, Counter, ServerRecordRow, utc_now


def next_seq(session: Session) -> int:
    """The next change sequence (the counter row stays locked until the transaction ends)."""
    return next(reserve_seqs(session, 1))


def reserve_seqs(session: Session, count: int) -> Iterator[int]:
    """Take ``count`` sequence numbers at once; the counter row stays locked until commit.

    The numbers are never below the clock in microseconds: a database put back from a backup
    then goes on numbering above every cursor a laptop was given before, so no laptop's
    cursor skips what is written after a restore (the epoch logic re-sends what was lost).
    """
    now = time.time_ns() // 1000
    after = Counter.value + count
    top = (
        session.connection()
        .execute(
            update(Counter)
            .where(Counter.name == "change_log")
            .values(value=case((after > now, after), else_=now))
            .returning(Counter.value)
        )
        .scalar_one()
    )
    return iter(range(int(top) - count + 1, int(top) + 1))


def log_change(
    session: Session,
    *,
    record_type: str,
    record_id: uuid.UUID,
    owner_id: uuid.UUID | None,
    version: int,
    fields: dict[str, Any],
    changed: list[str],
    superseded: bool = False,
    change_id: uuid.UUID | None = None,
    device_id: uuid.UUID | None = None,
    user_id: uuid.UUID | None = None,
) -> int:
    seq = next_seq(session)
    session.add(
        ChangeLogEntry(
            seq=seq,
            record_type=record_type,
            record_id=record_id,
            owner_id=owner_id,
            version=version,
            fields=fields,
            changed=sorted(changed),
            superseded=superseded,
            change_id=change_id,
            by_device_id=device_id,
            by_user_id=user_id,
        )
    )
    return seq


def save_record(
    session: Session,
    row: ServerRecordRow | None,
    *,
    record_type: str,
    record_id: uuid.UUID,
    owner_id: uuid.UUID | None,
    fields: dict[str, Any],
    changed: list[str],
    change_id: uuid.UUID | None = None,
    device_id: uuid.UUID | None = None,
    user_id: uuid.UUID | None = None,
) -> ServerRecordRow:
    """Create or update the record (version + 1) and log the change, in the caller's transaction."""
    if row is None:
        row = ServerRecordRow(
            record_type=record_type,
            record_id=record_id,
            owner_id=owner_id,
            version=1,
            fields=fields,
        )
        session.add(row)
    else:
        row.version += 1
        row.fields = fields
        row.updated_at = utc_now()
    stored = dict(fields) | {"version": row.version}
    row.fields = stored
    log_change(
        session,
        record_type=record_type,
        record_id=record_id,
        owner_id=row.owner_id,
        version=row.version,
        fields=stored,
        changed=changed,
        change_id=change_id,
        device_id=device_id,
        user_id=user_id,
    )
    return row

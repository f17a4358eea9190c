"""Appending many audit events at once: the same rows ``audit`` writes, chained in one INSERT.

A batch (1,000 notices printed from the command line) audits every record it touched, each in
its own row, as ``audit`` would one by one: same action, details, recipients, justification,
record ids and s.62 operation kind, each row hashed on the one before it. Only the writing
differs: the hashes are chained here in Python, from the last row of the chain, and all the
rows go in with one ``executemany`` instead of one SELECT and one INSERT per row.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from hfhate.models import AuditEvent, new_id, utc_now
from hfhate.services.actor import Actor
from hfhate.services.audit_chain import GENESIS_HASH, ChainRow, row_hash
from hfhate.services.audit_operations import operation_of
from hfhate.services.ops import note_change


@dataclass(frozen=True)
class AuditEntry:
    """One event of a batch, with what ``audit`` takes for it."""

    action: str
    record_type: str | None = None
    record_id: uuid.UUID | None = None
    details: dict[str, Any] = field(default_factory=dict)
    recipients: Sequence[str] | None = None
    justification: str | None = None
    record_ids: Iterable[uuid.UUID] | None = None


def audit_many(session: Session, actor: Actor, entries: Sequence[AuditEntry]) -> int:
    """Append one audit row per entry, in order, for the signed-in ``actor``; one INSERT."""
    if not entries:
        return 0
    session.flush()  # rows added through the ORM first: the chain goes on from the last
    prev = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1))
    prev = prev or GENESIS_HASH
    user_id, device_id = str(actor.user_id), str(actor.device_id)
    rows: list[dict[str, Any]] = []
    for entry in entries:
        event_id, at = new_id(), utc_now()
        ids = (
            [str(i) for i in dict.fromkeys(entry.record_ids)]
            if entry.record_ids is not None
            else None
        )
        recipients = list(entry.recipients) if entry.recipients is not None else None
        operation = operation_of(entry.action)
        chained = ChainRow(
            0, str(event_id), at.isoformat(), user_id, actor.username, device_id,
            entry.action, entry.record_type,
            str(entry.record_id) if entry.record_id else None, entry.details, operation,
            recipients, entry.justification, ids, prev, "",
        )  # fmt: skip
        digest = row_hash(prev, chained)
        rows.append(
            {
                "id": event_id,
                "at": at,
                "user_id": actor.user_id,
                "username": actor.username,
                "device_id": actor.device_id,
                "action": entry.action,
                "record_type": entry.record_type,
                "record_id": entry.record_id,
                "details": entry.details,
                "operation": operation,
                "recipients": recipients,
                "justification": entry.justification,
                "record_ids": ids,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
    table = AuditEvent.__table__
    assert isinstance(table, Table)
    session.execute(insert(table), rows)
    note_change(session, "audit_events", [row["id"] for row in rows])
    return len(rows)

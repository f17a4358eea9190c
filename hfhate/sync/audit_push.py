"""Sending this laptop's audit trail to the server, after its records in every sync.

The server says where its copy of this laptop's chain ends (``/audit-events/position``) and
the rows after it go in batches, read raw in chain order: a sync cut off half-way starts again
from where the server got to, and a batch sent twice (a lost reply) is answered as duplicates,
never stored twice. Rows are never pulled back to other laptops.

A batch the server refuses because it breaks the chain is not retried blindly: the refusal
(its row, what is wrong, when) is kept on this laptop (``store_settings``, ``REFUSAL_KEY``) for
the Audit trail screen, and written in the trail; the records' sync goes on. It is cleared
when the chain is accepted again.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from hfhate.models import AuditEvent
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.audit import audit
from hfhate.services.audit_chain import ChainRow
from hfhate.services.audit_rows import raw_rows
from hfhate.services.device import get_setting, put_setting
from hfhate.sync.audit_schemas import (
    MAX_AUDIT_BATCH,
    MAX_BATCH_IDS,
    AuditPosition,
    AuditPush,
    AuditPushResult,
    AuditRow,
)
from hfhate.sync.transport import Transport

REFUSAL_KEY = "audit_chain_refused"


def wire_row(row: ChainRow) -> dict[str, Any]:
    """A raw row as the wire sends it (stored JSON text read back as values)."""
    values = row._asdict()
    for key in ("details", "recipients", "record_ids"):
        if isinstance(values[key], str):
            values[key] = json.loads(values[key])
    if values["details"] is None:
        values["details"] = {}
    return values


def _rows_after(store: Store, seq: int) -> list[AuditRow]:
    with store.session_factory() as session:
        rows = raw_rows(session.connection(), "WHERE seq > ?", (seq,))
        batch, ids = [], 0
        for row in rows:
            batch.append(AuditRow.model_validate(wire_row(row)))
            ids += len(batch[-1].record_ids or ())
            if len(batch) == MAX_AUDIT_BATCH or ids >= MAX_BATCH_IDS:
                break
        return batch


def push_audit_trail(store: Store, actor: Actor, transport: Transport) -> int:
    """Send the rows the server lacks; the number stored there. A refusal is kept and
    audited here, and the sync goes on."""
    at = transport.call("GET", "/audit-events/position", AuditPosition)
    sent = 0
    while rows := _rows_after(store, at.last_seq):
        body = AuditPush(rows=rows).model_dump(mode="json")
        result = transport.call("POST", "/audit-events", AuditPushResult, json=body)
        if result.refused is not None:
            _note_refusal(store, actor, result)
            return sent
        sent += result.stored
        if result.position.last_seq <= at.last_seq:
            break  # nothing moved on: never loop
        at = result.position
    with store.session_factory.begin() as session:
        if get_setting(session, REFUSAL_KEY):
            put_setting(session, REFUSAL_KEY, None)
    return sent


def _note_refusal(store: Store, actor: Actor, result: AuditPushResult) -> None:
    assert result.refused is not None
    refusal = result.refused
    with store.session_factory.begin() as session:
        last = session.scalar(select(AuditEvent.at).where(AuditEvent.seq == refusal.seq))
        put_setting(
            session,
            REFUSAL_KEY,
            {
                "seq": refusal.seq,
                "problem": refusal.problem,
                "message": refusal.message,
                "row_at": last.isoformat() if last else "",
            },
        )
        audit(
            session,
            actor,
            "audit_chain_refused",
            details={"seq": refusal.seq, "problem": refusal.problem},
        )


def chain_refusal(session: Any) -> dict[str, Any] | None:
    """What the server last said when it refused this laptop's trail, if it did."""
    value = get_setting(session, REFUSAL_KEY)
    return value if isinstance(value, dict) else None

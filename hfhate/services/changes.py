"""The one way records change: row, audit event and sync outbox entry in one transaction.

Service operations call ``record_created`` / ``record_updated`` inside the caller's
``session_factory.begin()`` block, so the three writes commit together or not at all. The
record's type must be in the registry (``hfhate.records.registry``), and the outbox entry
holds its wire fields as the codec writes them (never the columns the registry keeps local).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from hfhate.models import Base, OutboxEntry, SyncedRecord, utc_now
from hfhate.records.access import ParentOwner
from hfhate.records.codec import snapshot, wire_value
from hfhate.records.registry import record_type, record_type_of
from hfhate.services.actor import Actor
from hfhate.services.audit import audit
from hfhate.services.errors import ServiceError
from hfhate.services.ops import note_change
from hfhate.services.staleness import refuse_if_blocked

ERASED_REFUSAL = (
    "Its personal data was erased under the retention schedule: it can no longer be changed."
)
# Default of ``record_created(created_by=...)``: the actor made the record.
_ACTOR: Any = object()


def record_created(
    session: Session,
    actor: Actor,
    record: SyncedRecord,
    *,
    action: str,
    details: dict[str, Any] | None = None,
    created_by: uuid.UUID | None = _ACTOR,
    audited: bool = True,
) -> None:
    """Add a new record, stamped with its creator and device, with its audit and outbox rows.

    The creator is ``actor`` unless ``created_by`` is given; None (the first administrator,
    who creates themselves) leaves it empty. ``audited=False`` is for a row that is part of an
    operation already audited on its parent record (a notice's timeline entry).
    """
    assert isinstance(record, Base)
    kind = record_type_of(record)
    refuse_if_blocked(session, kind.name)  # a laptop too long without a sync only views
    _refuse_if_parent_erased(session, record)
    now = utc_now()
    record.created_by_id = actor.user_id if created_by is _ACTOR else created_by
    record.created_on_device_id = actor.device_id
    record.created_at = record.updated_at = now
    record.version = 1
    session.add(record)
    session.flush()
    fields = snapshot(record, frozenset(kind.never_sent))
    _logged(
        session,
        actor,
        kind.name,
        record,
        "create",
        fields,
        action,
        details,
        audited=audited,
    )


def _refuse_if_parent_erased(session: Session, record: SyncedRecord) -> None:
    """Nothing is added to a notice or session whose personal data was erased (the server
    refuses it too)."""
    kind = record_type_of(record)
    parent = kind.owner if isinstance(kind.owner, ParentOwner) else kind.parent
    if parent is None:
        return
    parent_kind = record_type(parent.record_type)
    parent_id = getattr(record, parent.field, None)
    if parent_kind is None or parent_id is None:
        return
    row = session.get(parent_kind.model, parent_id)
    if row is not None and getattr(row, "erased_at", None) is not None:
        raise ServiceError(ERASED_REFUSAL)


def record_updated(
    session: Session,
    actor: Actor,
    record: SyncedRecord,
    changes: dict[str, Any],
    *,
    action: str,
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
    audited: bool = True,
) -> bool:
    """Apply ``changes`` to ``record``; write audit and outbox. False if nothing changed.

    ``at`` is when the change was made (default: now); the record's ``updated_at`` says it.
    ``audited=False`` is for one change of many that the operation audits as one row (a
    rectification across every record holding a person's details)."""
    assert isinstance(record, Base)
    kind = record_type_of(record)
    refuse_if_blocked(session, kind.name)
    if getattr(record, "erased_at", None) is not None:
        raise ServiceError(ERASED_REFUSAL)
    changed = {k: v for k, v in changes.items() if getattr(record, k) != v}
    if not changed:
        return False
    base_version = record.version
    for key, value in changed.items():
        setattr(record, key, value)
    record.version = base_version + 1
    record.updated_at = at or utc_now()
    session.flush()
    fields = {k: wire_value(v) for k, v in changed.items() if k not in kind.never_sent}
    fields["updated_at"] = wire_value(record.updated_at)
    audit_details = {"fields": sorted(changed)} | (details or {})
    _logged(
        session,
        actor,
        kind.name,
        record,
        "update",
        fields,
        action,
        audit_details,
        audited=audited,
        base_version=base_version,
    )
    return True


def _logged(
    session: Session,
    actor: Actor,
    record_type: str,
    record: SyncedRecord,
    operation: str,
    fields: dict[str, Any],
    action: str,
    details: dict[str, Any] | None,
    *,
    audited: bool = True,
    base_version: int | None = None,
) -> None:
    """Note the change for the screens, audit it, and queue it for sync: a create or an update."""
    note_change(session, record_type, (record.id,))
    if audited:
        audit(
            session,
            actor,
            action,
            record_type=record_type,
            record_id=record.id,
            details=details,
        )
    kind = record_type_of(record)
    if not kind.sent or (kind.access.senders is not None and not kind.access.senders):
        return  # made here, kept here (a stand-alone laptop's settings and reference lists)
    session.add(
        OutboxEntry(
            record_type=record_type,
            record_id=record.id,
            operation=operation,
            base_version=base_version,
            version=record.version,
            fields=fields,
            made_by_id=actor.user_id,
        )
    )

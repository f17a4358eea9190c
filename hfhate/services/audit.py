"""Writing and reading the audit trail, and checking that its hash chain is unbroken."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hfhate.models import AuditEvent, Role, new_id, utc_now
from hfhate.models.audit import CONSULTATION_ONLY
from hfhate.services.actor import Actor, require
from hfhate.services.audit_chain import GENESIS_HASH, ChainCheck, ChainRow, row_hash, verify_rows
from hfhate.services.audit_operations import operation_of
from hfhate.services.audit_rows import raw_rows
from hfhate.services.audit_sentences import SENTENCES, sentence
from hfhate.services.ops import note_change


def describe_action(action: str, record: str = "this record") -> str:
    """What an action reads as in a list about one record (a session's history, the sync
    history), where ``record`` stands for the record's name."""
    template = SENTENCES.get(action, action.replace("_", " ").capitalize())
    return template.format(record=record, username="someone")


def describe_event(session: Session, event: AuditEvent) -> str:
    """The sentence a person reads for ``event``, naming its record (``audit_sentences``)."""
    return sentence(session, event)


# Details already said by the sentence, or only useful to a program.
UNSAID_DETAILS = frozenset({"number", "reissued_as_id"})


def describe_details(details: dict[str, Any]) -> str:
    """Event details in words: ``roles: engagement officer, supervisor; to: paid``."""
    parts = []
    for key, value in sorted(details.items()):
        if key in UNSAID_DETAILS:
            continue
        if isinstance(value, list):
            shown = ", ".join(str(item).replace("_", " ") for item in value)
        elif isinstance(value, bool):
            shown = "yes" if value else "no"
        else:
            shown = str(value).replace("_", " ") if isinstance(value, str) else str(value)
        parts.append(f"{key.replace('_', ' ')}: {shown}")
    return "; ".join(parts)


def chain_row(event: AuditEvent) -> ChainRow:
    """``event`` as the hash sees it."""
    return ChainRow(
        event.seq or 0,  # not hashed: the database gives it on insert
        str(event.id),
        event.at.isoformat(),
        str(event.user_id) if event.user_id else None,
        event.username,
        str(event.device_id),
        event.action,
        event.record_type,
        str(event.record_id) if event.record_id else None,
        event.details,
        event.operation,
        event.recipients,
        event.justification,
        event.record_ids,
        event.prev_hash,
        event.hash,
    )


def record_event(
    session: Session,
    *,
    action: str,
    device_id: uuid.UUID,
    user_id: uuid.UUID | None,
    username: str | None = None,
    record_type: str | None = None,
    record_id: uuid.UUID | None = None,
    details: dict[str, Any] | None = None,
    recipients: Sequence[str] | None = None,
    justification: str | None = None,
    record_ids: Iterable[uuid.UUID] | None = None,
) -> AuditEvent:
    """Append one event to the chain, in the caller's transaction; its s.62 operation kind
    comes from ``audit_operations``."""
    prev = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1))
    ids = [str(i) for i in dict.fromkeys(record_ids)] if record_ids is not None else None
    event = AuditEvent(
        id=new_id(),
        at=utc_now(),
        action=action,
        device_id=device_id,
        user_id=user_id,
        username=username,
        record_type=record_type,
        record_id=record_id,
        details=details or {},
        operation=operation_of(action),
        recipients=list(recipients) if recipients is not None else None,
        justification=justification,
        record_ids=ids,
    )
    event.prev_hash = prev or GENESIS_HASH
    event.hash = row_hash(event.prev_hash, chain_row(event))
    session.add(event)
    note_change(session, "audit_events", (event.id,))
    return event


def begin_consultation(session: Session) -> None:
    """Make ``session``'s transaction one that only reads and logs a consultation: it commits
    without waiting for the disk (``security/cipher_store.py``) and refuses any other write.
    Only a transaction not begun yet can be made one; one already begun stays as it is."""
    transaction = session.get_transaction()
    if transaction is not None and transaction._connections:  # already begun: left as it is
        return
    session.connection(execution_options={CONSULTATION_ONLY: True})


def append_consultation(
    session: Session,
    actor: Actor,
    action: str,
    *,
    record_type: str,
    record_id: uuid.UUID,
    record_ids: Sequence[uuid.UUID],
    justification: str | None = None,
) -> None:
    """Append a consultation row as ``audit`` does, in one raw INSERT on the session's own
    connection (the ORM's unit of work cost more than the reading it logs)."""
    session.flush()  # rows added through the ORM first: the chain goes on from the last
    cursor = session.connection().connection.cursor()
    try:
        last = cursor.execute("SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1").fetchone()
        prev = last[0] if last else GENESIS_HASH
        event_id, at = new_id(), utc_now()
        ids = [str(i) for i in dict.fromkeys(record_ids)]
        row = ChainRow(
            0, str(event_id), at.isoformat(), str(actor.user_id), actor.username,
            str(actor.device_id), action, record_type, str(record_id), {},
            operation_of(action), None, justification, ids, prev, "",
        )  # fmt: skip
        cursor.execute(
            "INSERT INTO audit_events (id, at, user_id, username, device_id, action, "
            "record_type, record_id, details, operation, recipients, justification, "
            "record_ids, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{}', ?, NULL, ?, ?, ?, ?)",
            (
                event_id.hex, at.replace(tzinfo=None).isoformat(" ", "microseconds"),
                actor.user_id.hex, actor.username, actor.device_id.hex, action, record_type,
                record_id.hex, row.operation, justification, json.dumps(ids), prev,
                row_hash(prev, row),
            ),
        )  # fmt: skip
    finally:
        cursor.close()
    note_change(session, "audit_events", (event_id,))


def audit(
    session: Session,
    actor: Actor,
    action: str,
    *,
    record_type: str | None = None,
    record_id: uuid.UUID | None = None,
    details: dict[str, Any] | None = None,
    recipients: Sequence[str] | None = None,
    justification: str | None = None,
    record_ids: Iterable[uuid.UUID] | None = None,
) -> AuditEvent:
    """Record what the signed-in ``actor`` did (``recipients`` of a disclosure, the
    ``justification`` given, every record concerned in ``record_ids``)."""
    return record_event(
        session,
        action=action,
        device_id=actor.device_id,
        user_id=actor.user_id,
        username=actor.username,
        record_type=record_type,
        record_id=record_id,
        details=details,
        recipients=recipients,
        justification=justification,
        record_ids=record_ids,
    )


def verify_chain(session: Session) -> ChainCheck:
    """Check the whole chain, reading raw rows (``audit_rows``): the first broken link."""
    connection = session.connection()
    return verify_rows(raw_rows(connection), lambda: raw_rows(connection))


def verify_store_chain(session: Session, store_file: Path, key: bytes) -> ChainCheck:
    """``verify_chain`` for a whole store, a long intact chain checked on every core
    (``audit_parallel``); a break is always named by the sequential check."""
    from hfhate.services.audit_parallel import chain_intact_in_parallel

    check = chain_intact_in_parallel(store_file, key, session)
    return check if check is not None else verify_chain(session)


def check_chain(session: Session, actor: Actor) -> ChainCheck:
    """Verify the chain for ``actor``, and put the check and what it found in the trail."""
    check = verify_chain(session)
    audit(session, actor, "audit_checked", details={"intact": check.intact})
    return check


def count_events(session: Session, actor: Actor) -> int:
    require(actor, Role.SUPERVISOR, Role.ADMINISTRATOR, to="read the audit trail")
    return session.scalar(select(func.count()).select_from(AuditEvent)) or 0


def list_events(
    session: Session, actor: Actor, *, offset: int = 0, limit: int = 200
) -> Sequence[AuditEvent]:
    """Newest first, a page at a time (supervisors and administrators)."""
    require(actor, Role.SUPERVISOR, Role.ADMINISTRATOR, to="read the audit trail")
    query = select(AuditEvent).order_by(AuditEvent.seq.desc()).offset(offset).limit(limit)
    return session.scalars(query).all()


def recent_events_of(session: Session, actor: Actor, *, limit: int = 10) -> Sequence[AuditEvent]:
    """The signed-in user's own latest actions, for their start page."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.user_id == actor.user_id)
        .order_by(AuditEvent.seq.desc())
        .limit(limit)
    )
    return session.scalars(query).all()

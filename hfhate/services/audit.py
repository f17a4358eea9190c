"""Writing and reading the audit trail, and checking that its hash chain is unbroken."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hfhate.models import AuditEvent, Role, new_id, utc_now
from hfhate.services.actor import Actor, require
from hfhate.services.audit_sentences import SENTENCES, sentence
from hfhate.services.ops import note_change

GENESIS_HASH = "0" * 64


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


def _event_hash(prev_hash: str, event: AuditEvent) -> str:
    content = json.dumps(
        [
            str(event.id),
            event.at.isoformat(),
            str(event.user_id) if event.user_id else None,
            event.username,
            str(event.device_id),
            event.action,
            event.record_type,
            str(event.record_id) if event.record_id else None,
            event.details,
        ],
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256((prev_hash + content).encode()).hexdigest()


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
) -> AuditEvent:
    """Append one event to the chain, in the caller's transaction."""
    prev = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1))
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
    )
    event.prev_hash = prev or GENESIS_HASH
    event.hash = _event_hash(event.prev_hash, event)
    session.add(event)
    note_change(session, "audit_events", (event.id,))
    return event


def audit(
    session: Session,
    actor: Actor,
    action: str,
    *,
    record_type: str | None = None,
    record_id: uuid.UUID | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record what the signed-in ``actor`` did."""
    return record_event(
        session,
        action=action,
        device_id=actor.device_id,
        user_id=actor.user_id,
        username=actor.username,
        record_type=record_type,
        record_id=record_id,
        details=details,
    )


@dataclass(frozen=True)
class ChainCheck:
    """Result of checking the audit chain: how many events, and the first broken one if any."""

    events: int
    first_broken_seq: int | None

    @property
    def intact(self) -> bool:
        return self.first_broken_seq is None


def verify_chain(session: Session) -> ChainCheck:
    prev = GENESIS_HASH
    count = 0
    for event in session.scalars(select(AuditEvent).order_by(AuditEvent.seq)):
        count += 1
        if event.prev_hash != prev or _event_hash(prev, event) != event.hash:
            return ChainCheck(count, event.seq)
        prev = event.hash
    return ChainCheck(count, None)


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

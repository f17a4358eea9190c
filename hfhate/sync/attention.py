"""Changes the server refused or found in conflict: reading them and resolving them.

A push result other than applied or duplicate leaves the outbox entry "needs attention" with
the reason and, for a conflict, the server's values of the fields the entry changed
(``server_values``), which ``AttentionItem.fields`` sets beside the local ones. Entries from
before that column (local migration 0006) carry the values in the reason ("... Server has:
{...}"), and are read from there.
Supervisors see every entry on this laptop, others their own. Each resolution is audited:
"send again" puts the entry back in the queue; "keep the server's version" marks it resolved
without sending, steps the local record back to the version the edit was based on and sends
the pull cursor back to the start, so the next sync brings the server's record and it
replaces the local one (records already up to date are skipped).
Pulled changes this laptop could not write (``SetAsideItem``: a notice number another record
here holds, ...) need attention too, with their reason; each sync after them tries them again,
and they go once written. They are shown to everyone who syncs here (they carry no values).
"""

from __future__ import annotations

import ast
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, exists, func, or_, select, update
from sqlalchemy.orm import Session

from hfhate.models import Base, HeldBack, OutboxEntry, OutboxStatus, Role
from hfhate.services.actor import Actor
from hfhate.services.audit import audit
from hfhate.services.ops import note_change
from hfhate.sync import pull_cursors

SERVER_VALUES = " Server has: "
# The columns that name a record for a person, in order of preference.
NAME_COLUMNS = ("number", "recipient_name", "full_name", "title", "name", "username")
RECORD_TYPES = {
    "notices": "Notice or warning",
    "notice_events": "Notice timeline entry",
    "users": "User account",
    "engagement_sessions": "Engagement session",
    "subject_access_requests": "Subject access request",
}


class AttentionError(Exception):
    """The entry cannot be resolved by this user (gone, already resolved, not theirs)."""


@dataclass(frozen=True)
class FieldClash:
    """One field of a conflict: what this laptop has and what the server has."""

    field: str
    local: Any
    server: Any


@dataclass(frozen=True)
class AttentionItem:
    """One change that needs a person: what it is, what happened, and why."""

    seq: int
    record_type: str
    record_label: str
    record_id: uuid.UUID
    outcome: str  # "conflict" or "rejected"
    reason: str
    fields: tuple[FieldClash, ...]
    made_by_id: uuid.UUID | None


def record_type_label(record_type: str) -> str:
    return RECORD_TYPES.get(record_type, record_type.replace("_", " ").capitalize())


def split_reason(text: str) -> tuple[str, str, dict[str, Any]]:
    """``"conflict: Why. Server has: {...}"`` -> ("conflict", "Why.", {server values})."""
    outcome, _, rest = text.partition(": ")
    reason, _, values = rest.partition(SERVER_VALUES)
    server: dict[str, Any] = {}
    if values:
        try:
            parsed = ast.literal_eval(values)
        except (ValueError, SyntaxError):  # cut short at 500 characters: show the words only
            parsed = None
        if isinstance(parsed, dict):
            server = parsed
    return outcome, reason.strip(), server


def _visible(actor: Actor) -> Any:
    if actor.has(Role.SUPERVISOR):
        return True
    return or_(OutboxEntry.made_by_id == actor.user_id, OutboxEntry.made_by_id.is_(None))


def _record_label(
    session: Session, record_type: str, record_id: uuid.UUID, fields: dict[str, Any]
) -> str:
    table = Base.metadata.tables.get(record_type)
    row: dict[str, Any] = {}
    if isinstance(table, Table):
        found = session.execute(select(table).where(table.c.id == record_id)).mappings().first()
        row = dict(found) if found is not None else {}
    for column in NAME_COLUMNS:
        value = row.get(column) or fields.get(column)
        if value:
            return str(value)
    return f"record {str(record_id)[:8]}"


def attention_items(session: Session, actor: Actor) -> list[AttentionItem]:
    """The entries needing attention that ``actor`` may see, oldest first."""
    entries = session.scalars(
        select(OutboxEntry)
        .where(OutboxEntry.status == OutboxStatus.NEEDS_ATTENTION, _visible(actor))
        .order_by(OutboxEntry.seq)
    ).all()
    items = []
    for entry in entries:
        outcome, reason, server = split_reason(entry.attention_reason or "")
        if entry.server_values is not None:
            server = entry.server_values
        clashes = tuple(
            FieldClash(name, entry.fields.get(name), value)
            for name, value in sorted(server.items())
        )
        items.append(
            AttentionItem(
                seq=entry.seq,
                record_type=entry.record_type,
                record_label=_record_label(
                    session, entry.record_type, entry.record_id, entry.fields
                ),
                record_id=entry.record_id,
                outcome=outcome,
                reason=reason,
                fields=clashes,
                made_by_id=entry.made_by_id,
            )
        )
    return items


def attention_count(session: Session, actor: Actor) -> int:
    """Entries needing attention that ``actor`` may see, and pulled changes set aside."""
    return len(
        session.scalars(
            select(OutboxEntry.seq).where(
                OutboxEntry.status == OutboxStatus.NEEDS_ATTENTION, _visible(actor)
            )
        ).all()
    ) + set_aside_count(session)


@dataclass(frozen=True)
class SetAsideItem:
    """A pulled change this laptop could not write: which record, since when, and why.

    Labelled by its kind and the start of its id, never by its values (it is not here to
    read, and its reason names no person); it goes once a later sync writes it.
    """

    record_type: str
    record_id: uuid.UUID
    since: datetime
    reason: str

    @property
    def record_label(self) -> str:
        return f"record {str(self.record_id)[:8]}"


def set_aside_items(session: Session) -> list[SetAsideItem]:
    """Pulled changes set aside (``sync_held_back`` rows with a reason), oldest first."""
    return [
        SetAsideItem(held.record_type, held.record_id, held.held_at, held.reason or "")
        for held in session.scalars(
            select(HeldBack).where(HeldBack.reason.is_not(None)).order_by(HeldBack.held_at)
        )
    ]


def set_aside_count(session: Session) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(HeldBack).where(HeldBack.reason.is_not(None))
        )
        or 0
    )


def _entry(session: Session, actor: Actor, seq: int) -> OutboxEntry:
    entry = session.scalar(select(OutboxEntry).where(OutboxEntry.seq == seq, _visible(actor)))
    if entry is None or entry.status != OutboxStatus.NEEDS_ATTENTION:
        raise AttentionError("This change no longer needs attention: someone resolved it.")
    return entry


def send_again(session: Session, actor: Actor, seq: int) -> None:
    """Put the change back in the queue, to be sent at the next sync (e.g. after a fix)."""
    entry = _entry(session, actor, seq)
    entry.status = OutboxStatus.PENDING
    note_change(session, "sync_outbox")
    audit(
        session,
        actor,
        "sync_change_sent_again",
        record_type=entry.record_type,
        record_id=entry.record_id,
        details={"reason": entry.attention_reason or ""},
    )
    entry.attention_reason, entry.server_values = None, None


def keep_server_version(session: Session, actor: Actor, seq: int) -> None:
    """Drop this laptop's change in favour of the server's record; it is never sent."""
    entry = _entry(session, actor, seq)
    entry.status = OutboxStatus.RESOLVED
    note_change(session, "sync_outbox")
    audit(
        session,
        actor,
        "sync_change_dropped",
        record_type=entry.record_type,
        record_id=entry.record_id,
        details={"reason": entry.attention_reason or "", "fields": sorted(entry.fields)},
    )
    session.flush()
    still_waiting = session.scalar(
        select(
            exists().where(
                OutboxEntry.record_id == entry.record_id,
                OutboxEntry.status.in_((OutboxStatus.PENDING, OutboxStatus.NEEDS_ATTENTION)),
            )
        )
    )
    table = Base.metadata.tables.get(entry.record_type)
    if not still_waiting and entry.base_version is not None and isinstance(table, Table):
        # The local version number counted an edit the server never took: step it back so
        # the server's version of the record is newer here and replaces it when it arrives.
        session.execute(
            update(table).where(table.c.id == entry.record_id).values(version=entry.base_version)
        )
        # The server's version was held back when it was pulled, and the cursors have gone
        # past it: pull from the start again (what is here already is skipped).
        pull_cursors.start_again(session)

"""Reading the audit trail by user, record, kind of processing and date, and answering
"who looked at this notice" from it (supervisors and administrators).

A record is found by its number (a notice's) and matched both as the row's own record and
among the ids a row names (a print run, a sync, a subject access search). Dates are London
days, from the first moment of ``date_from`` to the last of ``date_to``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, Select

from hfhate.models import AuditEvent, FixedPenaltyNotice, Role, User
from hfhate.services.actor import Actor, require
from hfhate.services.audit_chain import CONSULTATION, DISCLOSURE, OPERATIONS
from hfhate.services.audit_operations import KINDS
from hfhate.services.errors import ValidationFailed
from hfhate.services.notices.numbering import InvalidNoticeNumber, parse_notice_number

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class AuditFilter:
    """What the Audit trail shows: every field optional."""

    user_id: uuid.UUID | None = None
    record_number: str = ""
    operation: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _london_start(day: date) -> datetime:
    return datetime.combine(day, time(), LONDON)


def record_for_number(session: Session, typed: str) -> uuid.UUID:
    """The notice a typed number names, or ``ValidationFailed`` on ``record_number``."""
    try:
        number = str(parse_notice_number(typed))
    except InvalidNoticeNumber as error:
        raise ValidationFailed({"record_number": str(error)}) from None
    found = session.scalar(select(FixedPenaltyNotice.id).where(FixedPenaltyNotice.number == number))
    if found is None:
        raise ValidationFailed({"record_number": "No notice has this number on this laptop."})
    return found


def _naming(record_id: uuid.UUID) -> ColumnElement[bool]:
    """Rows about ``record_id``: their own record, or among the ids they name."""
    return or_(
        AuditEvent.record_id == record_id,
        cast(AuditEvent.record_ids, String).like(f'%"{record_id}"%'),
    )


def _query(session: Session, flt: AuditFilter) -> Select[AuditEvent]:
    problems: dict[str, str] = {}
    if flt.operation and flt.operation not in OPERATIONS:
        problems["operation"] = "Choose a kind of processing from the list."
    if flt.date_from and flt.date_to and flt.date_to < flt.date_from:
        problems["date_to"] = "The last day comes before the first: swap them."
    if problems:
        raise ValidationFailed(problems)
    query = select(AuditEvent)
    if flt.user_id is not None:
        query = query.where(AuditEvent.user_id == flt.user_id)
    if flt.record_number.strip():
        query = query.where(_naming(record_for_number(session, flt.record_number)))
    if flt.operation:
        # Rows before migration 0010 have no kind stored: their action says it.
        actions = [a for a, kind in _kind_of_actions().items() if kind == flt.operation]
        query = query.where(
            or_(
                AuditEvent.operation == flt.operation,
                AuditEvent.operation.is_(None) & AuditEvent.action.in_(actions),
            )
        )
    if flt.date_from:
        query = query.where(AuditEvent.at >= _london_start(flt.date_from))
    if flt.date_to:
        query = query.where(AuditEvent.at < _london_start(flt.date_to + timedelta(days=1)))
    return query


def _kind_of_actions() -> dict[str, str]:
    return {action: kind for kind, actions in KINDS.items() for action in actions}


def count_matching(session: Session, actor: Actor, flt: AuditFilter) -> int:
    require(actor, Role.SUPERVISOR, Role.ADMINISTRATOR, to="read the audit trail")
    subquery = _query(session, flt).with_only_columns(AuditEvent.seq).subquery()
    return session.scalar(select(func.count()).select_from(subquery)) or 0


def list_matching(
    session: Session, actor: Actor, flt: AuditFilter, *, offset: int = 0, limit: int = 200
) -> Sequence[AuditEvent]:
    """Newest first, a page at a time."""
    require(actor, Role.SUPERVISOR, Role.ADMINISTRATOR, to="read the audit trail")
    query = _query(session, flt).order_by(AuditEvent.seq.desc()).offset(offset).limit(limit)
    return list(session.scalars(query))


@dataclass(frozen=True)
class Look:
    """One time someone looked at a notice or sent it on."""

    at: datetime
    who: str
    what: str
    recipients: tuple[str, ...]
    justification: str


LOOKED = {
    "notice_viewed": "Opened it",
    "notice_printed": "Printed it",
    "reminder_letter_printed": "Printed a reminder letter",
    "print_previewed": "Prepared it for printing",
    "synced": "Synced it with the server",
    "records_exchanged_before_stop": "Synced it with the server (the sync stopped)",
    "records_exchanged": "Synced it with the server",
    "notices_exported": "Exported it",
    "subject_access_search": "Found it in a subject access search",
    "subject_access_exported": "Exported it for a subject access request",
}


def who_looked(session: Session, actor: Actor, notice_id: uuid.UUID) -> list[Look]:
    """Who opened, printed, exported or synced the notice, and when, newest first: every
    consultation and disclosure row naming it (supervisors)."""
    require(actor, Role.SUPERVISOR, to="see who looked at a notice")
    kinds = (CONSULTATION, DISCLOSURE, "combination")
    query = (
        select(AuditEvent, User.full_name)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .where(
            _naming(notice_id),
            or_(AuditEvent.operation.in_(kinds), AuditEvent.action.in_(list(LOOKED))),
        )
        .order_by(AuditEvent.seq.desc())
    )
    return [
        Look(
            event.at,
            name or event.username or "unknown",
            LOOKED.get(event.action, event.action.replace("_", " ").capitalize()),
            tuple(event.recipients or ()),
            event.justification or "",
        )
        for event, name in session.execute(query)
    ]

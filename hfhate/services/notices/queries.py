"""Finding notices and warnings: search, filters, sorting, pages, a supervisor's due list, and
what one notice's page shows.

Queries return pages of rows, so a list over 100,000 notices opens without loading them all.
Officers see their own records; supervisors see everyone's.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, String, and_, cast, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from hfhate.clock import LONDON
from hfhate.models import (
    EvidencePhoto,
    FixedPenaltyNotice,
    NoticeEvent,
    NoticeKind,
    NoticeStatus,
    Role,
    User,
)
from hfhate.services.actor import Actor, require
from hfhate.services.audit import audit, begin_consultation
from hfhate.services.errors import ServiceError
from hfhate.services.justification import needs_justification
from hfhate.services.notices import issuing
from hfhate.services.notices.lifecycle import UNPAID, time_barred
from hfhate.services.notices.numbering import parse_notice_number
from hfhate.services.postcodes import normalise_postcode

N = FixedPenaltyNotice
SORT_COLUMNS: dict[str, InstrumentedAttribute[Any]] = {
    "offence_at": N.offence_at,
    "number": N.number,
    "recipient_name": N.recipient_name,
    "status": N.status,
    "ward": N.ward,
    "officer_name": N.officer_name,
}
_LOOKS_LIKE_NUMBER = re.compile(r"^\s*HF", re.IGNORECASE)


@dataclass(frozen=True)
class NoticeFilter:
    """What the list shows: kind, a search text and the filters (all optional)."""

    kind: NoticeKind = NoticeKind.NOTICE
    text: str = ""
    statuses: frozenset[NoticeStatus] = field(default_factory=frozenset)
    ward: str = ""
    date_from: date | None = None
    date_to: date | None = None
    officer_id: uuid.UUID | None = None
    hostility: str = ""
    prohibition: str = ""


def _london_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=LONDON)


def _query(actor: Actor, flt: NoticeFilter) -> Select[FixedPenaltyNotice]:
    require(actor, Role.AUTHORISED_OFFICER, Role.SUPERVISOR, to="see notices and warnings")
    query = select(N).where(N.deleted_at.is_(None))
    if flt.kind is NoticeKind.WARNING:
        query = query.where(N.kind == NoticeKind.WARNING)
    else:
        query = query.where(N.kind == NoticeKind.NOTICE)
    if not actor.has(Role.SUPERVISOR):
        query = query.where(N.officer_id == actor.user_id)
    text = flt.text.strip()
    if text:
        if _LOOKS_LIKE_NUMBER.match(text):
            query = query.where(N.number == str(parse_notice_number(text)))  # raises if wrong
        elif (postcode := normalise_postcode(text)) is not None:
            query = query.where(or_(N.recipient_postcode == postcode, N.postcode == postcode))
        else:
            like = f"%{text.replace('%', '').replace('_', '')}%"
            query = query.where(N.recipient_name.ilike(like))
    if flt.statuses:
        query = query.where(N.status.in_(sorted(flt.statuses)))
    if flt.ward:
        query = query.where(N.ward == flt.ward)
    if flt.date_from:
        query = query.where(N.offence_at >= _london_midnight(flt.date_from))
    if flt.date_to:
        query = query.where(N.offence_at < _london_midnight(flt.date_to + timedelta(days=1)))
    if flt.officer_id:
        query = query.where(N.officer_id == flt.officer_id)
    if flt.hostility:
        query = query.where(cast(N.hostilities, String).like(f'%"{flt.hostility}"%'))
    if flt.prohibition:
        query = query.where(N.prohibition == flt.prohibition)
    return query


def count_notices(session: Session, actor: Actor, flt: NoticeFilter) -> int:
    subquery = _query(actor, flt).with_only_columns(N.id).subquery()
    return session.scalar(select(func.count()).select_from(subquery)) or 0


def note_search(session: Session, actor: Actor, flt: NoticeFilter, found: int) -> None:
    """A list or search of notices shown (names of the public among them): how many were
    found, never what was searched for (s.62 consultation)."""
    audit(
        session,
        actor,
        "notices_searched",
        details={"found": found, "kind": flt.kind.value, "search_text": bool(flt.text)},
    )


def list_notices(
    session: Session,
    actor: Actor,
    flt: NoticeFilter,
    *,
    sort: str = "offence_at",
    descending: bool = True,
    offset: int = 0,
    limit: int = 200,
) -> list[FixedPenaltyNotice]:
    """One page of the list, in the chosen order (ties broken by id, so pages never overlap)."""
    column = SORT_COLUMNS.get(sort, N.offence_at)
    order = [column.desc(), N.id.desc()] if descending else [column.asc(), N.id.asc()]
    query = _query(actor, flt).order_by(*order).offset(offset).limit(limit)
    return list(session.scalars(query))


@dataclass(frozen=True)
class DueAction:
    """A notice waiting for a supervisor, why, and the last day proceedings may start."""

    notice: FixedPenaltyNotice
    why: str
    time_barred: bool = False

    @property
    def prosecute_by(self) -> date | None:
        return self.notice.prosecute_by


def due_actions(session: Session, actor: Actor, today: date) -> list[DueAction]:
    """Notices whose reduced period ended, unpaid past the 14 days, awaiting a decision, or
    time-barred (to write off).

    The nearest prosecution deadline comes first, so nothing is lost to the six months by
    waiting in the list; time-barred notices follow, oldest first, for a write-off.
    """
    require(actor, Role.SUPERVISOR, to="see the actions due on notices")
    query = select(N).where(
        N.deleted_at.is_(None),
        N.kind == NoticeKind.NOTICE,
        or_(
            N.status == NoticeStatus.REPRESENTATION_RECEIVED,
            and_(N.status.in_(sorted(UNPAID)), N.reduced_until < today),
        ),
    )
    due = []
    for notice in session.scalars(query):
        barred = time_barred(notice, today)
        if barred:
            why = "Time-barred: write it off"
        elif notice.status is NoticeStatus.REPRESENTATION_RECEIVED:
            why = "Representation waiting for a decision"
        elif notice.no_proceedings_until is not None and notice.no_proceedings_until < today:
            why = f"Unpaid; proceedings possible since {notice.no_proceedings_until:%d %b %Y}"
        else:
            why = "Reduced-payment period over; unpaid"
        due.append(DueAction(notice, why, barred))
    due.sort(key=lambda d: (d.time_barred, d.prosecute_by or date.max, d.notice.number or ""))
    return due


def earlier_warnings(session: Session, actor: Actor, name: str) -> list[FixedPenaltyNotice]:
    """Warnings given to a person of this name by any officer, newest first.

    An officer needs to know whether a colleague warned this person before; the search is
    audited, and it matches whole names only (no partial browsing of other officers' records).
    """
    require(actor, Role.AUTHORISED_OFFICER, Role.SUPERVISOR, to="look up earlier warnings")
    wanted = " ".join(name.split()).lower()
    if len(wanted) < 3:
        return []
    query = (
        select(N)
        .where(
            N.deleted_at.is_(None),
            N.kind == NoticeKind.WARNING,
            func.lower(N.recipient_name) == wanted,
        )
        .order_by(N.offence_at.desc())
        .limit(20)
    )
    found = list(session.scalars(query))
    audit(session, actor, "earlier_warnings_looked_up", details={"found": len(found)})
    return found


@dataclass(frozen=True)
class NoticeView:
    """What a notice's page shows, read in one transaction."""

    notice: FixedPenaltyNotice
    events: list[NoticeEvent]
    photos: list[EvidencePhoto]
    override_by: str


def reason_needed_to_open(session: Session, actor: Actor, notice_id: uuid.UUID) -> bool:
    """Whether opening this notice asks ``actor`` why (someone else's, where this laptop
    requires a justification)."""
    try:
        notice = issuing.visible_notice(session, actor, notice_id)
    except ServiceError:  # not to be seen at all: opening it says why
        return False
    return needs_justification(session, actor, notice.officer_id)


def read_notice(
    session: Session,
    actor: Actor,
    notice_id: uuid.UUID,
    *,
    audited: bool,
    justification: str | None = None,
) -> NoticeView:
    """The notice, its timeline and photos; ``audited`` records the viewing (first opening),
    with the ``justification`` given if this laptop asks for one (``justification.py``).

    Opened in a transaction of its own, the reading and its row commit without waiting for
    the disk (``audit.begin_consultation``)."""
    if audited:
        begin_consultation(session)
    notice = issuing.visible_notice(session, actor, notice_id)
    events = issuing.timeline(session, actor, notice_id)
    photos = list(
        session.scalars(
            select(EvidencePhoto)
            .where(EvidencePhoto.notice_id == notice_id, EvidencePhoto.deleted_at.is_(None))
            .order_by(EvidencePhoto.created_at)
        )
    )
    if audited:  # one row: the notice and the photos the page decrypts to show
        issuing.note_viewed(
            session, actor, notice, [p.id for p in photos], justification=justification
        )
    override_by = ""
    if notice.override_by_id is not None:
        supervisor = session.get(User, notice.override_by_id)
        override_by = supervisor.full_name if supervisor is not None else ""
    return NoticeView(notice, events, photos, override_by)

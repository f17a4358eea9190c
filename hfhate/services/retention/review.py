"""The retention review: what on this laptop is past its period, with the date it fell due,
and what is held (a legal hold, or changes still waiting to be sent), with the reason.

Run by a supervisor from the Retention review screen or by ``hfhate retention review``. Each
item names its record by facts, never by personal data (a notice by its number, a session by
its date and venue's ward), and says in words what an erasure of it removes.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.models import (
    EngagementSession,
    EvidencePhoto,
    FixedPenaltyNotice,
    FollowUp,
    NoticeDraft,
    NoticeEvent,
    NoticeKind,
    NoticeStatus,
    OutboxEntry,
    OutboxStatus,
    RegisterEntry,
    Role,
    SessionDraft,
)
from hfhate.services.actor import Actor, require
from hfhate.services.audit import audit
from hfhate.services.retention.schedule import (
    Due,
    Rule,
    draft_due,
    notice_due,
    photos_due,
    register_due,
)
from hfhate.services.retention.settings import RetentionSettings, current_retention_settings

WAITING = "Changes to it are still waiting to be sent: sync first, then review again."
Moves = dict[uuid.UUID, list[tuple[datetime, NoticeStatus | None]]]


@dataclass(frozen=True)
class ReviewItem:
    """One record the review lists: due for erasure under ``rule``, or held."""

    record_type: str  # notices, engagement_sessions, notice_drafts or session_drafts
    record_id: uuid.UUID
    title: str
    rule: Rule
    due_on: date | None
    held: str
    erases: str  # what an erasure of it removes, in words

    @property
    def erasable(self) -> bool:
        return not self.held


def retention_review(
    session: Session, actor: Actor, today: date, *, audited: bool = True
) -> list[ReviewItem]:
    """Everything due or held on ``today`` (a London date), due first, oldest first."""
    require(actor, Role.SUPERVISOR, to="review what is past its retention period")
    settings = current_retention_settings(session)
    items = _notices(session, settings, today) + _sessions(session, settings, today)
    items += _drafts(session, settings, today)
    waiting = waiting_ids(session)
    items = [_held_if_waiting(item, waiting) for item in items]
    items.sort(key=lambda i: (bool(i.held), i.due_on or date.max, i.title))
    if audited:
        due = sum(1 for i in items if i.erasable)
        audit(session, actor, "retention_reviewed", details={"due": due, "held": len(items) - due})
    return items


def review_item(
    session: Session, actor: Actor, record_type: str, record_id: uuid.UUID, today: date
) -> ReviewItem | None:
    """The review's item for one record now (None: not due, not held)."""
    for item in retention_review(session, actor, today, audited=False):
        if item.record_type == record_type and item.record_id == record_id:
            return item
    return None


def notice_title(notice: FixedPenaltyNotice) -> str:
    if notice.kind is NoticeKind.WARNING:
        return f"Warning of {notice.issued_at:%d %b %Y}, {notice.ward}"
    return f"Notice {notice.number or 'referred to police'}, {notice.ward}"


def moves_of(session: Session, notice_ids: list[uuid.UUID] | None = None) -> Moves:
    """Each notice's timeline moves, ``(at, status_to)``, read in one query."""
    query = select(NoticeEvent.notice_id, NoticeEvent.at, NoticeEvent.status_to).where(
        NoticeEvent.status_to.is_not(None)
    )
    if notice_ids is not None:
        query = query.where(NoticeEvent.notice_id.in_(notice_ids))
    moves: Moves = defaultdict(list)
    for notice_id, at, status_to in session.execute(query):
        moves[notice_id].append((at, status_to))
    return moves


def _notices(session: Session, settings: RetentionSettings, today: date) -> list[ReviewItem]:
    moves = moves_of(session)
    with_photos = set(
        session.scalars(
            select(EvidencePhoto.notice_id).where(
                EvidencePhoto.erased_at.is_(None), EvidencePhoto.deleted_at.is_(None)
            )
        )
    )
    items: list[ReviewItem] = []
    for notice in session.scalars(
        select(FixedPenaltyNotice).where(
            FixedPenaltyNotice.erased_at.is_(None), FixedPenaltyNotice.deleted_at.is_(None)
        )
    ):
        title = notice_title(notice)
        due = notice_due(notice.status, notice.issued_at, moves[notice.id], settings)
        if due is not None and (due.held or due.erasable(today)):
            items.append(_item("notices", notice.id, title, due, NOTICE_ERASES))
            continue
        if notice.id in with_photos:
            photos = photos_due(notice.status, notice.issued_at, moves[notice.id], settings)
            if photos is not None and photos.erasable(today):
                items.append(_item("notices", notice.id, title, photos, PHOTOS_ERASE))
    return items


def _sessions(session: Session, settings: RetentionSettings, today: date) -> list[ReviewItem]:
    with_parts = set(
        session.scalars(select(RegisterEntry.session_id).where(RegisterEntry.erased_at.is_(None)))
    ) | set(session.scalars(select(FollowUp.session_id).where(FollowUp.erased_at.is_(None))))
    items = []
    for record in session.scalars(
        select(EngagementSession).where(
            EngagementSession.erased_at.is_(None),
            EngagementSession.deleted_at.is_(None),
            EngagementSession.id.in_(with_parts),
        )
    ):
        due = register_due(record.session_date, settings)
        if due.erasable(today):
            title = f"Session of {record.session_date:%d %b %Y}, {record.ward}"
            items.append(_item("engagement_sessions", record.id, title, due, REGISTER_ERASES))
    return items


def _drafts(session: Session, settings: RetentionSettings, today: date) -> list[ReviewItem]:
    items = []
    for model, name, what in (
        (NoticeDraft, "notice_drafts", "Draft notice"),
        (SessionDraft, "session_drafts", "Draft session"),
    ):
        for draft_id, saved_at in session.execute(select(model.id, model.updated_at)):
            due = draft_due(saved_at, settings)
            if due.erasable(today):
                title = f"{what} last saved {saved_at:%d %b %Y}"
                items.append(_item(name, draft_id, title, due, DRAFT_ERASES))
    return items


NOTICE_ERASES = (
    "The recipient's name, date of birth, address, postcode, identity document and "
    "description, the circumstances, victims and witnesses, the body-worn video reference, "
    "the reasons and notes on its timeline, and its photos."
)
PHOTOS_ERASE = "Its photos (the notice itself is kept until its own period ends)."
REGISTER_ERASES = "The names on its register and the text of its follow-ups and disclosures."
DRAFT_ERASES = "The whole draft."


def _item(record_type: str, record_id: uuid.UUID, title: str, due: Due, erases: str) -> ReviewItem:
    return ReviewItem(record_type, record_id, title, due.rule, due.due_on, due.held, erases)


# The parts of a record that wait with it: (table, model, the column naming the record).
PARTS = (
    ("notice_events", NoticeEvent, NoticeEvent.notice_id),
    ("evidence_photos", EvidencePhoto, EvidencePhoto.notice_id),
    ("session_register", RegisterEntry, RegisterEntry.session_id),
    ("session_follow_ups", FollowUp, FollowUp.session_id),
)


def waiting_ids(session: Session) -> set[uuid.UUID]:
    """Records with changes not yet sent, and the notices and sessions their parts belong to."""
    rows = session.execute(
        select(OutboxEntry.record_type, OutboxEntry.record_id).where(
            OutboxEntry.status.in_((OutboxStatus.PENDING, OutboxStatus.NEEDS_ATTENTION))
        )
    ).all()
    found = {record_id for _type, record_id in rows}
    for name, model, parent in PARTS:
        ids = [record_id for record_type, record_id in rows if record_type == name]
        if ids:
            found.update(session.scalars(select(parent).where(model.id.in_(ids))))
    return found


def _held_if_waiting(item: ReviewItem, waiting: set[uuid.UUID]) -> ReviewItem:
    """Held while the record (or a part of it) has changes this laptop has not sent."""
    if item.held or not waiting or item.record_type.endswith("_drafts"):
        return item
    if item.record_id in waiting:
        return _with_hold(item)
    return item


def _with_hold(item: ReviewItem) -> ReviewItem:
    return ReviewItem(
        item.record_type, item.record_id, item.title, item.rule, item.due_on, WAITING, item.erases
    )

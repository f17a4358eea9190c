"""Erasing what the review found due: personal data and photos go, the facts stay.

``erase_record`` erases one review item in the caller's transaction: the record's personal
fields and its parts' (``erased_fields``) are blanked and ``erased_at`` set (a draft is
deleted outright), the old values are taken out of the sync outbox (sent changes keep only
their ids), one ``record_erased`` audit row is written (the rule, no erased value) and an
``erase`` change is queued, which the server checks and repeats and every other laptop
applies at its next pull (``forget_pulled``). ``erase_due`` runs one transaction per record,
so a crash never leaves a record half erased, then deletes the photo files no record needs
(``drop_erased_photo_files``: also run after each sync's pull, so a file left by a crash
between the commit and its deletion goes the next time). The store runs with
``secure_delete`` on, so freed pages do not keep the erased text.

An incident is erased alone (the people linked to it keep their own period). A person is
erased with their links, consents, referrals and feedback (the feedback given by them or on
their referrals), all in the person's transaction; one ``erase`` change, the person's, goes to
the server, which erases the same parts.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from hfhate.clock import london_date
from hfhate.models import (
    Consent,
    EngagementSession,
    EvidencePhoto,
    FixedPenaltyNotice,
    FollowUp,
    Incident,
    NoticeDraft,
    NoticeEvent,
    OutboxEntry,
    OutboxStatus,
    Person,
    PersonLink,
    Referral,
    RegisterEntry,
    Role,
    SessionDraft,
    SyncedRecord,
    VictimFeedback,
    utc_now,
)
from hfhate.records.codec import wire_value
from hfhate.services.actor import Actor, require
from hfhate.services.audit import audit
from hfhate.services.errors import ServiceError
from hfhate.services.notices.evidence import photo_path
from hfhate.services.ops import note_change
from hfhate.services.retention.erased_fields import BLANKS, event_details_kept
from hfhate.services.retention.review import ReviewItem, review_item
from hfhate.services.retention.schedule import Rule

log = logging.getLogger(__name__)
# The record types an erasure is pulled for, by table.
MODELS: dict[str, type[SyncedRecord]] = {
    "notices": FixedPenaltyNotice,
    "notice_events": NoticeEvent,
    "evidence_photos": EvidencePhoto,
    "engagement_sessions": EngagementSession,
    "session_register": RegisterEntry,
    "session_follow_ups": FollowUp,
    "incidents": Incident,
    "people": Person,
}
DRAFTS: dict[str, type[NoticeDraft] | type[SessionDraft]] = {
    "notice_drafts": NoticeDraft,
    "session_drafts": SessionDraft,
}


class NotErasable(ServiceError):
    """The record is not (or no longer) due, or is held: the reason, in plain words."""


@dataclass(frozen=True)
class Erased:
    """One record erased: which, under which rule, and the photo files it no longer needs."""

    record_type: str
    record_id: uuid.UUID
    rule: Rule


def erase_due(
    sessions: sessionmaker[Session],
    actor: Actor,
    items: list[ReviewItem],
    evidence_dir: Path,
    *,
    now: datetime | None = None,
    today: date | None = None,
) -> list[Erased]:
    """Erase each of ``items`` in a transaction of its own, then drop unneeded photo files.

    Each is checked again as it is erased, on ``today`` (default: ``now``'s London date)."""
    require(actor, Role.SUPERVISOR, to="erase records under the retention schedule")
    now = now or utc_now()
    done = []
    for item in items:
        with sessions.begin() as session:
            done.append(
                erase_record(session, actor, item.record_type, item.record_id, now=now, today=today)
            )
    drop_erased_photo_files(sessions, evidence_dir)
    return done


def erase_record(
    session: Session,
    actor: Actor,
    record_type: str,
    record_id: uuid.UUID,
    *,
    now: datetime,
    today: date | None = None,
) -> Erased:
    """Erase one record the review lists as due on ``today`` (default: ``now``'s London date)."""
    require(actor, Role.SUPERVISOR, to="erase records under the retention schedule")
    item = review_item(session, actor, record_type, record_id, today or london_date(now))
    if item is None:
        raise NotErasable("This record is not past its retention period.")
    if item.held:
        raise NotErasable(item.held)
    if record_type in DRAFTS:
        model = DRAFTS[record_type]
        session.execute(delete(model).where(model.id == record_id))
        note_change(session, record_type, (record_id,))
    elif item.rule is Rule.PHOTOS_AFTER_CANCELLATION:
        for photo in _photos(session, record_id):
            _erase_row(session, photo, now)
            _queue_erase(session, actor, photo, now)
    elif record_type == "notices":
        notice = session.get_one(FixedPenaltyNotice, record_id)
        parts: list[SyncedRecord] = [*_events(session, record_id), *_photos(session, record_id)]
        for part in parts:
            _erase_row(session, part, now)
        _erase_row(session, notice, now)
        _queue_erase(session, actor, notice, now)
    elif record_type == "incidents":
        incident = session.get_one(Incident, record_id)
        _erase_row(session, incident, now)
        _queue_erase(session, actor, incident, now)
    elif record_type == "people":
        person = session.get_one(Person, record_id)
        for part in person_parts(session, record_id):
            _erase_row(session, part, now)
        _erase_row(session, person, now)
        _queue_erase(session, actor, person, now)
    else:
        held_on = session.get_one(EngagementSession, record_id)
        for part in _session_parts(session, record_id):
            _erase_row(session, part, now)
        _erase_row(session, held_on, now)
        session.execute(delete(SessionDraft).where(SessionDraft.session_id == record_id))
        _queue_erase(session, actor, held_on, now)
    audit(
        session,
        actor,
        "record_erased",
        record_type=record_type,
        record_id=record_id,
        details={"rule": item.rule.value},
    )
    return Erased(record_type, record_id, item.rule)


def forget_pulled(session: Session, record_type: str, record_id: uuid.UUID) -> None:
    """Before a pulled erasure is written: the record and its parts here lose their personal
    data (parts made here that never reached the server too), and their old values leave this
    laptop's outbox and drafts. An erasure wins over changes still waiting here: they are
    resolved (never sent)."""
    model = MODELS.get(record_type)
    record = session.get(model, record_id) if model is not None else None
    if record is None:
        return
    rows: list[SyncedRecord] = [record]
    if isinstance(record, FixedPenaltyNotice):
        rows += [*_events(session, record_id), *_photos(session, record_id)]
    elif isinstance(record, EngagementSession):
        rows += _session_parts(session, record_id)
        session.execute(delete(SessionDraft).where(SessionDraft.session_id == record_id))
    elif isinstance(record, Person):
        rows += person_parts(session, record_id)
    for row in rows:
        _blank(row, utc_now())
    session.flush()
    _scrub_outbox(session, [row.id for row in rows], waiting_too=True)


def drop_erased_photo_files(sessions: sessionmaker[Session], evidence_dir: Path) -> int:
    """Delete the sealed files of erased photos that no photo still kept needs; how many."""
    with sessions() as session:
        kept = set(session.scalars(select(EvidencePhoto.sha256).where(_kept_photo())))
        erased = session.execute(
            select(EvidencePhoto.sha256, EvidencePhoto.media_type).where(
                EvidencePhoto.erased_at.is_not(None)
            )
        ).all()
    dropped = 0
    for sha256, media_type in set(erased):
        if sha256 in kept:
            continue
        try:
            path = photo_path(evidence_dir, sha256, media_type)
        except StopIteration:
            continue
        if path.exists():
            path.unlink()
            dropped += 1
    return dropped


def _kept_photo() -> Any:
    return EvidencePhoto.erased_at.is_(None)


def _events(session: Session, notice_id: uuid.UUID) -> list[NoticeEvent]:
    return list(session.scalars(select(NoticeEvent).where(NoticeEvent.notice_id == notice_id)))


def _photos(session: Session, notice_id: uuid.UUID) -> list[EvidencePhoto]:
    return list(
        session.scalars(
            select(EvidencePhoto).where(
                EvidencePhoto.notice_id == notice_id, EvidencePhoto.erased_at.is_(None)
            )
        )
    )


def _session_parts(session: Session, session_id: uuid.UUID) -> list[SyncedRecord]:
    register = session.scalars(select(RegisterEntry).where(RegisterEntry.session_id == session_id))
    follow_ups = session.scalars(select(FollowUp).where(FollowUp.session_id == session_id))
    return [*register, *follow_ups]


def person_parts(session: Session, person_id: uuid.UUID) -> list[SyncedRecord]:
    """What is erased with a person: their links, consents, referrals, and the feedback they
    gave or that was given on one of their referrals."""
    links = session.scalars(select(PersonLink).where(PersonLink.person_id == person_id))
    consents = session.scalars(select(Consent).where(Consent.person_id == person_id))
    referrals = list(session.scalars(select(Referral).where(Referral.person_id == person_id)))
    feedback = session.scalars(
        select(VictimFeedback).where(
            or_(
                VictimFeedback.person_id == person_id,
                VictimFeedback.referral_id.in_([r.id for r in referrals]),
            )
        )
    )
    return [*links, *consents, *referrals, *feedback]


def _blank(record: SyncedRecord, now: datetime) -> None:
    """Blank the record's personal fields and mark it erased (if it is not already)."""
    for name, blank in BLANKS[record.__tablename__].items():  # type: ignore[attr-defined]
        setattr(record, name, blank.copy() if isinstance(blank, list) else blank)
    if isinstance(record, NoticeEvent):
        record.details = event_details_kept(record.details or {})
    # A person's consents, referrals, links and feedback have no marker: theirs says when.
    if hasattr(type(record), "erased_at") and getattr(record, "erased_at", None) is None:
        record.erased_at = now  # type: ignore[attr-defined]


def _erase_row(session: Session, record: SyncedRecord, now: datetime) -> None:
    """Blank the record's personal fields, mark it erased, and scrub its outbox entries."""
    table = record.__tablename__  # type: ignore[attr-defined]
    _blank(record, now)
    record.version += 1
    record.updated_at = now
    session.flush()
    _scrub_outbox(session, [record.id], waiting_too=False)
    note_change(session, table, (record.id,))


def _scrub_outbox(session: Session, record_ids: list[uuid.UUID], *, waiting_too: bool) -> None:
    """Outbox entries of these records keep their change ids (a restored server is checked
    against them) but not their values; waiting ones too, resolved, when ``waiting_too``."""
    done = (OutboxStatus.SENT, OutboxStatus.RESOLVED)
    session.execute(
        update(OutboxEntry)
        .where(OutboxEntry.record_id.in_(record_ids), OutboxEntry.status.in_(done))
        .values(fields={}, server_values=None)
    )
    if waiting_too:
        session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.record_id.in_(record_ids), OutboxEntry.status.not_in(done))
            .values(fields={}, server_values=None, status=OutboxStatus.RESOLVED)
        )


def _queue_erase(session: Session, actor: Actor, record: SyncedRecord, now: datetime) -> None:
    """The ``erase`` change the server checks and repeats (the marker, no value erased)."""
    session.add(
        OutboxEntry(
            record_type=record.__tablename__,  # type: ignore[attr-defined]
            record_id=record.id,
            operation="erase",
            base_version=record.version - 1,
            version=record.version,
            fields={"erased_at": wire_value(now), "updated_at": wire_value(now)},
            made_by_id=actor.user_id,
        )
    )

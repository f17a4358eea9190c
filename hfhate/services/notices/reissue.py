"""Reissuing a notice under a new number, when its number cannot stand.

A copy of a laptop's data folder numbers notices from the same device code and sequence as
the laptop it was copied from, so a notice it issued offline may share its number with
another notice already on the server. The server refuses the copy (``hfhate/sync/clones.py``);
once the copy is enrolled again as a new device with a new code, each of those notices is
reissued here, one at a time, by its officer or a supervisor, never merged with the other:

- a new notice with the same details, checked and numbered as any notice issued now (from
  this laptop's new device code), its evidence photos linked again, and a timeline entry
  ``reissued`` naming the old number and the reason (it syncs, so the supervisor sees it);
- the old notice cancelled here with the reason on its timeline and in the audit trail. It
  never reached the server and never will: its waiting changes are resolved (never sent),
  since its number belongs to another notice there.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hfhate.models import (
    EvidencePhoto,
    FixedPenaltyNotice,
    NoticeEvent,
    NoticeKind,
    NoticeStatus,
    OutboxEntry,
    OutboxStatus,
    Role,
    utc_now,
)
from hfhate.records.codec import columns_of
from hfhate.records.inputs import notice_input
from hfhate.services.actor import Actor
from hfhate.services.audit import audit
from hfhate.services.device import this_device
from hfhate.services.errors import PermissionDenied, ServiceError, ValidationFailed
from hfhate.services.notices.evidence import StoredPhoto, attach_photos
from hfhate.services.notices.issuing import add_event, issue_notice, visible_notice
from hfhate.services.ops import note_change


class CannotReissue(ServiceError):
    """The notice cannot be reissued (already on the server, not a numbered notice...)."""


def reissue_under_new_number(
    session: Session,
    actor: Actor,
    notice_id: uuid.UUID,
    reason: str,
    *,
    now: datetime | None = None,
) -> FixedPenaltyNotice:
    """Issue ``notice_id`` again under a new number; cancel the old one with ``reason``."""
    old = visible_notice(session, actor, notice_id)
    if not (actor.has(Role.SUPERVISOR) or old.officer_id == actor.user_id):
        raise PermissionDenied("Only the issuing officer or a supervisor can reissue a notice.")
    if old.kind is not NoticeKind.NOTICE or old.number is None:
        raise CannotReissue("Only a numbered notice can be reissued under a new number.")
    if old.status is NoticeStatus.CANCELLED:
        raise CannotReissue(f"Notice {old.number} is cancelled already.")
    entries = list(
        session.scalars(
            select(OutboxEntry).where(
                OutboxEntry.record_type == "notices", OutboxEntry.record_id == old.id
            )
        )
    )
    if not entries or any(e.status is OutboxStatus.SENT for e in entries):
        raise CannotReissue(
            f"Notice {old.number} is on the server: it is not reissued from this laptop."
        )
    if this_device(session).code == old.device_code:
        raise CannotReissue(
            "This laptop still numbers notices with the same device code: an administrator "
            "enrols it again first, so the new number cannot clash."
        )
    if len(reason.strip()) < 10:
        raise ValidationFailed({"reason": "Say why the notice is reissued, in a sentence."})
    now = now or utc_now()
    reason = reason.strip()
    new = issue_notice(session, actor, notice_input(columns_of(old)), now=now)
    photos = session.scalars(select(EvidencePhoto).where(EvidencePhoto.notice_id == old.id))
    attach_photos(
        session,
        actor,
        new.id,
        [
            # The file is in the evidence folder already, under its hash: linked, not copied.
            StoredPhoto(p.sha256, p.original_name, p.size_bytes, p.media_type, Path(p.sha256))
            for p in photos
        ],
    )
    add_event(
        session,
        actor,
        new,
        "reissued",
        reason=reason,
        at=now,
        details={"replaces": old.number, "replaces_id": str(old.id)},
    )
    _cancel_here(session, actor, old, new, reason, now)
    return new


def _cancel_here(
    session: Session,
    actor: Actor,
    old: FixedPenaltyNotice,
    new: FixedPenaltyNotice,
    reason: str,
    now: datetime,
) -> None:
    """Cancel the old notice on this laptop only; its waiting changes are never sent."""
    before = old.status
    old.status = NoticeStatus.CANCELLED
    old.updated_at = now
    session.add(
        NoticeEvent(
            notice_id=old.id,
            at=now,
            action="cancelled",
            status_from=before,
            status_to=NoticeStatus.CANCELLED,
            reason=f"Reissued as {new.number}: {reason}",
            details={"reissued_as": new.number, "reissued_as_id": str(new.id)},
            by_name=actor.full_name,
            created_by_id=actor.user_id,
            created_on_device_id=actor.device_id,
        )
    )
    parts = select(NoticeEvent.id).where(NoticeEvent.notice_id == old.id)
    photos = select(EvidencePhoto.id).where(EvidencePhoto.notice_id == old.id)
    session.execute(
        update(OutboxEntry)
        .where(
            OutboxEntry.status.in_((OutboxStatus.PENDING, OutboxStatus.NEEDS_ATTENTION)),
            (OutboxEntry.record_id == old.id)
            | OutboxEntry.record_id.in_(parts)
            | OutboxEntry.record_id.in_(photos),
        )
        .values(
            status=OutboxStatus.RESOLVED,
            attention_reason=f"reissued: Reissued as {new.number}; never sent.",
        )
    )
    audit(
        session,
        actor,
        "notice_reissued",
        record_type="notices",
        record_id=old.id,
        details={
            "number": old.number,
            "reissued_as": new.number,
            "reason_length": len(reason),
        },
    )
    note_change(session, "notices", [old.id, new.id])
    note_change(session, "sync_outbox")

"""Drafts of warnings and notices, saved as the officer types so nothing is ever lost.

A draft holds the form's values as JSON, stays on this laptop (never synced) and belongs to
the officer who started it. Saving a draft is not audited (it happens every few seconds);
starting, discarding and finishing one are.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.models import NoticeDraft, NoticeKind, Role, new_id, utc_now
from hfhate.services.actor import Actor, require
from hfhate.services.audit import audit
from hfhate.services.errors import NotFound
from hfhate.services.ops import note_change


def save_draft(
    session: Session,
    actor: Actor,
    draft_id: uuid.UUID | None,
    kind: NoticeKind,
    form: dict[str, Any],
    summary: str,
) -> uuid.UUID:
    """Create or update the officer's draft; returns its id."""
    require(actor, Role.AUTHORISED_OFFICER, to="keep drafts of notices")
    now = utc_now()
    draft = session.get(NoticeDraft, draft_id) if draft_id else None
    if draft is None:
        draft = NoticeDraft(
            id=draft_id or new_id(),
            user_id=actor.user_id,
            kind=kind,
            form=form,
            summary=summary[:200],
            created_at=now,
            updated_at=now,
        )
        session.add(draft)
        session.flush()
        audit(session, actor, "draft_started", record_type="notice_drafts", record_id=draft.id)
    else:
        _own(draft, actor)
        draft.form, draft.summary, draft.kind, draft.updated_at = form, summary[:200], kind, now
    note_change(session, "notice_drafts", (draft.id,))
    return draft.id


def list_drafts(session: Session, actor: Actor) -> list[NoticeDraft]:
    query = (
        select(NoticeDraft)
        .where(NoticeDraft.user_id == actor.user_id)
        .order_by(NoticeDraft.updated_at.desc())
    )
    return list(session.scalars(query))


def load_draft(session: Session, actor: Actor, draft_id: uuid.UUID) -> NoticeDraft:
    draft = session.get(NoticeDraft, draft_id)
    if draft is None:
        raise NotFound("That draft no longer exists.")
    _own(draft, actor)
    return draft


def draft_kept(session: Session, draft_id: uuid.UUID) -> bool:
    """Whether the draft is still kept (not finished or discarded since it was opened)."""
    return session.get(NoticeDraft, draft_id) is not None


def discard_draft(session: Session, actor: Actor, draft_id: uuid.UUID, *, finished: bool) -> None:
    """Remove a draft: ``finished`` when it became a warning or notice, else thrown away."""
    draft = session.get(NoticeDraft, draft_id)
    if draft is None:
        return
    _own(draft, actor)
    session.delete(draft)
    note_change(session, "notice_drafts", (draft_id,))
    audit(
        session,
        actor,
        "draft_finished" if finished else "draft_discarded",
        record_type="notice_drafts",
        record_id=draft_id,
    )


def _own(draft: NoticeDraft, actor: Actor) -> None:
    if draft.user_id != actor.user_id:
        raise NotFound("That draft belongs to another officer.")

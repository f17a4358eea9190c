"""Drafts of session forms, saved as the officer types so a session is never lost half-typed.

A draft holds the form's values as JSON, stays on this laptop (never synced) and belongs to
the officer who started it. Saving a draft is not audited (it happens every few seconds);
starting, discarding and finishing one are.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.models import Role, SessionDraft, new_id, utc_now
from hfhate.services.actor import Actor, require
from hfhate.services.audit import audit
from hfhate.services.errors import NotFound
from hfhate.services.ops import note_change

RECORD_TYPE = "session_drafts"


def save_session_draft(
    session: Session,
    actor: Actor,
    draft_id: uuid.UUID | None,
    form: dict[str, Any],
    summary: str,
    *,
    session_id: uuid.UUID | None = None,
) -> uuid.UUID:
    """Create or update the officer's draft (of a new session, or of changes to
    ``session_id``); returns its id."""
    require(actor, Role.ENGAGEMENT_OFFICER, to="keep drafts of sessions")
    now = utc_now()
    draft = session.get(SessionDraft, draft_id) if draft_id else None
    if draft is None:
        draft = SessionDraft(
            id=draft_id or new_id(),
            user_id=actor.user_id,
            session_id=session_id,
            form=form,
            summary=summary[:200],
            created_at=now,
            updated_at=now,
        )
        session.add(draft)
        session.flush()
        audit(session, actor, "session_draft_started", record_type=RECORD_TYPE, record_id=draft.id)
    else:
        _own(draft, actor)
        draft.form, draft.summary, draft.updated_at = form, summary[:200], now
    note_change(session, RECORD_TYPE, (draft.id,))
    return draft.id


def list_session_drafts(session: Session, actor: Actor) -> list[SessionDraft]:
    """The officer's own drafts, latest first."""
    require(actor, Role.ENGAGEMENT_OFFICER, to="keep drafts of sessions")
    query = (
        select(SessionDraft)
        .where(SessionDraft.user_id == actor.user_id)
        .order_by(SessionDraft.updated_at.desc())
    )
    return list(session.scalars(query))


def load_session_draft(session: Session, actor: Actor, draft_id: uuid.UUID) -> SessionDraft:
    draft = session.get(SessionDraft, draft_id)
    if draft is None:
        raise NotFound("That draft no longer exists.")
    _own(draft, actor)
    return draft


def discard_session_draft(
    session: Session, actor: Actor, draft_id: uuid.UUID, *, finished: bool
) -> None:
    """Remove a draft: ``finished`` when it was saved as a session, else thrown away."""
    draft = session.get(SessionDraft, draft_id)
    if draft is None:
        return
    _own(draft, actor)
    session.delete(draft)
    note_change(session, RECORD_TYPE, (draft_id,))
    audit(
        session,
        actor,
        "session_draft_finished" if finished else "session_draft_discarded",
        record_type=RECORD_TYPE,
        record_id=draft_id,
    )


def _own(draft: SessionDraft, actor: Actor) -> None:
    if draft.user_id != actor.user_id:
        raise NotFound("That draft belongs to another officer.")

"""Drafts of session forms, saved as the officer types so a session is never lost half-typed.

What drafts share (kept on this laptop, one officer's own, audited when started, discarded or
finished) is ``services/drafts.py``; a session's draft may be of changes to a saved session.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from hfhate.models import Role, SessionDraft
from hfhate.services.actor import Actor, require
from hfhate.services.drafts import DraftStore

SESSION_DRAFTS = DraftStore(
    SessionDraft,
    audit_name="session_draft",
    role=Role.ENGAGEMENT_OFFICER,
    to="keep drafts of sessions",
)


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
    return SESSION_DRAFTS.save(session, actor, draft_id, form, summary, session_id=session_id).id


def list_session_drafts(session: Session, actor: Actor) -> list[SessionDraft]:
    """The officer's own drafts, latest first."""
    require(actor, SESSION_DRAFTS.role, to=SESSION_DRAFTS.to)
    return SESSION_DRAFTS.owned(session, actor)


def load_session_draft(session: Session, actor: Actor, draft_id: uuid.UUID) -> SessionDraft:
    return SESSION_DRAFTS.load(session, actor, draft_id)


def discard_session_draft(
    session: Session, actor: Actor, draft_id: uuid.UUID, *, finished: bool
) -> None:
    """Remove a draft: ``finished`` when it was saved as a session, else thrown away."""
    SESSION_DRAFTS.discard(session, actor, draft_id, finished=finished)

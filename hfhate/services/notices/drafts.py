"""Drafts of warnings and notices, saved as the officer types so nothing is ever lost.

What drafts share (kept on this laptop, one officer's own, audited when started, discarded or
finished) is ``services/drafts.py``; a notice's draft also says which kind it is.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from hfhate.models import NoticeDraft, NoticeKind, Role
from hfhate.services.actor import Actor
from hfhate.services.drafts import DraftStore

NOTICE_DRAFTS = DraftStore(
    NoticeDraft,
    audit_name="draft",
    role=Role.AUTHORISED_OFFICER,
    to="keep drafts of notices",
)


def save_draft(
    session: Session,
    actor: Actor,
    draft_id: uuid.UUID | None,
    kind: NoticeKind,
    form: dict[str, Any],
    summary: str,
) -> uuid.UUID:
    """Create or update the officer's draft; returns its id."""
    draft = NOTICE_DRAFTS.save(session, actor, draft_id, form, summary, kind=kind)
    draft.kind = kind  # a warning's draft may have become a notice's since it was started
    return draft.id


def list_drafts(session: Session, actor: Actor) -> list[NoticeDraft]:
    return NOTICE_DRAFTS.owned(session, actor)


def load_draft(session: Session, actor: Actor, draft_id: uuid.UUID) -> NoticeDraft:
    return NOTICE_DRAFTS.load(session, actor, draft_id)


def draft_kept(session: Session, draft_id: uuid.UUID) -> bool:
    """Whether the draft is still kept (not finished or discarded since it was opened)."""
    return NOTICE_DRAFTS.kept(session, draft_id)


def discard_draft(session: Session, actor: Actor, draft_id: uuid.UUID, *, finished: bool) -> None:
    """Remove a draft: ``finished`` when it became a warning or notice, else thrown away."""
    NOTICE_DRAFTS.discard(session, actor, draft_id, finished=finished)

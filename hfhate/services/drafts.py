"""What drafts of notices and of sessions share: a form saved as the officer types.

A draft holds the form's values as JSON, stays on this laptop (never synced) and belongs to
the officer who started it. Saving a draft is not audited (it happens every few seconds);
starting, discarding and finishing one are. ``services/notices/drafts.py`` and
``services/engagement/drafts.py`` each describe their drafts with one ``DraftStore``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.models import NoticeDraft, Role, SessionDraft, new_id, utc_now
from hfhate.services.actor import Actor, require
from hfhate.services.audit import audit
from hfhate.services.errors import NotFound
from hfhate.services.ops import note_change

SUMMARY_LENGTH = 200


# The tables of drafts: each has id, user_id, form, summary, created_at and updated_at.
Draft = TypeVar("Draft", NoticeDraft, SessionDraft)


@dataclass(frozen=True)
class DraftStore(Generic[Draft]):
    """One kind of draft: its table, its audit names and who may keep one."""

    model: type[Draft]
    audit_name: str  # ``{audit_name}_started``, ``_finished``, ``_discarded``
    role: Role
    to: str  # what the role is needed for, in the refusal: "keep drafts of ..."

    @property
    def record_type(self) -> str:
        """The table, as the audit trail and the "what changed" name it."""
        return self.model.__tablename__

    def save(
        self,
        session: Session,
        actor: Actor,
        draft_id: uuid.UUID | None,
        form: dict[str, Any],
        summary: str,
        **columns: Any,
    ) -> Draft:
        """Create the officer's draft (with ``columns``) or update its form and summary."""
        require(actor, self.role, to=self.to)
        now = utc_now()
        draft = session.get(self.model, draft_id) if draft_id else None
        if draft is None:
            draft = self.model(
                id=draft_id or new_id(),
                user_id=actor.user_id,
                **columns,
                form=form,
                summary=summary[:SUMMARY_LENGTH],
                created_at=now,
                updated_at=now,
            )
            session.add(draft)
            session.flush()
            self._audit(session, actor, "started", draft.id)
        else:
            self._own(draft, actor)
            draft.form, draft.summary, draft.updated_at = form, summary[:SUMMARY_LENGTH], now
        note_change(session, self.record_type, (draft.id,))
        return draft

    def owned(self, session: Session, actor: Actor) -> list[Draft]:
        """The officer's own drafts, latest first."""
        query = (
            select(self.model)
            .where(self.model.user_id == actor.user_id)
            .order_by(self.model.updated_at.desc())
        )
        return list(session.scalars(query))

    def load(self, session: Session, actor: Actor, draft_id: uuid.UUID) -> Draft:
        draft = session.get(self.model, draft_id)
        if draft is None:
            raise NotFound("That draft no longer exists.")
        self._own(draft, actor)
        return draft

    def kept(self, session: Session, draft_id: uuid.UUID) -> bool:
        """Whether the draft is still kept (not finished or discarded since it was opened)."""
        return session.get(self.model, draft_id) is not None

    def discard(
        self, session: Session, actor: Actor, draft_id: uuid.UUID, *, finished: bool
    ) -> None:
        """Remove a draft: ``finished`` when it was saved as a record, else thrown away."""
        draft = session.get(self.model, draft_id)
        if draft is None:
            return
        self._own(draft, actor)
        session.delete(draft)
        note_change(session, self.record_type, (draft_id,))
        self._audit(session, actor, "finished" if finished else "discarded", draft_id)

    def _audit(self, session: Session, actor: Actor, what: str, draft_id: uuid.UUID) -> None:
        audit(
            session,
            actor,
            f"{self.audit_name}_{what}",
            record_type=self.record_type,
            record_id=draft_id,
        )

    @staticmethod
    def _own(draft: NoticeDraft | SessionDraft, actor: Actor) -> None:
        if draft.user_id != actor.user_id:
            raise NotFound("That draft belongs to another officer.")

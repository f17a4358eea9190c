"""Follow-ups of sessions: actions arising, disclosures and their referrals, and what is due.

An action always has an owner and a due date. A disclosure records its category and the
referral made; flagged for follow-up, it gets an owner and a due date as an action does.
Open follow-ups past their due date are overdue and show on their owner's start page.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from hfhate.models import EngagementSession, FollowUp, Role, User
from hfhate.services import derived_people
from hfhate.services.actor import Actor, require
from hfhate.services.changes import record_created, record_updated
from hfhate.services.engagement.rules import FollowUpInput, check_follow_up, london_today
from hfhate.services.errors import NotFound, ValidationFailed

READERS = (Role.ENGAGEMENT_OFFICER, Role.SUPERVISOR)
STATES = {
    "open": "Open",
    "overdue": "Overdue",
    "done": "Done",
    "all": "All, including disclosures not flagged",
}


@dataclass(frozen=True)
class FollowUpRow:
    """A follow-up as the lists show it, with its session and owner."""

    id: uuid.UUID
    session_id: uuid.UUID
    session_date: date
    session_type: str
    session_title: str
    kind: str
    description: str
    category: str
    referral: str
    flagged: bool
    owner_id: uuid.UUID | None
    owner_name: str
    due_on: date | None
    done: bool
    done_on: date | None
    outcome: str

    def overdue(self, today: date) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < today

    @property
    def is_open(self) -> bool:
        return not self.done and (self.kind == "action" or self.flagged)


def add_follow_up(
    session: Session, actor: Actor, session_id: uuid.UUID, entry: FollowUpInput
) -> FollowUp:
    """Add an action or disclosure to a session (engagement officers)."""
    require(actor, Role.ENGAGEMENT_OFFICER, to="record follow-ups of sessions")
    parent = session.get(EngagementSession, session_id)
    if parent is None or parent.is_deleted:
        raise NotFound("That session is not in this laptop's records.")
    errors = check_follow_up(entry, parent.session_date)
    if entry.owner_id is not None and "owner" not in errors:
        owner = session.get(User, entry.owner_id)
        if owner is None or not owner.active:
            errors["owner"] = "The owner chosen cannot sign in any more: choose someone else."
    if errors:
        raise ValidationFailed(errors)
    disclosure = entry.kind == "disclosure"
    needs_owner = not disclosure or entry.flagged
    follow_up = FollowUp(
        session_id=parent.id,
        kind=entry.kind,
        description=entry.description.strip(),
        category=entry.category if disclosure else "",
        referral=entry.referral if disclosure else "",
        flagged=entry.flagged if disclosure else False,
        owner_id=entry.owner_id if needs_owner else None,
        due_on=entry.due_on if needs_owner else None,
    )
    details: dict[str, Any] = {"kind": entry.kind}
    if disclosure:
        details |= {
            "category": entry.category,
            "referral": entry.referral,
            "flagged": entry.flagged,
        }
    record_created(
        session,
        actor,
        follow_up,
        action="disclosure_recorded" if disclosure else "follow_up_added",
        details=details,
    )
    if disclosure:  # whoever made it, as a person record to link and refer
        derived_people.person_of_disclosure(session, actor, follow_up)
    return follow_up


def complete_follow_up(
    session: Session,
    actor: Actor,
    follow_up_id: uuid.UUID,
    outcome: str,
    *,
    today: date | None = None,
) -> FollowUp:
    """Mark an open follow-up done, saying what was done (engagement officers)."""
    require(actor, Role.ENGAGEMENT_OFFICER, to="complete follow-ups")
    follow_up = session.get(FollowUp, follow_up_id)
    if follow_up is None or follow_up.is_deleted:
        raise NotFound("That follow-up is not in this laptop's records.")
    if follow_up.done:
        raise ValidationFailed(
            {"outcome": f"This follow-up was already done on {follow_up.done_on:%d %b %Y}."}
        )
    if follow_up.kind == "disclosure" and not follow_up.flagged:
        raise ValidationFailed({"outcome": "This disclosure was not flagged for follow-up."})
    if not outcome.strip():
        raise ValidationFailed({"outcome": "Say what was done, in a sentence."})
    record_updated(
        session,
        actor,
        follow_up,
        {
            "done": True,
            "done_on": today or london_today(),
            "done_by_id": actor.user_id,
            "outcome": outcome.strip(),
        },
        action="follow_up_completed",
    )
    return follow_up


def _needs_doing() -> ColumnElement[bool]:
    return and_(
        FollowUp.done.is_(False), or_(FollowUp.kind == "action", FollowUp.flagged.is_(True))
    )


def _query(
    actor: Actor, state: str, today: date, owner_id: uuid.UUID | None
) -> Select[FollowUp, EngagementSession, str]:
    require(actor, *READERS, to="see follow-ups of sessions")
    owner = aliased(User)
    query = (
        select(FollowUp, EngagementSession, owner.full_name)
        .join(EngagementSession, EngagementSession.id == FollowUp.session_id)
        .outerjoin(owner, owner.id == FollowUp.owner_id)
        .where(FollowUp.deleted_at.is_(None), EngagementSession.deleted_at.is_(None))
    )
    if state == "open":
        query = query.where(_needs_doing())
    elif state == "overdue":
        query = query.where(_needs_doing(), FollowUp.due_on < today)
    elif state == "done":
        query = query.where(FollowUp.done.is_(True))
    if owner_id is not None:
        query = query.where(FollowUp.owner_id == owner_id)
    return query


def count_follow_ups(
    session: Session,
    actor: Actor,
    *,
    state: str = "open",
    today: date | None = None,
    owner_id: uuid.UUID | None = None,
) -> int:
    query = _query(actor, state, today or london_today(), owner_id)
    return (
        session.scalar(
            select(func.count()).select_from(query.with_only_columns(FollowUp.id).subquery())
        )
        or 0
    )


def list_follow_ups(
    session: Session,
    actor: Actor,
    *,
    state: str = "open",
    today: date | None = None,
    owner_id: uuid.UUID | None = None,
    offset: int = 0,
    limit: int = 200,
) -> list[FollowUpRow]:
    """Follow-ups, soonest due first (done ones: latest done first), a page at a time."""
    query = _query(actor, state, today or london_today(), owner_id)
    if state == "done":
        query = query.order_by(FollowUp.done_on.desc(), FollowUp.id.desc())
    else:
        query = query.order_by(FollowUp.due_on.is_(None), FollowUp.due_on, FollowUp.id)
    rows = session.execute(query.offset(offset).limit(limit))
    return [_row(f, s, name) for f, s, name in rows]


def overdue_follow_ups(
    session: Session, actor: Actor, *, today: date | None = None, limit: int = 20
) -> list[FollowUpRow]:
    """The signed-in officer's own overdue follow-ups, most overdue first (start page)."""
    return list_follow_ups(
        session, actor, state="overdue", today=today, owner_id=actor.user_id, limit=limit
    )


def _row(follow_up: FollowUp, parent: EngagementSession, owner_name: str | None) -> FollowUpRow:
    return FollowUpRow(
        id=follow_up.id,
        session_id=parent.id,
        session_date=parent.session_date,
        session_type=parent.session_type,
        session_title=parent.title,
        kind=follow_up.kind,
        description=follow_up.description,
        category=follow_up.category,
        referral=follow_up.referral,
        flagged=follow_up.flagged,
        owner_id=follow_up.owner_id,
        owner_name=owner_name or "",
        due_on=follow_up.due_on,
        done=follow_up.done,
        done_on=follow_up.done_on,
        outcome=follow_up.outcome,
    )

"""Each user's pull cursor on this laptop (``PullCursor``): where their next pull starts.

The server filters what it sends by the caller's roles, so a cursor shared by every user of
a laptop would let one user's pull pass records another may see but has not received.
"""

from __future__ import annotations

import uuid

from sqlalchemy import delete
from sqlalchemy.orm import Session

from hfhate.models import PullCursor, SyncState


def cursor_of(session: Session, user_id: uuid.UUID) -> int:
    """Where ``user_id``'s next pull starts: 0 for a user who never pulled here."""
    row = session.get(PullCursor, user_id)
    return row.cursor if row is not None else 0


def advance(session: Session, user_id: uuid.UUID, cursor: int) -> None:
    """``user_id`` has pulled up to ``cursor``; the laptop's furthest cursor follows."""
    row = session.get(PullCursor, user_id)
    if row is None:
        session.add(PullCursor(user_id=user_id, cursor=cursor))
    else:
        row.cursor = cursor
    state = session.get_one(SyncState, 1)
    state.cursor = max(state.cursor, cursor)


def start_again(session: Session) -> None:
    """Every user pulls from the beginning at their next sync (a restored server, or a
    record whose server version must be fetched again); what is here already is skipped."""
    session.execute(delete(PullCursor))
    state = session.get(SyncState, 1)
    if state is not None:
        state.cursor = 0

"""Reading the sync outbox: what is still waiting to reach the server."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hfhate.models import OutboxEntry, OutboxStatus


def waiting_count(session: Session) -> int:
    """Changes made on this laptop that the server has not acknowledged yet."""
    query = (
        select(func.count())
        .select_from(OutboxEntry)
        .where(OutboxEntry.status == OutboxStatus.PENDING)
    )
    return session.scalar(query) or 0


def needs_attention_count(session: Session) -> int:
    query = (
        select(func.count())
        .select_from(OutboxEntry)
        .where(OutboxEntry.status == OutboxStatus.NEEDS_ATTENTION)
    )
    return session.scalar(query) or 0

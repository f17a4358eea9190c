"""What a laptop says of itself on its sync requests beside its release (``compat.
laptop_headers``: app version and store schema): how many changes it holds unsent (every
user's). The server keeps the last it heard (``server/devices_seen.py``) for the
administrator's list of laptops."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hfhate.models import OutboxEntry, OutboxStatus
from hfhate.sync.schemas import UNSENT_HEADER

WAITING = (OutboxStatus.PENDING, OutboxStatus.NEEDS_ATTENTION)


def unsent_count(session: Session) -> int:
    """Changes waiting in the outbox, whoever made them (one count query)."""
    count = session.scalar(
        select(func.count()).select_from(OutboxEntry).where(OutboxEntry.status.in_(WAITING))
    )
    return int(count or 0)


def unsent_headers(session: Session) -> dict[str, str]:
    """The header a sync request carries about what waits on this laptop."""
    return {UNSENT_HEADER: str(unsent_count(session))}

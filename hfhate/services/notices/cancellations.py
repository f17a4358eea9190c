"""Why cancelled notices were cancelled, by kind, for the printed record of each.

A printed record of a cancelled notice states the date and the kind of reason (a representation
accepted, or cancelled by the council): the move that cancelled it, read from the timeline.
The free-text reason the supervisor gave stays in the store: it may hold personal or internal
detail that has no place on paper sent to the recipient.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.models import NoticeEvent, NoticeStatus
from hfhate.printing.particulars import CancelledBecause


def cancelled_because(
    session: Session, notice_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, CancelledBecause]:
    """For each of these notices that was cancelled, the kind of its latest cancellation."""
    query = (
        select(NoticeEvent.notice_id, NoticeEvent.action)
        .where(
            NoticeEvent.notice_id.in_(list(notice_ids)),
            NoticeEvent.status_to == NoticeStatus.CANCELLED,
            NoticeEvent.deleted_at.is_(None),
        )
        .order_by(NoticeEvent.at)
    )
    return {
        notice_id: CancelledBecause.of_move(action) for notice_id, action in session.execute(query)
    }

"""A pulled change held back by waiting local entries is fetched again once they are gone."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import select, update

from hfhate.models import HeldBack, NoticeStatus, OutboxEntry, OutboxStatus
from tests.sync.conftest import Laptop, ServerProcess
from tests.sync.test_end_to_end import cancelled_meanwhile, local_notices, server_notices


def held_back(laptop: Laptop) -> set[uuid.UUID]:
    with laptop.store.session_factory() as session:
        return set(session.scalars(select(HeldBack.record_id)))


def test_a_held_back_cancellation_arrives_once_the_offline_edit_is_resolved(
    server: ServerProcess, make_laptop: Callable[..., Laptop]
) -> None:
    north, olly, cancelled = cancelled_meanwhile(make_laptop, server, notices=2)
    notice_id = str(cancelled)
    report = north.sync(olly)
    # The reminder conflicts with the cancellation: it needs attention, and the cancellation
    # pulled meanwhile is held back rather than overwriting the officer's edit.
    assert report.needs_attention >= 1 and report.held_back >= 1
    assert uuid.UUID(notice_id) in held_back(north)
    assert local_notices(north)[notice_id][1] == NoticeStatus.REMINDER_1.value
    # Nothing new on the server: syncing again still holds it back and changes nothing.
    assert north.sync(olly).pulled == 0
    assert local_notices(north)[notice_id][1] == NoticeStatus.REMINDER_1.value
    # Someone keeps the server's version (what the needs-attention list does).
    with north.store.session_factory.begin() as session:
        session.execute(
            update(OutboxEntry)
            .where(
                OutboxEntry.record_id == uuid.UUID(notice_id),
                OutboxEntry.status == OutboxStatus.NEEDS_ATTENTION,
            )
            .values(status=OutboxStatus.RESOLVED)
        )
    report = north.sync(olly)
    assert report.pulled >= 1
    assert local_notices(north)[notice_id] == server_notices(server)[notice_id]
    assert local_notices(north)[notice_id][1] == NoticeStatus.CANCELLED.value
    assert uuid.UUID(notice_id) not in held_back(north)
    assert north.sync(olly).pulled == 0

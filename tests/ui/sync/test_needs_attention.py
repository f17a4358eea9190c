"""A conflict with a supervisor's decision, shown with both values and resolved in the Sync area."""

from __future__ import annotations

import re

from sqlalchemy import select

from hfhate.models import AuditEvent, FixedPenaltyNotice, OutboxEntry, OutboxStatus
from hfhate.ui.sync.attention_list import AttentionBox
from tests.sync.test_end_to_end import cancelled_meanwhile


def statuses(laptop, notice_id):  # type: ignore[no-untyped-def]
    with laptop.store.session_factory() as session:
        return [
            e.status
            for e in session.scalars(
                select(OutboxEntry)
                .where(OutboxEntry.record_id == notice_id)
                .order_by(OutboxEntry.seq)
            )
        ]


def test_a_conflict_shows_both_values_and_the_server_version_can_be_kept(
    qtbot, ui, sqlite_server, make_laptop, open_sync, sync_now
) -> None:
    north, olly, notice_id = cancelled_meanwhile(make_laptop, sqlite_server)
    window, page = open_sync(north, olly)
    window.resize(1000, 900)
    sync_now(page)
    boxes = page.findChildren(AttentionBox)
    conflict = next(b for b in boxes if b.item.record_id == notice_id)
    assert "supervisor's decision" in conflict.findChild(type(page.message), "reason").text()
    local = conflict.findChild(type(page.message), "local_status")
    server = conflict.findChild(type(page.message), "server_status")
    assert (local.text(), server.text()) == ("reminder 1", "cancelled")
    assert re.search(r"· \d+ need(s)? attention", window.sync_label.text())
    assert not window.sync_label.text().endswith("· 0 need attention")
    ui.shot(window, "sync")  # docs/images/sync.png is this, taken with $HFHATE_UI_SHOTS set

    ui.click(conflict.keep_server)
    assert OutboxStatus.RESOLVED in statuses(north, notice_id)
    assert OutboxStatus.NEEDS_ATTENTION not in statuses(north, notice_id)
    assert all(b.item.record_id != notice_id for b in page.attention.boxes)
    with north.store.session_factory() as session:
        notice = session.get_one(FixedPenaltyNotice, notice_id)
        assert notice.version == 1  # stepped back: the server's version 2 replaces it
        dropped = session.scalar(
            select(AuditEvent).where(
                AuditEvent.action == "sync_change_dropped", AuditEvent.record_id == notice_id
            )
        )
        assert dropped is not None and dropped.user_id == olly.user_id
    sync_now(page)  # the next sync brings the server's record in place of the dropped edit
    with north.store.session_factory() as session:
        notice = session.get_one(FixedPenaltyNotice, notice_id)
        assert (notice.status.value, notice.version) == ("cancelled", 2)


def test_send_again_puts_the_change_back_in_the_queue(
    qtbot, ui, sqlite_server, make_laptop, open_sync, sync_now
) -> None:
    north, olly, notice_id = cancelled_meanwhile(make_laptop, sqlite_server)
    _window, page = open_sync(north, olly)
    sync_now(page)
    conflict = next(b for b in page.findChildren(AttentionBox) if b.item.record_id == notice_id)
    ui.click(conflict.send_again)
    assert statuses(north, notice_id)[-1] == OutboxStatus.PENDING
    assert page.message.text() == "Sent again at the next sync."
    with north.store.session_factory() as session:
        assert (
            session.scalar(select(AuditEvent).where(AuditEvent.action == "sync_change_sent_again"))
            is not None
        )

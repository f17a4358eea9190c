"""A copy of a laptop's data folder in the Sync area: refused plainly, enrolled again, and a
notice reissued from the needs-attention list.

A real server process; the second machine's credential store is the only thing mocked.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from hfhate.models import FixedPenaltyNotice, NoticeStatus
from hfhate.sync import clones
from hfhate.ui.sync.attention_list import AttentionBox
from tests.sync.machines import Machines
from tests.sync.test_clones import copied_laptop


def test_the_copy_is_told_to_enrol_again_and_reissues_a_notice(  # type: ignore[no-untyped-def]
    qtbot, ui, sqlite_server, make_laptop, open_sync, sync_now, tmp_path: Path, monkeypatch
) -> None:
    machines = Machines("keyring", tmp_path / "machines", monkeypatch)
    stores: list = []  # type: ignore[type-arg]
    try:
        laptops = copied_laptop(sqlite_server, make_laptop, machines, stores, tmp_path)
        machines.use("a")
        laptops.north.sync(laptops.olly)
        machines.use("b")
        window, page = open_sync(laptops.copy, laptops.olly)
        sync_now(page)
        assert "copy of another laptop's" in page.message.text()
        assert "enrol this laptop again" in page.message.text()
        assert "Refused by the server as a copy" in page.values["result"].text()
        boxes = [
            b
            for b in page.attention.boxes
            if isinstance(b, AttentionBox) and b.item.outcome == "cloned"
        ]
        # Two notices with their timeline entries, and their victims' person, link, consent.
        assert len(boxes) == 10
        notice_box = next(b for b in boxes if hasattr(b, "reissue"))
        old_id = notice_box.item.record_id
        assert str(old_id) in laptops.copied

        # Enrolled again (as ``hfhate enrol`` or the enrolment form, shown again, does).
        assert not page.enrol_box.isVisibleTo(page)  # officers do not enrol
        admin_window, admin_page = open_sync(laptops.copy, laptops.copy.admin)
        assert admin_page.enrol_box.isVisibleTo(admin_page)
        admin_window.close()
        laptops.copy.enrol()
        page.refresh()
        notice_box = next(
            b
            for b in page.attention.boxes
            if isinstance(b, AttentionBox) and b.item.record_id == old_id and hasattr(b, "reissue")
        )
        ui.click(notice_box.reissue)
        assert page.message.text() == clones.REISSUED
        with laptops.copy.store.session_factory() as session:
            old = session.get_one(FixedPenaltyNotice, old_id)
            assert old.status is NoticeStatus.CANCELLED
            numbers = set(session.scalars(select(FixedPenaltyNotice.number)))
        assert len(numbers) == 1 + len(laptops.copied)
        window.close()
    finally:
        for store in stores:
            store.close()

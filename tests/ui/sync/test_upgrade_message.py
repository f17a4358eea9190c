"""The Sync area and the status bar when the laptop and the server run releases of hfhate that
cannot sync: the full message in the area, which side to upgrade in the status bar, the
changes kept, and no automatic retry (a person has to upgrade one side first)."""

from __future__ import annotations

import re

import hfhate
from hfhate.models import OutboxStatus, Role
from hfhate.sync import schemas
from tests.sync.test_end_to_end import issue, pending


def test_a_server_older_than_the_laptop_is_said_plainly_and_changes_are_kept(  # type: ignore[no-untyped-def]
    qtbot, ui, sqlite_server, make_laptop, open_sync, sync_now, monkeypatch
) -> None:
    laptop = make_laptop(sqlite_server, "north")
    olly = laptop.add("olly", Role.AUTHORISED_OFFICER)
    laptop.enrol()
    issue(laptop, olly, 1)
    server_version = hfhate.__version__
    # This laptop was upgraded past the server.
    monkeypatch.setattr(schemas, "STORE_SCHEMA", "0099")
    monkeypatch.setattr(hfhate, "__version__", "0.9.0")
    window, page = open_sync(laptop, olly)
    window.resize(1280, 720)
    sync_now(page)
    assert page.message.text() == (
        f"Sync stopped. The server runs an older hfhate ({server_version}) than this laptop "
        "(0.9.0): ask IT to upgrade the server. Nothing waiting to be sent is lost."
    )
    qtbot.waitUntil(lambda: "Sync failed" in window.sync_label.text(), timeout=10_000)
    assert re.search(
        r"Sync failed \d\d:\d\d: The server runs an older hfhate: ask IT to upgrade it",
        window.sync_label.text(),
    ), window.sync_label.text()
    assert "ask IT to upgrade the server" in window.sync_label.toolTip()
    assert page.sync.password is None  # trying again cannot mend it: wait for Sync now
    assert pending(laptop) == 1 and pending(laptop, OutboxStatus.SENT) == 0
    qtbot.wait(50)
    window.grab().save("/tmp/i19/up-sync-upgrade.png")

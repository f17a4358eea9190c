"""Remote erase in the window: "Sync now" on a laptop revoked as lost sends what it has, then
the window closes, the data folder is erased and a message says why (a real server process)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from hfhate import app
from hfhate.models import Role
from hfhate.startup import ReadyStore
from hfhate.sync.errors import EraseOrdered
from tests.sync.test_end_to_end import issue, local_notices, server_notices


def test_sync_now_on_a_laptop_ordered_erased_sends_then_erases_and_says_why(  # type: ignore[no-untyped-def]
    qtbot, ui, sqlite_server, make_laptop, open_sync, sync_now, monkeypatch, tmp_path
) -> None:
    north = make_laptop(sqlite_server, "north")
    olly = north.add("olly", Role.AUTHORISED_OFFICER)
    code = north.enrol()
    issue(north, olly, 2)  # issued offline, not sent yet
    folder = north.store.paths.data_dir
    assert "ordered to erase" in sqlite_server.admin("revoke-device", str(code), "--erase")

    window, page = open_sync(north, olly)
    with qtbot.waitSignal(page.sync.erase_ordered, timeout=30_000) as ordered:
        sync_now(page)
    [order] = ordered.args
    assert isinstance(order, EraseOrdered)
    # What the laptop had not sent reached the server before anything was destroyed.
    assert set(local_notices(north)) <= set(server_notices(sqlite_server))

    # The window closes first (as hfhate.app does on the signal), then the folder is erased.
    orders: list[EraseOrdered] = []
    app._close_for_erase(window, orders, order)
    assert orders == [order] and not window.isVisible()
    said: list[str] = []

    def critical(_parent: object, title: str, text: str) -> QMessageBox.StandardButton:
        said.append(f"{title}\n{text}")
        box = QMessageBox(QMessageBox.Icon.Critical, title, text)
        qtbot.addWidget(box)
        box.show()  # laid out as people see it
        qtbot.waitExposed(box)
        ui.shot(box, "erase-message")
        box.close()
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "critical", critical)
    ready = ReadyStore(store=north.store, device_id=olly.device_id, demo=False)
    assert app._erase_and_say_why(ready, order) == app.EXIT_ERASED
    [message] = said
    assert message.startswith("This laptop's data was erased")
    assert f"device {code:03d}" in message
    assert sorted(p.name for p in folder.iterdir()) == ["ERASED.txt"]

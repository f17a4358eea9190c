"""Enrolling and syncing through the Sync area, against a real hfhate-server process."""

from __future__ import annotations

import re

from hfhate.models import OutboxStatus, Role
from hfhate.services.ops import OpChanges
from tests.sync.conftest import PASSWORD, stop
from tests.sync.test_end_to_end import issue, pending, server_notices

SYNCED = re.compile(r"Online · Synced \d\d:\d\d · 0 waiting")


def test_an_administrator_enrols_the_laptop_with_a_one_time_code(
    qtbot, ui, sqlite_server, make_laptop, open_sync
) -> None:
    laptop = make_laptop(sqlite_server, "north")
    window, page = open_sync(laptop, laptop.admin)
    assert page.enrol_box.isVisible() and not page.sync_button.isEnabled()
    assert window.sync_label.text() == "Not enrolled: 1 change kept on this laptop"
    ui.click(page.enrol_button)
    assert ui.shown_error(page, "url").startswith("Type the server's address")
    assert ui.shown_error(page, "code") == "Type the one-time code from the server."

    ui.type_into(page.url, sqlite_server.url)
    ui.type_into(page.code, "not-a-real-code")
    ui.click(page.enrol_button)
    qtbot.waitUntil(lambda: not page.running, timeout=30_000)
    assert ui.shown_error(page, "url") == ""
    assert "not valid" in ui.shown_error(page, "code")
    assert page.values["server"].text() == "Not enrolled"
    ui.shot(window, "sync_enrol_refused")

    ui.type_into(page.code, sqlite_server.admin("enrolment-code"))
    ui.click(page.enrol_button)
    qtbot.waitUntil(lambda: not page.running, timeout=30_000)
    assert page.values["server"].text() == sqlite_server.url
    assert page.message.text().startswith("This laptop is enrolled as device ")
    assert not page.enrol_box.isVisible() and page.sync_button.isEnabled()
    assert "Enrolled this laptop with the server" in page.history.text()
    # The server is checked as soon as the laptop is enrolled.
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Online · "), timeout=10_000)
    assert window.sync_label.text() == "Online · Not synced yet · 1 waiting"
    assert page.values["connection"].text().startswith("Online: the server answered at ")


def test_an_unreachable_address_is_shown_beside_the_address(
    qtbot, ui, sqlite_server, make_laptop, open_sync
) -> None:
    laptop = make_laptop(sqlite_server, "north")
    _window, page = open_sync(laptop, laptop.admin)
    ui.type_into(page.url, "http://127.0.0.1:1")
    ui.type_into(page.code, "ABCD-EFGH")
    ui.click(page.enrol_button)
    qtbot.waitUntil(lambda: not page.running, timeout=30_000)
    assert "could not be reached" in ui.shown_error(page, "url")
    assert page.enrol_box.isVisible()


def test_sync_now_sends_the_notices_and_the_status_bar_says_synced(
    qtbot, ui, sqlite_server, make_laptop, open_sync, sync_now
) -> None:
    laptop = make_laptop(sqlite_server, "north")
    olly = laptop.add("olly", Role.AUTHORISED_OFFICER)
    laptop.enrol()
    # The administrator's own changes (the accounts, made on both sides) go first.
    assert laptop.sync(laptop.admin).needs_attention == 2
    window, page = open_sync(laptop, olly)
    assert not page.enrol_box.isVisible()  # officers cannot enrol
    issue(laptop, olly, 2)
    window.ctx.changes.changed.emit(OpChanges.of("notices"))
    # Each notice, its timeline entry, and its victim's person, link and consent.
    assert re.fullmatch(r"Online · Synced \d\d:\d\d · 10 waiting", window.sync_label.text()), (
        window.sync_label.text()
    )
    sync_now(page)
    assert SYNCED.fullmatch(window.sync_label.text()), window.sync_label.text()
    assert page.values["waiting"].text() == "0 changes"
    # Olly pulls from his own cursor, so the two accounts whose refused changes wait here
    # (needing the administrator's attention) are held back rather than overwritten.
    assert page.message.text() == (
        "Synced: 10 sent, 0 received, 2 held back until this laptop's changes are sent."
    )
    assert len(server_notices(sqlite_server)) == 2 and pending(laptop) == 0
    # The password is kept for this signed-in session: the second sync asks nothing.
    issue(laptop, olly, 1)
    sync_now(page)
    assert len(server_notices(sqlite_server)) == 3
    assert SYNCED.fullmatch(window.sync_label.text())


def test_a_wrong_password_or_a_server_down_is_said_plainly_and_changes_are_kept(
    qtbot, ui, sqlite_server, make_laptop, open_sync, sync_now
) -> None:
    laptop = make_laptop(sqlite_server, "north")
    olly = laptop.add("olly", Role.AUTHORISED_OFFICER)
    laptop.enrol()
    issue(laptop, olly, 1)
    window, page = open_sync(laptop, olly)
    sync_now(page, "not my password")
    assert page.message.text().startswith("Sync stopped. ")
    assert page.sync.password is None  # a refused password is not kept
    stop(sqlite_server.process)
    sync_now(page)
    assert "could not be reached" in page.message.text()
    assert "Nothing was lost" in page.message.text()
    assert page.sync.password == PASSWORD  # kept: the network may come back by itself
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Offline · "), timeout=10_000)
    assert re.fullmatch(
        r"Offline · Sync failed \d\d:\d\d: The server could not be reached · "
        r"Not synced yet · 7 waiting",
        window.sync_label.text(),
    ), window.sync_label.text()
    assert page.values["plan"].text() == "As soon as the server can be reached again."
    assert "A sync with the server stopped" in page.history.text()
    assert pending(laptop) == 1 and pending(laptop, OutboxStatus.SENT) == 0
    # The accounts made by the administrator wait too, for the administrator's sync.
    assert page.values["waiting"].text() == "7 changes"

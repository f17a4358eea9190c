"""The Sync area's certificate authority setting, against a real server behind TLS signed by a
council CA: refused plainly without it, checked beside the field, kept, audited, and used."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from hfhate.models import Role, SyncState
from hfhate.ui.sync.attention_list import AttentionBox
from tests.sync.tls_server import ca_files_set

SYNCED = re.compile(r"Online · Synced \d\d:\d\d · 0 waiting")
UNTRUSTED = "showed a certificate this laptop does not trust"
WAIT_MS = 20_000


def stored_ca(laptop) -> str | None:  # type: ignore[no-untyped-def]
    with laptop.store.session_factory() as session:
        return session.get_one(SyncState, 1).ca_file


def test_an_administrator_enrols_with_the_council_ca_and_can_change_it(
    qtbot,
    ui,
    tmp_path: Path,
    tls_server,
    council_ca,
    make_laptop,
    open_sync,
    sync_now,
    monkeypatch,
) -> None:
    laptop = make_laptop(tls_server, "north")
    window, page = open_sync(laptop, laptop.admin)
    window.resize(1000, 1000)
    assert page.ca_box.isVisible()
    ui.type_into(page.url, tls_server.url)
    ui.type_into(page.code, tls_server.admin("enrolment-code"))
    ui.click(page.enrol_button)
    qtbot.waitUntil(lambda: not page.running, timeout=WAIT_MS)
    assert UNTRUSTED in ui.shown_error(page, "url")
    assert "an administrator sets its file in the Sync area" in ui.shown_error(page, "url")

    ui.type_into(page.ca_box.path, str(tmp_path / "council.pem"))
    ui.click(page.enrol_button)
    assert ui.shown_error(page, "ca_file") == f"There is no file at {tmp_path / 'council.pem'}."
    assert not page.running
    notes = tmp_path / "readme.pem"
    notes.write_text("ask IT for the certificate\n")
    ui.type_into(page.ca_box.path, str(notes))
    ui.click(page.ca_box.use_button)
    assert "readme.pem is not a certificate in PEM form" in ui.shown_error(page, "ca_file")

    ui.type_into(page.ca_box.path, str(council_ca.ca_file))
    ui.click(page.ca_box.use_button)
    assert ui.shown_error(page, "ca_file") == ""
    assert page.ca_box.message.text() == "This file is used when you enrol the laptop above."
    ui.click(page.enrol_button)
    qtbot.waitUntil(lambda: not page.running, timeout=WAIT_MS)
    assert page.message.text().startswith("This laptop is enrolled as device ")
    assert stored_ca(laptop) == str(council_ca.ca_file)
    qtbot.waitUntil(lambda: page.sync.online is True, timeout=WAIT_MS)
    assert page.values["connection"].text().startswith("Online: the server answered at ")
    assert window.sync_label.text().startswith("Online · Not synced yet · ")

    ui.click(page.ca_box.usual_button)
    assert stored_ca(laptop) is None and page.ca_box.path.text() == ""
    assert page.ca_box.message.text() == "The usual certificate authorities are trusted again."
    qtbot.waitUntil(lambda: page.sync.online is False, timeout=WAIT_MS)
    assert UNTRUSTED in page.values["connection"].text()
    assert window.sync_label.text().startswith("Offline · ")
    assert UNTRUSTED in window.sync_label.toolTip()

    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *_args: (str(council_ca.ca_file), "Certificates")
    )
    ui.click(page.ca_box.choose_button)
    assert stored_ca(laptop) == str(council_ca.ca_file)
    assert page.ca_box.message.text() == (
        f"The server's certificate is now checked against {council_ca.ca_file}."
    )
    qtbot.waitUntil(lambda: page.sync.online is True, timeout=WAIT_MS)
    sync_now(page)
    assert page.message.text().startswith("Synced: ")
    assert window.sync_label.text().startswith("Online · Synced ")
    # The administrator's account, made on both sides, is the one conflict: the server's
    # stands, and the next sync brings it.
    (account,) = page.findChildren(AttentionBox)
    ui.click(account.keep_server)
    sync_now(page)
    assert SYNCED.fullmatch(window.sync_label.text()), window.sync_label.text()
    qtbot.wait(100)  # laid out, for the picture
    ui.shot(window, "sync-area")  # docs/images/sync-area.png
    assert ca_files_set(laptop.store) == [str(council_ca.ca_file), None, str(council_ca.ca_file)]

    olly = laptop.add("olly", Role.AUTHORISED_OFFICER)
    _officer_window, officer_page = open_sync(laptop, olly)
    assert not officer_page.ca_box.isVisible()  # administrators only
    assert officer_page.sync.online is True  # the stored CA file serves every user

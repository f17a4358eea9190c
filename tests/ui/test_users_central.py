"""The Users area as an administrator uses it on an enrolled laptop (issue 19 point 1):
connected to a real server, the list is the server's and adding, changing, resetting and
deactivating are made there (problems beside the fields); not connected, the list is what the
laptop holds and changing it is disabled with a plain message. Screenshots of both at
1280x720 go to /tmp/i19/ (acc-users-online.png, acc-users-offline.png)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from hfhate.models import Role, SyncState, utc_now
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.sync import client
from hfhate.sync.central import NEEDS_CONNECTION
from hfhate.sync.transport import Transport
from hfhate.ui.accounts.password_dialogs import ResetPasswordDialog
from hfhate.ui.accounts.user_dialog import UserDialog
from hfhate.ui.accounts.users_page import OFFLINE_NOTE, UsersPage
from tests.sync.conftest import ServerProcess, transport
from tests.ui.central_server import enrolled

SHOTS = Path(os.environ.get("HFHATE_I19_SHOTS", "/tmp/i19"))
TEMPORARY = "temporary shed key"


@pytest.fixture
def enrolled_server(
    tmp_path: Path, store: Store, admin: Actor, admin_password: str
) -> Iterator[ServerProcess]:
    yield from enrolled(tmp_path, store, admin, admin_password)


def _users_page(open_window, admin: Actor) -> UsersPage:  # type: ignore[no-untyped-def]
    window = open_window(admin)
    window.resize(1280, 720)
    window.open_area(window.area_titles().index("Users"))
    page = window.current_page()
    assert isinstance(page, UsersPage)
    return page


def _online(url: str, _ca: str | None) -> Transport:
    return transport(url)


def _usernames(page: UsersPage) -> list[str]:
    return [page.proxy.index(row, 1).data() for row in range(page.proxy.rowCount())]


def _select(page: UsersPage, username: str) -> None:
    page.table.selectRow(_usernames(page).index(username))
    selected = page.selected_user()
    assert selected is not None and selected.username == username


def _shot(page: UsersPage, name: str) -> None:
    window = page.window()
    window.resize(1280, 720)
    QApplication.processEvents()
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(SHOTS / f"acc-{name}.png"))


def test_online_the_users_are_the_servers(
    ui, open_window, admin, admin_password, enrolled_server, monkeypatch
):  # type: ignore[no-untyped-def]
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _p, _t, m: warned.append(m)))
    page = _users_page(open_window, admin)
    assert page.mode() == "offline" and page.offline_note.isVisible()
    page.ctx.central.make_transport = _online
    assert page.ctx.central.connect(page, password=admin_password), warned
    assert page.mode() == "online" and not page.offline_note.isVisible()
    assert "Connected to the server" in page.central_bar.label.text()

    def fill(dialog: UserDialog) -> None:
        ui.type_into(dialog.full_name, "Olu Officer")
        ui.type_into(dialog.username, "olu")
        ui.click(dialog.role_boxes[Role.AUTHORISED_OFFICER])
        ui.type_into(dialog.password, TEMPORARY)
        ui.type_into(dialog.confirm, TEMPORARY)
        ui.click(dialog.save_button)
        # The server says what is wrong, beside the field, and the dialog stays open.
        assert "authorisation number" in dialog.rows.error("authorisation_number")
        assert dialog.isVisible()
        ui.type_into(dialog.authorisation_number, "LET-0200")
        ui.click(dialog.save_button)

    run = ui.click_and_drive(page.add_button, UserDialog, fill)
    assert not run.left_open
    assert "olu" in _usernames(page)  # read again from the server
    assert ui.can_sign_in("olu", TEMPORARY) is False  # not on this laptop until a sync

    _select(page, "olu")

    def rename(dialog: UserDialog) -> None:
        dialog.full_name.clear()
        ui.type_into(dialog.full_name, "Olu Oduya")
        ui.click(dialog.save_button)

    assert not ui.click_and_drive(page.change_button, UserDialog, rename).left_open
    row = _usernames(page).index("olu")
    assert page.proxy.index(row, 0).data() == "Olu Oduya"

    _select(page, "olu")

    def reset(dialog: ResetPasswordDialog) -> None:
        ui.type_into(dialog.password, "short")
        ui.type_into(dialog.confirm, "short")
        ui.click(dialog.ok_button)
        assert dialog.rows.error("password")
        dialog.password.clear()
        dialog.confirm.clear()
        ui.type_into(dialog.password, "another temporary one")
        ui.type_into(dialog.confirm, "another temporary one")
        ui.click(dialog.ok_button)

    assert not ui.click_and_drive(page.reset_button, ResetPasswordDialog, reset).left_open
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    _select(page, "olu")
    ui.click(page.active_button)
    row = _usernames(page).index("olu")
    assert page.proxy.index(row, 4).data().startswith("Deactivated")
    assert page.proxy.index(row, 5).data() == "Must choose a new one at sign-in"
    _select(page, "olu")
    assert page.active_button.text() == "Re&activate"
    _shot(page, "users-online")

    # The sync brings the server's account to the laptop.
    client.sync(ui.store, admin, admin_password, transport)
    page.ctx.central.disconnect_central()
    assert page.mode() == "offline" and "olu" in _usernames(page)


def test_enrolled_but_offline_the_list_is_read_only(
    ui, open_window, admin, make_actor, store, device_id, monkeypatch
):  # type: ignore[no-untyped-def]
    make_actor(Role.ENGAGEMENT_OFFICER, username="eve")
    with store.session_factory.begin() as session:
        session.add(
            SyncState(
                id=1,
                server_url="https://hfhate.example.invalid",
                device_id=device_id,
                device_token="token",
                enrolled_at=utc_now() - timedelta(days=2),
                last_sync_at=utc_now() - timedelta(days=1),
            )
        )
    page = _users_page(open_window, admin)
    assert page.mode() == "offline"
    assert page.offline_note.isVisible() and page.offline_note.text() == OFFLINE_NOTE
    assert "Not connected to the server" in page.central_bar.label.text()
    assert page.central_bar.connect_button.isVisible()
    assert set(_usernames(page)) == {"ada", "eve"}
    _select(page, "eve")
    for button in (page.add_button, page.change_button, page.reset_button, page.active_button):
        assert not button.isEnabled()
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _p, _t, m: said.append(m)))
    page.change_user()  # a double-click on a row says why nothing opens
    assert said == [NEEDS_CONNECTION]
    _shot(page, "users-offline")


def test_stand_alone_the_accounts_are_this_laptops(ui, open_window, admin):  # type: ignore[no-untyped-def]
    page = _users_page(open_window, admin)
    assert page.mode() == "standalone" and not page.offline_note.isVisible()
    assert "stand-alone" in page.central_bar.label.text()
    assert page.add_button.isEnabled() and not page.central_bar.connect_button.isVisible()
    _shot(page, "users-standalone")

"""The sign-in dialog on an enrolled laptop (issue 19 point 1), as an officer uses it: a first
sign-in here goes to a real server, which makes a new account choose its own password (in the
dialog that then shows); with no connection the dialog says plainly that a first sign-in on
this laptop needs one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from hfhate.models import OutboxEntry, Role, SyncState, User, utc_now
from hfhate.services.central_accounts import NEEDS_CONNECTION_FIRST
from hfhate.sync.central import server_link
from hfhate.sync.online_sign_in import sign_in_online
from hfhate.sync.transport import Transport
from hfhate.ui.accounts.central_password import CentralPasswordDialog
from hfhate.ui.accounts.password_dialogs import ChangePasswordDialog
from hfhate.ui.operations import Operations
from hfhate.ui.sign_in import SignInDialog
from tests.sync.conftest import free_port, transport
from tests.ui.central_server import enrolled
from tests.ui.test_sign_in import _message
from tests.ui.test_users_central import SHOTS

TEMPORARY = "temporary pass 42"


@pytest.fixture
def enrolled_server(tmp_path, store, admin, admin_password):  # type: ignore[no-untyped-def]
    yield from enrolled(tmp_path, store, admin, admin_password)


OWN = "olly's own long password"


def _dialog(qtbot, ui, store, device_id) -> SignInDialog:  # type: ignore[no-untyped-def]
    shown = SignInDialog(Operations.on(store), device_id)
    shown.make_transport = lambda url, _ca: transport(url)
    qtbot.addWidget(shown)
    ui.show_active(shown)
    return shown


def test_a_first_sign_in_here_is_checked_by_the_server(
    qtbot, ui, store, device_id, enrolled_server, monkeypatch, ctx_for
):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HFHATE_PASSWORD", TEMPORARY)
    enrolled_server.admin(
        "users", "add", "olly", "--full-name", "Olly Officer", "--role", "engagement_officer"
    )
    dialog = _dialog(qtbot, ui, store, device_id)
    ui.type_into(dialog.username, "olly")
    ui.type_into(dialog.password, TEMPORARY)

    def choose(chooser: CentralPasswordDialog) -> None:
        ui.type_into(chooser.password, TEMPORARY)
        ui.type_into(chooser.confirm, TEMPORARY)
        ui.click(chooser.ok_button)
        assert "different" in chooser.rows.error("password")
        SHOTS.mkdir(parents=True, exist_ok=True)
        qtbot.wait(50)  # the error line laid out
        assert chooser.grab().save(str(SHOTS / "acc-choose-password.png"))
        chooser.password.clear()
        chooser.confirm.clear()
        ui.type_into(chooser.password, OWN)
        ui.type_into(chooser.confirm, OWN)
        ui.click(chooser.ok_button)

    run = ui.click_and_drive(dialog.sign_in_button, CentralPasswordDialog, choose)
    assert not run.left_open
    assert dialog.actor is not None and dialog.actor.username == "olly"
    with store.session_factory() as session:
        olly = session.scalar(select(User).where(User.username == "olly"))
        assert olly is not None and olly.central and not olly.must_change_password
    assert ui.can_sign_in("olly", OWN)  # offline from now on

    # Changing his own password later goes to the server too, so it holds on every laptop.
    ctx = ctx_for(dialog.actor)
    ctx.central.make_transport = lambda url, _ca: transport(url)
    newest = "olly's newest password"

    def change(changer: ChangePasswordDialog) -> None:
        ui.type_into(changer.current, "not his password")
        ui.type_into(changer.password, newest)
        ui.type_into(changer.confirm, newest)
        ui.click(changer.ok_button)
        assert changer.rows.error("current") == "This is not your current password."
        changer.current.clear()
        ui.type_into(changer.current, OWN)
        ui.click(changer.ok_button)

    opener = QPushButton("Change your password")
    qtbot.addWidget(opener)
    opener.clicked.connect(lambda: ChangePasswordDialog.ask(ctx))
    assert not ui.click_and_drive(opener, ChangePasswordDialog, change).left_open
    assert ui.can_sign_in("olly", newest) and not ui.can_sign_in("olly", OWN)
    with store.session_factory() as session:  # nothing to push: the server has it already
        assert session.scalar(select(OutboxEntry).where(OutboxEntry.record_id == olly.id)) is None
    link = ctx.read(server_link)
    connection, me = sign_in_online(link, "olly", newest, lambda url, _ca: transport(url))
    connection.close()
    assert not me.account.must_change_password


@pytest.mark.parametrize("known", [False, True])
def test_without_a_connection_a_first_sign_in_says_so(
    qtbot, ui, store, device_id, make_actor, admin_password, known
):  # type: ignore[no-untyped-def]
    with store.session_factory.begin() as session:
        session.add(
            SyncState(
                id=1,
                server_url=f"http://127.0.0.1:{free_port()}",
                device_id=device_id,
                device_token="token",
                enrolled_at=utc_now() - timedelta(days=2),
                last_sync_at=utc_now() - timedelta(days=1),
            )
        )
    if known:  # a local account with a password here signs in here as ever
        make_actor(Role.ENGAGEMENT_OFFICER, username="eve")
    dialog = _dialog(qtbot, ui, store, device_id)
    dialog.make_transport = lambda url, _ca: Transport(url, timeout=1)
    ui.type_into(dialog.username, "eve" if known else "nobody-here")
    ui.type_into(dialog.password, admin_password)
    ui.click(dialog.sign_in_button)
    if known:
        assert dialog.actor is not None
    else:
        assert dialog.actor is None and _message(dialog) == NEEDS_CONNECTION_FIRST
        SHOTS.mkdir(parents=True, exist_ok=True)
        qtbot.wait(50)
        assert dialog.grab().save(str(SHOTS / "acc-sign-in-needs-connection.png"))

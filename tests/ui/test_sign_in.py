"""Signing in: right and wrong passwords, empty fields, keyboard only, and the audit trail."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel
from sqlalchemy import select

from hfhate.models import AuditEvent, Role
from hfhate.services import accounts
from hfhate.ui.operations import Operations
from hfhate.ui.sign_in import SignInDialog


@pytest.fixture
def dialog(qtbot, ui, store, device_id, admin) -> SignInDialog:  # type: ignore[no-untyped-def]
    shown = SignInDialog(Operations.on(store), device_id)
    qtbot.addWidget(shown)
    ui.show_active(shown)
    return shown


def _message(dialog: SignInDialog) -> str:
    label = dialog.findChild(QLabel, "sign_in_message")
    assert label is not None
    return label.text() if label.isVisibleTo(dialog) else ""


def _sign_in_events(store) -> list[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    with store.session_factory() as session:
        events = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action.in_(("sign_in", "sign_in_failed")))
            .order_by(AuditEvent.seq)
        ).all()
        return [(e.action, e.username) for e in events]


def test_right_password_signs_in_with_the_users_roles(qtbot, ui, dialog, admin_password):
    ui.type_into(dialog.username, "ada")
    ui.type_into(dialog.password, admin_password)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        ui.click(dialog.sign_in_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor is not None
    assert dialog.actor.username == "ada"
    assert dialog.actor.full_name == "Ada Admin"
    assert dialog.actor.roles == {Role.ADMINISTRATOR}


def test_username_is_accepted_in_capitals_and_with_spaces(qtbot, ui, dialog, admin_password):
    ui.type_into(dialog.username, " ADA ")
    ui.type_into(dialog.password, admin_password)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        ui.click(dialog.sign_in_button)
    assert dialog.actor is not None and dialog.actor.username == "ada"


def test_wrong_password_shows_the_generic_message_and_clears_the_password(
    ui, dialog, store, admin_password
):
    ui.type_into(dialog.username, "ada")
    ui.type_into(dialog.password, admin_password + "x")
    ui.click(dialog.sign_in_button)

    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.actor is None
    assert _message(dialog) == accounts.SIGN_IN_FAILED
    assert dialog.password.text() == ""
    assert dialog.username.text() == "ada"
    assert dialog.password.hasFocus()


def test_unknown_user_gets_the_same_message_as_a_wrong_password(ui, dialog, admin_password):
    ui.type_into(dialog.username, "nobody")
    ui.type_into(dialog.password, admin_password)
    ui.click(dialog.sign_in_button)
    assert _message(dialog) == accounts.SIGN_IN_FAILED
    assert dialog.isVisible()


@pytest.mark.parametrize(("username", "password"), [("", ""), ("ada", ""), ("  ", "secret pass")])
def test_empty_fields_ask_for_both_without_an_attempt(ui, dialog, store, username, password):
    ui.type_into(dialog.username, username)
    ui.type_into(dialog.password, password)
    ui.click(dialog.sign_in_button)
    assert _message(dialog) == "Enter your username and password."
    assert dialog.isVisible()
    assert dialog.password.text() == ""
    assert _sign_in_events(store) == []  # nothing was tried, so nothing is audited
    expected_focus = dialog.password if username.strip() else dialog.username
    assert expected_focus.hasFocus()


def test_keyboard_only_username_tab_password_enter_signs_in(qtbot, dialog, admin_password):
    assert dialog.username.hasFocus()
    qtbot.keyClicks(QApplication.focusWidget(), "ada")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.password.hasFocus()
    qtbot.keyClicks(QApplication.focusWidget(), admin_password)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert dialog.actor is not None and dialog.actor.username == "ada"


def test_tab_order_is_username_password_sign_in(qtbot, dialog):
    order = [QApplication.focusWidget()]
    for _ in range(2):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order == [dialog.username, dialog.password, dialog.sign_in_button]


def test_both_attempts_are_in_the_audit_trail(qtbot, ui, dialog, store, admin_password):
    ui.type_into(dialog.username, "ada")
    ui.type_into(dialog.password, "not the password")
    ui.click(dialog.sign_in_button)
    assert _sign_in_events(store) == [("sign_in_failed", "ada")]

    ui.type_into(dialog.password, admin_password)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        ui.click(dialog.sign_in_button)
    assert _sign_in_events(store) == [("sign_in_failed", "ada"), ("sign_in", "ada")]


def test_a_deactivated_user_cannot_sign_in(ui, dialog, store, admin, make_actor, admin_password):
    officer = make_actor(Role.ENGAGEMENT_OFFICER, username="eve")
    with store.session_factory.begin() as session:
        accounts.set_active(session, admin, officer.user_id, active=False)
    ui.type_into(dialog.username, "eve")
    ui.type_into(dialog.password, admin_password)
    ui.click(dialog.sign_in_button)
    assert _message(dialog) == accounts.SIGN_IN_FAILED
    assert dialog.actor is None


def test_quit_rejects_without_an_actor(qtbot, dialog):
    quit_button = next(
        b for b in dialog.findChildren(type(dialog.sign_in_button)) if b.text() == "Quit"
    )
    with qtbot.waitSignal(dialog.rejected, timeout=2000):
        qtbot.mouseClick(quit_button, Qt.MouseButton.LeftButton)
    assert dialog.actor is None

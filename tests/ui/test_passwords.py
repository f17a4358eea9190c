"""Password dialogs: an administrator's reset, the forced change that follows, and a free change."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog

from hfhate.models import Role
from hfhate.services import accounts
from hfhate.ui.accounts.password_dialogs import ChangePasswordDialog, ResetPasswordDialog

TEMPORARY = "temporary shed key"
CHOSEN = "my own quiet garden"


@pytest.fixture
def reset_user(qtbot, ui, ctx_for, admin, make_actor, store, device_id):  # type: ignore[no-untyped-def]
    """Eve, after an administrator reset her password to TEMPORARY and she signed in with it."""
    eve = make_actor(Role.ENGAGEMENT_OFFICER, username="eve")
    dialog = ResetPasswordDialog(ctx_for(admin), eve.user_id, "Eve Person")
    qtbot.addWidget(dialog)
    ui.show_active(dialog)
    ui.type_into(dialog.password, TEMPORARY)
    ui.type_into(dialog.confirm, TEMPORARY)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        ui.click(dialog.ok_button)
    with store.session_factory.begin() as session:
        actor = accounts.attempt_sign_in(session, device_id, "eve", TEMPORARY)
        assert actor is not None
        assert accounts.must_change_password(session, actor)
    return actor


@pytest.fixture
def forced(qtbot, ui, ctx_for, reset_user) -> ChangePasswordDialog:  # type: ignore[no-untyped-def]
    dialog = ChangePasswordDialog(ctx_for(reset_user), forced=True)
    qtbot.addWidget(dialog)
    ui.show_active(dialog)
    return dialog


def _fill(ui, dialog, current: str, password: str, confirm: str) -> None:  # type: ignore[no-untyped-def]
    ui.type_into(dialog.current, current)
    ui.type_into(dialog.password, password)
    ui.type_into(dialog.confirm, confirm)


def test_forced_change_offers_sign_out_instead_of_cancel(forced):
    assert forced.cancel_button.text() == "Sign out"
    assert forced.cancel_button.accessibleName() == "Sign out"
    assert forced.current.hasFocus()


def test_wrong_current_password_is_refused_beside_current_password(ui, forced):
    _fill(ui, forced, "not my password", CHOSEN, CHOSEN)
    ui.click(forced.ok_button)
    assert forced.isVisible()
    assert ui.shown_error(forced, "current") == "This is not your current password."
    assert ui.shown_error(forced, "password") == ""
    assert ui.user("eve").must_change_password
    assert ui.can_sign_in("eve", TEMPORARY)
    assert not ui.can_sign_in("eve", CHOSEN)


def test_keeping_the_temporary_password_is_refused(ui, forced):
    _fill(ui, forced, TEMPORARY, TEMPORARY, TEMPORARY)
    ui.click(forced.ok_button)
    assert ui.shown_error(forced, "password") == (
        "Choose a password different from the current one."
    )
    assert ui.shown_error(forced, "current") == ""
    assert ui.user("eve").must_change_password


def test_right_current_password_changes_it_and_clears_the_flag(qtbot, ui, forced):
    _fill(ui, forced, "wrong", CHOSEN, CHOSEN)
    ui.click(forced.ok_button)
    assert ui.shown_error(forced, "current")

    ui.type_into(forced.current, TEMPORARY)
    with qtbot.waitSignal(forced.accepted, timeout=5000):
        ui.click(forced.ok_button)
    assert forced.result() == QDialog.DialogCode.Accepted
    assert not ui.user("eve").must_change_password
    assert ui.can_sign_in("eve", CHOSEN)
    assert not ui.can_sign_in("eve", TEMPORARY)


def test_sign_out_rejects_and_keeps_the_flag(qtbot, ui, forced):
    with qtbot.waitSignal(forced.rejected, timeout=2000):
        ui.click(forced.cancel_button)
    assert ui.user("eve").must_change_password


def test_reset_refuses_a_short_password(qtbot, ui, ctx_for, admin, make_actor, admin_password):
    eve = make_actor(Role.ENGAGEMENT_OFFICER, username="eve")
    dialog = ResetPasswordDialog(ctx_for(admin), eve.user_id, "Eve Person")
    qtbot.addWidget(dialog)
    ui.show_active(dialog)
    assert dialog.password.hasFocus()
    ui.type_into(dialog.password, "short")
    ui.type_into(dialog.confirm, "short")
    ui.click(dialog.ok_button)
    assert ui.shown_error(dialog, "password") == "Use at least 8 characters."
    assert dialog.isVisible()
    assert ui.can_sign_in("eve", admin_password)  # unchanged


def test_change_my_password_from_the_account_menu(ui, open_window, make_actor, admin_password):
    window = open_window(make_actor(Role.SUPERVISOR, username="sue"))
    action = next(a for a in window.findChildren(QAction) if a.text() == "&Change my password…")

    def change(dialog: ChangePasswordDialog) -> None:
        assert dialog.cancel_button.text() != "Sign out"
        _fill(ui, dialog, admin_password, CHOSEN, CHOSEN)
        ui.click(dialog.ok_button)

    run = ui.drive_modal(ChangePasswordDialog, change)
    action.trigger()
    run.check()
    assert not run.left_open
    assert window.statusBar().currentMessage() == "Your password was changed."
    assert ui.can_sign_in("sue", CHOSEN)

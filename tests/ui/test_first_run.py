"""First run: the first-administrator dialog on an empty store, driven through its fields."""

from __future__ import annotations

from conftest import shown_error, type_into, user_row
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from hfhate.models import Role
from hfhate.services import accounts
from hfhate.ui.accounts.first_admin import FirstAdministratorDialog

GOOD_PASSWORD = "river walk at dawn"


def _dialog(qtbot, store, device_id) -> FirstAdministratorDialog:  # type: ignore[no-untyped-def]
    with store.session_factory.begin() as session:
        assert accounts.needs_first_administrator(session)
    dialog = FirstAdministratorDialog(store.session_factory, device_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _fill(qtbot, dialog, name: str, username: str, password: str, confirm: str) -> None:  # type: ignore[no-untyped-def]
    type_into(qtbot, dialog.full_name, name)
    type_into(qtbot, dialog.username, username)
    type_into(qtbot, dialog.password, password)
    type_into(qtbot, dialog.confirm, confirm)


def test_create_with_empty_fields_shows_each_message_beside_its_field(qtbot, store, device_id):
    dialog = _dialog(qtbot, store, device_id)
    for key in ("full_name", "username", "password", "confirm"):
        assert shown_error(dialog, key) == ""

    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert shown_error(dialog, "full_name") == "Enter the person's full name."
    assert shown_error(dialog, "username") == "Enter a username."
    assert shown_error(dialog, "password") == "Enter a password."
    assert shown_error(dialog, "confirm") == ""  # no confirm message until the password is fine
    assert dialog.full_name.hasFocus() or not dialog.isActiveWindow()
    assert dialog.full_name.accessibleDescription() == "Enter the person's full name."
    with store.session_factory.begin() as session:
        assert accounts.needs_first_administrator(session)


def test_mismatched_passwords_show_the_confirm_message_only(qtbot, store, device_id):
    dialog = _dialog(qtbot, store, device_id)
    _fill(qtbot, dialog, "Ada Admin", "ada", GOOD_PASSWORD, GOOD_PASSWORD + "!")

    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert shown_error(dialog, "confirm") == "The two passwords do not match."
    for key in ("full_name", "username", "password"):
        assert shown_error(dialog, key) == "", key
    assert user_row(store.session_factory, "ada") is None


def test_fixing_the_errors_then_creating_accepts_and_stores_an_administrator(
    qtbot, store, device_id
):
    dialog = _dialog(qtbot, store, device_id)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert shown_error(dialog, "full_name")

    _fill(qtbot, dialog, "  Ada Admin ", "Ada", GOOD_PASSWORD, GOOD_PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.isVisible()
    user = user_row(store.session_factory, "ada")
    assert user is not None
    assert user.full_name == "Ada Admin"
    assert user.role_set == {Role.ADMINISTRATOR}
    assert user.active and not user.must_change_password
    with store.session_factory.begin() as session:
        assert not accounts.needs_first_administrator(session)
        assert accounts.attempt_sign_in(session, device_id, "ada", GOOD_PASSWORD) is not None


def test_enter_in_the_last_field_creates_the_administrator(qtbot, store, device_id):
    dialog = _dialog(qtbot, store, device_id)
    _fill(qtbot, dialog, "Ada Admin", "ada", GOOD_PASSWORD, GOOD_PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
    assert user_row(store.session_factory, "ada") is not None


def test_a_weak_password_is_refused_beside_the_password_field(qtbot, store, device_id):
    dialog = _dialog(qtbot, store, device_id)
    _fill(qtbot, dialog, "Ada Admin", "ada", "short", "short")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert shown_error(dialog, "password") == "Use at least 8 characters."
    assert dialog.isVisible()
    assert user_row(store.session_factory, "ada") is None

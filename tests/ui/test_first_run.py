"""First run: the first-administrator dialog on an empty store, driven through its fields."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from hfhate.models import Role
from hfhate.services import accounts
from hfhate.ui.accounts.first_admin import FirstAdministratorDialog
from hfhate.ui.operations import Operations

GOOD_PASSWORD = "river walk at dawn"


@pytest.fixture
def dialog(qtbot, ui, store, device_id) -> FirstAdministratorDialog:  # type: ignore[no-untyped-def]
    with store.session_factory.begin() as session:
        assert accounts.needs_first_administrator(session)
    shown = FirstAdministratorDialog(Operations.on(store), device_id)
    qtbot.addWidget(shown)
    ui.show_active(shown)
    return shown


def _fill(ui, dialog, name: str, username: str, password: str, confirm: str) -> None:  # type: ignore[no-untyped-def]
    ui.type_into(dialog.full_name, name)
    ui.type_into(dialog.username, username)
    ui.type_into(dialog.password, password)
    ui.type_into(dialog.confirm, confirm)


def test_create_with_empty_fields_shows_each_message_beside_its_field(ui, dialog, store):
    for key in ("full_name", "username", "password", "confirm"):
        assert ui.shown_error(dialog, key) == ""

    ui.click(dialog.create_button)

    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert ui.shown_error(dialog, "full_name") == "Enter the person's full name."
    assert ui.shown_error(dialog, "username") == "Enter a username."
    assert ui.shown_error(dialog, "password") == "Enter a password."
    assert ui.shown_error(dialog, "confirm") == ""  # no confirm message until the password is fine
    assert dialog.full_name.hasFocus()
    assert dialog.full_name.accessibleDescription() == "Enter the person's full name."
    with store.session_factory.begin() as session:
        assert accounts.needs_first_administrator(session)


def test_mismatched_passwords_show_the_confirm_message_only(ui, dialog):
    _fill(ui, dialog, "Ada Admin", "ada", GOOD_PASSWORD, GOOD_PASSWORD + "!")

    ui.click(dialog.create_button)

    assert dialog.isVisible()
    assert ui.shown_error(dialog, "confirm") == "The two passwords do not match."
    for key in ("full_name", "username", "password"):
        assert ui.shown_error(dialog, key) == "", key
    assert ui.user("ada") is None


def test_fixing_the_errors_then_creating_accepts_and_stores_an_administrator(
    qtbot, ui, dialog, store, device_id
):
    ui.click(dialog.create_button)
    assert ui.shown_error(dialog, "full_name")

    _fill(ui, dialog, "  Ada Admin ", "Ada", GOOD_PASSWORD, GOOD_PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        ui.click(dialog.create_button)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.isVisible()
    user = ui.user("ada")
    assert user is not None
    assert user.full_name == "Ada Admin"
    assert user.role_set == {Role.ADMINISTRATOR}
    assert user.active and not user.must_change_password
    with store.session_factory.begin() as session:
        assert not accounts.needs_first_administrator(session)
        assert accounts.attempt_sign_in(session, device_id, "ada", GOOD_PASSWORD) is not None


def test_enter_in_the_last_field_creates_the_administrator(qtbot, ui, dialog):
    _fill(ui, dialog, "Ada Admin", "ada", GOOD_PASSWORD, GOOD_PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
    assert ui.user("ada") is not None


def test_a_weak_password_is_refused_beside_the_password_field(ui, dialog):
    _fill(ui, dialog, "Ada Admin", "ada", "short", "short")
    ui.click(dialog.create_button)
    assert ui.shown_error(dialog, "password") == "Use at least 8 characters."
    assert dialog.isVisible()
    assert ui.user("ada") is None

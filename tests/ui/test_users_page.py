"""User administration in the Users area of a real main window, with the real modal dialogs."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from hfhate.models import Role
from hfhate.ui.accounts.password_dialogs import ResetPasswordDialog
from hfhate.ui.accounts.user_dialog import UserDialog
from hfhate.ui.accounts.users_page import UsersPage

NEW_PASSWORD = "temporary shed key"
STATUS, PASSWORD = 4, 5


@pytest.fixture
def page(ui, open_window, admin) -> UsersPage:  # type: ignore[no-untyped-def]
    window = open_window(admin)
    window.open_area(window.area_titles().index("Users"))
    users_page = window.current_page()
    assert isinstance(users_page, UsersPage)
    return users_page


def _row(page: UsersPage, username: str) -> int:
    for row in range(page.proxy.rowCount()):
        if page.proxy.index(row, 1).data() == username:
            return row
    raise AssertionError(f"{username} is not in the users table")


def _cell(page: UsersPage, username: str, column: int) -> str:
    return page.proxy.index(_row(page, username), column).data()


def _select(ui, page: UsersPage, username: str) -> None:  # type: ignore[no-untyped-def]
    index = page.proxy.index(_row(page, username), 0)
    page.table.scrollTo(index)
    ui.qtbot.mouseClick(
        page.table.viewport(), Qt.MouseButton.LeftButton, pos=page.table.visualRect(index).center()
    )
    selected = page.selected_user()
    assert selected is not None and selected.username == username


def _add_officer(ui, page: UsersPage, username: str = "olu") -> None:  # type: ignore[no-untyped-def]
    def fill(dialog: UserDialog) -> None:
        ui.type_into(dialog.full_name, "Olu Officer")
        ui.type_into(dialog.username, username)
        ui.click(dialog.role_boxes[Role.AUTHORISED_OFFICER])
        ui.type_into(dialog.authorisation_number, "LET-0200")
        ui.type_into(dialog.password, NEW_PASSWORD)
        ui.type_into(dialog.confirm, NEW_PASSWORD)
        ui.click(dialog.save_button)

    run = ui.click_and_drive(page.add_button, UserDialog, fill)
    assert not run.left_open, "the user dialog stayed open"


def test_adding_a_user_through_the_dialog_shows_errors_then_adds_them(ui, page):
    assert page.proxy.rowCount() == 1  # only the administrator

    def fill(dialog: UserDialog) -> None:
        assert not dialog.authorisation_number.isEnabled()
        ui.type_into(dialog.full_name, "Olu Officer")
        ui.type_into(dialog.username, "ada")  # taken by the administrator
        ui.click(dialog.role_boxes[Role.AUTHORISED_OFFICER])
        assert dialog.authorisation_number.isEnabled()
        ui.click(dialog.role_boxes[Role.SUPERVISOR])
        ui.type_into(dialog.password, NEW_PASSWORD)
        ui.type_into(dialog.confirm, NEW_PASSWORD)
        ui.click(dialog.save_button)

        assert dialog.isVisible()
        assert ui.shown_error(dialog, "username") == (
            "That username is already taken. Choose another."
        )
        assert ui.shown_error(dialog, "authorisation_number") == (
            "Authorised officers need their authorisation number."
        )
        assert ui.shown_error(dialog, "full_name") == ""
        assert ui.shown_error(dialog, "roles") == ""
        assert dialog.username.hasFocus()
        ui.shot(dialog, "user-dialog-errors")

        ui.type_into(dialog.username, "olu")
        ui.type_into(dialog.authorisation_number, "LET-0200")
        ui.click(dialog.save_button)

    run = ui.click_and_drive(page.add_button, UserDialog, fill)
    assert not run.left_open, "the user dialog stayed open after a valid entry"

    assert page.proxy.rowCount() == 2
    assert _cell(page, "olu", 0) == "Olu Officer"
    assert _cell(page, "olu", 2) == "authorised officer, supervisor"
    assert _cell(page, "olu", 3) == "LET-0200"
    assert _cell(page, "olu", STATUS) == "Active"
    assert _cell(page, "olu", PASSWORD) == "Must choose a new one at sign-in"
    user = ui.user("olu")
    assert user is not None and user.must_change_password
    assert user.role_set == {Role.AUTHORISED_OFFICER, Role.SUPERVISOR}
    assert ui.can_sign_in("olu", NEW_PASSWORD)


def test_unticking_authorised_officer_disables_the_number_and_needs_no_number(ui, page):
    def fill(dialog: UserDialog) -> None:
        officer = dialog.role_boxes[Role.AUTHORISED_OFFICER]
        ui.click(officer)
        assert dialog.authorisation_number.isEnabled()
        ui.click(officer)
        assert not dialog.authorisation_number.isEnabled()
        ui.click(dialog.save_button)  # nothing filled in yet
        assert ui.shown_error(dialog, "roles") == "Choose at least one role."
        assert ui.shown_error(dialog, "authorisation_number") == ""
        ui.type_into(dialog.full_name, "Erin Engage")
        ui.type_into(dialog.username, "erin")
        ui.click(dialog.role_boxes[Role.ENGAGEMENT_OFFICER])
        ui.type_into(dialog.password, NEW_PASSWORD)
        ui.type_into(dialog.confirm, NEW_PASSWORD)
        ui.click(dialog.save_button)

    assert not ui.click_and_drive(page.add_button, UserDialog, fill).left_open
    assert _cell(page, "erin", 2) == "engagement officer"
    assert _cell(page, "erin", 3) == ""


def test_cancelling_the_dialog_adds_nobody(ui, page):
    def cancel(dialog: UserDialog) -> None:
        ui.type_into(dialog.full_name, "Never Added")
        ui.type_into(dialog.username, "never")
        dialog.reject()

    ui.click_and_drive(page.add_button, UserDialog, cancel)
    assert ui.user("never") is None
    assert page.proxy.rowCount() == 1


def test_search_box_filters_the_table(ui, page):
    _add_officer(ui, page)
    ui.type_into(page.search, "LET-02")
    assert page.proxy.rowCount() == 1
    assert _cell(page, "olu", 0) == "Olu Officer"
    ui.type_into(page.search, "")
    assert page.proxy.rowCount() == 2


def test_reset_password_sets_a_temporary_password(ui, page, store, admin, make_actor):
    make_actor(Role.SUPERVISOR, username="sam")
    page.refresh()
    _select(ui, page, "sam")
    assert page.reset_button.isEnabled()

    def reset(dialog: ResetPasswordDialog) -> None:
        ui.type_into(dialog.password, NEW_PASSWORD)
        ui.type_into(dialog.confirm, "something else")
        ui.click(dialog.ok_button)
        assert ui.shown_error(dialog, "confirm") == "The two passwords do not match."
        ui.type_into(dialog.confirm, NEW_PASSWORD)
        ui.click(dialog.ok_button)

    assert not ui.click_and_drive(page.reset_button, ResetPasswordDialog, reset).left_open
    assert _cell(page, "sam", PASSWORD) == "Must choose a new one at sign-in"
    assert ui.user("sam").must_change_password
    assert ui.can_sign_in("sam", NEW_PASSWORD)


def test_deactivate_and_reactivate(ui, page, monkeypatch, make_actor, admin_password):
    make_actor(Role.ENGAGEMENT_OFFICER, username="eve")
    page.refresh()
    answers: list[str] = []

    def confirm(_parent, title, _text, *_args, **_kwargs):  # type: ignore[no-untyped-def]
        answers.append(title)
        return (
            QMessageBox.StandardButton.No if len(answers) == 1 else QMessageBox.StandardButton.Yes
        )

    monkeypatch.setattr(QMessageBox, "question", staticmethod(confirm))
    _select(ui, page, "eve")
    assert page.active_button.text() == "&Deactivate"

    ui.click(page.active_button)  # answered No
    assert _cell(page, "eve", STATUS) == "Active"
    ui.click(page.active_button)  # answered Yes
    assert answers == ["Deactivate user", "Deactivate user"]
    assert _cell(page, "eve", STATUS).startswith("Deactivated ")
    assert page.selected_user() is not None and page.selected_user().username == "eve"
    assert page.active_button.text() == "Re&activate"
    assert not ui.can_sign_in("eve", admin_password)

    ui.click(page.active_button)  # reactivating asks nothing
    assert len(answers) == 2
    assert _cell(page, "eve", STATUS) == "Active"
    assert ui.can_sign_in("eve", admin_password)


def test_an_administrator_cannot_deactivate_themselves(ui, page, monkeypatch):
    warnings: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    )
    monkeypatch.setattr(
        QMessageBox,
        "warning",
        staticmethod(lambda _p, _title, text, *_a, **_k: warnings.append(text)),
    )
    _select(ui, page, "ada")
    ui.click(page.active_button)
    assert warnings == ["You cannot deactivate your own account."]
    assert _cell(page, "ada", STATUS) == "Active"


def test_changing_a_user_keeps_the_username_and_saves_roles(ui, page, make_actor):
    make_actor(Role.ENGAGEMENT_OFFICER, username="eve")
    page.refresh()
    _select(ui, page, "eve")

    def change(dialog: UserDialog) -> None:
        assert dialog.username.isReadOnly() and dialog.username.text() == "eve"
        assert dialog.role_boxes[Role.ENGAGEMENT_OFFICER].isChecked()
        ui.click(dialog.role_boxes[Role.SUPERVISOR])
        ui.type_into(dialog.full_name, "Eve Evans")
        ui.click(dialog.save_button)

    assert not ui.click_and_drive(page.change_button, UserDialog, change).left_open
    assert _cell(page, "eve", 0) == "Eve Evans"
    assert _cell(page, "eve", 2) == "engagement officer, supervisor"

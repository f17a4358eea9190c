"""Accessibility and legibility of each screen: names for assistive technology, buddy labels,
and no control drawn narrower than its text.

Qt's own parts of composite widgets (table headers and corner buttons, a line edit's clear
button) are named by Qt's accessibility layer, so only the screens' own controls are checked
(tests/fixtures/screens.py).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QWidget

from hfhate.models import Role
from hfhate.ui.accounts.first_admin import FirstAdministratorDialog
from hfhate.ui.accounts.password_dialogs import ChangePasswordDialog, ResetPasswordDialog
from hfhate.ui.accounts.user_dialog import UserDialog
from hfhate.ui.operations import Operations
from hfhate.ui.sign_in import SignInDialog
from tests.fixtures.screens import own_controls, screen_problems


def check_screen(root: QWidget) -> None:
    """Assert every control is named, every field is named as its visible label (a label's own
    buddy label aside), and no button is narrower than its text."""
    assert own_controls(root), "nothing to check"
    assert screen_problems(root, label_buddies=False) == []


@pytest.fixture
def show(qtbot, ui) -> Callable[[QWidget], QWidget]:  # type: ignore[no-untyped-def]
    def show_(widget: QWidget) -> QWidget:
        qtbot.addWidget(widget)
        ui.show_active(widget)
        return widget

    return show_


@pytest.mark.parametrize("demo", [False, True])
def test_sign_in_dialog(show, store, device_id, admin, demo):
    dialog = show(SignInDialog(Operations.on(store), device_id, demo=demo))
    check_screen(dialog)
    assert dialog.password.accessibleName() == "Password"


def test_first_administrator_dialog(show, store, device_id):
    dialog = show(FirstAdministratorDialog(Operations.on(store), device_id))
    check_screen(dialog)
    assert dialog.confirm.accessibleName() == "Confirm password"


def test_user_dialog_adding(show, ui, ctx_for, admin):
    dialog = show(UserDialog(ctx_for(admin)))
    check_screen(dialog)
    assert {b.accessibleName() for b in dialog.role_boxes.values()} == {
        "Authorised officer",
        "Engagement officer",
        "Supervisor",
        "Administrator",
    }
    ui.click(dialog.save_button)  # with its error messages showing
    assert ui.shown_error(dialog, "full_name")
    check_screen(dialog)
    assert dialog.full_name.accessibleDescription() == "Enter the person's full name."


def test_user_dialog_changing(show, ctx_for, admin, make_actor, ui):
    make_actor(Role.AUTHORISED_OFFICER, username="tom")
    dialog = show(UserDialog(ctx_for(admin), ui.user("tom")))
    check_screen(dialog)
    assert dialog.authorisation_number.isEnabled()


def test_password_dialogs(show, ctx_for, admin):
    check_screen(show(ChangePasswordDialog(ctx_for(admin))))
    check_screen(show(ChangePasswordDialog(ctx_for(admin), forced=True)))
    check_screen(show(ResetPasswordDialog(ctx_for(admin), admin.user_id, "Ada Admin")))


@pytest.mark.parametrize(
    "roles", [{Role.ADMINISTRATOR}, {Role.SUPERVISOR}, {Role.AUTHORISED_OFFICER}]
)
def test_main_window_every_page(open_window, make_actor, roles):
    window = open_window(make_actor(*roles))
    for index, title in enumerate(window.area_titles()):
        window.open_area(index)
        assert window.navigation.currentItem().text() == title
        check_screen(window)


def test_error_messages_are_drawn_in_red(show, ui, store, device_id):
    dialog = show(FirstAdministratorDialog(Operations.on(store), device_id))
    ui.click(dialog.create_button)
    label = ui.error_label(dialog, "full_name")
    image = label.grab().toImage()
    colours = {
        image.pixelColor(x, y).getRgb()[:3]
        for x in range(image.width())
        for y in range(image.height())
    }
    assert any(r > 120 and r > 2 * g and r > 2 * b for r, g, b in colours), (
        "the error message is not drawn in red"
    )

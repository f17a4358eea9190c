"""Issue 12 point 15: the username hint states the rule the check applies.

The rule allows dots, hyphens and underscores; the hint under the field and the message when
the rule is broken both say so, in the same words, in the user dialog and on first start.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from hfhate.models import Role
from hfhate.services.account_rules import USERNAME_PATTERN, UserInput, check_user
from hfhate.ui.accounts.user_dialog import UserDialog
from tests.ui.conftest import _app_style, ctx_for, open_window, ready, ui  # noqa: F401


def _hint_under(dialog: UserDialog) -> str:
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    [hint] = [text for text in texts if "e.g. jsmith" in text]
    return hint


def test_the_hint_and_the_message_state_the_rule(ctx_for, admin, ui, qtbot) -> None:  # noqa: F811
    dialog = UserDialog(ctx_for(admin))
    qtbot.addWidget(dialog)
    hint = _hint_under(dialog)
    for allowed in ("dots (.)", "hyphens (-)", "underscores (_)", "digits", "lower-case"):
        assert allowed in hint
    for username in ("j.smith", "j-smith", "j_smith2"):
        assert USERNAME_PATTERN.match(username)
    message = check_user(UserInput("Jo Smith", "-jsmith", (Role.SUPERVISOR.value,)))["username"]
    assert "2 to 64 characters: lower-case letters, digits, dots (.)" in message
    assert message.removeprefix("A username is ").rstrip(".") in hint

    ui.show_active(dialog)
    ui.type_into(dialog.full_name, "Jo Smith")
    ui.type_into(dialog.username, "-jsmith")
    ui.click(dialog.role_boxes[Role.SUPERVISOR])
    ui.type_into(dialog.password, "temporary shed key")
    ui.type_into(dialog.confirm, "temporary shed key")
    ui.click(dialog.save_button)
    assert ui.shown_error(dialog, "username") == message
    ui.shot(dialog, "p15-username")

"""Issue 12 point 13: names hold letters, not emoji.

Letters of every script the printing font can print, accents, apostrophes (' and ’), hyphens,
spaces and dots stand; emoji, symbols and control characters are refused with a message that
names them, for a recipient's name (laptop and server: the shared rules) and for a user's
full name (the account rules the server runs on pushed accounts, and the dialog as it is
typed).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from hfhate.models import Role
from hfhate.records.checking import CheckedRecord
from hfhate.records.checks import check_user_record
from hfhate.services.account_rules import UserInput, check_user
from hfhate.services.actor import Actor
from hfhate.services.notices.rules import check_notice
from hfhate.services.notices.settings import NoticeSettings, default_settings
from hfhate.ui.accounts.user_dialog import UserDialog
from tests.fixtures.notices import notice_entry
from tests.ui.conftest import _app_style, ctx_for, open_window, ready, ui  # noqa: F401
from tests.ui.notices.form.conftest import officer, officer_form  # noqa: F401

NOW = datetime(2025, 3, 12, 14, 30, tzinfo=UTC)
GOOD_NAMES = [
    "Zoë Łukasiewicz-O'Brien",
    "Siobhán O’Neill",
    "Ελένη Παπαδοπούλου",
    "Дмитрий Иванов",
    "J. R. Hartley",
]
BAD_NAMES = [
    ("Kevin 😀 Example", "Names cannot contain emoji or symbols: 😀"),
    ("Kevin ♥ Example", "Names cannot contain emoji or symbols: ♥"),
    ("Kevin\x07 Example", "Names cannot contain invisible or control characters: U+0007"),
]


def _name_problem(name: str) -> str:
    entry = notice_entry(NOW, recipient_name=name)
    return check_notice(entry, default_settings(), NOW).get("recipient_name", "")


@pytest.mark.parametrize("name", GOOD_NAMES)
def test_names_in_every_printable_script_stand(name: str) -> None:
    assert _name_problem(name) == ""
    assert check_user(UserInput(full_name=name, roles=("supervisor",))) == {}


@pytest.mark.parametrize(("name", "message"), BAD_NAMES)
def test_emoji_symbols_and_control_characters_are_refused_by_name(name: str, message: str) -> None:
    assert _name_problem(name) == message
    assert check_user(UserInput(full_name=name, roles=("supervisor",))) == {"full_name": message}


class ShippedSettings:
    """The shipped notice settings, whatever the day (an account's check needs none)."""

    def notice_settings(self, on: datetime) -> NoticeSettings:
        return default_settings()


def test_the_server_refuses_an_account_pushed_with_an_emoji_name() -> None:
    admin = Actor(uuid.uuid4(), "ada", "Ada Admin", frozenset({Role.ADMINISTRATOR}), uuid.uuid4())
    record = CheckedRecord(
        operation="update",
        values={"full_name": "Ada 😀", "roles": ["supervisor"], "authorisation_number": ""},
        changed=frozenset({"full_name"}),
        actor=admin,
        settings=ShippedSettings(),
        now=NOW,
    )
    assert check_user_record(record) == {"full_name": "Names cannot contain emoji or symbols: 😀"}


def test_the_form_and_the_user_dialog_refuse_an_emoji_as_it_is_typed(
    officer_form,  # noqa: F811
    ctx_for,  # noqa: F811
    admin,
    ui,  # noqa: F811
    qtbot,
) -> None:
    form = officer_form.form
    officer_form.fill_notice()
    form.recipient.name.setFocus()
    form.recipient.name.insert(" 😀")  # as an emoji picker types it
    assert officer_form.message("recipient_name") == "Names cannot contain emoji or symbols: 😀"
    assert not form.issue_button.isEnabled()

    dialog = UserDialog(ctx_for(admin))
    qtbot.addWidget(dialog)
    ui.show_active(dialog)
    ui.type_into(dialog.full_name, "Ada Admin")
    dialog.full_name.insert("😀")
    assert ui.shown_error(dialog, "full_name") == "Names cannot contain emoji or symbols: 😀"
    ui.shot(dialog, "p13-user-dialog-emoji")

"""Issue 12 point 12 (entry side): nothing typed is ever cut silently.

A 300-character name pasted into the notice form or the user dialog is kept whole, counted
("300 of 200 characters: 100 too many.") and refused beside its field; the limits are the
model columns' (String(n), or a Text column's ``info`` max_length), which the server's wire
schema holds pushed records to as well.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtGui import QGuiApplication

from hfhate.models import FixedPenaltyNotice
from hfhate.records.registry import record_type
from hfhate.records.wire import wire_problems
from hfhate.services.notices.rules import check_notice
from hfhate.services.notices.settings import default_settings
from hfhate.ui.accounts.user_dialog import UserDialog
from hfhate.ui.context import UiContext
from tests.fixtures.notices import notice_entry
from tests.ui.conftest import _app_style, ctx_for, open_window, ready, ui  # noqa: F401
from tests.ui.notices.form.conftest import officer, officer_form  # noqa: F401

NOW = datetime(2025, 3, 12, 14, 30, tzinfo=UTC)
LONG_NAME = "Bartholomew " * 25  # 300 characters


def _paste(field, text: str, qtbot) -> None:  # type: ignore[no-untyped-def]
    field.setFocus()
    field.selectAll()
    QGuiApplication.clipboard().setText(text)
    field.paste()


def test_every_typed_text_of_a_notice_has_a_limit_the_server_holds_too() -> None:
    notices = record_type("notices")
    assert notices is not None
    for name in ("circumstances", "recipient_address", "recipient_description"):
        limit = FixedPenaltyNotice.__table__.columns[name].info.get("max_length")
        assert limit, f"{name} has no limit"
        assert wire_problems(notices, {name: "a" * (limit + 1)}), name
        assert not wire_problems(notices, {name: "a" * limit}), name
    entry = notice_entry(NOW, recipient_address="12 Sample Road " * 20)
    problems = check_notice(entry, default_settings(), NOW)
    assert problems["recipient_address"].startswith("Use at most 200 characters: this has 300.")


def test_a_pasted_300_character_name_is_kept_counted_and_refused_in_the_form(
    officer_form,  # noqa: F811
    qtbot,
) -> None:
    form = officer_form.form
    officer_form.fill_notice()
    _paste(form.recipient.name, LONG_NAME, qtbot)
    assert form.recipient.name.text() == LONG_NAME  # nothing dropped
    counter = form.findChild(type(form.what.count), "recipient_name_count")
    assert counter is not None and counter.isVisibleTo(form)
    assert counter.text() == "300 of 200 characters: 100 too many."
    # Shown at once, before the officer leaves the field.
    assert officer_form.message("recipient_name").startswith(
        "Use at most 200 characters: this has 300."
    )
    assert not form.issue_button.isEnabled()
    officer_form.shot("p12-long-name")


def test_a_pasted_300_character_full_name_in_the_user_dialog_is_kept_and_refused(
    ctx_for,  # noqa: F811
    admin,
    ui,  # noqa: F811
    qtbot,
) -> None:
    ctx: UiContext = ctx_for(admin)
    dialog = UserDialog(ctx)
    qtbot.addWidget(dialog)
    ui.show_active(dialog)
    _paste(dialog.full_name, LONG_NAME, qtbot)
    assert dialog.full_name.text() == LONG_NAME
    counter = dialog.findChild(type(dialog.rows.labels["full_name"]), "full_name_count")
    assert counter is not None and counter.text() == "300 of 200 characters: 100 too many."
    assert ui.shown_error(dialog, "full_name").startswith("Use at most 200 characters")
    ui.shot(dialog, "p12-user-dialog")

"""The Laptop area: the administrator sets this laptop's device code, which notice numbers
carry; 0 and 1000 are refused; once a notice is numbered the code cannot change."""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt

from hfhate.models import Role
from hfhate.services.device import this_device
from hfhate.services.notices.issuing import issue_notice
from hfhate.ui.laptop_page import LaptopPage
from tests.fixtures.notices import notice_entry


@pytest.fixture
def laptop(ui, open_window, admin) -> LaptopPage:  # type: ignore[no-untyped-def]
    window = open_window(admin)
    window.resize(1280, 800)
    window.open_area(window.area_titles().index("Laptop"))
    page = window.current_page()
    assert isinstance(page, LaptopPage)
    return page


def _stored_code(store) -> tuple[int | None, int]:  # type: ignore[no-untyped-def]
    with store.session_factory.begin() as session:
        device = this_device(session)
        return device.code, device.last_notice_sequence


def _set(ui, page: LaptopPage, text: str) -> None:  # type: ignore[no-untyped-def]
    ui.type_into(page.code, text)
    ui.qtbot.keyClick(page.code, Qt.Key.Key_Return)


def test_the_page_names_the_laptop_and_says_it_cannot_number_notices_yet(laptop):
    assert laptop.name.text() == socket.gethostname()[:200]
    assert laptop.code.text() == "" and not laptop.code.isReadOnly()
    assert laptop.numbered.text() == (
        "None yet. This laptop cannot issue notices until it has a code (warnings can still "
        "be recorded)."
    )


@pytest.mark.parametrize("typed", ["0", "1000", ""])
def test_codes_outside_1_to_999_are_refused_beside_the_field(ui, laptop, store, typed):
    _set(ui, laptop, typed)
    assert ui.shown_error(laptop, "code") == "Use a number from 1 to 999."
    assert _stored_code(store) == (None, 0)
    assert laptop.outcome.isHidden()


def test_letters_cannot_be_typed_into_the_code(ui, laptop):
    ui.type_into(laptop.code, "4a2b")
    assert laptop.code.text() == "42"


def test_setting_a_code_shows_the_first_number_and_tells_other_screens(ui, laptop, store, qtbot):
    with qtbot.waitSignal(
        laptop.ctx.changes.changed, check_params_cb=lambda changes: changes.touches("device")
    ):
        _set(ui, laptop, "42")
    assert _stored_code(store) == (42, 0)
    assert laptop.outcome.text() == "This laptop's device code is now 042."
    assert ui.shown_error(laptop, "code") == ""
    assert laptop.code.text() == "042"
    assert laptop.numbered.text() == "None yet. The first will be HF-042-000001-8."
    _set(ui, laptop, "7")  # it may still change: nothing is numbered yet
    assert _stored_code(store) == (7, 0)
    if os.environ.get("HFHATE_UI_SHOTS"):
        ui.shot(laptop.window(), "laptop")


def test_once_a_notice_is_numbered_the_code_is_locked(ui, laptop, store, make_actor):
    _set(ui, laptop, "42")
    officer = make_actor(Role.AUTHORISED_OFFICER, username="olu")
    with store.session_factory.begin() as session:
        notice = issue_notice(session, officer, notice_entry(datetime.now(UTC)))
        number = notice.number
    laptop.refresh()
    assert laptop.code.isReadOnly() and not laptop.save_button.isEnabled()
    assert laptop.numbered.text() == (
        f"1 notice, the last {number}. The code 042 can no longer change."
    )
    ui.type_into(laptop.code, "43")
    assert laptop.code.text() == "042"
    assert _stored_code(store) == (42, 1)

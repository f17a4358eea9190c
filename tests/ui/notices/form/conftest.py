"""Fixtures for the notice form and drafts: an officer, a supervisor, a numbered laptop, and a
driver that fills the form as an officer would (typing, tabbing, choosing, ticking).

The driver is reached through the ``officer_form`` fixture (tests use importlib import mode).
Screenshots are saved when HFHATE_UI_SHOTS names a folder.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QWidget,
)
from sqlalchemy import select

from hfhate.models import FixedPenaltyNotice, NoticeDraft, Role
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.device import set_device_code
from hfhate.ui.main_window import MainWindow
from hfhate.ui.notices.form.page import NoticeForm
from hfhate.ui.notices.new_notice_page import NewNoticePage
from tests.fixtures import screens

CIRCUMSTANCES = (
    "At 14:00 I saw the recipient follow a woman along King Street for about fifty metres, "
    "shouting sexual comments at her while she asked him to stop and walked faster."
)
LAPTOP_SIZE = (1280, 800)


class FormDriver:
    """Drives a NoticeForm with the keyboard and mouse, and reads what it shows."""

    def __init__(self, ui: Any, window: MainWindow, page: NewNoticePage) -> None:
        self.ui = ui
        self.qtbot = ui.qtbot
        self.window = window
        self.page = page

    @property
    def form(self) -> NoticeForm:
        return self.page.form

    def reveal(self, widget: QWidget) -> None:
        self.form.scroll_area.ensureWidgetVisible(widget)

    def type(self, field: QLineEdit | QPlainTextEdit, text: str) -> None:
        """Select what is in the field and type over it."""
        self.reveal(field)
        self.ui.type_into(field, text)

    def leave(self, field: QWidget) -> None:
        """Tab out of the field, as an officer moving on."""
        field.setFocus()
        self.qtbot.keyClick(field, Qt.Key.Key_Tab)

    def choose(self, combo: QComboBox, text: str) -> None:
        """Type the entry's first letter into the drop-down, then arrow down to it."""
        self.reveal(combo)
        assert combo.findText(text) >= 0, f"{text!r} is not a choice"
        combo.setFocus()
        self.qtbot.keyClicks(combo, text[0])
        for _step in range(combo.count()):
            if combo.currentText() == text:
                break
            self.qtbot.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentText() == text

    def tick(self, box: QAbstractButton) -> None:
        """Click a check box or radio button on its indicator, where an officer clicks."""
        self.reveal(box)
        option = QStyleOptionButton()
        option.initFrom(box)
        element = (
            QStyle.SubElement.SE_RadioButtonIndicator
            if isinstance(box, QRadioButton)
            else QStyle.SubElement.SE_CheckBoxIndicator
        )
        spot = box.style().subElementRect(element, option, box).center()
        self.qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=spot)

    def type_date(self, edit: QDateTimeEdit, digits: str) -> None:
        """Type a date (and time) as digits from the first section; Qt moves on by itself."""
        self.reveal(edit)
        edit.setFocus()
        edit.setSelectedSection(QDateTimeEdit.Section.DaySection)
        self.qtbot.keyClicks(edit, digits)

    def settle(self) -> None:
        """Wait for the check that runs a moment after the officer's last change."""
        self.qtbot.waitUntil(lambda: not self.form.checking, timeout=3000)

    def message(self, key: str) -> str:
        self.settle()
        return self.form.rows.shown(key)

    def fill_notice(self, *, name: str = "Kevin Example") -> None:
        """A notice that can stand, typed in from an empty form (time left at now)."""
        form = self.form
        self.type(form.when.place, "King Street, outside Lyric Square")
        self.type(form.when.postcode, "w6 9ju")
        self.choose(form.when.ward, "Ravenscourt")
        self.choose(form.what.prohibition, "Unwanted sexualised comments")
        self.tick(form.what.hostilities["misogyny"])
        self.type(form.what.circumstances, CIRCUMSTANCES)
        self.fill_recipient(name=name)

    def fill_recipient(self, *, name: str = "Kevin Example", born: str = "17051990") -> None:
        recipient = self.form.recipient
        self.choose(recipient.identity_method, "Identity document seen")
        self.choose(recipient.identity_document, "Driving licence")
        self.type(recipient.name, name)
        self.tick(recipient.date_of_birth_known)
        self.type_date(recipient.date_of_birth, born)
        self.type(recipient.address, "12 Sample Road, London")
        self.type(recipient.postcode, "W12 8QQ")
        self.type(recipient.description, "Tall, grey hooded top, black trainers")
        self.type(self.form.evidence.body_worn_video, "BWV-0312-01")

    def wait_ready(self) -> None:
        self.settle()
        assert self.form.errors == {}, self.form.errors
        assert self.form.issue_button.isEnabled()

    def shot(self, name: str, *, full: bool = False) -> None:
        """The window at laptop size; with ``full``, the whole form content at full height."""
        if not os.environ.get("HFHATE_UI_SHOTS"):
            return
        self.qtbot.wait(50)  # let the layout take in messages that just appeared
        self.ui.shot(self.window, name)
        if full:
            content = self.form.scroll_area.widget()
            old_size = content.size()
            content.resize(content.width(), content.sizeHint().height())
            self.qtbot.wait(50)
            self.ui.shot(content, f"{name}-full")
            content.resize(old_size)


@pytest.fixture
def officer(make_actor: Callable[..., Actor]) -> Actor:
    return make_actor(Role.AUTHORISED_OFFICER, username="olu")


@pytest.fixture
def supervisor(make_actor: Callable[..., Actor]) -> Actor:
    return make_actor(Role.SUPERVISOR, username="sue")


@pytest.fixture
def numbered_laptop(store: Store, admin: Actor) -> int:
    """This laptop has device code 42, set by the administrator."""
    with store.session_factory.begin() as session:
        set_device_code(session, admin, 42)
    return 42


@pytest.fixture
def officer_form(ui, open_window, officer: Actor) -> FormDriver:  # type: ignore[no-untyped-def]
    """The New notice area of the officer's main window, at a laptop's size."""
    window = open_window(officer)
    window.resize(*LAPTOP_SIZE)
    window.open_area(window.area_titles().index("New notice"))
    page = window.current_page()
    assert isinstance(page, NewNoticePage)
    return FormDriver(ui, window, page)


@pytest.fixture
def stored_notices(store: Store) -> Callable[[], list[FixedPenaltyNotice]]:
    """Every warning and notice in the store, oldest first, read fresh."""

    def read() -> list[FixedPenaltyNotice]:
        with store.session_factory() as session:
            found = list(
                session.scalars(select(FixedPenaltyNotice).order_by(FixedPenaltyNotice.created_at))
            )
            session.expunge_all()
            return found

    return read


@pytest.fixture
def stored_drafts(store: Store) -> Callable[[], list[NoticeDraft]]:
    def read() -> list[NoticeDraft]:
        with store.session_factory() as session:
            found = list(session.scalars(select(NoticeDraft)))
            session.expunge_all()
            return found

    return read


@pytest.fixture
def screen_problems() -> Callable[[QWidget], list[str]]:
    """What stops a screen being used with assistive technology or at larger fonts: visible
    controls without an accessible name, fields not named as their label reads, and buttons
    drawn narrower than their text."""
    kinds = (*screens.CONTROLS, QComboBox, QPlainTextEdit, QAbstractSpinBox)
    return functools.partial(screens.screen_problems, kinds=kinds)

"""Fixtures for the notice screens, built on a real store through the services.

Lists, detail and lifecycle (``desk``): a laptop with device code 42, two authorised officers
and a supervisor, and helpers that issue notices and warnings as if given ``days_ago`` days
ago, so dates that matter (10-day reduced period, 14 days without proceedings) are real.
Tests use ``--import-mode=importlib``, so helpers are reached through fixtures, not imports.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from hfhate.models import FixedPenaltyNotice, Role, utc_now
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.device import set_device_code
from hfhate.services.notices import issuing as notices
from hfhate.services.notices import lifecycle
from hfhate.services.notices.evidence import StoredPhoto
from hfhate.ui.main_window import MainWindow
from tests.fixtures.notices import notice_entry, numbered_name
from tests.fixtures.screens import screen_problems


class NoticeDesk:
    """The people and the notices of a test, made through the services."""

    def __init__(
        self, store: Store, officer: Actor, other_officer: Actor, supervisor: Actor
    ) -> None:
        self.store = store
        self.officer = officer
        self.other_officer = other_officer
        self.supervisor = supervisor

    def issue(
        self,
        actor: Actor | None = None,
        *,
        days_ago: float = 0,
        warning: bool = False,
        photos: Sequence[StoredPhoto] = (),
        **overrides: Any,
    ) -> FixedPenaltyNotice:
        """Issue a notice (or record a warning) as if ``days_ago`` days ago."""
        moment = utc_now() - timedelta(days=days_ago)
        operation = notices.record_warning if warning else notices.issue_notice
        with self.store.session_factory.begin() as session:
            return operation(
                session,
                actor or self.officer,
                notice_entry(moment, **overrides),
                now=moment,
                photos=photos,
            )

    def issue_many(self, count: int, actor: Actor | None = None) -> None:
        """``count`` notices in one transaction, an hour apart, newest first."""
        start = utc_now()
        with self.store.session_factory.begin() as session:
            for number in range(count):
                moment = start - timedelta(hours=number)
                notices.issue_notice(
                    session,
                    actor or self.officer,
                    notice_entry(moment, recipient_name=numbered_name(number)),
                    now=moment,
                )

    def act(self, notice: FixedPenaltyNotice, action: lifecycle.Action, **kwargs: Any) -> None:
        with self.store.session_factory.begin() as session:
            lifecycle.apply_action(session, self.supervisor, notice.id, action, **kwargs)

    def notice(self, notice: FixedPenaltyNotice) -> FixedPenaltyNotice:
        """The notice as stored now."""
        with self.store.session_factory.begin() as session:
            return notices.visible_notice(session, self.supervisor, notice.id)


@pytest.fixture
def desk(store: Store, admin: Actor, make_actor: Callable[..., Actor]) -> NoticeDesk:
    with store.session_factory.begin() as session:
        set_device_code(session, admin, 42)
    return NoticeDesk(
        store,
        make_actor(Role.AUTHORISED_OFFICER, username="olu"),
        make_actor(Role.AUTHORISED_OFFICER, username="sam"),
        make_actor(Role.SUPERVISOR, username="sue"),
    )


@pytest.fixture
def area() -> Callable[[MainWindow, str], Any]:
    """Open an area of a main window by clicking its navigation entry; returns its page."""

    def open_(window: MainWindow, title: str) -> Any:
        window.open_area(window.area_titles().index(title))
        return window.current_page()

    return open_


@pytest.fixture
def open_detail(open_window, area, qtbot):  # type: ignore[no-untyped-def]
    """Sign in as ``actor``, open the list, select ``notice``'s row and press Enter."""

    def open_(actor: Actor, notice: FixedPenaltyNotice, title: str = "Notices") -> Any:
        page = area(open_window(actor), title)
        row = next(r for r in range(page.model.rowCount()) if page.model.notice_id(r) == notice.id)
        page.table.setFocus()
        page.table.setCurrentIndex(page.model.index(row, 0))
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
        assert page.stack.currentWidget() is page.detail
        return page.detail

    return open_


@pytest.fixture
def unnamed_controls() -> Callable[[QWidget], list[str]]:
    """Controls of a screen (its own, visible) that have no accessible name, and buddy
    labels whose field is not named as the label reads."""
    return functools.partial(screen_problems, clipped_buttons=False)

"""Fixtures for the engagement screens: officers, a school and a partner, sessions recorded
through the services (or thousands inserted at once for paging), and a driver that chooses,
ticks and types dates the way an officer does with the keyboard.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from datetime import date, time, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateTimeEdit,
    QListWidget,
    QWidget,
)
from sqlalchemy import insert

from hfhate.models import EngagementSession, Organisation, utc_now
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.engagement import sessions as engagement
from hfhate.services.engagement.rules import london_today
from hfhate.ui.context import UiContext
from tests.fixtures.engagement import assembly, grace, jordan, lillie_road, met_police, priya  # noqa: F401
from tests.fixtures.screens import CONTROLS, QT_PARTS_IN, own_controls, screen_problems

SCHOOL_CHOICE = "Lillie Road Primary School (primary school, Reception to Year 6)"


@pytest.fixture
def officer_ctx(ctx_for, officer) -> UiContext:  # type: ignore[no-untyped-def]
    return ctx_for(officer)


@pytest.fixture
def days_ago() -> Callable[[int], date]:
    return lambda n: london_today() - timedelta(days=n)


@pytest.fixture
def record(store: Store, officer: Actor, school: Organisation) -> Callable[..., Any]:
    """Record a school session through the services, with any field replaced."""
    base = assembly(
        school,
        officer,
        session_date=london_today() - timedelta(days=5),
        categories=("race",),
        topics=("reporting",),
        materials="Assembly slides",
    )

    def make(*, actor: Actor | None = None, **changes: Any) -> EngagementSession:
        with store.session_factory.begin() as session:
            return engagement.record_session(
                session, actor or officer, dataclasses.replace(base, **changes)
            )

    return make


@pytest.fixture
def bulk_sessions(store: Store, officer: Actor) -> Callable[[int], None]:
    """Insert ``n`` bare community sessions at once (no audit), one a day going back."""

    def insert_(n: int) -> None:
        now, today = utc_now(), london_today()
        rows = [
            {
                "id": uuid.uuid4(),
                "created_at": now,
                "updated_at": now,
                "version": 1,
                "created_by_id": officer.user_id,
                "created_on_device_id": officer.device_id,
                "session_type": "community_event",
                "title": f"Forum {i}",
                "specialised_topic": "",
                "session_date": today - timedelta(days=i),
                "start_time": time(18),
                "end_time": time(19),
                "venue": "Town Hall",
                "ward": "Grove",
                "year_groups": [],
                "audience": "residents",
                "attendees": i % 40,
                "attendee_breakdown": {},
                "facilitator_ids": [str(officer.user_id)],
                "partner_ids": [],
                "categories": [],
                "topics": [],
                "materials": "",
                "notes": "",
                "feedback": "",
            }
            for i in range(n)
        ]
        with store.session_factory.begin() as session:
            session.execute(insert(EngagementSession), rows)

    return insert_


class Driver:
    """Chooses, ticks and types dates and times with the keyboard, as an officer would."""

    def __init__(self, qtbot: Any) -> None:
        self.qtbot = qtbot

    def choose(self, combo: QComboBox, label: str) -> None:
        """Open a drop-down and click the entry called ``label``."""
        row = combo.findText(label, Qt.MatchFlag.MatchExactly)
        assert row >= 0, f"{label!r} is not in {combo.accessibleName()}"
        combo.setFocus()
        combo.showPopup()
        view = combo.view()
        self.qtbot.waitUntil(view.isVisible, timeout=2000)
        index = view.model().index(row, 0)
        view.scrollTo(index)
        self.qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
        )
        self.qtbot.waitUntil(lambda: not view.isVisible(), timeout=2000)
        assert combo.currentText() == label, f"{combo.accessibleName()}: {combo.currentText()}"

    def tick(self, listing: QListWidget, label: str) -> None:
        """Move to an entry of a tick list and press Space."""
        found = listing.findItems(label, Qt.MatchFlag.MatchExactly)
        assert found, f"{label!r} is not in {listing.accessibleName()}"
        listing.setFocus()
        listing.setCurrentItem(found[0])
        self.qtbot.keyClick(listing, Qt.Key.Key_Space)

    def click_box(self, box: QAbstractButton) -> None:
        """Click a tick box on its box (a stretched tick box is wider than what is clickable)."""
        middle = box.height() // 2
        self.qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(middle, middle))

    def type_date(self, field: QDateTimeEdit, day: date) -> None:
        """Tab into the day and type the digits, as the date box moves on by itself."""
        field.setFocus()
        field.setSelectedSection(QDateTimeEdit.Section.DaySection)
        self.qtbot.keyClicks(field, day.strftime("%d%m%Y"))

    def type_time(self, field: QDateTimeEdit, hh_mm: str) -> None:
        field.setFocus()
        field.setSelectedSection(QDateTimeEdit.Section.HourSection)
        self.qtbot.keyClicks(field, hh_mm.replace(":", ""))


@pytest.fixture
def driver(qtbot) -> Driver:  # type: ignore[no-untyped-def]
    return Driver(qtbot)


def _check_screen(root: QWidget) -> None:
    """Every visible control named (combo boxes too, not the editor inside one), every labelled
    field named as its label (a label's own buddy label aside), no clipped button."""
    kinds, qt_parts_in = (*CONTROLS, QComboBox), (*QT_PARTS_IN, QComboBox)
    assert own_controls(root, kinds, qt_parts_in), "nothing to check"
    problems = screen_problems(root, kinds=kinds, qt_parts_in=qt_parts_in, label_buddies=False)
    assert problems == []


@pytest.fixture
def check_screen() -> Callable[[QWidget], None]:
    return _check_screen

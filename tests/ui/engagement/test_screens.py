"""The engagement screens on the demo data, as the demo engagement officer sees them.

With $HFHATE_UI_SHOTS set, each screen is saved there as a PNG for people to look at
(session-form, session-form-errors, sessions-list, engagement-start).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from hfhate.app import build_main_window
from hfhate.config import Paths
from hfhate.models import EngagementSession, User
from hfhate.services.actor import Actor
from hfhate.startup import prepare_store
from hfhate.ui.engagement.session_form import SessionForm


@pytest.fixture
def demo_window(qtbot, ui, tmp_path: Path):  # type: ignore[no-untyped-def]
    ready = prepare_store(Paths(tmp_path / "demo"), demo=True)
    with ready.store.session_factory() as session:
        user = session.scalar(select(User).where(User.username == "engagement"))
        actor = Actor.of(user, ready.device_id)
        sessions = session.scalar(select(func.count()).select_from(EngagementSession))
    window = build_main_window(ready, actor)
    qtbot.addWidget(window)
    window.resize(1280, 860)
    ui.show_active(window)
    yield window, sessions
    window.close()
    ready.store.close()


def test_start_page_and_sessions_list(ui, demo_window):
    window, sessions = demo_window
    start = window.current_page()
    assert start.overdue.list.count() >= 2
    assert start.overdue.summary.text().startswith(f"{start.overdue.list.count()} of your ")
    ui.shot(window, "engagement-start")
    window.open_area(window.area_titles().index("Sessions"))
    page = window.current_page()
    assert page.count_label.text() == f"{sessions} sessions found"
    assert page.model.rowCount() == min(sessions, 200)
    ui.shot(window, "sessions-list")


def test_session_form_with_and_without_messages(qtbot, ui, driver, demo_window):
    window, _sessions = demo_window
    form = SessionForm(window.ctx, parent=window)
    qtbot.addWidget(form)
    ui.show_active(form)
    form.resize(1000, 900)
    f = form.fields
    driver.choose(f.session_type, "School education programme")
    ui.type_into(f.title, "Year 6 hate crime awareness")
    ui.type_into(f.venue, "School hall")
    driver.choose(f.ward, "Coningham")
    driver.choose(
        f.organisation, "Coningham Road Primary School (primary school, Reception to Year 6)"
    )
    driver.tick(f.year_groups, "Year 6")
    qtbot.wait(50)
    ui.shot(form, "session-form")
    ui.type_into(f.attendees, "28")
    ui.type_into(f.breakdown["pupils"], "25")
    driver.type_time(f.end_time, "08:30")
    ui.click(form.save_button)
    qtbot.wait(50)  # the form grows to make room for the messages
    form.scroll_area.verticalScrollBar().setValue(0)
    assert ui.shown_error(form, "audience") == "Choose who the session was for."
    assert ui.shown_error(form, "breakdown").startswith("The breakdown adds up to 25, but 28")
    assert ui.shown_error(form, "end_time").startswith("The session must end after it starts")
    ui.shot(form, "session-form-errors")
    form.reject()

"""Trend alerts on the dashboard: none on quiet data, one on a clear rise, and its buttons
open the notices of that category and the recording of a specialised training session."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hfhate.clock import london_date
from hfhate.models import Role, utc_now
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.reports.trends import windows
from hfhate.ui.engagement.session_form import SessionForm
from hfhate.ui.main_window import MainWindow
from hfhate.ui.reports.dashboard_page import DashboardPage
from tests.fixtures.report_rows import Rows


def add_transphobic(store: Store, by: Actor, count: int, *, recent: bool) -> None:
    """``count`` transphobic notices in the recent window, or spread over the baseline."""
    recent_period, baseline = windows(london_date(utc_now()), 3, 12)
    with store.session_factory.begin() as session:
        add = Rows(session, by)
        for number in range(count):
            if recent:
                day = recent_period.first + timedelta(days=number % recent_period.days)
            else:
                day = baseline.first + timedelta(days=(number * 37) % baseline.days)
            at = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
            add.notice(at, hostilities=("transphobic",), ward="Grove")


def dashboard(qtbot, window: MainWindow) -> DashboardPage:  # type: ignore[no-untyped-def]
    window.open_area(window.area_titles().index("Reports"))
    page = window.current_page()
    assert isinstance(page, DashboardPage)
    qtbot.waitUntil(lambda: page.figures is not None and not page.counting(), timeout=10_000)
    return page


@pytest.fixture
def rising(store: Store, admin: Actor) -> None:
    """Four transphobic notices a year before, then fourteen in the last three months."""
    add_transphobic(store, admin, 4, recent=False)
    add_transphobic(store, admin, 14, recent=True)


def test_quiet_data_shows_no_alert_and_a_clear_rise_shows_one(
    qtbot, open_window, make_actor, store, admin
) -> None:  # type: ignore[no-untyped-def]
    add_transphobic(store, admin, 12, recent=False)
    add_transphobic(store, admin, 3, recent=True)  # what the year predicts
    page = dashboard(qtbot, open_window(make_actor(Role.SUPERVISOR, username="sunita")))
    assert not page.alerts.isVisibleTo(page)

    add_transphobic(store, admin, 14, recent=True)
    page.refresh()
    qtbot.waitUntil(lambda: not page.counting(), timeout=10_000)
    assert page.alerts.isVisibleTo(page)
    assert [a.category for a in page.alerts.alerts] == ["transphobic"]
    sentence = page.alerts.alerts[0].sentence()
    shown = [label.text() for label in page.alerts.findChildren(type(page.status))]
    assert sentence in shown
    assert "17 in the last 3 months" in sentence


def test_show_these_opens_the_notices_of_that_category_over_the_recent_months(
    ui, qtbot, open_window, make_actor, rising
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(make_actor(Role.SUPERVISOR, username="sunita"))
    page = dashboard(qtbot, window)
    alert = page.alerts.alerts[0]
    show = next(b for b in page.alerts.findChildren(type(page.report_button))
                if b.text() == "Show these")  # fmt: skip
    ui.click(show)

    assert window.area_titles()[window.stack.currentIndex()] == "Notices"
    chosen = window.current_page().filters.current()  # type: ignore[attr-defined]
    assert (chosen.hostility, chosen.date_from, chosen.date_to) == (
        "transphobic",
        alert.recent_period.first,
        alert.recent_period.last,
    )
    assert window.current_page().model.total == 14  # type: ignore[attr-defined]


def test_an_engagement_supervisor_records_specialised_training_from_the_alert(
    ui, qtbot, open_window, make_actor, rising
) -> None:  # type: ignore[no-untyped-def]
    both = make_actor(Role.SUPERVISOR, Role.ENGAGEMENT_OFFICER, username="pat")
    page = dashboard(qtbot, open_window(both))
    training = next(b for b in page.alerts.findChildren(type(page.report_button))
                    if b.text().startswith("Record a specialised training"))  # fmt: skip
    seen: list[tuple[str, str]] = []

    def look(form: SessionForm) -> None:
        seen.append((form.fields.session_type.value(), form.fields.specialised_topic.value()))

    ui.click_and_drive(training, SessionForm, look)
    assert seen == [("specialised_training", "lgbt_hate")]


def test_a_supervisor_who_records_no_sessions_sees_the_specialised_training_recorded(
    ui, qtbot, open_window, make_actor, rising
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(make_actor(Role.SUPERVISOR, username="sunita"))
    page = dashboard(qtbot, window)
    training = next(b for b in page.alerts.findChildren(type(page.report_button))
                    if b.text() == "Specialised training so far…")  # fmt: skip
    ui.click(training)
    assert window.area_titles()[window.stack.currentIndex()] == "Sessions"
    chosen = window.current_page().current_filter()  # type: ignore[attr-defined]
    assert (chosen.session_type, chosen.topic) == ("specialised_training", "lgbt_hate")

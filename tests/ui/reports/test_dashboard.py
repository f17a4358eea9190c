"""The Reports area in a real main window, as a supervisor uses it: figures that follow the
period and the ward, clicks through to filtered lists, trend alerts, the partnership report,
and who sees the area at all."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from hfhate.clock import london_date
from hfhate.models import NoticeKind, Role, utc_now
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.ops import OpChanges
from hfhate.services.reports.period import Period
from hfhate.ui.main_window import MainWindow
from hfhate.ui.reports.dashboard_page import COUNTING, Counted, DashboardPage
from hfhate.ui.reports.report_dialog import PartnershipReportDialog
from tests.fixtures.report_rows import Rows
from tests.fixtures.screens import screen_problems


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


@pytest.fixture
def today() -> date:
    return london_date(utc_now())


@pytest.fixture
def this_month(today: date) -> Period:
    return Period.month(today.year, today.month)


@pytest.fixture
def last_month(this_month: Period) -> Period:
    before = this_month.first - timedelta(days=1)
    return Period.month(before.year, before.month)


@pytest.fixture
def supervisor(make_actor) -> Actor:  # type: ignore[no-untyped-def]
    return make_actor(Role.SUPERVISOR, username="sunita")


@pytest.fixture
def handful(store: Store, admin: Actor, this_month: Period, last_month: Period) -> None:
    """This month: 3 notices (2 in Grove, 1 in Addison, one paid in full) and a warning, and a
    session; last month: 1 notice in Addison and 2 sessions."""
    with store.session_factory.begin() as session:
        add = Rows(session, admin)
        first = this_month.first
        add.notice(noon(first), ward="Grove")
        add.notice(noon(first), ward="Grove", hostilities=("transphobic",))
        add.notice(noon(first), ward="Addison", prohibition="slurs")
        add.warning(noon(first), ward="Grove")
        add.session_held(first, "school_programme", "Grove", 30)
        add.notice(noon(last_month.first), ward="Addison")
        add.session_held(last_month.first, "staff_training", "Addison", 12)
        add.session_held(last_month.first, "community_event", "Grove", 40)


def counted(qtbot, page: DashboardPage) -> DashboardPage:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not page.counting(), timeout=10_000)
    assert page.figures is not None
    return page


def open_dashboard(qtbot, window: MainWindow) -> DashboardPage:  # type: ignore[no-untyped-def]
    window.open_area(window.area_titles().index("Reports"))
    page = window.current_page()
    assert isinstance(page, DashboardPage)
    return counted(qtbot, page)


def figure(page: DashboardPage, name: str) -> str:
    return page.headline.text(name)


def test_the_figures_follow_the_period_and_the_ward(
    qtbot, open_window, supervisor, handful, this_month
) -> None:  # type: ignore[no-untyped-def]
    page = open_dashboard(qtbot, open_window(supervisor))
    assert page.period.period() == this_month  # it starts on this month
    assert figure(page, "notices_issued") == "3"
    assert figure(page, "warnings_issued") == "1"
    assert figure(page, "sessions") == "1"

    page.period.which.setCurrentIndex(1)  # last month
    assert page.status.text() == COUNTING
    counted(qtbot, page)
    assert figure(page, "notices_issued") == "1"
    assert figure(page, "sessions") == "2"
    assert figure(page, "attendees") == "52"

    page.period.which.setCurrentIndex(0)
    counted(qtbot, page)
    page.ward.setCurrentIndex(page.ward.findData("Grove"))
    counted(qtbot, page)
    assert figure(page, "notices_issued") == "2"
    assert page.figures is not None and page.figures.ward == "Grove"
    assert "Grove" in page.status.text()


def test_an_answer_to_an_older_question_is_ignored(qtbot, open_window, supervisor, handful) -> None:  # type: ignore[no-untyped-def]
    page = open_dashboard(qtbot, open_window(supervisor))
    shown = page.figures
    assert shown is not None
    older = Counted(figures=shown.__class__(**{**shown.__dict__, "ward": "Addison"}), alerts=[])
    page.counted(page.asked - 1, older)  # the period changed before it came
    assert page.figures is shown


def test_a_ward_row_opens_the_notices_of_that_ward_and_period(
    ui, qtbot, open_window, supervisor, handful, this_month
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(supervisor)
    page = open_dashboard(qtbot, window)
    panel = page.panels["by_ward"]
    ui.click(panel.toggle)
    assert panel.showing_table()
    assert panel.toggle.text() == "Show chart"
    row = next(i for i, r in enumerate(panel.breakdown) if r.key == "Addison")
    panel.table.setFocus()
    panel.table.setCurrentIndex(panel.model.index(row, 0))
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)

    notices = window.current_page()
    assert window.area_titles()[window.stack.currentIndex()] == "Notices"
    chosen = notices.filters.current()  # type: ignore[attr-defined]
    assert (chosen.ward, chosen.date_from, chosen.date_to) == (
        "Addison",
        this_month.first,
        this_month.last,
    )
    assert notices.model.total == 1  # type: ignore[attr-defined]


def test_a_bar_click_opens_the_warnings_of_that_month(
    ui, qtbot, open_window, supervisor, handful, this_month
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(supervisor)
    page = open_dashboard(qtbot, window)
    chart = page.panels["months"].chart
    point = chart.point_of(0, series=1)  # this month's warnings
    qtbot.mouseClick(chart.plot.viewport(), Qt.MouseButton.LeftButton, pos=point.toPoint())

    qtbot.waitUntil(lambda: window.area_titles()[window.stack.currentIndex()] == "Warnings")
    warnings = window.current_page()
    chosen = warnings.filters.current()  # type: ignore[attr-defined]
    assert chosen.kind is NoticeKind.WARNING
    assert (chosen.date_from, chosen.date_to) == (this_month.first, this_month.last)
    assert warnings.model.total == 1  # type: ignore[attr-defined]


def test_a_session_type_row_opens_the_sessions_of_that_type(
    ui, qtbot, open_window, supervisor, handful, last_month
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(supervisor)
    page = open_dashboard(qtbot, window)
    page.period.which.setCurrentIndex(1)
    counted(qtbot, page)
    panel = page.panels["session_types"]
    row = next(i for i, r in enumerate(panel.breakdown) if r.key == "staff_training")
    panel.table.activated.emit(panel.model.index(row, 1))

    sessions = window.current_page()
    assert window.area_titles()[window.stack.currentIndex()] == "Sessions"
    chosen = sessions.current_filter()  # type: ignore[attr-defined]
    assert (chosen.session_type, chosen.date_from, chosen.date_to) == (
        "staff_training",
        last_month.first,
        last_month.last,
    )
    assert sessions.model.total == 1  # type: ignore[attr-defined]


def test_an_officer_has_no_reports_area(open_window, make_actor) -> None:  # type: ignore[no-untyped-def]
    officer = make_actor(Role.AUTHORISED_OFFICER, username="olu")
    assert "Reports" not in open_window(officer).area_titles()
    engagement = make_actor(Role.ENGAGEMENT_OFFICER, username="enid")
    assert "Reports" not in open_window(engagement).area_titles()


def test_the_partnership_report_is_made_through_its_dialog(
    ui, qtbot, open_window, supervisor, handful, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out" / "partnership.pdf"
    out.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    page = open_dashboard(qtbot, open_window(supervisor))

    def make(dialog: PartnershipReportDialog) -> None:
        assert dialog.period.period() == page.period.period()
        ui.type_into(dialog.commentary, "Fewer notices in Grove after the school programme.")
        ui.click(dialog.make_button)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    run = ui.click_and_drive(page.report_button, PartnershipReportDialog, make)
    assert not run.left_open
    assert out.read_bytes().startswith(b"%PDF")
    assert "partnership report was saved" in page.window().statusBar().currentMessage()


def test_a_report_that_cannot_be_saved_says_why(
    ui, qtbot, open_window, supervisor, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "nowhere" / "partnership.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    page = open_dashboard(qtbot, open_window(supervisor))
    said: list[str] = []

    def make(dialog: PartnershipReportDialog) -> None:
        ui.click(dialog.make_button)
        said.append(ui.shown_error(dialog, "problem"))

    run = ui.click_and_drive(page.report_button, PartnershipReportDialog, make)
    assert run.left_open  # still open, to choose another place
    assert said == [f"There is no folder {out.parent}: choose another place."]
    assert not out.exists()


def test_the_dashboard_and_the_report_dialog_name_every_control(
    ui, qtbot, open_window, supervisor, handful, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    page = open_dashboard(qtbot, open_window(supervisor))
    page.panels["by_ward"].flip()  # a table too
    assert screen_problems(page, clipped_buttons=True) == []
    assert page.panels["by_ward"].chart.plot.accessibleName() == (
        "Chart: Warnings and notices by ward"
    )
    assert "Addison: 1 warnings and notices" in (
        page.panels["by_ward"].chart.plot.accessibleDescription()
    )
    found: list[list[str]] = []
    ui.click_and_drive(
        page.report_button,
        PartnershipReportDialog,
        lambda dialog: found.append(screen_problems(dialog, clipped_buttons=True)),
    )
    assert found == [[]]


def test_a_change_made_elsewhere_is_counted_when_the_dashboard_shows_again(
    qtbot, open_window, supervisor, handful, store, admin, this_month
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(supervisor)
    page = open_dashboard(qtbot, window)
    window.open_area(window.area_titles().index("Notices"))
    with store.session_factory.begin() as session:
        Rows(session, admin).notice(noon(this_month.first), ward="Grove")
    asked = page.asked
    window.ctx.changes.changed.emit(OpChanges({"notices": frozenset()}))
    assert page.asked == asked  # not counted while out of sight
    open_dashboard(qtbot, window)
    assert page.asked == asked + 1
    assert figure(page, "notices_issued") == "4"

"""The "Export CSV…" buttons: the notices list asks before writing personal data, the
sessions list and a dashboard table write at once, and nothing is written when the user
says no."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import func, select

from hfhate.clock import london_date
from hfhate.models import AuditEvent, Role, utc_now
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.reports.exports import PERSONAL_DATA_WARNING
from hfhate.ui.main_window import MainWindow
from tests.fixtures.report_rows import Rows


@pytest.fixture
def supervisor(make_actor) -> Actor:  # type: ignore[no-untyped-def]
    return make_actor(Role.SUPERVISOR, username="sunita")


@pytest.fixture
def records(store: Store, admin: Actor) -> None:
    """Three notices and a warning in the last days (two notices in Grove) and a session."""
    day = london_date(utc_now()) - timedelta(days=2)
    at = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    with store.session_factory.begin() as session:
        add = Rows(session, admin)
        add.notice(at, ward="Grove")
        add.notice(at, ward="Grove")
        add.notice(at, ward="Addison")
        add.warning(at, ward="Addison")
        add.session_held(day, "school_programme", "Grove", 30)


class Answers:
    """The file chooser's and the question box's answers, and what the question said."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, out: Path, yes: bool = True) -> None:
        self.out = out
        self.asked: list[str] = []
        self.chosen = 0
        answer = QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No

        def question(_parent, _title, text, *_rest):  # type: ignore[no-untyped-def]
            self.asked.append(text)
            return answer

        def choose(*_args, **_kwargs):  # type: ignore[no-untyped-def]
            self.chosen += 1
            return str(self.out), "CSV files (*.csv)"

        monkeypatch.setattr(QMessageBox, "question", question)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)


def audited(store: Store, action: str) -> int:
    with store.session_factory() as session:
        return (
            session.scalar(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)
            )
            or 0
        )


def notices_page(window: MainWindow):  # type: ignore[no-untyped-def]
    window.open_area(window.area_titles().index("Notices"))
    return window.current_page()


def test_exporting_the_notices_list_asks_first_then_writes_the_filtered_rows(
    ui, store, open_window, supervisor, records, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    answers = Answers(monkeypatch, tmp_path / "grove")
    window = open_window(supervisor)
    page = notices_page(window)
    page.filters.ward.setCurrentIndex(page.filters.ward.findData("Grove"))
    ui.click(page.export_button)

    assert answers.asked == [PERSONAL_DATA_WARNING]
    written = tmp_path / "grove.csv"  # the extension is added
    with written.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 1 + 2  # the heading and Grove's two notices
    assert "2 rows written" in window.statusBar().currentMessage()
    assert audited(store, "notices_exported") == 1


def test_saying_no_writes_nothing(
    ui, store, open_window, supervisor, records, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    answers = Answers(monkeypatch, tmp_path / "notices.csv", yes=False)
    page = notices_page(open_window(supervisor))
    ui.click(page.export_button)
    assert answers.asked == [PERSONAL_DATA_WARNING]
    assert answers.chosen == 0  # not even asked where
    assert not (tmp_path / "notices.csv").exists()
    assert audited(store, "notices_exported") == 0


def test_the_sessions_list_exports_without_a_personal_data_question(
    ui, store, open_window, supervisor, records, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    answers = Answers(monkeypatch, tmp_path / "sessions.csv")
    window = open_window(supervisor)
    window.open_area(window.area_titles().index("Sessions"))
    page = window.current_page()
    page.date_from.check.setChecked(False)  # every session, not only this school year's
    ui.click(page.export_button)
    assert answers.asked == []
    with (tmp_path / "sessions.csv").open(newline="", encoding="utf-8-sig") as handle:
        assert len(list(csv.reader(handle))) == 2
    assert audited(store, "sessions_exported") == 1


def test_a_dashboard_table_exports_its_counts(
    ui, qtbot, open_window, supervisor, records, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    answers = Answers(monkeypatch, tmp_path / "wards.csv")
    window = open_window(supervisor)
    window.open_area(window.area_titles().index("Reports"))
    page = window.current_page()
    page.period.choose("custom")  # custom dates default to this month so far
    page.period.date_from.setDate(page.period.date_from.date().addDays(-40))
    qtbot.waitUntil(lambda: not page.counting() and page.figures is not None, timeout=10_000)
    ui.click(page.panels["by_ward"].export_button)
    assert answers.asked == []
    with (tmp_path / "wards.csv").open(newline="", encoding="utf-8-sig") as handle:
        rows = {row[0]: row[1] for row in csv.reader(handle)}
    assert rows["Grove"] == "2"
    assert rows["Addison"] == "2"  # a notice and a warning
    # The monthly table keeps both its figures: notices and warnings, under their own names.
    answers.out = tmp_path / "months.csv"
    ui.click(page.panels["months"].export_button)
    with answers.out.open(newline="", encoding="utf-8-sig") as handle:
        [heading, *months] = list(csv.reader(handle))
    assert heading == ["Month", "Notices", "Warnings"]
    assert sum(int(row[1]) for row in months) == 3
    assert sum(int(row[2]) for row in months) == 1

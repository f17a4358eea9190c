"""The print queue as a supervisor uses it: find and tick notices, make one PDF in the
background, preview it page by page, save or print it, cancel a long batch, send reminders."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QAbstractItemView, QDialog
from sqlalchemy import select

from hfhate.models import FixedPenaltyNotice, NoticeEvent, NoticeStatus, utc_now
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.notices.issuing import issue_notice
from hfhate.ui.context import UiContext
from hfhate.ui.print_queue.output import render_dpi
from hfhate.ui.print_queue.queue_page import PrintQueuePage
from tests.fixtures.notices import notice_entry
from tests.fixtures.screens import own_controls, screen_problems

Issue = Callable[..., list[FixedPenaltyNotice]]
OpenQueue = Callable[[], PrintQueuePage]


@pytest.fixture
def open_queue(ui, qtbot, supervisor: Actor, ctx_for: Callable[[Actor], UiContext]) -> OpenQueue:  # type: ignore[no-untyped-def]
    """Open the print queue as the supervisor, listing notices of any status."""

    def open_() -> PrintQueuePage:
        page = PrintQueuePage(ctx_for(supervisor))
        qtbot.addWidget(page)
        page.resize(page.fontMetrics().height() * 80, page.fontMetrics().height() * 45)
        ui.show_active(page)
        page.status.setCurrentIndex(page.status.findText("Any status"))
        ui.click(page.find_button)
        return page

    return open_


def tick(ui, qtbot, page: PrintQueuePage, row: int) -> None:  # type: ignore[no-untyped-def]
    """Tick a row from the keyboard: go to its tick box and press Space."""
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(row, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Space)


def make_and_wait(ui, qtbot, page: PrintQueuePage, button) -> None:  # type: ignore[no-untyped-def]
    ui.click(button)
    qtbot.waitUntil(lambda: page.preview.page_count() > 0, timeout=30_000)


def printed(store: Store, notice: FixedPenaltyNotice) -> list[NoticeEvent]:
    with store.session_factory() as session:
        return list(
            session.scalars(
                select(NoticeEvent).where(
                    NoticeEvent.notice_id == notice.id, NoticeEvent.action == "printed"
                )
            )
        )


def test_tick_make_preview_and_save(  # type: ignore[no-untyped-def]
    ui, qtbot, store: Store, issue: Issue, save_as: Path, open_queue: OpenQueue
) -> None:
    first, second, third = issue("Anna Adams", "Ελένη Παπαδοπούλου", "Дмитрий Соколов")
    page = open_queue()
    assert [row.cells[0] for row in page.model.rows] == [first.number, second.number, third.number]
    assert not page.make_button.isEnabled()
    tick(ui, qtbot, page, 1)
    tick(ui, qtbot, page, 2)
    assert page.ticked_label.text() == "2 of 3 ticked"
    make_and_wait(ui, qtbot, page, page.make_button)
    assert page.preview.page_count() == 2
    assert page.preview.page_label.text() == "Page 1 of 2"
    assert page.message.text() == "Ready: 2 in 2 pages."
    ui.click(page.preview.next_button)
    assert page.preview.page_label.text() == "Page 2 of 2"
    assert not page.preview.next_button.isEnabled()

    ui.click(page.preview.save_button)
    text = " ".join(p.extract_text() for p in PdfReader(save_as).pages)
    assert second.number in text and "Ελένη Παπαδοπούλου" in text
    assert third.number in text and "Дмитрий Соколов" in text
    assert first.number not in text
    assert page.message.text().startswith("2 notices saved as saved.pdf.")
    assert not page.preview.save_button.isEnabled()  # make it again for another output
    assert printed(store, first) == []
    [event] = printed(store, second)
    assert (event.reason, event.by_name) == ("For posting to the recipient", "Sam Person")
    assert event.details["copy"] is False
    assert [row.cells[5] for row in page.model.rows] == [
        "No",
        "Yes (prints as COPY)",
        "Yes (prints as COPY)",
    ]


def test_print_through_the_print_dialog_at_printer_resolution(  # type: ignore[no-untyped-def]
    ui, qtbot, store: Store, issue: Issue, pdf_printer, open_queue: OpenQueue
) -> None:
    [notice] = issue("Anna Adams")
    page = open_queue()
    page.reason.setEditText("Replacement for the recipient, who lost theirs")
    ui.click(page.tick_all_button)
    make_and_wait(ui, qtbot, page, page.make_button)
    ui.click(page.preview.print_button)
    out = PdfReader(pdf_printer.path)
    assert len(out.pages) == 1
    assert [round(float(v)) for v in out.pages[0].mediabox[2:]] == [595, 842]
    [image] = out.pages[0]["/Resources"]["/XObject"].values()
    assert image.get_object()["/Width"] >= round(210 / 25.4 * 300)  # A4 at 300 dpi or more
    assert render_dpi(pdf_printer.printer) == 600  # a 1,200 dpi printer: capped at 600
    assert render_dpi(QPrinter(QPrinter.PrinterMode.ScreenResolution)) == 300
    [event] = printed(store, notice)
    assert event.reason == "Replacement for the recipient, who lost theirs"
    assert event.details["destination"].startswith("printed on ")
    assert "1 notice printed on" in page.message.text()


def test_cancel_stops_a_long_batch_and_the_window_answers(  # type: ignore[no-untyped-def]
    ui, qtbot, store: Store, issue: Issue, open_queue: OpenQueue
) -> None:
    issue(count=300)  # more than a second of writing: Cancel comes long before the end
    page = open_queue()
    ui.click(page.tick_all_button)
    assert page.ticked_label.text() == "300 of 300 ticked"
    ui.click(page.make_button)
    assert page.cancel_button.isEnabled() and page.progress.maximum() == 300
    assert not page.make_button.isEnabled()
    ui.click(page.untick_button)  # disabled while busy: nothing happens
    assert page.ticked_label.text() == "300 of 300 ticked"
    # The window keeps answering: the first progress report from the worker reaches the
    # window while it writes, and Cancel is pressed right then (not after a guessed delay).
    seen: list[tuple[int, bool]] = []

    def cancel_at_first_progress(value: int) -> None:
        if value > 0 and not seen:
            seen.append((value, page.runner.busy))
            qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)

    page.progress.valueChanged.connect(cancel_at_first_progress)
    qtbot.waitUntil(lambda: not page.runner.busy, timeout=30_000)
    assert seen and seen[0][1], "no progress was shown while the batch was being written"
    assert seen[0][0] < 300
    assert page.message.text() == "Stopped: no PDF was made."
    assert page.preview.page_count() == 0
    assert not page.cancel_button.isEnabled() and page.make_button.isEnabled()
    assert not (store.paths.data_dir / "print-previews").exists()  # PDFs stay in memory


def test_reminder_letters_from_the_queue(  # type: ignore[no-untyped-def]
    ui, qtbot, store: Store, officer: Actor, save_as: Path, open_queue: OpenQueue, monkeypatch
) -> None:
    # Issued 20 days ago: the reduced period is over and proceedings are still possible.
    issued = utc_now() - timedelta(days=20)
    with store.session_factory.begin() as session:
        notices = [
            issue_notice(session, officer, notice_entry(issued, recipient_name=name), now=issued)
            for name in ("Anna Adams", "Ben Brown")
        ]
    page = open_queue()
    ui.click(page.tick_all_button)
    ui.click(page.reminder_2_button)
    assert "Left out (2)" in page.message.text()
    assert "Not possible while the notice is 'issued'." in page.message.text()
    make_and_wait(ui, qtbot, page, page.reminder_1_button)
    assert page.preview.page_count() == 2
    # Saved is not sent: the "Record as posted" dialog asks, and is answered at once.
    monkeypatch.setattr(QDialog, "exec", lambda dialog: dialog.save_button.click() or 1)
    ui.click(page.preview.save_button)
    assert page.message.text().startswith("2 reminder letters recorded as posted on")
    with store.session_factory() as session:
        statuses = [session.get(FixedPenaltyNotice, n.id).status for n in notices]
    assert statuses == [NoticeStatus.REMINDER_1, NoticeStatus.REMINDER_1]
    assert [row.cells[2] for row in page.model.rows] == ["First reminder sent"] * 2


def test_the_print_queue_is_an_area_for_supervisors(  # type: ignore[no-untyped-def]
    open_window,
    supervisor: Actor,
    officer: Actor,
) -> None:
    window = open_window(supervisor)
    assert "Print queue" in window.area_titles()
    assert isinstance(window.page("Print queue"), PrintQueuePage)
    window.close()
    assert "Print queue" not in open_window(officer).area_titles()


def test_every_control_is_named_as_its_label(issue: Issue, open_queue: OpenQueue) -> None:
    issue("Anna Adams")
    page = open_queue()
    # The parts inside a line edit (its clear button) count here, and hidden labels too.
    qt_parts_in = (QAbstractItemView,)
    assert len(own_controls(page, qt_parts_in=qt_parts_in)) > 12
    problems = screen_problems(
        page, qt_parts_in=qt_parts_in, clipped_buttons=False, hidden_labels=True
    )
    assert problems == []
    assert page.make_button.accessibleName() == "Make PDF of ticked notices"
    assert page.preview.print_button.accessibleName() == "Print…"

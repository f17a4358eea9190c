"""The print queue: supervisors print many notices, or reminder letters, as one PDF.

Find notices by status, ward and offence dates, tick them (one by one or all), choose the
layout and the reason, and make one PDF in a worker: a progress bar shows how far it is and
Cancel stops it. The PDF is previewed page by page; Print… or Save PDF… then records every
print on the notices' timelines and in the audit trail (reminder letters also move each notice
to its reminder). To print the same notices again, make the PDF again: it is marked COPY.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hfhate.clock import london_date
from hfhate.models import NoticeStatus, utc_now
from hfhate.printing.particulars import Layout
from hfhate.services.notices import print_queue as printing
from hfhate.services.notices import queries as notice_queries
from hfhate.services.notices.lifecycle import UNPAID
from hfhate.services.notices.wording import current_wording
from hfhate.services.reference import reference
from hfhate.ui.context import UiContext
from hfhate.ui.forms import heading, read_date, set_role
from hfhate.ui.notices.filters import name_inner_editor
from hfhate.ui.print_queue.batch import Batch, BatchRunner
from hfhate.ui.print_queue.posted_dialog import PostedDialog
from hfhate.ui.print_queue.preview import PdfPreview, button
from hfhate.ui.print_queue.preview_dialog import layout_combo, reason_combo
from hfhate.ui.print_queue.queue_model import PrintQueueModel, QueueRow
from hfhate.ui.tables import fit_columns

# The list's columns that share its room: status, recipient, ward (queue_model.HEADERS).
ELASTIC_COLUMNS = (2, 3, 4)
# A batch larger than this is split by the filters (dates, ward) into several PDFs.
MAX_QUEUE = 5000
STATUS_CHOICES: tuple[tuple[str, frozenset[NoticeStatus]], ...] = (
    ("Unpaid (issued or reminded)", UNPAID),
    ("Issued", frozenset({NoticeStatus.ISSUED})),
    ("First reminder sent", frozenset({NoticeStatus.REMINDER_1})),
    ("Second reminder sent", frozenset({NoticeStatus.REMINDER_2})),
    ("Paid", frozenset({NoticeStatus.PAID})),
    ("Cancelled", frozenset({NoticeStatus.CANCELLED})),
    ("Any status", frozenset()),
)


def narrow(combo: QComboBox) -> None:
    """Let a list be narrower than its longest choice (the chosen one shows in its tooltip)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)


class PrintQueuePage(QWidget):
    """Filters and ticked list on the left, the PDF preview on the right."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = BatchRunner(ctx, self)
        self.model = PrintQueueModel(self)
        self.model.full_text_tips = True
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(heading("Print queue"))
        column.addLayout(self._filters())
        self.table = QTableView()
        self.table.setAccessibleName("Notices to print")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)  # a cut cell ends in "…" and shows in full as a tooltip
        # Status, recipient and ward share the room the table has; none is cut to nothing.
        self.columns = fit_columns(self.table, ELASTIC_COLUMNS)
        column.addWidget(self.table, 1)
        column.addLayout(self._ticks())
        column.addLayout(self._options())
        column.addLayout(self._actions())
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.cancel_button = button("Ca&ncel")
        self.cancel_button.clicked.connect(self.runner.stop)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        column.addLayout(progress_row)
        self.message = QLabel()
        self.message.setObjectName("queue_message")
        self.message.setAccessibleName("Print queue message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.message)
        self.preview = PdfPreview(self)
        # The preview beside the list; drag the handle to give either more room, or to close
        # the preview (dragging it back opens it again).
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setCollapsible(0, False)
        self.splitter.setCollapsible(1, True)
        outer = QVBoxLayout(self)
        outer.addWidget(self.splitter)

        self.model.ticked_changed.connect(self._ticked_changed)
        self.runner.progress.connect(self._progress)
        self.runner.ready.connect(self._ready)
        self.runner.stopped.connect(lambda: self._done("Stopped: no PDF was made.", "hint"))
        self.runner.failed.connect(lambda text: self._done(text, "error"))
        self.preview.output_done.connect(self._output_done)
        self.preview.output_failed.connect(lambda text: self._say(text, "error"))
        self._set_busy(False)
        self.find_notices()

    # Building ----------------------------------------------------------------------------

    def _filters(self) -> QGridLayout:
        grid = QGridLayout()
        self.status = QComboBox()
        for text, statuses in STATUS_CHOICES:
            self.status.addItem(text, statuses)
        self.ward = QComboBox()
        self.ward.addItem("Any ward", "")
        for ward in reference().wards:
            self.ward.addItem(ward, ward)
        today = london_date(utc_now())
        self.use_from, self.date_from = self._date_pair(
            "Offences &from", today - timedelta(days=30)
        )
        self.use_until, self.date_until = self._date_pair("Offences &until", today)
        for row, (text, field) in enumerate((("S&tatus", self.status), ("&Ward", self.ward))):
            label = QLabel(text)
            label.setBuddy(field)
            field.setAccessibleName(text.replace("&", ""))
            narrow(field)
            grid.addWidget(label, 0, 2 * row)
            grid.addWidget(field, 0, 2 * row + 1)
        grid.addWidget(self.use_from, 1, 0)
        grid.addWidget(self.date_from, 1, 1)
        grid.addWidget(self.use_until, 1, 2)
        grid.addWidget(self.date_until, 1, 3)
        self.find_button = button("&Find notices")
        self.find_button.clicked.connect(self.find_notices)
        grid.addWidget(self.find_button, 0, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return grid

    def _date_pair(self, text: str, initial: date) -> tuple[QCheckBox, QDateEdit]:
        check = QCheckBox(text)
        check.setAccessibleName(text.replace("&", ""))
        edit = QDateEdit(QDate(initial.year, initial.month, initial.day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd MMM yyyy")
        edit.setEnabled(False)
        name_inner_editor(edit, f"{text.replace('&', '')} date")
        check.toggled.connect(edit.setEnabled)
        return check, edit

    def _ticks(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.tick_all_button = button("Tick &all")
        self.untick_button = button("&Untick all")
        self.tick_all_button.clicked.connect(lambda: self.model.tick_all(True))
        self.untick_button.clicked.connect(lambda: self.model.tick_all(False))
        self.ticked_label = QLabel()
        self.ticked_label.setAccessibleName("Ticked")
        row.addWidget(self.tick_all_button)
        row.addWidget(self.untick_button)
        row.addWidget(self.ticked_label, 1)
        return row

    def _options(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.layout_choice = layout_combo(Layout.A4)
        self.reason = reason_combo()
        self.reason.setCurrentIndex(1)  # for posting to the recipient
        for text, field in (("&Layout", self.layout_choice), ("&Reason", self.reason)):
            label = QLabel(text)
            label.setBuddy(field)
            name_inner_editor(field, text.replace("&", ""))
            narrow(field)
            row.addWidget(label)
            row.addWidget(field, 1)
        return row

    def _actions(self) -> QVBoxLayout:
        """The notices on one line, the letters on the next (the list keeps its width)."""
        rows = QVBoxLayout()
        self.make_button = button("&Make PDF of ticked notices")
        self.reminder_1_button = button("First reminder &letters")
        self.reminder_2_button = button("Second reminder l&etters")
        self.make_button.clicked.connect(self.make_notices)
        self.reminder_1_button.clicked.connect(lambda: self.make_letters(1))
        self.reminder_2_button.clicked.connect(lambda: self.make_letters(2))
        # Printed letters are sent only once recorded as posted (``posted_dialog``).
        self.posted_button = button("Record as &posted…")
        self.posted_button.clicked.connect(self.record_posted)
        self.posted_button.setEnabled(False)
        letters = (self.reminder_1_button, self.reminder_2_button, self.posted_button)
        for widgets in ((self.make_button,), letters):
            row = QHBoxLayout()
            for widget in widgets:
                row.addWidget(widget)
            row.addStretch(1)
            rows.addLayout(row)
        return rows

    # Finding and ticking -------------------------------------------------------------------

    def current_filter(self) -> notice_queries.NoticeFilter:
        return notice_queries.NoticeFilter(
            statuses=self.status.currentData() or frozenset(),
            ward=self.ward.currentData() or "",
            date_from=read_date(self.date_from) if self.use_from.isChecked() else None,
            date_to=read_date(self.date_until) if self.use_until.isChecked() else None,
        )

    def find_notices(self) -> None:
        """List the notices matching the filters (numbered ones, oldest offence first)."""
        flt = self.current_filter()
        found, printed = self.ctx.read(
            lambda session: printing.numbered_notices(session, self.ctx.actor, flt, MAX_QUEUE)
        )
        self.model.show_rows([QueueRow.of(n, n.id in printed) for n in found])
        more = " (the first 5,000: narrow the filters)" if len(found) >= MAX_QUEUE else ""
        self._say(f"{len(found)} notice{'s' if len(found) != 1 else ''} found{more}.", "hint")

    def _ticked_changed(self, count: int) -> None:
        self.ticked_label.setText(f"{count} of {self.model.rowCount()} ticked")
        self._set_busy(self.runner.busy)

    # Making the PDF ------------------------------------------------------------------------

    def make_notices(self) -> None:
        ids = self.model.ticked_ids()
        done = self.ctx.run(
            lambda session: (
                printing.prepare_notice_prints(session, self.ctx.actor, ids),
                current_wording(session),
            ),
            show_error=lambda problem: self._say(problem, "error"),
        )
        if done is None:
            return
        prints, wording = done.value
        layout = Layout(self.layout_choice.currentData())
        self._start(Batch(wording, notices=tuple(prints), layout=layout), "notices")

    def make_letters(self, reminder: int) -> None:
        ids = self.model.ticked_ids()
        done = self.ctx.run(
            lambda session: (
                printing.prepare_reminder_letters(session, self.ctx.actor, ids, reminder),
                current_wording(session),
            ),
            show_error=lambda problem: self._say(problem, "error"),
        )
        if done is None:
            return
        (letters, skipped), wording = done.value
        if not letters:
            self._say(self._skipped_text(skipped) or "No notice can have this letter.", "error")
            return
        batch = Batch(wording, letters=tuple(letters), reminder=reminder, skipped=tuple(skipped))
        self._start(batch, "first reminder letters" if reminder == 1 else "second reminder letters")

    def _start(self, batch: Batch, what: str) -> None:
        self.preview.clear()
        self.progress.setRange(0, batch.size)
        self.progress.setValue(0)
        self.runner.start(batch)
        self._set_busy(True)
        self._say(f"Making the PDF of {batch.size} {what}…", "hint")

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _ready(self, pdf: bytes, pages: int) -> None:
        batch = self.runner.batch
        assert batch is not None
        self._set_busy(False)
        self.preview.show_pdf(pdf, suggested_name=batch.suggested_name)
        copies = sum(1 for item in batch.notices if item.copy)
        text = f"Ready: {batch.size} in {pages} page{'s' if pages != 1 else ''}."
        if copies:
            text += f" {copies} printed before, marked COPY."
        skipped = self._skipped_text(list(batch.skipped))
        self._say(f"{text} {skipped}".strip(), "hint")

    def _done(self, text: str, role: str) -> None:
        self._set_busy(False)
        self.progress.setValue(0)
        self._say(text, role)

    def _output_done(self, destination: str) -> None:
        message = self.runner.record(
            destination, self.reason.currentText(), lambda problem: self._say(problem, "error")
        )
        if message is None:
            return
        self.preview.allow_output(False)
        self.find_notices()
        if self.runner.unposted is not None:
            self._say(message, "ok")
            self.record_posted()
            return
        self._say(f"{message} To print them again, make the PDF again (it is marked COPY).", "ok")

    def record_posted(self) -> None:
        """Ask the date the printed letters were posted and record them (or leave them)."""
        batch = self.runner.unposted
        self.posted_button.setEnabled(batch is not None)
        if batch is None:
            return
        dialog = PostedDialog(
            len(batch.letters),
            batch.reminder,
            batch.letters[0].letter_date,
            self.runner.days_to_pay(),
            self.runner.record_posted,
            self,
        )
        if dialog.exec() and dialog.message:
            self.posted_button.setEnabled(False)
            self.find_notices()
            self._say(dialog.message, "ok")

    # State ------------------------------------------------------------------------------

    @staticmethod
    def _skipped_text(skipped: list[printing.Skipped]) -> str:
        if not skipped:
            return ""
        return f"Left out ({len(skipped)}): " + "; ".join(
            f"{s.number}: {s.reason}" for s in skipped
        )

    def _set_busy(self, busy: bool) -> None:
        ticked = bool(self.model.ticked)
        for widget in (self.make_button, self.reminder_1_button, self.reminder_2_button):
            widget.setEnabled(ticked and not busy)
        for widget in (self.find_button, self.tick_all_button, self.untick_button):
            widget.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.cancel_button.setVisible(busy)
        self.progress.setVisible(busy)

    def _say(self, text: str, role: str) -> None:
        self.message.setText(text)
        set_role(self.message, role)

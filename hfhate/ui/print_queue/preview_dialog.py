"""Print one or a few notices now: the preview with Print… and Save PDF…, for the officer.

The notice form calls ``print_notices(ctx, [notice.id], parent)`` right after issuing. The
dialog makes the PDF in the chosen layout (80 mm roll by default, for a portable printer),
shows it, and records the print with the reason once it is printed or saved. A second output
from the same dialog is made again first, so it is marked COPY as the rules say.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from hfhate.printing.particulars import Layout
from hfhate.services.notices import print_queue as printing
from hfhate.services.notices.wording import current_wording
from hfhate.ui.context import UiContext
from hfhate.ui.forms import set_role
from hfhate.ui.print_queue.batch import Batch, BatchRunner
from hfhate.ui.print_queue.preview import PdfPreview


def layout_combo(default: Layout) -> QComboBox:
    combo = QComboBox()
    for layout in Layout:
        combo.addItem(layout.label, layout.value)
    combo.setCurrentIndex(combo.findData(default.value))
    return combo


def reason_combo() -> QComboBox:
    """The reason for printing: a common one from the list, or typed."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.addItems(printing.PRINT_REASONS)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    line = combo.lineEdit()
    if line is not None:
        line.setMaxLength(300)
    return combo


class PrintPreviewDialog(QDialog):
    """The chosen notices as a PDF, with the layout, the reason, Print… and Save PDF…."""

    def __init__(
        self, ctx: UiContext, notice_ids: Sequence[uuid.UUID], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.notice_ids = list(notice_ids)
        self.printed = False
        self.recorded = ""  # what the last print or save recorded, in words
        self.setWindowTitle("Print notice" if len(self.notice_ids) == 1 else "Print notices")
        self.runner = BatchRunner(ctx, self)
        form = QFormLayout()
        self.layout_choice = layout_combo(Layout.ROLL)
        self.reason = reason_combo()
        for label_text, field in (("&Layout", self.layout_choice), ("&Reason", self.reason)):
            label = QLabel(label_text)
            label.setBuddy(field)
            field.setAccessibleName(label_text.replace("&", ""))
            line = field.lineEdit()
            if line is not None:
                line.setAccessibleName(label_text.replace("&", ""))
            form.addRow(label, field)
        self.message = QLabel()
        self.message.setObjectName("print_message")
        self.message.setAccessibleName("Print message")
        self.message.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.progress.hide()
        self.preview = PdfPreview(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(close.text().replace("&", ""))

        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.message)
        column.addWidget(self.progress)
        column.addWidget(self.preview, 1)
        column.addWidget(buttons)
        font_height = self.fontMetrics().height()
        self.resize(font_height * 40, font_height * 48)

        self.layout_choice.currentIndexChanged.connect(lambda _i: self.make())
        self.runner.progress.connect(self._progress)
        self.runner.ready.connect(self._ready)
        self.runner.failed.connect(lambda text: self._say(text, "error"))
        self.preview.output_done.connect(self._output_done)
        self.preview.output_failed.connect(lambda text: self._say(text, "error"))
        self.finished.connect(lambda _result: self.runner.discard())
        self.make()

    def chosen_layout(self) -> Layout:
        return Layout(self.layout_choice.currentData())

    def make(self) -> None:
        """Make the PDF again (after a layout change, or after an output: then it is a COPY)."""
        self.preview.clear()
        done = self.ctx.run(
            lambda session: (
                printing.prepare_notice_prints(session, self.ctx.actor, self.notice_ids),
                current_wording(session),
            ),
            show_error=lambda problem: self._say(problem, "error"),
        )
        if done is None:
            return
        prints, wording = done.value
        self._say("Making the PDF…", "hint")
        self.progress.setRange(0, len(prints))
        self.progress.setValue(0)
        self.progress.show()
        self.runner.start(Batch(wording, notices=tuple(prints), layout=self.chosen_layout()))

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _ready(self, pdf: bytes, pages: int) -> None:
        self.progress.hide()
        batch = self.runner.batch
        assert batch is not None
        copies = sum(1 for item in batch.notices if item.copy)
        self.preview.show_pdf(pdf, suggested_name=batch.suggested_name)
        note = " It is marked COPY: the notice was printed before." if copies else ""
        ready = f"Ready: {pages} page{'s' if pages != 1 else ''}.{note}"
        if self.recorded:
            self._say(f"{self.recorded} {ready}", "ok")
        else:
            self._say(ready, "hint")

    def _output_done(self, destination: str) -> None:
        message = self.runner.record(
            destination, self.reason.currentText(), lambda problem: self._say(problem, "error")
        )
        if message is None:
            return
        self.printed = True
        self.recorded = message
        self.make()

    def _say(self, text: str, role: str) -> None:
        self.message.setText(text)
        set_role(self.message, role)
        if role != "hint":
            self.progress.hide()

    @classmethod
    def ask(
        cls, ctx: UiContext, notice_ids: Sequence[uuid.UUID], parent: QWidget | None = None
    ) -> bool:
        """Show the dialog; True when the notices were printed or saved at least once."""
        dialog = cls(ctx, notice_ids, parent)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.exec()
        return dialog.printed

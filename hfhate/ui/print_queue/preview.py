"""The preview of a made PDF, page by page, with Print… and Save PDF….

``PdfPreview`` shows the document with QtPdf, one page at a time, fitted to the width. Print…
opens the system print dialog and draws the pages at printer resolution (``output``); Save PDF…
copies the file where the person chooses. Each finished output emits ``output_done`` with
where it went, so the screen that made the PDF can record the prints.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hfhate.ui.print_queue.output import OutputFailed, print_document, save_copy


def button(text: str) -> QPushButton:
    """A push button whose accessible name is its visible label."""
    widget = QPushButton(text)
    widget.setAccessibleName(text.replace("&", ""))
    return widget


class PdfPreview(QWidget):
    """A PDF shown page by page, with page buttons, Print… and Save PDF…."""

    output_done = Signal(str)
    output_failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self.suggested_name = "notices.pdf"
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setAccessibleName("Preview")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.SinglePage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self.previous_button = button("Pre&vious page")
        self.next_button = button("Ne&xt page")
        self.page_label = QLabel()
        self.page_label.setAccessibleName("Page")
        self.print_button = button("&Print…")
        self.save_button = button("&Save PDF…")
        self.previous_button.clicked.connect(lambda: self.go_to(self.current_page() - 1))
        self.next_button.clicked.connect(lambda: self.go_to(self.current_page() + 1))
        self.print_button.clicked.connect(self.print_pdf)
        self.save_button.clicked.connect(self.save_pdf)
        self.view.pageNavigator().currentPageChanged.connect(lambda _page: self._update())

        pages = QHBoxLayout()
        pages.addWidget(self.previous_button)
        pages.addWidget(self.page_label)
        pages.addWidget(self.next_button)
        pages.addStretch(1)
        pages.addWidget(self.print_button)
        pages.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(pages)
        layout.addWidget(self.view, 1)
        self.allow_output(False)
        self._update()

    # Showing -----------------------------------------------------------------------------

    def show_pdf(self, path: Path, *, suggested_name: str) -> None:
        """Show ``path`` from its first page; output is allowed until ``allow_output(False)``."""
        self.document.close()
        self.path = path
        self.suggested_name = suggested_name
        self.document.load(str(path))
        self.go_to(0)
        self.allow_output(self.document.pageCount() > 0)

    def clear(self) -> None:
        self.document.close()
        self.path = None
        self.allow_output(False)
        self._update()

    def page_count(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to(self, page: int) -> None:
        if 0 <= page < self.page_count():
            self.view.pageNavigator().jump(page, QPointF(), self.view.zoomFactor())
        self._update()

    def allow_output(self, allowed: bool) -> None:
        self.print_button.setEnabled(allowed)
        self.save_button.setEnabled(allowed)

    def _update(self) -> None:
        count = self.page_count()
        page = self.current_page() if count else -1
        self.page_label.setText(f"Page {page + 1} of {count}" if count else "No preview yet")
        self.previous_button.setEnabled(page > 0)
        self.next_button.setEnabled(0 <= page < count - 1)

    # Output ------------------------------------------------------------------------------

    def print_pdf(self) -> None:
        """Ask the system print dialog for a printer and print every page on it."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.suggested_name.removesuffix(".pdf"))
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            pages = print_document(self.document, printer)
        except OutputFailed as error:
            self.output_failed.emit(str(error))
            return
        where = printer.printerName() or printer.outputFileName() or "the printer"
        self.output_done.emit(f"printed on {where} ({pages} pages)")

    def save_pdf(self) -> None:
        """Ask where to save the PDF, and copy it there."""
        if self.path is None:
            return
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Save PDF", str(Path.home() / self.suggested_name), "PDF files (*.pdf)"
        )
        if not chosen:
            return
        destination = Path(chosen)
        if destination.suffix.lower() != ".pdf":
            destination = destination.with_name(destination.name + ".pdf")
        try:
            save_copy(self.path, destination)
        except OutputFailed as error:
            self.output_failed.emit(str(error))
            return
        self.output_done.emit(f"saved as {destination.name}")

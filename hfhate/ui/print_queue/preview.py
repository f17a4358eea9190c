"""The preview of a made PDF, page by page, with Print… and Save PDF….

``PdfPreview`` shows the document with QtPdf, one page at a time, drawn at the screen's device
pixel ratio so text is sharp enough to proof-read. The Zoom list fits the page's width (the
first choice), the whole page, or shows it at 100%, 150% or 200%; Ctrl+wheel zooms in and out
from wherever it is. Print… opens the system print dialog and draws the pages at printer
resolution (``output``); Save PDF… writes the PDF where the person chooses. The PDF is
shown from memory (a QBuffer that lives as long as the document): it holds personal data, so
no file is made for the preview or the printing (issue 13). Each finished output emits
``output_done`` with where it went, so the screen that made the PDF can record the prints.
The buttons sit in two short rows, so the preview fits beside the print queue on a
1100-pixel-wide window.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QWheelEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hfhate.ui.print_queue.output import OutputFailed, print_document, save_pdf

Zoom = QPdfView.ZoomMode
# The Zoom list: what each choice reads, and the zoom mode and factor it sets.
ZOOMS: tuple[tuple[str, QPdfView.ZoomMode, float], ...] = (
    ("Fit width", Zoom.FitToWidth, 1.0),
    ("Fit page", Zoom.FitInView, 1.0),
    ("100%", Zoom.Custom, 1.0),
    ("150%", Zoom.Custom, 1.5),
    ("200%", Zoom.Custom, 2.0),
)
WHEEL_STEP = 1.15  # each notch of Ctrl+wheel zooms by this much
SMALLEST, LARGEST = 0.25, 5.0


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
        self.pdf: bytes | None = None
        self.suggested_name = "notices.pdf"
        self.document = QPdfDocument(self)
        # What the document reads from: kept for as long as the document is loaded.
        self.buffer: QBuffer | None = None
        self.view = QPdfView(self)
        self.view.setAccessibleName("Preview")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.SinglePage)
        self.view.viewport().installEventFilter(self)
        self.zoom = QComboBox()
        self.zoom.setAccessibleName("Zoom")
        self.zoom.setToolTip("Ctrl+wheel over the page zooms in and out.")
        for text, _mode, _factor in ZOOMS:
            self.zoom.addItem(text)
        self.zoom.currentIndexChanged.connect(self._zoom_chosen)
        zoom_label = QLabel("&Zoom")
        zoom_label.setBuddy(self.zoom)
        self._zoom_chosen(0)
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
        output = QHBoxLayout()
        output.addWidget(zoom_label)
        output.addWidget(self.zoom)
        output.addStretch(1)
        output.addWidget(self.print_button)
        output.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(pages)
        layout.addLayout(output)
        layout.addWidget(self.view, 1)
        self.allow_output(False)
        self._update()

    # Showing -----------------------------------------------------------------------------

    def show_pdf(self, pdf: bytes | Path, *, suggested_name: str) -> None:
        """Show ``pdf`` from its first page; output is allowed until ``allow_output(False)``.

        A path (a PDF already saved somewhere) is read into memory first.
        """
        self._unload()
        self.pdf = pdf.read_bytes() if isinstance(pdf, Path) else pdf
        self.suggested_name = suggested_name
        self.buffer = QBuffer(self)
        self.buffer.setData(QByteArray(self.pdf))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self.buffer)
        self.go_to(0)
        self.allow_output(self.document.pageCount() > 0)

    def clear(self) -> None:
        self._unload()
        self.allow_output(False)
        self._update()

    def _unload(self) -> None:
        """Close the document, then let go of the memory it was read from."""
        self.document.close()
        if self.buffer is not None:
            self.buffer.close()
            self.buffer.setData(QByteArray())
            self.buffer.deleteLater()
            self.buffer = None
        self.pdf = None

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

    # Zoom --------------------------------------------------------------------------------

    def _zoom_chosen(self, index: int) -> None:
        if not 0 <= index < len(ZOOMS):
            return  # the "N%" that Ctrl+wheel left
        _text, mode, factor = ZOOMS[index]
        self.view.setZoomMode(mode)
        if mode is Zoom.Custom:
            self.view.setZoomFactor(factor)

    def zoom_by(self, steps: float) -> None:
        """Zoom in (``steps`` > 0) or out from the size shown now, as Ctrl+wheel does."""
        shown = self.view.zoomFactor() if self.view.zoomMode() is Zoom.Custom else self._fitted()
        factor = min(LARGEST, max(SMALLEST, shown * WHEEL_STEP**steps))
        self.view.setZoomMode(Zoom.Custom)
        self.view.setZoomFactor(factor)
        text = f"{factor:.0%}"
        self.zoom.blockSignals(True)
        if self.zoom.count() == len(ZOOMS):
            self.zoom.addItem(text)
        self.zoom.setItemText(len(ZOOMS), text)
        self.zoom.setCurrentIndex(len(ZOOMS))
        self.zoom.blockSignals(False)

    def _fitted(self) -> float:
        """The factor a fitted page is drawn at now (1.0 is its printed size)."""
        page = self.current_page() if self.page_count() else -1
        if page < 0:
            return 1.0
        points = self.document.pagePointSize(page)
        dpi = self.logicalDpiX() / 72
        margins = self.view.documentMargins()
        room = self.view.viewport().size()
        by_width = (room.width() - margins.left() - margins.right()) / (points.width() * dpi)
        if self.view.zoomMode() is Zoom.FitToWidth:
            return max(by_width, SMALLEST)
        by_height = (room.height() - margins.top() - margins.bottom()) / (points.height() * dpi)
        return max(min(by_width, by_height), SMALLEST)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            isinstance(event, QWheelEvent)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoom_by(steps)
            return True
        return super().eventFilter(watched, event)

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
        """Ask where to save the PDF, and write it there (the one deliberate copy on disk)."""
        if self.pdf is None:
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
            save_pdf(self.pdf, destination)
        except OutputFailed as error:
            self.output_failed.emit(str(error))
            return
        self.output_done.emit(f"saved as {destination.name}")

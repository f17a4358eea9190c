"""Putting a previewed PDF on paper or on disk.

QPdfDocument rasterises pages, so each page is rendered at the printer's resolution, clamped to
300-600 dots per inch (at least 300 keeps text sharp; more than 600 only costs memory), and
drawn onto the QPrinter page by page, each page at the size it has in the PDF. Saving writes
the PDF's bytes, held in memory, where the person chose.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QPrinter

MIN_DPI = 300
MAX_DPI = 600


class OutputFailed(Exception):
    """The document could not be printed or saved; the message says why."""


def render_dpi(printer: QPrinter) -> int:
    """The resolution pages are rendered at for ``printer``: its own, within 300-600 dpi."""
    return max(MIN_DPI, min(MAX_DPI, printer.resolution()))


def print_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Draw every page of ``document`` onto ``printer``; returns the pages printed."""
    count = document.pageCount()
    if count == 0:
        raise OutputFailed("There is nothing to print.")
    dpi = render_dpi(printer)
    printer.setFullPage(True)
    painter = QPainter()
    for page in range(count):
        points = document.pagePointSize(page)
        layout = QPageLayout(
            QPageSize(QSizeF(points), QPageSize.Unit.Point),
            QPageLayout.Orientation.Portrait,
            QMarginsF(),
        )
        if page == 0:
            printer.setPageLayout(layout)
            if not painter.begin(printer):
                raise OutputFailed("The printer could not be opened.")
        else:
            printer.setPageLayout(layout)
            printer.newPage()
        pixels = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
        image = document.render(page, pixels, QPdfDocumentRenderOptions())
        target = QRectF(painter.viewport())
        scale = min(target.width() / image.width(), target.height() / image.height())
        painter.drawImage(QRectF(0, 0, image.width() * scale, image.height() * scale), image)
    painter.end()
    return count


def save_pdf(pdf: bytes, destination: Path) -> None:
    """Write the previewed PDF to where the person chose."""
    try:
        destination.write_bytes(pdf)
    except OSError as error:
        raise OutputFailed(
            f"The PDF could not be saved to {destination}: {error.strerror}"
        ) from error

"""Issue 12 point 7: the print preview zooms so a supervisor can proof-read a notice on screen.

The Zoom list fits the page's width (the first choice), the whole page, or shows it at 100%;
Ctrl+wheel over the page zooms in and out from what is shown.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QPageSize, QPainter, QPdfWriter, QWheelEvent
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QApplication, QComboBox

from hfhate.ui.print_queue.preview import PdfPreview

Zoom = QPdfView.ZoomMode


@pytest.fixture
def two_a4_pages(tmp_path: Path) -> Path:
    path = tmp_path / "notices.pdf"
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    painter.drawText(200, 400, "Fixed penalty notice HF-042-000001-5")
    writer.newPage()
    painter.drawText(200, 400, "Page two")
    painter.end()
    return path


@pytest.fixture
def preview(qtbot, two_a4_pages: Path) -> PdfPreview:  # type: ignore[no-untyped-def]
    shown = PdfPreview()
    qtbot.addWidget(shown)
    shown.resize(600, 700)
    shown.show()
    qtbot.waitExposed(shown)
    shown.show_pdf(two_a4_pages, suggested_name="notices.pdf")
    return shown


def zoom_list(preview: PdfPreview) -> QComboBox:
    found = [c for c in preview.findChildren(QComboBox) if c.accessibleName() == "Zoom"]
    assert found, "the preview has no Zoom list"
    return found[0]


def choose(qtbot, combo: QComboBox, text: str) -> None:  # type: ignore[no-untyped-def]
    """Pick ``text`` from the list from the keyboard, as a user would."""
    index = combo.findText(text)
    assert index >= 0, f"no {text!r} in {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setFocus()
    while combo.currentIndex() != index:
        key = Qt.Key.Key_Down if combo.currentIndex() < index else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)


def ctrl_wheel(preview: PdfPreview, notches: int) -> None:
    viewport = preview.view.viewport()
    centre = QPointF(viewport.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(viewport.mapToGlobal(centre.toPoint())),
        QPoint(),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, event)


def test_the_preview_opens_fitted_to_the_width(preview: PdfPreview) -> None:
    assert zoom_list(preview).currentText() == "Fit width"
    assert preview.view.zoomMode() is Zoom.FitToWidth


def test_each_zoom_sets_the_view(qtbot, preview: PdfPreview) -> None:  # type: ignore[no-untyped-def]
    combo = zoom_list(preview)
    choose(qtbot, combo, "Fit page")
    assert preview.view.zoomMode() is Zoom.FitInView
    choose(qtbot, combo, "100%")
    assert preview.view.zoomMode() is Zoom.Custom
    assert preview.view.zoomFactor() == pytest.approx(1.0)
    choose(qtbot, combo, "Fit width")
    assert preview.view.zoomMode() is Zoom.FitToWidth


def test_ctrl_wheel_zooms_in_and_out(qtbot, preview: PdfPreview) -> None:  # type: ignore[no-untyped-def]
    combo = zoom_list(preview)
    choose(qtbot, combo, "100%")
    ctrl_wheel(preview, 1)
    assert preview.view.zoomMode() is Zoom.Custom
    larger = preview.view.zoomFactor()
    assert larger > 1.0
    assert combo.currentText() == f"{larger:.0%}"
    ctrl_wheel(preview, -2)
    assert preview.view.zoomFactor() < 1.0
    # From a fitted page, the wheel starts at the size shown, not at 100%.
    choose(qtbot, combo, "Fit width")
    ctrl_wheel(preview, 1)
    assert preview.view.zoomMode() is Zoom.Custom
    assert preview.view.zoomFactor() != pytest.approx(1.0 * 1.15)

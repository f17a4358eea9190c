"""The dashboard's charts, drawn with pyqtgraph: bars (side by side, or across for long names)
and monthly lines; a click on a bar or a point says which row and which series it was.

Qt Charts is deprecated since Qt 6.10; pyqtgraph is maintained, draws with QPainter and so
renders offscreen in the tests. It is imported here only, when the Reports area first opens.
Each chart also describes its figures in words (``accessibleDescription``) for screen readers;
the table behind it is one click away on its panel (``chart_panel``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QVBoxLayout, QWidget

# Colours that stay apart for the common colour-vision differences (Okabe and Ito).
BLUE = QColor("#0072B2")
ORANGE = QColor("#E69F00")
GREEN = QColor("#009E73")
PURPLE = QColor("#CC79A7")
BAR_GAP = 0.2  # of each category's width, between groups


class CountAxis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph is untyped
    """An axis of counts: whole numbers only (no "2.5 notices")."""

    def tickValues(  # noqa: N802
        self,
        minVal: float,
        maxVal: float,
        size: float,  # noqa: N803
    ) -> list[tuple[float, list[float]]]:
        levels = [
            (spacing, [v for v in values if abs(v - round(v)) < 1e-9])
            for spacing, values in super().tickValues(minVal, maxVal, size)
            if spacing >= 1
        ]
        if not levels:
            levels = [(1.0, [float(v) for v in range(math.ceil(minVal), math.floor(maxVal) + 1)])]
        return levels


@dataclass(frozen=True)
class Series:
    """One set of figures drawn on a chart: its name, colour and one value per row."""

    name: str
    colour: QColor
    values: tuple[int, ...]


class Chart(QWidget):
    """A chart of rows (months, wards, categories) and one or two series.

    ``style`` is "bars" (upright, labels underneath), "across" (horizontal bars, labels at the
    left: for ward names) or "lines" (a line per series; a second series uses its own scale on
    the right). ``picked(row, series)`` is emitted when the user clicks a bar or point.
    """

    picked = Signal(int, int)

    def __init__(self, name: str, style: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.style_name = style
        self.labels: list[str] = []
        self.series: list[Series] = []
        self.plot = pg.PlotWidget(
            background="w",
            axisItems={side: CountAxis(side) for side in ("left", "bottom", "right")},
        )
        self.plot.setAccessibleName(f"Chart: {name}")
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.showGrid(x=style == "across", y=style != "across", alpha=0.25)
        item = self.plot.getPlotItem()
        font = QFont(self.font())
        for side in ("left", "bottom", "right"):
            axis = item.getAxis(side)
            axis.setTextPen("k")
            axis.setPen("#666666")
            axis.setTickFont(font)
        item.hideAxis("right")  # a second scale shows it (``_second_scale``)
        item.getAxis("bottom").setStyle(hideOverlappingLabels=False)  # the first month too
        self.legend = item.addLegend(offset=(-10, 4), labelTextColor="k", colCount=2)
        self.right_view: pg.ViewBox | None = None
        self.plot.scene().sigMouseClicked.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    def show_rows(self, labels: Sequence[str], series: Sequence[Series]) -> None:
        """Draw ``series`` over the rows called ``labels``."""
        self.labels = list(labels)
        self.series = list(series)
        item = self.plot.getPlotItem()
        item.clear()
        self.legend.clear()
        if self.right_view is not None:
            self.right_view.clear()
        ticks = [list(enumerate(self.labels))]
        if self.style_name == "across":
            self._draw_across()
            item.getAxis("left").setTicks([self._fitted(ticks[0])])
            item.getAxis("bottom").setTicks(None)
        else:
            if self.style_name == "lines":
                self._draw_lines()
            else:
                self._draw_bars()
            item.getAxis("bottom").setTicks([self._thinned(ticks[0])])
        self.plot.setAccessibleDescription(self.describe())

    def _fitted(self, ticks: list[tuple[int, str]]) -> list[tuple[int, str]]:
        """Labels at the left made room for, up to a third of the chart's width; a longer one
        is cut short with "…" (the table has it in full)."""
        metrics = self.fontMetrics()
        room = max(self.width(), 450) // 3
        widest = max((metrics.horizontalAdvance(t) for _, t in ticks), default=0)
        self.plot.getPlotItem().getAxis("left").setWidth(min(widest, room) + 16)
        return [(row, metrics.elidedText(t, Qt.TextElideMode.ElideRight, room)) for row, t in ticks]

    def _thinned(self, ticks: list[tuple[int, str]]) -> list[tuple[int, str]]:
        """Every label when they fit under the chart, else every second or third one."""
        width = max(self.plot.width(), 300)
        wanted = sum(self.fontMetrics().horizontalAdvance(t) + 12 for _, t in ticks)
        step = max(1, -(-wanted // width))
        return ticks[::step]

    def _bar_width(self) -> float:
        return (1 - BAR_GAP) / max(len(self.series), 1)

    def _draw_bars(self) -> None:
        width = self._bar_width()
        for number, one in enumerate(self.series):
            offset = -(1 - BAR_GAP) / 2 + width * (number + 0.5)
            bars = pg.BarGraphItem(
                x=[row + offset for row in range(len(self.labels))],
                height=list(one.values),
                width=width * 0.95,
                brush=one.colour,
                pen=pg.mkPen(one.colour.darker(130)),
                name=one.name,
            )
            self.plot.addItem(bars)
        self.plot.setXRange(-0.6, max(len(self.labels), 1) - 0.4, padding=0)
        self.plot.setYRange(0, self._top(self.series), padding=0)
        self._legend_if_many()

    def _draw_across(self) -> None:
        width = self._bar_width()
        for number, one in enumerate(self.series):
            offset = -(1 - BAR_GAP) / 2 + width * (number + 0.5)
            bars = pg.BarGraphItem(
                x0=0,
                y=[row + offset for row in range(len(self.labels))],
                height=width * 0.95,
                width=list(one.values),
                brush=one.colour,
                pen=pg.mkPen(one.colour.darker(130)),
                name=one.name,
            )
            self.plot.addItem(bars)
        self.plot.getPlotItem().invertY(True)  # the first row at the top, as in its table
        self.plot.setYRange(-0.6, max(len(self.labels), 1) - 0.4, padding=0)
        self.plot.setXRange(0, self._top(self.series), padding=0)
        self._legend_if_many()

    def _draw_lines(self) -> None:
        item = self.plot.getPlotItem()
        rows = list(range(len(self.labels)))
        first = self.series[0]
        pen = pg.mkPen(first.colour, width=2)
        item.plot(
            rows, list(first.values), pen=pen, symbol="o", symbolBrush=first.colour, name=first.name
        )
        item.getAxis("left").setLabel(first.name, color=first.colour.name())
        self.plot.setYRange(0, self._top([first]), padding=0)
        if len(self.series) > 1:
            second = self.series[1]
            view = self._second_scale(second.name, second.colour)
            line = pg.PlotDataItem(
                rows,
                list(second.values),
                pen=pg.mkPen(second.colour, width=2, style=pg.QtCore.Qt.PenStyle.DashLine),
                symbol="s",
                symbolBrush=second.colour,
                name=second.name,
            )
            view.addItem(line)
            self.legend.addItem(line, second.name)
            view.setYRange(0, self._top([second]), padding=0)
        self.plot.setXRange(-0.5, max(len(self.labels), 1) - 0.5, padding=0)

    def _second_scale(self, name: str, colour: QColor) -> pg.ViewBox:
        """A view with its own scale, shown on the right axis (pyqtgraph's two-axes recipe)."""
        item = self.plot.getPlotItem()
        if self.right_view is None:
            self.right_view = pg.ViewBox()
            self.right_view.setMouseEnabled(x=False, y=False)
            item.showAxis("right")
            item.scene().addItem(self.right_view)
            item.getAxis("right").linkToView(self.right_view)
            self.right_view.setXLink(item)
            item.vb.sigResized.connect(self._match_views)
        item.getAxis("right").setLabel(name, color=colour.name())
        self._match_views()
        return self.right_view

    def _match_views(self) -> None:
        if self.right_view is not None:
            self.right_view.setGeometry(self.plot.getPlotItem().vb.sceneBoundingRect())

    def _top(self, series: Sequence[Series]) -> float:
        """The top of a scale: room above the highest bar, and for the key above upright
        bars and lines (it sits across the top, clear of them)."""
        most = max((v for one in series for v in one.values), default=0)
        headroom = 1.4 if len(self.series) > 1 and self.style_name != "across" else 1.12
        return max(most, 4) * headroom

    def _legend_if_many(self) -> None:
        self.legend.setVisible(len(self.series) > 1)

    def describe(self) -> str:
        """The chart's figures in words: "Askew: 12 notices; Avonmore: 3 notices; ..."."""
        parts = []
        for row, label in enumerate(self.labels):
            values = ", ".join(f"{one.values[row]} {one.name.lower()}" for one in self.series)
            parts.append(f"{label}: {values}")
        return "; ".join(parts) if parts else "Nothing to show"

    def point_of(self, row: int, series: int = 0) -> QPointF:
        """Where, in the chart widget's own coordinates, the middle of a bar or a point is."""
        width = self._bar_width()
        offset = 0.0 if self.style_name == "lines" else -(1 - BAR_GAP) / 2 + width * (series + 0.5)
        value = self.series[series].values[row] / 2 if self.series else 0
        if self.style_name == "across":
            at = QPointF(value, row + offset)
        elif self.style_name == "lines":
            at = QPointF(row, self.series[0].values[row] if self.series else 0)
        else:
            at = QPointF(row + offset, value)
        scene = self.plot.getPlotItem().vb.mapViewToScene(at)
        return QPointF(self.plot.mapFromScene(scene))

    def _clicked(self, event: object) -> None:
        position = event.scenePos()  # type: ignore[attr-defined]
        view = self.plot.getPlotItem().vb
        if not view.sceneBoundingRect().contains(position):
            return
        at = view.mapSceneToView(position)
        along = at.y() if self.style_name == "across" else at.x()
        row = round(along)
        if not 0 <= row < len(self.labels) or not self.series:
            return
        series = 0
        if self.style_name != "lines":
            start = row - (1 - BAR_GAP) / 2
            series = int((along - start) // self._bar_width())
            series = min(max(series, 0), len(self.series) - 1)
        self.picked.emit(row, series)

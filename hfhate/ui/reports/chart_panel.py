"""One dashboard chart with the table behind it one click away, and its CSV export.

A panel shows a title, "Show table" (which turns into "Show chart") and "Export CSV…", then
the chart or its table. A click on a bar, or Enter or a double click on a table row, emits
``picked(row, series)``; the dashboard opens the matching list.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from hfhate.services.reports.figures import Breakdown
from hfhate.ui.engagement.widgets import button
from hfhate.ui.forms import heading
from hfhate.ui.reports.charts import Chart, Series
from hfhate.ui.tables import list_table

ParentIndex = QModelIndex | QPersistentModelIndex


class BreakdownModel(QAbstractTableModel):
    """The rows of a chart: a label and one number per series."""

    def __init__(self, headings: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headings = list(headings)
        self.rows: list[tuple[str, tuple[int, ...]]] = []

    def show(self, rows: Sequence[tuple[str, tuple[int, ...]]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: ParentIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ParentIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headings)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headings[section]
        return None

    def data(self, index: ParentIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        label, values = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return label if index.column() == 0 else f"{values[index.column() - 1]:,}"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ChartPanel(QWidget):
    """A titled chart over ``series_names`` with its table (``headings``: the row heading,
    then one per series) one click away."""

    picked = Signal(int, int)
    export_requested = Signal()

    def __init__(
        self,
        title: str,
        style: str,
        headings: Sequence[str],
        colours: Sequence[Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.headings = list(headings)
        self.colours = list(colours)
        self.breakdown: list[Breakdown] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        words = heading(title, 1.1)
        words.setWordWrap(True)  # two lines rather than a panel too wide for a small screen
        top.addWidget(words, 1)
        self.toggle = button("Show table", self.flip)
        self.toggle.setAccessibleName(f"Show the table of {title.lower()}")
        widths = []
        for text in ("Show chart", "Show table"):  # as wide as either, so it never jumps
            self.toggle.setText(text)
            widths.append(self.toggle.sizeHint().width())
        self.toggle.setMinimumWidth(max(widths))
        self.export_button = button("Export CSV…", self.export_requested.emit)
        self.export_button.setAccessibleName(f"Export {title.lower()} as CSV")
        top.addWidget(self.toggle)
        top.addWidget(self.export_button)
        layout.addLayout(top)
        self.chart = Chart(title, style)
        self.model = BreakdownModel(headings, self)
        self.table = list_table(self.model, f"Table: {title}")
        self.table.activated.connect(lambda index: self.picked.emit(index.row(), _series(index)))
        self.chart.picked.connect(self.picked)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.chart)
        self.stack.addWidget(self.table)
        layout.addWidget(self.stack, 1)

    def show_breakdown(
        self, rows: Sequence[Breakdown], *, second: bool = False, chart_second: bool = True
    ) -> None:
        """Show ``rows``: their count, and their second figure when ``second`` (in the table
        only, unless ``chart_second``: attendees beside sessions would dwarf them)."""
        self.breakdown = list(rows)
        count = tuple(r.count for r in rows)
        series = [Series(self.headings[1], self.colours[0], count)]
        if second:
            series.append(Series(self.headings[2], self.colours[1], tuple(r.second for r in rows)))
        self.chart.show_rows([r.label for r in rows], series if chart_second else series[:1])
        self.model.show([(r.label, tuple(s.values[i] for s in series)) for i, r in enumerate(rows)])
        self.table.resizeColumnsToContents()
        if self.chart.style_name == "across":  # bars a line and a half high, however many
            line = self.fontMetrics().lineSpacing()
            self.setFixedHeight(int(line * (1.6 * max(len(rows), 4) + 6)))

    def showing_table(self) -> bool:
        return self.stack.currentWidget() is self.table

    def flip(self) -> None:
        """Chart to table, or back."""
        table = not self.showing_table()
        self.stack.setCurrentWidget(self.table if table else self.chart)
        self.toggle.setText("Show chart" if table else "Show table")
        what = "chart" if table else "table"
        self.toggle.setAccessibleName(f"Show the {what} of {self.title.lower()}")


def _series(index: QModelIndex) -> int:
    """The series a table cell belongs to: its column's (the label column is the first's)."""
    return max(index.column() - 1, 0)

"""The shared table model of long lists (rows fetched from the store a page at a time) and
the table view every list is shown in.

A list over tens of thousands of records opens with its first page and a count; more rows are
fetched as the user scrolls (``canFetchMore``/``fetchMore``). Each reload or page is one short
transaction, and no widget holds a session.

``fit_columns`` sizes a table's columns to the width it has (a 1280x720 laptop, or the first
window of 1100x720): each column as wide as its contents, the wide ones elastic, and none
narrower than its heading; a cell too long for its column shows in full as a tooltip.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView
from sqlalchemy.orm import Session

from hfhate.ui.context import UiContext

log = logging.getLogger(__name__)
ParentIndex = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 200
Row = TypeVar("Row")


def list_table(
    model: QAbstractItemModel,
    name: str,
    *,
    resize: QHeaderView.ResizeMode = QHeaderView.ResizeMode.Interactive,
    stretch_last: bool = True,
    single: bool = True,
) -> QTableView:
    """The view of a list: whole rows selected (one at a time when ``single``), alternate
    rows shaded, no row numbers; columns sized by ``resize``, the last one stretched."""
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(resize)
    header.setStretchLastSection(stretch_last)
    return table


def set_column_widths(table: QTableView, chars: tuple[int, ...]) -> None:
    """Set the first columns' widths in characters of the table's font."""
    width = table.fontMetrics().averageCharWidth()
    for column, count in enumerate(chars):
        table.setColumnWidth(column, width * count)


def fit_columns(table: QTableView, elastic: Sequence[int]) -> ColumnFitter:
    """Keep ``table``'s columns fitted to its width; ``elastic`` columns take the room left or
    give it up first (see ``ColumnFitter``)."""
    return ColumnFitter(table, elastic)


class ColumnFitter(QObject):
    """Fits a table's columns to its visible width whenever the width or the rows change.

    Each column wants the width of its heading or its contents, whichever is wider. When they
    all fit, the elastic columns share the room left; when they do not, the elastic columns
    shrink first, then the others, each no narrower than its heading. Once the user drags a
    column's edge, their widths are kept.
    """

    def __init__(self, table: QTableView, elastic: Sequence[int]) -> None:
        super().__init__(table)
        self.table = table
        self.elastic = tuple(elastic)
        self.fitting = False
        self.user_sized = False
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.sectionResized.connect(self._resized_by_user)
        table.viewport().installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self.fit)
        model = table.model()
        for signal in (model.modelReset, model.rowsInserted, model.layoutChanged):
            signal.connect(self.timer.start)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def _resized_by_user(self, _column: int, _old: int, _new: int) -> None:
        if not self.fitting:
            self.user_sized = True

    def widths(self) -> tuple[list[int], list[int]]:
        """What each column needs at least (its heading) and would like (its contents)."""
        header = self.table.horizontalHeader()
        least, wanted = [], []
        for column in range(header.count()):
            if header.isSectionHidden(column):
                least.append(0)
                wanted.append(0)
                continue
            heading = max(header.sectionSizeHint(column), header.minimumSectionSize())
            least.append(heading)
            wanted.append(max(heading, self.table.sizeHintForColumn(column)))
        return least, wanted

    def fit(self) -> None:
        if self.user_sized or self.table.model() is None:
            return
        least, wanted = self.widths()
        room = self.table.viewport().width()
        widths = share_room(least, wanted, room, self.elastic)
        self.fitting = True
        try:
            header = self.table.horizontalHeader()
            for column, width in enumerate(widths):
                if not header.isSectionHidden(column):
                    header.resizeSection(column, width)
        finally:
            self.fitting = False


def share_room(least: list[int], wanted: list[int], room: int, elastic: Sequence[int]) -> list[int]:
    """Column widths that fill ``room``: see ``ColumnFitter``. Pure, for the tests."""
    widths = list(wanted)
    spare = room - sum(widths)
    stretchy = [c for c in elastic if c < len(widths) and wanted[c]] or [len(widths) - 1]
    if spare >= 0:
        for order, column in enumerate(stretchy):
            widths[column] += spare // len(stretchy) + (1 if order < spare % len(stretchy) else 0)
        return widths
    others = [c for c in range(len(widths)) if c not in stretchy]
    for group in (stretchy, others):
        over = sum(widths) - room
        give = {c: widths[c] - least[c] for c in group}
        can_give = sum(give.values())
        if over <= 0 or can_give <= 0:
            continue
        share = min(over, can_give)
        for column in group:
            widths[column] -= -(-give[column] * share // can_give)  # round up: it must fit
    return widths


class ListTableModel(QAbstractTableModel, Generic[Row]):
    """A table of the rows held in ``rows``: headers from ``HEADERS``, one line per row.

    Subclasses say what each cell says (``text``) and, when they show more (a colour, a
    tick, a tooltip), what a row gives for that role (``role_data``); a model whose columns
    depend on what it lists says so in ``headers``.
    """

    HEADERS: tuple[str, ...] = ()
    RIGHT_ALIGNED: frozenset[int] = frozenset()
    # A list whose columns may cut a cell short shows each cell in full as its tooltip.
    full_text_tips = False

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        """Show ``rows`` instead of the rows shown."""
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def headers(self) -> tuple[str, ...]:
        """The column headings, in order."""
        return self.HEADERS

    def row_at(self, row: int) -> Row:
        return self.rows[row]

    def text(self, row: Row, column: int) -> str:
        """What ``row`` shows in ``column``."""
        return ""

    def role_data(self, row: Row, column: int, role: int) -> object:
        """What ``row`` gives in ``column`` for ``role``, other than its text; None: nothing."""
        return None

    def data(self, index: ParentIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(row, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.RIGHT_ALIGNED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        shown = self.role_data(row, index.column(), role)
        if shown is None and role == Qt.ItemDataRole.ToolTipRole and self.full_text_tips:
            return self.text(row, index.column()) or None  # in full, when the column cuts it
        return shown

    def rowCount(self, parent: ParentIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ParentIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers())

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        headers = self.headers()
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return headers[section]
        return self.header_role_data(section, role)

    def header_role_data(self, section: int, role: int) -> object:
        """What column ``section``'s heading gives for ``role``, other than its text."""
        return None


class CountSignals(QObject):
    """What a count run off the GUI thread reports: the reload it was for, and its answer
    (None when it failed). Qt delivers it in the GUI thread."""

    done = Signal(int, object)


# Counts run one at a time, off the GUI thread: a new one waits for the last, whose answer
# is ignored if the list was asked again meanwhile.
_COUNTING = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hfhate-count")


class PagedTableModel(ListTableModel[Row]):
    """Rows fetched a page at a time; subclasses say how to count, fetch and show them.

    ``count``, ``page`` and ``text`` are what a subclass defines; here they describe an
    empty list, so the base class on its own is a valid (empty) model.

    Opening the list reads its first page only (one row more, to know whether there are
    more). A list that fits on that page knows its total at once; a longer one shows its
    first rows straight away and counts the rest in a worker thread: ``total`` is then the
    rows shown and ``counted`` False until the count arrives (``count_changed`` says so). A
    count for a filter since changed is ignored.
    """

    count_changed = Signal()

    def __init__(self, ctx: UiContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.total = 0
        self.counted = True
        self.more = False  # the last page read was full: there may be more rows
        self.generation = 0  # which reload the rows (and a count on its way) belong to
        self.count_signals = CountSignals(self)
        self.count_signals.done.connect(self._count_arrived)

    def count(self, session: Session) -> int:
        """How many rows the list has in all."""
        return 0

    def page(self, session: Session, offset: int, limit: int) -> list[Row]:
        """``limit`` rows from ``offset``, in the list's order."""
        return []

    def reload(self) -> None:
        """Show the first page, and count the rows (at once, or in a worker if there are more).

        The store is asked before the list changes, so a query that fails leaves it as it was.
        """
        rows = self.ctx.read(lambda session: self.page(session, 0, PAGE_SIZE + 1))
        self.generation += 1
        self.more = len(rows) > PAGE_SIZE
        self.beginResetModel()
        self.rows = rows[:PAGE_SIZE]
        self.total, self.counted = len(self.rows), not self.more
        self.endResetModel()
        if self.more:
            self._count_later(self.generation)
        else:
            self.count_changed.emit()

    def counter(self) -> Callable[[Session], int]:
        """What counts the rows of the list as asked now (run in a worker: a subclass whose
        ``count`` reads state that may change meanwhile binds it here)."""
        return self.count

    def _count_later(self, generation: int) -> None:
        signals, read, count = self.count_signals, self.ctx.read, self.counter()

        def work() -> None:
            try:
                total: int | None = read(count)
            except Exception:  # the list says it could not count; the log has the rest
                log.exception("a list could not count its rows")
                total = None
            with contextlib.suppress(RuntimeError):  # the list was closed meanwhile
                signals.done.emit(generation, total)

        _COUNTING.submit(work)

    def _count_arrived(self, generation: int, total: int | None) -> None:
        if generation != self.generation:
            self.count_arrived(generation, total)  # not shown: the rows were asked again
            return
        if total is not None:
            self.total, self.counted = max(total, len(self.rows)), True
        self.count_arrived(generation, total)
        self.count_changed.emit()

    def count_arrived(self, generation: int, total: int | None) -> None:
        """The count for reload ``generation`` arrived (None: it failed), whether still
        shown or not (``generation`` is then older than ``self.generation``); for subclasses."""

    def canFetchMore(self, parent: ParentIndex) -> bool:  # noqa: N802
        if parent.isValid():
            return False
        return len(self.rows) < self.total if self.counted else self.more

    def fetchMore(self, parent: ParentIndex) -> None:  # noqa: N802
        if parent.isValid():
            return
        more = self.ctx.read(lambda session: self.page(session, len(self.rows), PAGE_SIZE + 1))
        self.more = len(more) > PAGE_SIZE
        more = more[:PAGE_SIZE]
        if not more:
            self.total = len(self.rows)
            return
        start = len(self.rows)
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self.rows.extend(more)
        if not self.counted:
            self.total = len(self.rows)
        self.endInsertRows()

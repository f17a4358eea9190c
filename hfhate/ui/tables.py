"""The shared table model of long lists: rows fetched from the store a page at a time.

A list over tens of thousands of records opens with its first page and a count; more rows are
fetched as the user scrolls (``canFetchMore``/``fetchMore``). Each reload or page is one short
transaction, and no widget holds a session.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from hfhate.ui.context import UiContext

ParentIndex = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 200


class ListTableModel(QAbstractTableModel):
    """A table of rows held in a list: headers from ``HEADERS``, one row per item.

    Subclasses say which list (``items``) and what each cell shows (``data``).
    """

    HEADERS: tuple[str, ...] = ()

    def items(self) -> list[Any]:
        """The rows, in order."""
        return []

    def rowCount(self, parent: ParentIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.items())

    def columnCount(self, parent: ParentIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None


class PagedTableModel(ListTableModel):
    """Rows fetched a page at a time; subclasses say how to count, fetch and show them.

    ``count``, ``page`` and ``text`` are what a subclass defines; here they describe an
    empty list, so the base class on its own is a valid (empty) model.
    """

    RIGHT_ALIGNED: frozenset[int] = frozenset()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[Any] = []
        self.total = 0

    def count(self, session: Session) -> int:
        """How many rows the list has in all."""
        return 0

    def page(self, session: Session, offset: int, limit: int) -> list[Any]:
        """``limit`` rows from ``offset``, in the list's order."""
        return []

    def text(self, row: Any, column: int) -> str:
        """What ``row`` shows in ``column``."""
        return ""

    def reload(self) -> None:
        self.beginResetModel()
        with self.ctx.session_factory.begin() as session:
            self.total = self.count(session)
            self.rows = self.page(session, 0, PAGE_SIZE)
        self.endResetModel()

    def canFetchMore(self, parent: ParentIndex) -> bool:  # noqa: N802
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: ParentIndex) -> None:  # noqa: N802
        if parent.isValid():
            return
        with self.ctx.session_factory.begin() as session:
            more = self.page(session, len(self.rows), PAGE_SIZE)
        if not more:
            self.total = len(self.rows)
            return
        start = len(self.rows)
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def items(self) -> list[Any]:
        return self.rows

    def data(self, index: ParentIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(self.rows[index.row()], index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.RIGHT_ALIGNED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def row_at(self, row: int) -> Any:
        return self.rows[row]

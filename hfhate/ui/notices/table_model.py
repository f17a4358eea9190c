"""The table behind the notices and warnings lists: one page of rows at a time from the store.

Rows come from ``notice_queries.list_notices`` 200 at a time as the user scrolls
(``canFetchMore``/``fetchMore``), with ``count_notices`` for the total, so a list over 100,000
notices opens without loading them all. Sorting re-queries the store in the chosen order.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QWidget

from hfhate.models import FixedPenaltyNotice, NoticeKind, NoticeStatus, utc_now
from hfhate.printing.particulars import pounds
from hfhate.services.notices import queries as notice_queries
from hfhate.services.notices.issuing import london_date
from hfhate.services.notices.lifecycle import UNPAID, amount_due
from hfhate.services.reference import reference
from hfhate.ui.context import UiContext
from hfhate.ui.formatting import london_time

ParentIndex = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 200
OWING = UNPAID | {NoticeStatus.REPRESENTATION_RECEIVED, NoticeStatus.REFERRED_FOR_PROSECUTION}


def money_text(notice: FixedPenaltyNotice, today: date) -> str:
    """What the Amount column says: what was paid, or what is due today while still owed."""
    if notice.paid_amount_pence is not None:
        return f"{pounds(notice.paid_amount_pence)} paid"
    if notice.status in OWING:
        due = amount_due(notice, today)
        return f"{pounds(due)} due" if due is not None else ""
    return ""


@dataclass(frozen=True)
class Column:
    """A list column: its heading, the store's sort key (None: not sortable) and its text."""

    title: str
    sort_key: str | None
    text: Callable[[FixedPenaltyNotice, date], str]
    right_aligned: bool = False


def _prohibition(notice: FixedPenaltyNotice, _today: date) -> str:
    return reference().prohibitions.get(notice.prohibition, notice.prohibition)


NOTICE_COLUMNS = (
    Column("Number", "number", lambda n, _t: n.number or "No number (police)"),
    Column("Offence date", "offence_at", lambda n, _t: london_time(n.offence_at)),
    Column("Status", "status", lambda n, _t: n.status.label),
    Column("Recipient", "recipient_name", lambda n, _t: n.recipient_name),
    Column("Ward", "ward", lambda n, _t: n.ward),
    Column("Prohibition", None, _prohibition),
    Column("Officer", "officer_name", lambda n, _t: n.officer_name),
    Column("Amount due/paid", None, money_text, right_aligned=True),
)
WARNING_COLUMNS = (
    Column("Date", "offence_at", lambda n, _t: london_time(n.offence_at)),
    Column("Recipient", "recipient_name", lambda n, _t: n.recipient_name),
    Column("Ward", "ward", lambda n, _t: n.ward),
    Column("Prohibition", None, _prohibition),
    Column("Officer", "officer_name", lambda n, _t: n.officer_name),
)


class NoticesTableModel(QAbstractTableModel):
    """Notices (or warnings) matching a filter, in the chosen order, paged in from the store."""

    def __init__(self, ctx: UiContext, kind: NoticeKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.columns = NOTICE_COLUMNS if kind is NoticeKind.NOTICE else WARNING_COLUMNS
        self.filter = notice_queries.NoticeFilter(kind=kind)
        self.sort_key = "offence_at"
        self.descending = True
        self.notices: list[FixedPenaltyNotice] = []
        self.total = 0
        self.today = london_date(utc_now())
        self.cleared = True  # nothing asked yet, or the last search could not run

    # Loading -----------------------------------------------------------------------------

    def show_filter(self, flt: notice_queries.NoticeFilter) -> None:
        """Show the first page for ``flt``; raises InvalidNoticeNumber before changing anything."""
        with self.ctx.session_factory.begin() as session:
            total = notice_queries.count_notices(session, self.ctx.actor, flt)
            first = self._page(session, flt, 0)
        self.beginResetModel()
        self.filter, self.total, self.notices = flt, total, first
        self.today = london_date(utc_now())
        self.cleared = False
        self.endResetModel()

    def reload(self) -> None:
        """Ask again with the same filter (nothing to ask while the search cannot run)."""
        if not self.cleared:
            self.show_filter(self.filter)

    def clear(self) -> None:
        """Show nothing (the search cannot be run, e.g. a mistyped notice number)."""
        self.beginResetModel()
        self.notices, self.total, self.cleared = [], 0, True
        self.endResetModel()

    def _page(
        self, session: Any, flt: notice_queries.NoticeFilter, offset: int
    ) -> list[FixedPenaltyNotice]:
        return notice_queries.list_notices(
            session,
            self.ctx.actor,
            flt,
            sort=self.sort_key,
            descending=self.descending,
            offset=offset,
            limit=PAGE_SIZE,
        )

    def canFetchMore(self, parent: ParentIndex) -> bool:  # noqa: N802
        return not parent.isValid() and len(self.notices) < self.total

    def fetchMore(self, parent: ParentIndex) -> None:  # noqa: N802
        if parent.isValid():
            return
        with self.ctx.session_factory.begin() as session:
            page = self._page(session, self.filter, len(self.notices))
        if not page:
            self.total = len(self.notices)  # rows went away since the count
            return
        start = len(self.notices)
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self.notices.extend(page)
        self.endInsertRows()

    # Sorting -----------------------------------------------------------------------------

    def sortable(self, column: int) -> bool:
        return 0 <= column < len(self.columns) and self.columns[column].sort_key is not None

    def recipient_column(self) -> int:
        return next(i for i, c in enumerate(self.columns) if c.sort_key == "recipient_name")

    def sort_column(self) -> int:
        return next(i for i, c in enumerate(self.columns) if c.sort_key == self.sort_key)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-query the store in this column's order (columns without a sort key are ignored)."""
        key = self.columns[column].sort_key if 0 <= column < len(self.columns) else None
        descending = order == Qt.SortOrder.DescendingOrder
        if key is None or (key, descending) == (self.sort_key, self.descending):
            return
        self.sort_key, self.descending = key, descending
        self.reload()

    # Reading -----------------------------------------------------------------------------

    def notice_id(self, row: int) -> uuid.UUID | None:
        return self.notices[row].id if 0 <= row < len(self.notices) else None

    def rowCount(self, parent: ParentIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.notices)

    def columnCount(self, parent: ParentIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole and column.sort_key is None:
            return "This column cannot be sorted."
        if role == Qt.ItemDataRole.InitialSortOrderRole and column.sort_key is not None:
            # Newest first for dates, A to Z for words.
            newest_first = column.sort_key == "offence_at"
            order = Qt.SortOrder.DescendingOrder if newest_first else Qt.SortOrder.AscendingOrder
            return order.value
        return None

    def data(self, index: ParentIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.notices):
            return None
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(self.notices[index.row()], self.today)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.right_aligned:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

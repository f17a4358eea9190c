"""The table behind the notices and warnings lists: one page of rows at a time from the store.

Rows come from ``notice_queries.list_notices`` 200 at a time as the user scrolls
(``canFetchMore``/``fetchMore``), so a list over 100,000 notices opens without loading them
all; ``count_notices`` gives the total in a worker thread once the first rows are shown.
Sorting re-queries the store in the chosen order.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QObject, Qt
from sqlalchemy.orm import Session

from hfhate.clock import london_date
from hfhate.models import FixedPenaltyNotice, NoticeKind, NoticeStatus, utc_now
from hfhate.printing.particulars import pounds
from hfhate.services.notices import queries as notice_queries
from hfhate.services.notices.lifecycle import UNPAID, amount_due
from hfhate.services.reference import reference
from hfhate.ui.context import UiContext
from hfhate.ui.formatting import london_time
from hfhate.ui.tables import PagedTableModel

OWING = UNPAID | {NoticeStatus.REPRESENTATION_RECEIVED, NoticeStatus.REFERRED_FOR_PROSECUTION}


def money_text(notice: FixedPenaltyNotice, today: date) -> str:
    """What the Amount column says: what was paid, or what is due today while still owed
    (after any part payment)."""
    received = notice.paid_amount_pence or 0
    if notice.status in OWING:
        due = amount_due(notice, today)
        if due is None:
            return ""
        if received:
            return f"{pounds(max(due - received, 0))} due ({pounds(received)} received)"
        return f"{pounds(due)} due"
    if notice.paid_amount_pence is not None:
        return f"{pounds(notice.paid_amount_pence)} paid"
    return ""


@dataclass(frozen=True)
class Column:
    """A list column: its heading, the store's sort key (None: not sortable) and its text;
    an elastic column takes the room left, or gives it up first on a narrow screen."""

    title: str
    sort_key: str | None
    text: Callable[[FixedPenaltyNotice, date], str]
    right_aligned: bool = False
    elastic: bool = False


def _prohibition(notice: FixedPenaltyNotice, _today: date) -> str:
    return reference().prohibitions.get(notice.prohibition, notice.prohibition)


NOTICE_COLUMNS = (
    Column("Number", "number", lambda n, _t: n.number or "No number (police)"),
    Column("Offence date", "offence_at", lambda n, _t: london_time(n.offence_at)),
    Column("Status", "status", lambda n, _t: n.status.label, elastic=True),
    Column("Recipient", "recipient_name", lambda n, _t: n.recipient_name, elastic=True),
    Column("Ward", "ward", lambda n, _t: n.ward, elastic=True),
    Column("Prohibition", None, _prohibition, elastic=True),
    Column("Officer", "officer_name", lambda n, _t: n.officer_name),
    Column("Amount due/paid", None, money_text, right_aligned=True),
)
WARNING_COLUMNS = (
    Column("Date", "offence_at", lambda n, _t: london_time(n.offence_at)),
    Column("Recipient", "recipient_name", lambda n, _t: n.recipient_name, elastic=True),
    Column("Ward", "ward", lambda n, _t: n.ward, elastic=True),
    Column("Prohibition", None, _prohibition, elastic=True),
    Column("Officer", "officer_name", lambda n, _t: n.officer_name),
)


class NoticesTableModel(PagedTableModel[FixedPenaltyNotice]):
    """Notices (or warnings) matching a filter, in the chosen order, paged in from the store."""

    def __init__(self, ctx: UiContext, kind: NoticeKind, parent: QObject | None = None) -> None:
        super().__init__(ctx, parent)
        self.columns = NOTICE_COLUMNS if kind is NoticeKind.NOTICE else WARNING_COLUMNS
        self.RIGHT_ALIGNED = frozenset(i for i, c in enumerate(self.columns) if c.right_aligned)
        self.full_text_tips = True
        self.filter = notice_queries.NoticeFilter(kind=kind)
        self.sort_key = "offence_at"
        self.descending = True
        self.today = london_date(utc_now())
        self.cleared = True  # nothing asked yet, or the last search could not run
        # Searches shown whose count is on its way, to log once it arrives, by reload.
        self.searches: dict[int, notice_queries.NoticeFilter] = {}

    def headers(self) -> tuple[str, ...]:
        return tuple(column.title for column in self.columns)

    # Loading -----------------------------------------------------------------------------

    def show_filter(self, flt: notice_queries.NoticeFilter) -> None:
        """Show the first page for ``flt``.

        A search that cannot run raises (InvalidNoticeNumber for a mistyped notice number)
        and leaves the list, its filter and its date as they were. A search asked for (not a
        refresh) is logged with how many it found, once they are counted.
        """
        shown = self.filter, self.today
        self.filter, self.today = flt, london_date(utc_now())
        try:
            super().reload()
        except Exception:
            self.filter, self.today = shown
            raise
        if self.cleared or flt != shown[0]:  # a search asked for, not a refresh: logged
            if self.counted:
                self._note_search(flt, self.total)
            else:
                self.searches[self.generation] = flt
        self.cleared = False

    def counter(self) -> Callable[[Session], int]:
        actor, flt = self.ctx.actor, self.filter
        return lambda session: notice_queries.count_notices(session, actor, flt)

    def count_arrived(self, generation: int, total: int | None) -> None:
        # The first rows were shown even if the filter changed since: the search is logged.
        flt = self.searches.pop(generation, None)
        if flt is not None:
            shown = len(self.rows) if generation == self.generation else 0
            self._note_search(flt, total if total is not None else shown)

    def _note_search(self, flt: notice_queries.NoticeFilter, found: int) -> None:
        actor = self.ctx.actor
        self.ctx.run(lambda session: notice_queries.note_search(session, actor, flt, found))

    def reload(self) -> None:
        """Ask again with the same filter (nothing to ask while the search cannot run)."""
        if not self.cleared:
            self.show_filter(self.filter)

    def clear(self) -> None:
        """Show nothing (the search cannot be run, e.g. a mistyped notice number)."""
        self.beginResetModel()
        self.rows, self.total, self.cleared = [], 0, True
        self.counted, self.more = True, False
        self.generation += 1  # a count on its way is for rows no longer shown
        self.endResetModel()
        self.count_changed.emit()

    def count(self, session: Session) -> int:
        return notice_queries.count_notices(session, self.ctx.actor, self.filter)

    def page(self, session: Session, offset: int, limit: int) -> list[FixedPenaltyNotice]:
        return notice_queries.list_notices(
            session,
            self.ctx.actor,
            self.filter,
            sort=self.sort_key,
            descending=self.descending,
            offset=offset,
            limit=limit,
        )

    def text(self, row: FixedPenaltyNotice, column: int) -> str:
        return self.columns[column].text(row, self.today)

    # Sorting -----------------------------------------------------------------------------

    def sortable(self, column: int) -> bool:
        return 0 <= column < len(self.columns) and self.columns[column].sort_key is not None

    def elastic_columns(self) -> list[int]:
        return [i for i, c in enumerate(self.columns) if c.elastic]

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
        return self.rows[row].id if 0 <= row < len(self.rows) else None

    def header_role_data(self, section: int, role: int) -> object:
        column = self.columns[section]
        if role == Qt.ItemDataRole.ToolTipRole and column.sort_key is None:
            return "This column cannot be sorted."
        if role == Qt.ItemDataRole.InitialSortOrderRole and column.sort_key is not None:
            # Newest first for dates, A to Z for words.
            newest_first = column.sort_key == "offence_at"
            order = Qt.SortOrder.DescendingOrder if newest_first else Qt.SortOrder.AscendingOrder
            return order.value
        return None

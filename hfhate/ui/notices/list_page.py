"""The Notices and Warnings areas: search, filters, a paged and sortable list, and the detail.

Officers see the notices they issued; supervisors see everyone's (the queries enforce it).
Double-click or Enter on a row opens its detail; Back returns to the list as it was.
The list is asked again whenever a screen reports a change to notices.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hfhate.models import NoticeKind, Role
from hfhate.services.notices.numbering import InvalidNoticeNumber
from hfhate.services.ops import OpChanges
from hfhate.ui.context import UiContext
from hfhate.ui.forms import heading
from hfhate.ui.notices.detail import NoticeDetail
from hfhate.ui.notices.filters import NoticeFilters
from hfhate.ui.notices.list_parts import NOTICE_RECORDS, add_list_footer
from hfhate.ui.notices.table_model import NoticesTableModel

INTRO = {
    NoticeKind.NOTICE: "Fixed penalty notices under the street-harassment order. Open one to "
    "see its timeline{supervisor}.",
    NoticeKind.WARNING: "Warnings given under the street-harassment order, usually before any "
    "notice. Open one to see its details and timeline.",
}


def count_text(count: int, kind: NoticeKind) -> str:
    """``1,234 notices``, ``1 warning``."""
    noun = "notice" if kind is NoticeKind.NOTICE else "warning"
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


class NoticeListPage(QWidget):
    """A list of notices or warnings, with its detail page behind it."""

    def __init__(self, ctx: UiContext, kind: NoticeKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        title = "Notices" if kind is NoticeKind.NOTICE else "Warnings"
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack)

        self.list_page = QWidget()
        layout = QVBoxLayout(self.list_page)
        layout.addWidget(heading(title))
        is_supervisor = ctx.actor.has(Role.SUPERVISOR)
        intro = QLabel(
            INTRO[kind].format(
                supervisor=" and record payments and decisions" if is_supervisor else ""
            )
        )
        if not is_supervisor:
            intro.setText(intro.text() + " You see the ones you issued.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.filters = NoticeFilters(ctx, kind)
        layout.addWidget(self.filters)

        self.model = NoticesTableModel(ctx, kind, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(title)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setDefaultSectionSize(self.fontMetrics().lineSpacing() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The recipient's name takes the room left over; the others fit their contents.
        header.setSectionResizeMode(self.model.recipient_column(), QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(self.model.sort_column(), Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._keep_indicator_on_sorted_column)
        self.table.activated.connect(self.open_index)
        layout.addWidget(self.table, 1)

        self.problem, self.count_label, self.open_button = add_list_footer(
            layout, "list_problem", lambda: self.open_index(self.table.currentIndex())
        )
        self.stack.addWidget(self.list_page)

        self.detail = NoticeDetail(ctx)
        self.detail.back_requested.connect(self.show_list)
        self.stack.addWidget(self.detail)

        self._widths_set = False
        self.filters.changed.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.open_button.setEnabled(current.isValid())
        )
        ctx.changes.changed.connect(self._on_changed)
        self.refresh()

    def refresh(self) -> None:
        """Ask the store again with the current search and filters."""
        try:
            self.model.show_filter(self.filters.current())
        except InvalidNoticeNumber as problem:
            self.model.clear()
            self.filters.show_search_problem(str(problem))
            self.count_label.setText("No search: check the notice number.")
        else:
            self.filters.show_search_problem("")
            self.count_label.setText(count_text(self.model.total, self.kind))
        if self.model.rowCount() and not self._widths_set:
            self.table.resizeColumnsToContents()  # once, so widths the user sets are kept
            self._widths_set = True
        self.open_button.setEnabled(self.table.currentIndex().isValid())

    def _keep_indicator_on_sorted_column(self, column: int, _order: Qt.SortOrder) -> None:
        if self.model.sortable(column):
            return
        order = (
            Qt.SortOrder.DescendingOrder if self.model.descending else Qt.SortOrder.AscendingOrder
        )
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(self.model.sort_column(), order)
        header.blockSignals(False)

    def open_index(self, index: QModelIndex) -> None:
        notice_id = self.model.notice_id(index.row()) if index.isValid() else None
        if notice_id is None:
            return
        problem = self.detail.show_notice(notice_id)
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        if not problem:
            self.stack.setCurrentWidget(self.detail)
            self.detail.back_button.setFocus()

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list_page)
        self.table.setFocus()

    def _on_changed(self, changes: OpChanges) -> None:
        if changes.touches(*NOTICE_RECORDS):
            self.refresh()


class NoticesPage(NoticeListPage):
    """The Notices area."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, NoticeKind.NOTICE, parent)


class WarningsPage(NoticeListPage):
    """The Warnings area."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, NoticeKind.WARNING, parent)

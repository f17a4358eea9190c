"""The Due actions area: notices waiting for a supervisor, each with the reason it is due.

A notice is due when its reduced-payment period has ended unpaid, when it is unpaid past the
14 days, or when a representation waits for a decision (``notice_queries.due_actions``).
Opening one shows its detail, where the move can be made; the list follows every change.
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

from hfhate.models import utc_now
from hfhate.services.notices.issuing import london_date
from hfhate.services.notices.queries import DueAction, due_actions
from hfhate.services.ops import OpChanges
from hfhate.ui.context import UiContext
from hfhate.ui.formatting import london_time
from hfhate.ui.forms import heading
from hfhate.ui.notices.detail import NoticeDetail
from hfhate.ui.notices.list_parts import NOTICE_RECORDS, add_list_footer
from hfhate.ui.notices.table_model import money_text
from hfhate.ui.tables import ListTableModel, ParentIndex


class DueActionsModel(ListTableModel[DueAction]):
    """The due notices, as ``due_actions`` orders them (longest overdue first)."""

    HEADERS = ("Number", "Why it is due", "Status", "Recipient", "Issued", "Officer", "Amount due")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.due: list[DueAction] = []

    def set_due(self, due: list[DueAction]) -> None:
        self.beginResetModel()
        self.due = due
        self.endResetModel()

    def items(self) -> list[DueAction]:
        return self.due

    def data(self, index: ParentIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self.due):
            return None
        item = self.due[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
            return item.why  # the reason in full when the column is too narrow for it
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        notice = item.notice
        return (
            notice.number or "",
            item.why,
            notice.status.label,
            notice.recipient_name,
            london_time(notice.issued_at),
            notice.officer_name,
            money_text(notice, london_date(utc_now())),
        )[index.column()]


class DueActionsPage(QWidget):
    """Supervisors' work queue, with each notice's detail behind it."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack)

        self.list_page = QWidget()
        layout = QVBoxLayout(self.list_page)
        layout.addWidget(heading("Due actions"))
        intro = QLabel(
            "Notices waiting for you: the reduced-payment period is over and they "
            "are unpaid, proceedings are possible, or a representation needs a "
            "decision. Open one to send a reminder, record a decision or refer it."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = DueActionsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Due actions")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # why it is due
        self.table.activated.connect(self.open_index)
        layout.addWidget(self.table, 1)
        self.problem, self.count_label, self.open_button = add_list_footer(
            layout, "due_problem", lambda: self.open_index(self.table.currentIndex())
        )
        self.stack.addWidget(self.list_page)

        self.detail = NoticeDetail(ctx)
        self.detail.back_requested.connect(self.show_list)
        self.stack.addWidget(self.detail)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.open_button.setEnabled(current.isValid())
        )
        ctx.changes.changed.connect(self._on_changed)
        self.refresh()

    def refresh(self) -> None:
        due = self.ctx.read(
            lambda session: due_actions(session, self.ctx.actor, london_date(utc_now()))
        )
        self.model.set_due(due)
        count = len(due)
        self.count_label.setText(
            "Nothing is due."
            if not count
            else f"{count:,} notice{'s' if count != 1 else ''} waiting for a supervisor"
        )
        self.open_button.setEnabled(self.table.currentIndex().isValid())

    def open_index(self, index: QModelIndex) -> None:
        if not index.isValid() or index.row() >= len(self.model.due):
            return
        problem = self.detail.show_notice(self.model.due[index.row()].notice.id)
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

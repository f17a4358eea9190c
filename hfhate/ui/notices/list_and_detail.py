"""A list of notices with the detail of the opened one behind it (Notices, Warnings, Due actions).

The list page has a heading and introduction, whatever the subclass puts above the table, the
table, and the footer (problem line, count, Open…). Enter or Open shows the notice's detail;
Back returns to the list as it was. The list is asked again whenever a notice changes.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QPushButton, QStackedWidget, QTableView, QVBoxLayout, QWidget

from hfhate.services.ops import OpChanges
from hfhate.ui.context import UiContext
from hfhate.ui.forms import show_problem, titled_layout
from hfhate.ui.notices.detail import NoticeDetail
from hfhate.ui.notices.list_parts import NOTICE_RECORDS, add_list_footer


class NoticeListAndDetail(QWidget):
    """Subclasses add what goes above the table to ``list_layout``, then call ``add_table``;
    they say how to ``refresh`` the list and which notice a row is (``notice_at``)."""

    def __init__(self, ctx: UiContext, title: str, intro: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack)
        self.list_page = QWidget()
        self.list_layout = titled_layout(self.list_page, title, intro)
        self.stack.addWidget(self.list_page)
        self.detail = NoticeDetail(ctx)
        self.detail.back_requested.connect(self.show_list)
        self.stack.addWidget(self.detail)

    def add_table(
        self, table: QTableView, problem_name: str, more: Sequence[QPushButton] = ()
    ) -> None:
        """Put ``table`` on the list page, with the footer (and the ``more`` buttons) under
        it."""
        self.table = table
        table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        rows = table.verticalHeader()
        rows.setDefaultSectionSize(self.fontMetrics().lineSpacing() + 10)
        table.activated.connect(self.open_index)
        self.list_layout.addWidget(table, 1)
        self.problem, self.count_label, self.open_button = add_list_footer(
            self.list_layout, problem_name, lambda: self.open_index(table.currentIndex()), more
        )
        table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.open_button.setEnabled(current.isValid())
        )
        self.ctx.changes.changed.connect(self._on_changed)

    def refresh(self) -> None:
        """Ask the store for the list again."""

    def notice_at(self, row: int) -> uuid.UUID | None:
        """The id of the notice on ``row``; None when there is none."""
        return None

    def open_index(self, index: QModelIndex) -> None:
        notice_id = self.notice_at(index.row()) if index.isValid() else None
        if notice_id is None:
            return
        problem = self.detail.show_notice(notice_id)
        show_problem(self.problem, problem)
        if not problem:
            self.stack.setCurrentWidget(self.detail)
            self.detail.back_button.setFocus()

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list_page)
        self.table.setFocus()

    def _on_changed(self, changes: OpChanges) -> None:
        if changes.touches(*NOTICE_RECORDS):
            self.refresh()

"""The Subject access area (supervisors): the requests with their deadlines on the left, the
chosen request's search, review and export on the right."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QVBoxLayout, QWidget

from hfhate.services.engagement.rules import london_today
from hfhate.services.ops import OpChanges
from hfhate.services.subject_access.requests import answer_request
from hfhate.ui.context import UiContext
from hfhate.ui.engagement.widgets import button
from hfhate.ui.forms import titled_layout
from hfhate.ui.subject_access.request_dialog import NewRequestDialog
from hfhate.ui.subject_access.requests_model import RequestsModel
from hfhate.ui.subject_access.review import ReviewPanel
from hfhate.ui.tables import list_table


class SubjectAccessPage(QWidget):
    """Requests and their deadlines; what is held about the chosen requester."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = titled_layout(
            self,
            "Subject access",
            "A person may ask for everything the council holds about them; the reply is due "
            "one calendar month after the request came. Overdue requests are in red.",
        )
        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        self.model = RequestsModel(ctx, london_today(), self)
        self.table = list_table(self.model, "Subject access requests")
        chars = self.fontMetrics().averageCharWidth()
        for index, width in enumerate((16, 12, 12)):
            self.table.setColumnWidth(index, chars * width)
        left_column.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.new_button = button("New request…", self.new_request)
        self.answer_button = button("Mark answered today", self.answer)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.answer_button)
        buttons.addStretch(1)
        left_column.addLayout(buttons)
        self.review = ReviewPanel(ctx, self)
        splitter.addWidget(left)
        splitter.addWidget(self.review)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([chars * 58, chars * 120])
        layout.addWidget(splitter, 1)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._chosen())
        ctx.changes.changed.connect(self._changed)
        self._enable()

    def selected_id(self) -> uuid.UUID | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()].id if rows else None

    def select(self, request_id: uuid.UUID) -> None:
        for row, line in enumerate(self.model.rows):
            if line.id == request_id:
                self.table.selectRow(row)

    def _chosen(self) -> None:
        self.review.show_request(self.selected_id())
        self._enable()

    def _enable(self) -> None:
        chosen = self.selected_id()
        line = next((r for r in self.model.rows if r.id == chosen), None)
        self.answer_button.setEnabled(line is not None and line.answered_on is None)

    def _changed(self, changes: OpChanges) -> None:
        if changes.touches("subject_access_requests"):
            chosen = self.selected_id()
            self.model.reload()
            if chosen is not None:
                self.table.selectionModel().blockSignals(True)
                self.select(chosen)
                self.table.selectionModel().blockSignals(False)
            self._enable()

    def new_request(self) -> None:
        saved = NewRequestDialog.ask(self.ctx, self)
        if saved is not None:
            self.model.reload()
            self.select(saved)

    def answer(self) -> None:
        chosen = self.selected_id()
        if chosen is None:
            return
        self.ctx.run(
            lambda s: answer_request(s, self.ctx.actor, chosen, answered_on=london_today()),
            parent=self,
        )

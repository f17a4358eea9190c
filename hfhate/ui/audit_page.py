"""The Audit trail area: every recorded action, newest first, paged in as the user scrolls."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hfhate.models import AuditEvent
from hfhate.services import audit
from hfhate.ui.context import UiContext
from hfhate.ui.formatting import london_time
from hfhate.ui.forms import heading, set_role

ParentIndex = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 200


class AuditTableModel(QAbstractTableModel):
    """Audit events, newest first; rows are fetched a page at a time (fetchMore)."""

    HEADERS = ("When", "User", "Action", "Record", "Device", "Details")

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.events: list[AuditEvent] = []
        self.total = 0
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        with self.ctx.session_factory.begin() as session:
            self.total = audit.count_events(session, self.ctx.actor)
            self.events = list(audit.list_events(session, self.ctx.actor, limit=PAGE_SIZE))
        self.endResetModel()

    def canFetchMore(self, parent: ParentIndex) -> bool:  # noqa: N802
        return not parent.isValid() and len(self.events) < self.total

    def fetchMore(self, parent: ParentIndex) -> None:  # noqa: N802
        if parent.isValid():
            return
        with self.ctx.session_factory.begin() as session:
            page = list(audit.list_events(session, self.ctx.actor, offset=len(self.events),
                                          limit=PAGE_SIZE))
        if not page:
            self.total = len(self.events)
            return
        start = len(self.events)
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self.events.extend(page)
        self.endInsertRows()

    def rowCount(self, parent: ParentIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.events)

    def columnCount(self, parent: ParentIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: ParentIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.events):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        event = self.events[index.row()]
        column = index.column()
        if column == 0:
            return london_time(event.at)
        if column == 1:
            return event.username or ""
        if column == 2:
            return audit.describe_action(event.action)
        if column == 3:
            return event.record_type.replace("_", " ") if event.record_type else ""
        if column == 4:
            return "This laptop" if event.device_id == self.ctx.actor.device_id else str(
                event.device_id)[:8]
        return audit.describe_details(event.details)


class AuditPage(QWidget):
    """Supervisors and administrators read the trail and check that it is unbroken."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Audit trail"))
        intro = QLabel("Who did what, when and on which laptop. Entries can never be changed "
                       "or removed; the check below proves it.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = AuditTableModel(ctx, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Audit trail")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)

        row = QHBoxLayout()
        self.check_button = QPushButton("&Check the audit trail")
        self.check_button.setAccessibleName("Check the audit trail")
        self.check_button.clicked.connect(self.check_chain)
        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.setAccessibleName("Refresh")
        self.refresh_button.clicked.connect(self.model.reload)
        self.result = QLabel()
        self.result.setObjectName("chain_result")
        self.result.setWordWrap(True)
        self.result.setAccessibleName("Audit check result")
        row.addWidget(self.check_button)
        row.addWidget(self.refresh_button)
        row.addWidget(self.result, 1)
        layout.addLayout(row)
        ctx.changes.changed.connect(lambda _type: self.model.reload())

    def check_chain(self) -> None:
        with self.ctx.session_factory.begin() as session:
            check = audit.verify_chain(session)
            audit.audit(session, self.ctx.actor, "audit_checked", details={"intact": check.intact})
        if check.intact:
            set_role(self.result, "ok")
            self.result.setText(f"Intact: all {check.events} entries are in place and unchanged.")
        else:
            set_role(self.result, "alarm")
            self.result.setText(
                f"BROKEN at entry {check.first_broken_seq}: an entry was changed or removed "
                "outside hfhate. Tell your supervisor and IT."
            )
        self.model.reload()

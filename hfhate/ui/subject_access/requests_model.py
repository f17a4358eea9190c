"""The list of subject access requests: open ones by deadline, overdue ones marked."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QWidget

from hfhate.models import SubjectAccessRequest
from hfhate.services.subject_access.requests import is_overdue, list_requests
from hfhate.ui.context import UiContext

ParentIndex = QModelIndex | QPersistentModelIndex
OVERDUE_COLOUR = QColor("#b00020")


@dataclass(frozen=True)
class RequestLine:
    """One request as the list shows it (read while the store was open)."""

    id: uuid.UUID
    requester_name: str
    received_on: date
    due_on: date
    status: str
    answered_on: date | None
    overdue: bool

    @classmethod
    def of(cls, request: SubjectAccessRequest, today: date) -> RequestLine:
        return cls(
            request.id,
            request.requester_name,
            request.received_on,
            request.due_on,
            request.status,
            request.answered_on,
            is_overdue(request, today),
        )

    @property
    def state(self) -> str:
        if self.answered_on is not None:
            return f"Answered {self.answered_on:%d %b %Y}"
        if self.overdue:
            return "Overdue"
        return "Open"


class RequestsModel(QAbstractTableModel):
    """Requests, open ones first by deadline."""

    HEADERS = ("Person", "Received", "Due by", "State")

    def __init__(self, ctx: UiContext, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today
        self.rows: list[RequestLine] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = self.ctx.read(
            lambda session: [
                RequestLine.of(r, self.today) for r in list_requests(session, self.ctx.actor)
            ]
        )
        self.endResetModel()

    def rowCount(self, parent: ParentIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ParentIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: ParentIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                line.requester_name,
                f"{line.received_on:%d %b %Y}",
                f"{line.due_on:%d %b %Y}",
                line.state,
            )[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and line.overdue:
            return QBrush(OVERDUE_COLOUR)
        return None

"""The supervisor's Start page box of subject access requests past their deadline."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QListWidget, QVBoxLayout, QWidget

from hfhate.printing.particulars import long_date
from hfhate.services.engagement.rules import london_today
from hfhate.services.ops import OpChanges
from hfhate.services.subject_access.requests import overdue_requests
from hfhate.ui.context import UiContext


class OverdueRequests(QGroupBox):
    """Requests still open after their deadline, longest overdue first; hidden when none."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__("Subject access requests overdue", parent)
        self.ctx = ctx
        self.setObjectName("overdue_requests")
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.setAccessibleName("Subject access requests overdue")
        self.list.setMaximumHeight(self.fontMetrics().lineSpacing() * 4 + 8)
        layout.addWidget(self.list)
        ctx.changes.changed.connect(self._changed)
        self.refresh()

    def _changed(self, changes: OpChanges) -> None:
        if changes.touches("subject_access_requests"):
            self.refresh()

    def refresh(self) -> None:
        today = london_today()
        lines = self.ctx.read(
            lambda session: [
                f"Received {long_date(r.received_on)}, due {long_date(r.due_on)}: "
                f"{(today - r.due_on).days} days overdue (see Subject access)"
                for r in overdue_requests(session, self.ctx.actor, today=today)
            ]
        )
        self.list.clear()
        self.list.addItems(lines)
        self.setVisible(bool(lines))

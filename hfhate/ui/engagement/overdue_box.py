"""The start page's "Overdue follow-ups" box, for engagement officers: their own actions and
flagged disclosures past their due date, most overdue first. Opening one shows its session."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from hfhate.services.engagement.follow_ups import overdue_follow_ups
from hfhate.services.engagement.rules import london_today
from hfhate.services.ops import OpChanges
from hfhate.ui.context import UiContext
from hfhate.ui.engagement.session_view import SessionView
from hfhate.ui.engagement.wording import day_text, due_text, type_text
from hfhate.ui.forms import set_role

REFRESH_ON = {"engagement_sessions", "session_follow_ups"}


class OverdueFollowUps(QGroupBox):
    """A short list; double-click (or Enter) opens the session the follow-up came from."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__("Overdue follow-ups", parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("overdue_summary")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Overdue follow-ups summary")
        layout.addWidget(self.summary)
        self.list = QListWidget()
        self.list.setAccessibleName("Overdue follow-ups")
        self.list.setWordWrap(True)
        layout.addWidget(self.list)
        self.list.itemActivated.connect(self.open_item)
        ctx.changes.changed.connect(self._on_changed)
        self.refresh()

    def _on_changed(self, changes: OpChanges) -> None:
        if changes.touches(*REFRESH_ON):
            self.refresh()

    def refresh(self) -> None:
        today = london_today()
        rows = self.ctx.read(
            lambda session: overdue_follow_ups(session, self.ctx.actor, today=today)
        )
        self.list.clear()
        for row in rows:
            session_name = row.session_title or type_text(row.session_type)
            item = QListWidgetItem(
                f"{due_text(row.due_on, today)}: {row.description} "
                f"({session_name}, {day_text(row.session_date)})"
            )
            item.setData(Qt.ItemDataRole.UserRole, row.session_id)
            self.list.addItem(item)
        self.list.setVisible(bool(rows))
        line = max(self.list.sizeHintForRow(0), self.fontMetrics().lineSpacing()) if rows else 0
        self.list.setFixedHeight(line * min(len(rows), 6) + 2 * self.list.frameWidth() + 4)
        if rows:
            count = len(rows)
            self.summary.setText(
                f"{count} of your follow-ups {'is' if count == 1 else 'are'} "
                "overdue. Double-click one to open its session."
            )
            set_role(self.summary, "alarm")
        else:
            self.summary.setText("None of your follow-ups is overdue.")
            set_role(self.summary, "ok")

    def open_item(self, item: QListWidgetItem) -> None:
        session_id = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(session_id, uuid.UUID):
            SessionView.ask(self.ctx, session_id, self)
            self.refresh()

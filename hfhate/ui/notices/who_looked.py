""" "Who looked at this notice", under a notice's timeline, for supervisors: each time someone
opened, printed, exported or synced it, when, and to whom it went, from the audit trail
(``services/audit_search.who_looked``)."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import (
    QGroupBox,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hfhate.models import Role
from hfhate.services.audit_search import who_looked
from hfhate.ui.context import UiContext
from hfhate.ui.formatting import london_time

COLUMNS = ("When", "Who", "What", "To whom", "Reason given")


class WhoLookedBox(QGroupBox):
    """The list, newest first; hidden from users who are not supervisors."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__("Who looked at this notice", parent)
        self.ctx = ctx
        self.setObjectName("who_looked")
        layout = QVBoxLayout(self)
        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels(list(COLUMNS))
        self.list.setAccessibleName("Who looked at this notice")
        self.list.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.list.setMinimumHeight(self.fontMetrics().height() * 8)
        layout.addWidget(self.list)
        self.setVisible(ctx.actor.has(Role.SUPERVISOR))

    def show_for(self, notice_id: uuid.UUID) -> None:
        if not self.ctx.actor.has(Role.SUPERVISOR):
            return
        looks = self.ctx.read(lambda session: who_looked(session, self.ctx.actor, notice_id))
        self.list.clear()
        for look in looks:
            self.list.addTopLevelItem(
                QTreeWidgetItem(
                    [
                        london_time(look.at),
                        look.who,
                        look.what,
                        ", ".join(look.recipients),
                        look.justification,
                    ]
                )
            )
        self.setTitle(f"Who looked at this notice ({len(looks)})")

    def rows(self) -> list[list[str]]:
        """What the list shows, row by row (for tests and people reading the code)."""
        items = (self.list.topLevelItem(i) for i in range(self.list.topLevelItemCount()))
        return [[item.text(c) for c in range(len(COLUMNS))] for item in items if item is not None]

"""The Audit trail area: every recorded action, newest first, paged in as the user scrolls."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QWidget,
)
from sqlalchemy.orm import Session

from hfhate.models import AuditEvent
from hfhate.services import audit
from hfhate.ui.context import UiContext
from hfhate.ui.formatting import london_time
from hfhate.ui.forms import set_role, titled_layout
from hfhate.ui.tables import PagedTableModel, list_table


@dataclass(frozen=True)
class AuditLine:
    """One event and its sentence, read while the store was open."""

    event: AuditEvent
    said: str


class AuditTableModel(PagedTableModel[AuditLine]):
    """Audit events, newest first, a page at a time, each as a sentence naming its record."""

    HEADERS = ("When", "User", "What happened", "Laptop", "Details")

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.full_text_tips = True
        self.reload()

    @property
    def events(self) -> list[AuditEvent]:
        return [line.event for line in self.rows]

    def count(self, session: Session) -> int:
        return audit.count_events(session, self.ctx.actor)

    def page(self, session: Session, offset: int, limit: int) -> list[AuditLine]:
        events = audit.list_events(session, self.ctx.actor, offset=offset, limit=limit)
        return [AuditLine(e, audit.describe_event(session, e)) for e in events]

    def text(self, line: AuditLine, column: int) -> str:
        event = line.event
        if column == 0:
            return london_time(event.at)
        if column == 1:
            return event.username or ""
        if column == 2:
            return line.said
        if column == 3:
            this_laptop = event.device_id == self.ctx.actor.device_id
            return "This laptop" if this_laptop else str(event.device_id)[:8]
        return audit.describe_details(event.details)


class AuditPage(QWidget):
    """Supervisors and administrators read the trail and check that it is unbroken."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = titled_layout(
            self,
            "Audit trail",
            "Who did what, when and on which laptop. Entries can never be changed "
            "or removed; the check below proves it.",
        )
        self.model = AuditTableModel(ctx, self)
        self.table = list_table(
            self.model,
            "Audit trail",
            resize=QHeaderView.ResizeMode.ResizeToContents,
            single=False,
        )
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
        ctx.changes.changed.connect(lambda _changes: self.model.reload())

    def check_chain(self) -> None:
        done = self.ctx.run(lambda session: audit.check_chain(session, self.ctx.actor), parent=self)
        if done is None:
            return
        check = done.value  # the check itself is in the trail now, and the list shows it
        if check.intact:
            set_role(self.result, "ok")
            self.result.setText(f"Intact: all {check.events} entries are in place and unchanged.")
        else:
            set_role(self.result, "alarm")
            self.result.setText(
                f"BROKEN at {check.broken.describe() if check.broken else 'an entry'}, "
                "outside hfhate. Tell your supervisor and IT."
            )

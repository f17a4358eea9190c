"""The Audit trail area: every recorded action, newest first, paged in as the user scrolls,
filtered by user, record, kind of processing and dates (``audit_filters``). Administrators
also see whether the server refused this laptop's trail at the last sync, and choose whether
a reason is asked to open others' records (``services/justification.py``)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QWidget,
)
from sqlalchemy.orm import Session

from hfhate.models import AuditEvent, Role
from hfhate.services import audit, audit_search
from hfhate.services.audit_search import AuditFilter
from hfhate.services.errors import ValidationFailed
from hfhate.services.justification import justification_required, set_justification_required
from hfhate.sync.audit_push import chain_refusal
from hfhate.ui.audit_filters import AuditFilters
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
        self.filter = AuditFilter()
        self.reload()

    @property
    def events(self) -> list[AuditEvent]:
        return [line.event for line in self.rows]

    def show_filter(self, flt: AuditFilter) -> None:
        """Show the first page for ``flt``; a filter that cannot run raises
        ``ValidationFailed`` and leaves the list and its filter as they were."""
        shown, self.filter = self.filter, flt
        try:
            self.reload()
        except Exception:
            self.filter = shown
            raise

    def count(self, session: Session) -> int:
        return audit_search.count_matching(session, self.ctx.actor, self.filter)

    def page(self, session: Session, offset: int, limit: int) -> list[AuditLine]:
        events = audit_search.list_matching(
            session, self.ctx.actor, self.filter, offset=offset, limit=limit
        )
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
        self.filters = AuditFilters(ctx, self)
        self.filters.changed.connect(self.apply_filters)
        layout.addWidget(self.filters)
        self.shown = QLabel()
        self.shown.setObjectName("audit_shown")
        self.shown.setAccessibleName("Rows shown")
        layout.addWidget(self.shown)
        self.model = AuditTableModel(ctx, self)
        self.model.count_changed.connect(self._say_shown)  # a long list's count follows
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
        self.refusal = QLabel()
        self.refusal.setObjectName("chain_refused")
        self.refusal.setWordWrap(True)
        self.refusal.setAccessibleName("Server's check of this laptop's trail")
        layout.addWidget(self.refusal)
        self.justification = QCheckBox(
            "Ask for a &reason when someone opens a record that is not theirs"
        )
        self.justification.setAccessibleName("Ask for a reason to open others' records")
        self.justification.setVisible(ctx.actor.has(Role.ADMINISTRATOR))
        self.justification.setChecked(ctx.read(justification_required))
        self.justification.toggled.connect(self._set_justification)
        layout.addWidget(self.justification)
        self._say_shown()
        self._say_refusal()
        ctx.changes.changed.connect(lambda _changes: self._refresh())

    def _refresh(self) -> None:
        self.model.reload()
        self._say_shown()
        self._say_refusal()

    def apply_filters(self) -> None:
        """Ask for the rows the filters describe; a problem is said beside its field."""
        try:
            self.model.show_filter(self.filters.current())
        except ValidationFailed as failure:
            self.filters.show_problems(failure.field_errors)
            return
        self.filters.show_problems({})
        self._say_shown()

    def _say_shown(self) -> None:
        total = self.model.total
        if not self.model.counted:
            self.shown.setText(f"First {total:,} entries shown, newest first; counting the rest…")
            return
        self.shown.setText(f"{total:,} entr{'y' if total == 1 else 'ies'} shown, newest first.")

    def _say_refusal(self) -> None:
        """For administrators: the server refused this laptop's trail at the last sync."""
        refusal = self.ctx.read(chain_refusal) if self.ctx.actor.has(Role.ADMINISTRATOR) else None
        self.refusal.setVisible(refusal is not None)
        if refusal is not None:
            set_role(self.refusal, "alarm")
            self.refusal.setText(
                f"{refusal.get('message', 'The server refused this laptop’s audit trail.')} "
                "Check the trail here, and tell IT."
            )

    def _set_justification(self, required: bool) -> None:
        done = self.ctx.run(
            lambda session: set_justification_required(session, self.ctx.actor, required),
            parent=self,
        )
        if done is None:
            self.justification.blockSignals(True)
            self.justification.setChecked(not required)
            self.justification.blockSignals(False)

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

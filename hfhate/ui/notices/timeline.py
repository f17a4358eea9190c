"""A notice's timeline in words: when, who, what happened, the status change and the details.

Each ``NoticeEvent`` becomes one row: payments say how much, when, how and the reference;
amendments say which field changed "from X to Y", so the original stays readable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from hfhate.models import NoticeEvent
from hfhate.printing.particulars import pounds
from hfhate.services.reference import reference
from hfhate.ui.formatting import london_time
from hfhate.ui.tables import ListTableModel

WHAT = {
    "notice_issued": "Notice issued",
    "warning_recorded": "Warning recorded",
    "referred_to_police": "Referred to police (recipient refused their details)",
    "amended": "Amended",
    "record_payment": "Payment recorded",
    "receive_representation": "Representation received",
    "accept_representation": "Representation accepted",
    "reject_representation": "Representation rejected",
    "cancel": "Cancelled",
    "send_reminder_1": "First reminder sent",
    "send_reminder_2": "Second reminder sent",
    "refer_for_prosecution": "Referred for prosecution",
    "record_convicted": "Outcome recorded: convicted",
    "record_dismissed": "Outcome recorded: dismissed",
    "record_withdrawn": "Outcome recorded: withdrawn",
    "write_off": "Written off",
}
FIELD_NAMES = {
    "circumstances": "Circumstances",
    "recipient_name": "Recipient's name",
    "recipient_date_of_birth": "Date of birth",
    "recipient_age_band": "Estimated age",
    "recipient_address": "Address",
    "recipient_postcode": "Recipient's postcode",
    "recipient_description": "Description",
    "body_worn_video": "Body-worn video",
    "place": "Place",
    "postcode": "Postcode of the place",
    "people": "Victims and witnesses",
}


@dataclass(frozen=True)
class TimelineEntry:
    """One timeline row, as the screen shows it."""

    when: str
    by: str
    what: str
    status: str
    details: str


def _value(field: str, value: Any) -> str:
    if value is None or value == "":
        return "(none)"
    if field == "recipient_date_of_birth":
        return date.fromisoformat(str(value)).strftime("%d %b %Y")
    if field == "people":
        people = value if isinstance(value, list) else []
        return ", ".join(f"{p.get('name', '')} ({p.get('role', '')})" for p in people) or "(none)"
    return f"“{value}”"


def how_paid(details: dict[str, Any]) -> str:
    """``by phone, reference PH-20391`` from a payment event's details."""
    method = str(details.get("method", ""))
    how = reference().payment_methods.get(method, method)
    return f"{how[:1].lower()}{how[1:]}, reference {details.get('reference', '')}"


def event_details(event: NoticeEvent) -> list[str]:
    """The lines under an event: reason, payment, changed fields, number."""
    lines = []
    details = event.details or {}
    if event.action == "record_payment" and "amount_pence" in details:
        paid_on = date.fromisoformat(details["paid_on"]).strftime("%d %b %Y")
        lines.append(f"{pounds(details['amount_pence'])} paid on {paid_on} ({how_paid(details)})")
    elif event.action == "amended":
        for field, change in details.items():
            name = FIELD_NAMES.get(field, field.replace("_", " ").capitalize())
            lines.append(
                f"{name}: from {_value(field, change.get('from'))} "
                f"to {_value(field, change.get('to'))}"
            )
    elif details.get("number"):
        lines.append(f"Number {details['number']}")
    if event.reason:
        lines.append(f"Reason: {event.reason}")
    return lines


def describe(event: NoticeEvent) -> TimelineEntry:
    what = WHAT.get(event.action, event.action.replace("_", " ").capitalize())
    if event.status_from is not None and event.status_to is not None:
        status = f"{event.status_from.label} → {event.status_to.label}"
    elif event.status_to is not None:
        status = event.status_to.label
    else:
        status = ""
    return TimelineEntry(
        london_time(event.at), event.by_name, what, status, "\n".join(event_details(event))
    )


class TimelineModel(ListTableModel[TimelineEntry]):
    """The events of one notice, oldest first."""

    HEADERS = ("When", "By", "What", "Status", "Details")

    def set_events(self, events: list[NoticeEvent]) -> None:
        self.set_rows([describe(e) for e in events])

    def text(self, entry: TimelineEntry, column: int) -> str:
        return (entry.when, entry.by, entry.what, entry.status, entry.details)[column]

    def role_data(self, entry: TimelineEntry, column: int, role: int) -> object:
        return self.text(entry, column) if role == Qt.ItemDataRole.ToolTipRole else None


class TimelineView(QTableView):
    """The timeline table, as tall as its rows (the page scrolls, not the table)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timeline_model = TimelineModel(self)
        self.setModel(self.timeline_model)
        self.setAccessibleName("Timeline")
        self.setWordWrap(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        # Columns settle after the table is laid out; the rows are fitted again once they do.
        self._fit_later = QTimer(self)
        self._fit_later.setSingleShot(True)
        self._fit_later.setInterval(0)
        self._fit_later.timeout.connect(self.fit)
        header.sectionResized.connect(lambda *_sizes: self._fit_later.start())

    def set_events(self, events: list[NoticeEvent]) -> None:
        self.timeline_model.set_events(events)
        self.fit()

    def fit(self) -> None:
        """Rows as tall as their wrapped details, and the table as tall as all its rows."""
        padding = self.fontMetrics().lineSpacing() // 2 + 6
        rows = 0
        for row in range(self.timeline_model.rowCount()):
            wanted = self.sizeHintForRow(row) + padding
            if self.rowHeight(row) != wanted:
                self.setRowHeight(row, wanted)
            rows += wanted
        self.setFixedHeight(rows + self.horizontalHeader().height() + 2 * self.frameWidth())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_later.start()

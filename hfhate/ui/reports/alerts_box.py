"""The trend alerts on the dashboard: a hostility category rising well above its own baseline.

Each alert is its sentence ("Transphobic incidents: 14 in the last 3 months against about 5
expected; consider specialised training") with two buttons: "Show these", which opens the
notices of that category over the recent months, and one to record a specialised training
session on it (engagement officers; a supervisor who does not record sessions is offered the
specialised training already recorded instead). The box hides itself when nothing rises.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from hfhate.services.reports.trends import TrendAlert
from hfhate.ui.engagement.widgets import button


class AlertsBox(QGroupBox):
    """Emits ``show_these(alert)`` and ``training(alert)`` for an alert's buttons."""

    show_these = Signal(object)
    training = Signal(object)

    def __init__(self, can_record: bool, parent: QWidget | None = None) -> None:
        super().__init__("Trend alerts", parent)
        self.setObjectName("trend_alerts")
        self.setAccessibleName("Trend alerts")
        self.can_record = can_record
        self.alerts: list[TrendAlert] = []
        self.rows = QVBoxLayout(self)
        self.hide()

    def show_alerts(self, alerts: Sequence[TrendAlert]) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.alerts = list(alerts)
        for alert in self.alerts:
            self.rows.addWidget(self._row(alert))
        self.setVisible(bool(self.alerts))

    def _row(self, alert: TrendAlert) -> QWidget:
        row = QWidget()
        row.setObjectName(f"alert_{alert.category}")
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        words = QLabel(alert.sentence())
        words.setWordWrap(True)
        words.setProperty("role", "alarm")
        words.setObjectName("alert_sentence")
        words.setToolTip(
            f"{alert.recent_period.label} against {alert.baseline_period.label}; "
            f"the chance of so many by chance alone is {alert.p_value:.2g}."
        )
        show = button("Show these", lambda: self.show_these.emit(alert))
        show.setAccessibleName(f"Show the {alert.label.lower()} notices")
        text = (
            "Record a specialised training session…"
            if self.can_record
            else "Specialised training so far…"
        )
        training = button(text, lambda: self.training.emit(alert))
        training.setAccessibleName(f"{text.rstrip('…')} on {alert.label.lower()} hostility")
        line.addWidget(words, 1)
        line.addWidget(show)
        line.addWidget(training)
        return row

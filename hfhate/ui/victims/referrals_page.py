"""The Referrals area: every referral the user may see, by state, with the overdue ones red.

A referral is overdue when it was sent and the partner has not acknowledged it within the
days the council set (``referrals.acknowledge_days``). Officers see the referrals of the
people they recorded; supervisors see everyone's. Double-clicking a referral opens it with
the steps it may take next (``referral_actions``). Under the list, supervisors see victims'
feedback of the last 12 months, counted (never a name or a comment).
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget

from hfhate.models import Role
from hfhate.services.engagement.rules import london_today
from hfhate.services.ops import OpChanges
from hfhate.services.victims.feedback import FeedbackSummary, feedback_summary
from hfhate.services.victims.referrals import ReferralRow, referrals_list
from hfhate.services.victims.words import REFERRAL_STATES, STATE_LABELS, victim_words
from hfhate.ui.context import UiContext
from hfhate.ui.engagement.widgets import ChoiceBox, button
from hfhate.ui.forms import titled_layout
from hfhate.ui.tables import ListTableModel, fit_columns, list_table
from hfhate.ui.victims.person_view import day

# The error red of app.qss, as the other overdue lists draw it.
OVERDUE_COLOUR = QBrush(QColor("#a4000f"))
REFRESH_ON = ("referrals", "people", "consents", "victim_feedback")


class ReferralsModel(ListTableModel[ReferralRow]):
    """Referrals as ``referrals_list`` gives them; overdue ones in red."""

    HEADERS = ("Person", "Partner", "State", "Drafted", "Sent", "Waiting", "Referred by")
    RIGHT_ALIGNED = frozenset({5})
    full_text_tips = True

    def text(self, row: ReferralRow, column: int) -> str:
        waiting = ""
        if row.days_waiting is not None and row.status == "sent":
            waiting = f"{row.days_waiting} day{'s' if row.days_waiting != 1 else ''}"
        state = row.status_label or STATE_LABELS.get(row.status, row.status)
        if row.overdue:
            state = f"{state} - overdue"
        return (
            row.person_label,
            row.partner_label,
            state,
            day(row.drafted_at),
            day(row.sent_at),
            waiting,
            row.officer_name,
        )[column]

    def role_data(self, row: ReferralRow, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ForegroundRole and row.overdue:
            return OVERDUE_COLOUR
        return None


def feedback_sentence(summary: FeedbackSummary) -> str:
    """Victims' feedback of the last 12 months in one sentence of counts."""
    if not summary.count:
        return "Victims' feedback in the last 12 months: none recorded yet."
    listened = ", ".join(
        f"{words.lower()} {summary.listened.get(code, 0)}"
        for code, words in victim_words().felt_listened_to.items()
    )
    average = f"{summary.average_satisfaction:.1f}" if summary.average_satisfaction else "-"
    return (
        f"Victims' feedback in the last 12 months: {summary.count} "
        f"response{'s' if summary.count != 1 else ''}, average satisfaction {average} of 5; "
        f"felt listened to: {listened}."
    )


class ReferralsPage(QWidget):
    """The state filter, "Overdue only", the list, and Open…."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stale = False
        layout = titled_layout(
            self,
            "Referrals",
            "Referrals to partners and where each has got to. Those sent and not "
            "acknowledged in time are overdue, shown in red: chase the partner.",
        )
        row = QHBoxLayout()
        show_label = QLabel("&Show")
        self.state = ChoiceBox(
            [("All referrals", None), *((STATE_LABELS[s], s) for s in REFERRAL_STATES)]
        )
        self.state.setAccessibleName("Show")
        show_label.setBuddy(self.state)
        self.overdue = QCheckBox("&Overdue only")
        self.overdue.setAccessibleName("Overdue only")
        row.addWidget(show_label)
        row.addWidget(self.state)
        row.addWidget(self.overdue)
        row.addStretch(1)
        layout.addLayout(row)
        self.count_label = QLabel()
        self.count_label.setObjectName("referrals_count")
        self.count_label.setAccessibleName("Referrals found")
        layout.addWidget(self.count_label)
        self.model = ReferralsModel(self)
        self.table = list_table(self.model, "Referrals")
        fit_columns(self.table, elastic=(0, 1))
        layout.addWidget(self.table, 1)
        actions = QHBoxLayout()
        self.open_button = button("&Open…", self.open_selected)
        actions.addWidget(self.open_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        # What victims said of the support they had, counted, never named (supervisors).
        self.feedback_label = QLabel()
        self.feedback_label.setObjectName("feedback_summary")
        self.feedback_label.setAccessibleName("Victims' feedback in the last 12 months")
        self.feedback_label.setWordWrap(True)
        self.feedback_label.setVisible(ctx.actor.has(Role.SUPERVISOR))
        layout.addWidget(self.feedback_label)

        self.state.currentIndexChanged.connect(lambda _i: self.refresh())
        self.overdue.toggled.connect(lambda _on: self.refresh())
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        ctx.changes.changed.connect(self._changed)
        self.refresh()

    def refresh(self) -> None:
        self.stale = False
        chosen = self.selected_id()
        status = self.state.value()
        overdue = self.overdue.isChecked()
        today = london_today()
        rows = self.ctx.read(
            lambda session: referrals_list(
                session, self.ctx.actor, status=status, overdue_only=overdue, today=today
            )
        )
        self.model.set_rows(rows)
        late = sum(1 for r in rows if r.overdue)
        text = f"{len(rows)} referral{'s' if len(rows) != 1 else ''}"
        if late:
            text += f", {late} overdue"
        self.count_label.setText(text)
        if self.ctx.actor.has(Role.SUPERVISOR):
            self.feedback_label.setText(
                feedback_sentence(
                    self.ctx.read(
                        lambda session: feedback_summary(
                            session, self.ctx.actor, today - timedelta(days=365), today
                        )
                    )
                )
            )
        if chosen is not None:
            self.select(chosen)
        self._enable()

    def selected_id(self) -> uuid.UUID | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()].id if rows else None

    def select(self, referral_id: uuid.UUID) -> bool:
        for index, line in enumerate(self.model.rows):
            if line.id == referral_id:
                self.table.selectRow(index)
                return True
        return False

    def _enable(self) -> None:
        self.open_button.setEnabled(self.selected_id() is not None)

    def open_selected(self) -> None:
        chosen = self.selected_id()
        if chosen is not None:
            self.open_referral(chosen)

    def open_referral(self, referral_id: uuid.UUID) -> None:
        from hfhate.ui.victims.referral_actions import ReferralActionsDialog

        ReferralActionsDialog.ask(self.ctx, referral_id, self)
        self.refresh()

    def _changed(self, changes: OpChanges) -> None:
        """Read the list again now if it is on screen, else when it is next shown: each
        reading is a logged listing of names, so none is made that nobody sees."""
        if changes.touches(*REFRESH_ON):
            if self.isVisible():
                self.refresh()
            else:
                self.stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self.stale:
            self.refresh()

"""The supervisor's Start page box of referrals sent that no partner has acknowledged in time.

Each line says the partner, the person and how many days the referral has waited; the
referral opens (with what can be done next) from the button or by double-clicking its line.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hfhate.services.engagement.rules import london_today
from hfhate.services.ops import OpChanges
from hfhate.services.victims.referrals import ReferralRow, overdue_referrals
from hfhate.ui.context import UiContext
from hfhate.ui.engagement.widgets import button


def overdue_line(row: ReferralRow) -> str:
    days = row.days_waiting or 0
    return (
        f"{row.partner_label}: {row.person_label}, sent {days} day{'s' if days != 1 else ''} "
        "ago and not acknowledged"
    )


class OverdueReferrals(QGroupBox):
    """Referrals waiting longest first; hidden when none is overdue."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__("Referrals not acknowledged in time", parent)
        self.ctx = ctx
        self.setObjectName("overdue_referrals")
        layout = QVBoxLayout(self)
        line = QHBoxLayout()
        self.list = QListWidget()
        self.list.setAccessibleName("Referrals not acknowledged in time")
        self.list.setMaximumHeight(self.fontMetrics().lineSpacing() * 4 + 8)
        line.addWidget(self.list, 1)
        self.open_button = button("Open &referral…", self.open_referral)
        line.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(line)
        self.list.itemDoubleClicked.connect(lambda _item: self.open_referral())
        self.list.itemSelectionChanged.connect(self._update_button)
        ctx.changes.changed.connect(self._changed)
        self.refresh()

    def _changed(self, changes: OpChanges) -> None:
        if changes.touches("referrals", "people"):
            self.refresh()

    def refresh(self) -> None:
        rows = self.ctx.read(
            lambda session: overdue_referrals(session, self.ctx.actor, london_today())
        )
        rows.sort(key=lambda r: -(r.days_waiting or 0))
        self.list.clear()
        for row in rows:
            item = QListWidgetItem(overdue_line(row))
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.list.addItem(item)
        if rows:
            self.list.setCurrentRow(0)
        self.setVisible(bool(rows))
        self._update_button()

    def selected_id(self) -> uuid.UUID | None:
        item = self.list.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return value if isinstance(value, uuid.UUID) else None

    def _update_button(self) -> None:
        self.open_button.setEnabled(self.selected_id() is not None)

    def open_referral(self) -> None:
        """The chosen referral with what can be done next (acknowledge, outcome, close)."""
        referral_id = self.selected_id()
        if referral_id is None:
            return
        from hfhate.ui.victims.referral_actions import ReferralActions  # the Referrals area's

        ReferralActions.ask(self.ctx, referral_id, self)

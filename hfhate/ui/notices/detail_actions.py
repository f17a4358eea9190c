"""The Actions box of a notice's detail: one button per lifecycle move, and Amend.

Supervisors see every move (labels from ``lifecycle.TRANSITIONS``); a move is enabled only when
``why_not`` has nothing to say, and otherwise its tooltip says why, and moves held back by a
date (reminders, prosecution) are explained in words under the buttons. The issuing officer
and supervisors may amend.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from hfhate.clock import london_date
from hfhate.models import FixedPenaltyNotice, NoticeKind, Role, utc_now
from hfhate.services.notices.lifecycle import TRANSITIONS, Action, why_not
from hfhate.ui.context import UiContext
from hfhate.ui.notices.actions import run_action
from hfhate.ui.notices.amend_dialog import AmendmentDialog

BUTTONS_PER_ROW = 3


def button_text(action: Action) -> str:
    """The move's label, with an ellipsis when it asks for more (a payment, a reason)."""
    transition = TRANSITIONS[action]
    asks = action is Action.RECORD_PAYMENT or transition.needs_reason
    return f"{transition.label}…" if asks else transition.label


class ActionsPanel(QGroupBox):
    """Buttons for the moves; ``done(message, made)`` reports what happened (a move not made
    may have been overtaken by a change elsewhere, so the detail reads the notice again)."""

    done = Signal(str, bool)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__("Actions", parent)
        self.ctx = ctx
        self.notice: FixedPenaltyNotice | None = None
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        self.buttons: dict[Action, QPushButton] = {}
        if ctx.actor.has(Role.SUPERVISOR):
            for position, action in enumerate(Action):
                button = QPushButton(button_text(action))
                button.setAccessibleName(TRANSITIONS[action].label)
                button.clicked.connect(lambda _checked=False, a=action: self.make(a))
                grid.addWidget(button, position // BUTTONS_PER_ROW, position % BUTTONS_PER_ROW)
                self.buttons[action] = button
        self.amend_button = QPushButton("A&mend…")
        self.amend_button.setAccessibleName("Amend")
        self.amend_button.clicked.connect(self.amend)
        position = len(self.buttons)
        grid.addWidget(self.amend_button, position // BUTTONS_PER_ROW, position % BUTTONS_PER_ROW)
        grid.setColumnStretch(BUTTONS_PER_ROW, 1)
        layout.addLayout(grid)
        self.why = QLabel()
        self.why.setObjectName("actions_why")
        self.why.setProperty("role", "hint")
        self.why.setWordWrap(True)
        self.why.setAccessibleName("Why some actions are not possible")
        layout.addWidget(self.why)

    def show_for(self, notice: FixedPenaltyNotice) -> None:
        """Enable what is possible today; say why the rest is not."""
        self.notice = notice
        today = london_date(utc_now())
        held_by_date: list[str] = []
        held_by_status = False
        for action, button in self.buttons.items():
            reason = why_not(notice, action, today)
            button.setEnabled(not reason)
            button.setToolTip(reason)
            button.setAccessibleDescription(reason)
            if not reason:
                continue
            if notice.kind is NoticeKind.NOTICE and notice.status in (
                TRANSITIONS[action].from_statuses
            ):
                held_by_date.append(f"{TRANSITIONS[action].label}: {reason}")
            else:
                held_by_status = True
        may_amend = (
            self.ctx.actor.has(Role.SUPERVISOR) or notice.officer_id == self.ctx.actor.user_id
        )
        self.amend_button.setEnabled(may_amend)
        self.why.setText("\n".join(self._explanations(notice, held_by_date, held_by_status)))

    def _explanations(
        self, notice: FixedPenaltyNotice, held_by_date: list[str], held_by_status: bool
    ) -> list[str]:
        if not self.buttons:
            return [
                "Supervisors record payments, decide representations and refer notices "
                "for prosecution. To correct what was recorded, amend it."
            ]
        if notice.kind is not NoticeKind.NOTICE or notice.amount_pence is None:
            return [why_not(notice, Action.CANCEL, london_date(utc_now()))]
        lines = list(held_by_date)
        if held_by_status:
            lines.append(
                "The other greyed-out actions are not possible while the notice is "
                f"'{notice.status.label.lower()}'."
            )
        return lines

    def make(self, action: Action) -> None:
        if self.notice is None:
            return
        outcome = run_action(self.ctx, self.notice, action, self)
        self.done.emit(outcome.message, outcome.done)

    def amend(self) -> None:
        if self.notice is None:
            return
        changes = AmendmentDialog.ask(self.ctx, self.notice, self)
        if not changes:
            self.done.emit("", False)
            return
        count = len(changes)
        self.done.emit(
            f"Amendment saved: {count} field{'s' if count != 1 else ''} "
            "corrected; the original stays on the timeline.",
            True,
        )

"""The Actions box of a notice's detail: the moves possible now as buttons, Amend, and behind
"Why can't I…?" every other move with the reason it cannot be made now.

The moves are read from ``lifecycle.TRANSITIONS`` and each is judged by ``why_not``, so a move
added to the lifecycle appears here by itself. Supervisors make the moves; a move that is not
possible now is hidden (and disabled, its tooltip saying why) and listed with its reason once
"Why can't I…?" is opened. The issuing officer and supervisors may amend. Officers, and
anyone looking at a warning, read one sentence saying who makes the moves or why there are none.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hfhate.clock import london_date
from hfhate.models import FixedPenaltyNotice, NoticeKind, Role, utc_now
from hfhate.services.notices.lifecycle import TRANSITIONS, Action, why_not
from hfhate.ui.context import UiContext
from hfhate.ui.notices.actions import run_action
from hfhate.ui.notices.amend_dialog import AmendmentDialog

BUTTONS_PER_ROW = 4
WHY = "Why can't I…?"
OFFICERS_NOTE = (
    "Supervisors record payments, decide representations and refer notices for "
    "prosecution. To correct what was recorded, amend it."
)


def button_text(action: Action) -> str:
    """The move's label, with an ellipsis when it asks for more (a payment, a reason)."""
    transition = TRANSITIONS[action]
    asks = action is Action.RECORD_PAYMENT or transition.needs_reason
    return f"{transition.label}…" if asks else transition.label


class ActionsPanel(QGroupBox):
    """Buttons for the moves possible now; ``done(message, made)`` reports what happened (a
    move not made may have been overtaken by a change elsewhere, so the detail reads the
    notice again)."""

    done = Signal(str, bool)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__("Actions", parent)
        self.ctx = ctx
        self.notice: FixedPenaltyNotice | None = None
        layout = QVBoxLayout(self)
        self.grid = QGridLayout()
        self.buttons: dict[Action, QPushButton] = {}
        if ctx.actor.has(Role.SUPERVISOR):
            for action in TRANSITIONS:
                button = QPushButton(button_text(action), self)
                button.hide()
                button.setAccessibleName(TRANSITIONS[action].label)
                button.clicked.connect(lambda _checked=False, a=action: self.make(a))
                self.buttons[action] = button
        self.amend_button = QPushButton("A&mend…", self)
        self.amend_button.setAccessibleName("Amend")
        self.amend_button.clicked.connect(self.amend)
        layout.addLayout(self.grid)
        self.none_possible = QLabel("No move is possible on this notice now.")
        self.none_possible.setObjectName("actions_none")
        self.none_possible.setProperty("role", "hint")
        self.none_possible.hide()
        layout.addWidget(self.none_possible)
        self.why_button = QPushButton(WHY)
        self.why_button.setObjectName("actions_why_button")
        self.why_button.setAccessibleName("Why can't I")
        self.why_button.setCheckable(True)
        self.why_button.toggled.connect(self._show_why)
        why_row = QGridLayout()
        why_row.addWidget(self.why_button, 0, 0)
        why_row.setColumnStretch(1, 1)
        layout.addLayout(why_row)
        self.why = QLabel()
        self.why.setObjectName("actions_why")
        self.why.setProperty("role", "hint")
        self.why.setWordWrap(True)
        self.why.setAccessibleName("Why some actions are not possible")
        layout.addWidget(self.why)
        self._show_why(False)

    def show_for(self, notice: FixedPenaltyNotice) -> None:
        """Show the moves possible today; list the rest with the reason each is not."""
        self.notice = notice
        today = london_date(utc_now())
        possible: list[QPushButton] = []
        why: list[str] = []
        for action, button in self.buttons.items():
            reason = why_not(notice, action, today)
            button.setEnabled(not reason)
            button.setToolTip(reason)
            button.setAccessibleDescription(reason)
            if reason:
                why.append(f"{TRANSITIONS[action].label}: {reason}")
            else:
                possible.append(button)
        may_amend = (
            self.ctx.actor.has(Role.SUPERVISOR) or notice.officer_id == self.ctx.actor.user_id
        )
        self.amend_button.setEnabled(may_amend)
        if may_amend:
            possible.append(self.amend_button)
        self._lay_out(possible)
        self.none_possible.setVisible(not possible)
        moves = notice.kind is NoticeKind.NOTICE and notice.amount_pence is not None
        if not self.buttons:
            self._say_directly(OFFICERS_NOTE)
        elif not moves:
            self._say_directly(why_not(notice, Action.CANCEL, today))
        else:
            self.why.setText("\n".join(why))
            self.why_button.setVisible(bool(why))
            self._show_why(self.why_button.isChecked() and bool(why))

    def _lay_out(self, buttons: list[QPushButton]) -> None:
        """Put ``buttons`` in rows, in the lifecycle's order."""
        for button in [*self.buttons.values(), self.amend_button]:
            self.grid.removeWidget(button)
            button.setVisible(button in buttons)
        for position, button in enumerate(buttons):
            self.grid.addWidget(button, position // BUTTONS_PER_ROW, position % BUTTONS_PER_ROW)
        self.grid.setColumnStretch(BUTTONS_PER_ROW, 1)

    def _say_directly(self, text: str) -> None:
        """One sentence in place of the list (no moves here, for this user or this record)."""
        self.why.setText(text)
        self.why_button.hide()
        self.why.show()

    def _show_why(self, shown: bool) -> None:
        self.why.setVisible(shown)

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

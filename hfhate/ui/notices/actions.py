"""The moves a supervisor makes on a notice: record a payment, give a reason, confirm.

Each dialog calls the lifecycle service itself, so what is wrong shows beside the field it
concerns (``ValidationFailed``) and a move that is not possible now says why (``NotAllowedNow``,
``PermissionDenied``). ``ask()`` returns plain data: the payment or reason recorded, or None.
``run_action`` picks the right dialog for a move. Amendments are in ``amend_dialog.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from hfhate.clock import london_date
from hfhate.models import FixedPenaltyNotice, utc_now
from hfhate.printing.particulars import pounds
from hfhate.services.notices import lifecycle
from hfhate.services.notices.lifecycle import TRANSITIONS, Action, Payment
from hfhate.services.reference import reference
from hfhate.ui.context import UiContext
from hfhate.ui.dialogs import dialog_buttons, dialog_layout, problem_label
from hfhate.ui.forms import FieldErrors, line_edit, read_date, show_problem
from hfhate.ui.notices.filters import name_inner_editor

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

AMOUNT_FORMAT = "Enter the amount received in pounds and pence, like 60.00, 59.99 or £1,000."
_MONEY = re.compile(r"^(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$")


def text_box(lines: int = 4) -> QPlainTextEdit:
    """A multi-line box where Tab moves on, sized in lines of the user's font."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    margins = box.contentsMargins()
    frame = 2 * box.document().documentMargin() + margins.top() + margins.bottom()
    box.setFixedHeight(int(box.fontMetrics().lineSpacing() * lines + frame))
    return box


def parse_pounds(text: str) -> int | None:
    """Pence, exactly, from ``60``, ``59.99``, ``0.01``, ``£1,000`` or ``£1,000.50``; None when
    it is not an amount of pounds and pence (letters, a minus, three decimals, "1,00")."""
    cleaned = text.strip().removeprefix("£").strip()
    if not _MONEY.match(cleaned):
        return None
    return int(Decimal(cleaned.replace(",", "")) * 100)


class NoticeDialog(QDialog):
    """A dialog that changes one notice: its title and introduction, rows of fields (added by
    the subclass to ``rows``), a problem line and the buttons (``add_buttons``).

    ``save`` is what the default button does; it makes its change with ``apply``, which shows
    what is wrong beside the fields (``show_errors``) or on the problem line (``refused``).
    """

    def __init__(
        self,
        ctx: UiContext,
        notice: FixedPenaltyNotice,
        title: str,
        intro: str = "",
        *,
        width_chars: int = 72,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.notice = notice
        self.column = dialog_layout(self, title, intro, width_chars=width_chars)
        self.form = QFormLayout()
        self.rows = FieldErrors(self.form)
        self.problem = problem_label()

    def add_buttons(self, accept_text: str) -> None:
        """Put the rows, the problem line and the buttons under what the dialog has so far."""
        self.column.addLayout(self.form)
        self.column.addWidget(self.problem)
        buttons, self.save_button = dialog_buttons(self, accept_text, on_accept=self.save)
        self.column.addWidget(buttons)

    def save(self) -> None:
        """Make the change; accept the dialog once it is made."""

    def apply(self, operation: Callable[[Session], object]) -> bool:
        """Run ``operation`` on the store; True once it is kept."""
        done = self.ctx.run(operation, show_error=self.refused, show_field_errors=self.show_errors)
        return done is not None

    def show_errors(self, errors: dict[str, str]) -> None:
        self.rows.show_errors(errors)

    def refused(self, message: str) -> None:
        self.rows.clear()
        show_problem(self.problem, message)


class PaymentDialog(NoticeDialog):
    """Record a payment: the date, the amount due on that date, how it was paid, reference."""

    def __init__(
        self, ctx: UiContext, notice: FixedPenaltyNotice, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, notice, f"Record a payment for {notice.number}", parent=parent)
        self.today = london_date(utc_now())
        self.recorded: Payment | None = None
        terms = QLabel(
            f"{pounds(notice.reduced_amount_pence)} if paid by {notice.reduced_until:%d %b %Y}, "
            f"then {pounds(notice.amount_pence)}. Recipient: {notice.recipient_name}."
        )
        terms.setWordWrap(True)
        terms.setProperty("role", "hint")
        self.column.addWidget(terms)

        issued = london_date(notice.issued_at)
        self.paid_on = QDateEdit(QDate(self.today.year, self.today.month, self.today.day))
        self.paid_on.setCalendarPopup(True)
        self.paid_on.setDisplayFormat("dd MMM yyyy")
        if notice.paid_amount_pence and notice.paid_on is not None:
            issued = max(issued, notice.paid_on)  # not before the last payment
        self.paid_on.setMinimumDate(QDate(issued.year, issued.month, issued.day))
        self.paid_on.setMaximumDate(QDate(self.today.year, self.today.month, self.today.day))
        self.rows.add("paid_on", "&Paid on", self.paid_on)
        name_inner_editor(self.paid_on, "Paid on")
        received = notice.paid_amount_pence or 0
        if received:
            terms.setText(
                f"{terms.text()} Received so far: {pounds(received)}, the last on "
                f"{notice.paid_on:%d %b %Y}."
            )
        self.amount = self.rows.add(
            "amount",
            "&Amount received (£)",
            line_edit(12),
            hint="What was actually received. The balance due on the payment date is filled "
            "in: less leaves a balance to pay, more is recorded with a refund due.",
        )
        self.method = QComboBox()
        self.method.addItem("Choose how it was paid", "")
        for key, text in reference().payment_methods.items():
            self.method.addItem(text, key)
        self.rows.add("method", "Paid &by", self.method)
        self.reference = self.rows.add(
            "payment_reference",
            "&Reference",
            line_edit(60),
            hint="From the payment system or the receipt.",
        )
        self.add_buttons("Record payment")

        self.paid_on.dateChanged.connect(self._fill_amount)
        self._fill_amount()
        self.paid_on.setFocus()

    def _fill_amount(self) -> None:
        due = lifecycle.balance_due(self.notice, read_date(self.paid_on))
        self.amount.setText("" if due is None else f"{due / 100:.2f}")

    def save(self) -> None:
        pence = parse_pounds(self.amount.text())
        if pence is None:
            self.show_errors({"amount": AMOUNT_FORMAT})
            return
        payment = Payment(
            paid_on=read_date(self.paid_on),
            amount_pence=pence,
            method=self.method.currentData() or "",
            reference=self.reference.text(),
        )
        made = self.apply(
            lambda session: lifecycle.apply_action(
                session,
                self.ctx.actor,
                self.notice.id,
                Action.RECORD_PAYMENT,
                payment=payment,
                today=self.today,
            )
        )
        if made:
            self.recorded = payment
            self.accept()

    def show_errors(self, errors: dict[str, str]) -> None:
        super().show_errors(errors)
        self.adjustSize()

    def refused(self, message: str) -> None:
        super().refused(message)
        self.adjustSize()

    @classmethod
    def ask(
        cls, ctx: UiContext, notice: FixedPenaltyNotice, parent: QWidget | None = None
    ) -> Payment | None:
        dialog = cls(ctx, notice, parent)
        dialog.exec()
        return dialog.recorded


class ReasonDialog(NoticeDialog):
    """A move that needs a reason: cancel, representations, prosecution, write off."""

    def __init__(
        self,
        ctx: UiContext,
        notice: FixedPenaltyNotice,
        action: Action,
        parent: QWidget | None = None,
    ) -> None:
        label = TRANSITIONS[action].label
        super().__init__(
            ctx,
            notice,
            f"{label}: {notice.number}",
            f"Recipient: {notice.recipient_name}. Status now: {notice.status.label}.",
            parent=parent,
        )
        self.action = action
        self.recorded: str | None = None
        self.reason = self.rows.add(
            "reason",
            "&Reason",
            text_box(),
            hint="Kept on the notice's timeline and in the audit trail.",
        )
        today = london_date(utc_now())
        if action is Action.WRITE_OFF and lifecycle.time_barred(notice, today):
            # Kept on the timeline with the category "time-barred" (``apply_action``).
            self.reason.setPlainText(
                f"Time-barred: proceedings had to start by {notice.prosecute_by:%d %B %Y}, "
                "six months after the offence, and the notice was not paid."
            )
        self.add_buttons(label.split(" (")[0])
        self.reason.setFocus()

    def save(self) -> None:
        reason = self.reason.toPlainText()
        if self.apply(
            lambda session: lifecycle.apply_action(
                session, self.ctx.actor, self.notice.id, self.action, reason=reason
            )
        ):
            self.recorded = reason.strip()
            self.accept()

    @classmethod
    def ask(
        cls,
        ctx: UiContext,
        notice: FixedPenaltyNotice,
        action: Action,
        parent: QWidget | None = None,
    ) -> str | None:
        dialog = cls(ctx, notice, action, parent)
        dialog.exec()
        return dialog.recorded


def payment_message(before: FixedPenaltyNotice, payment: Payment) -> str:
    """What a payment recorded on ``before`` (the notice as it was) did: it paid the notice,
    left a balance, or paid it with a refund due."""
    said = f"Payment of {pounds(payment.amount_pence)} recorded."
    after = lifecycle.after_payment(before, payment.paid_on, payment.amount_pence)
    due = lifecycle.amount_due(before, payment.paid_on) or 0
    if not after.paid:
        return f"{said} {pounds(due - after.received_pence)} remains to pay; it is not paid yet."
    if after.received_pence > due:
        return f"{said} The notice is paid, with {pounds(after.received_pence - due)} to refund."
    return f"{said} The notice is paid."


@dataclass(frozen=True)
class Outcome:
    """What became of a move: made or not, and a message for the person."""

    done: bool
    message: str = ""


def run_action(
    ctx: UiContext, notice: FixedPenaltyNotice, action: Action, parent: QWidget | None = None
) -> Outcome:
    """Make ``action`` on ``notice``, asking for what it needs; the change is announced."""
    transition = TRANSITIONS[action]
    if action is Action.RECORD_PAYMENT:
        payment = PaymentDialog.ask(ctx, notice, parent)
        done = payment is not None
        message = payment_message(notice, payment) if payment else ""
    elif transition.needs_reason:
        done = ReasonDialog.ask(ctx, notice, action, parent) is not None
        message = f"Done: {transition.label.lower()}." if done else ""
    else:
        answer = QMessageBox.question(
            parent,
            transition.label,
            f"{transition.label} for notice {notice.number} ({notice.recipient_name})?",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return Outcome(False)
        refusal: list[str] = []
        made = ctx.run(
            lambda session: lifecycle.apply_action(session, ctx.actor, notice.id, action),
            show_error=refusal.append,
        )
        if made is None:
            return Outcome(False, "".join(refusal))
        done, message = True, f"Done: {transition.label.lower()}."
    return Outcome(done, message)

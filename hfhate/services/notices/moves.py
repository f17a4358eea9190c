"""A notice's life after issue as a state machine: the moves, where each may start and lead.

Issued -> paid | representation received -> (accepted: cancelled | rejected: back) |
cancelled | reminder 1 -> reminder 2 | referred for prosecution -> convicted, dismissed,
withdrawn | written off. Only the rules live here (no store): ``lifecycle`` makes the moves on
the laptop, and the record checks (``hfhate.records``) run the same rules on what laptops push.

Proceedings must start by the notice's ``prosecute_by`` (six months from the offence, s.127
Magistrates' Courts Act 1980). After it the notice is time-barred: no reminder (it would
threaten what cannot happen) and no referral, only a write-off. A reminder is refused too when
its last date to pay would not fall before that day. Payments are recorded as received: part
payments add up in ``paid_amount_pence``, and the notice is paid once they reach the amount
due on the day of the payment that completes them (the reduced amount within its period).
"""

from __future__ import annotations

import calendar
import enum
from dataclasses import dataclass
from datetime import date, datetime

from hfhate.clock import london_date
from hfhate.models import FixedPenaltyNotice, NoticeKind, NoticeStatus, Role
from hfhate.services.actor import Actor
from hfhate.services.errors import ServiceError

S = NoticeStatus
UNPAID = frozenset({S.ISSUED, S.REMINDER_1, S.REMINDER_2})
# The notice fields the moves set: decisions taken centrally, by a supervisor.
DECISION_FIELDS = frozenset(
    {
        "status",
        "paid_on",
        "paid_amount_pence",
        "status_before_representation",
        "reminder_pay_by",
    }
)
REMINDERS = frozenset({"send_reminder_1", "send_reminder_2"})
# A payment larger than this is a typing slip, not money received for one notice.
LARGEST_PAYMENT_PENCE = 1_000_000
# The write-off reason category kept on the timeline for a time-barred notice.
TIME_BARRED = "time_barred"


class Action(enum.StrEnum):
    """A move in a notice's life."""

    RECORD_PAYMENT = "record_payment"
    RECEIVE_REPRESENTATION = "receive_representation"
    ACCEPT_REPRESENTATION = "accept_representation"
    REJECT_REPRESENTATION = "reject_representation"
    CANCEL = "cancel"
    SEND_REMINDER_1 = "send_reminder_1"
    SEND_REMINDER_2 = "send_reminder_2"
    REFER_FOR_PROSECUTION = "refer_for_prosecution"
    RECORD_CONVICTED = "record_convicted"
    RECORD_DISMISSED = "record_dismissed"
    RECORD_WITHDRAWN = "record_withdrawn"
    WRITE_OFF = "write_off"


@dataclass(frozen=True)
class Transition:
    """Where a move may start, where it leads (None: back to before the representation)."""

    label: str
    from_statuses: frozenset[NoticeStatus]
    to_status: NoticeStatus | None
    needs_reason: bool = False


TRANSITIONS: dict[Action, Transition] = {
    Action.RECORD_PAYMENT: Transition(
        "Record payment", UNPAID | {S.REPRESENTATION_RECEIVED}, S.PAID
    ),
    Action.RECEIVE_REPRESENTATION: Transition(
        "Record a representation", UNPAID, S.REPRESENTATION_RECEIVED, needs_reason=True
    ),
    Action.ACCEPT_REPRESENTATION: Transition(
        "Accept the representation (cancels the notice)",
        frozenset({S.REPRESENTATION_RECEIVED}),
        S.CANCELLED,
        needs_reason=True,
    ),
    Action.REJECT_REPRESENTATION: Transition(
        "Reject the representation", frozenset({S.REPRESENTATION_RECEIVED}), None, needs_reason=True
    ),
    Action.CANCEL: Transition(
        "Cancel the notice", UNPAID | {S.REPRESENTATION_RECEIVED}, S.CANCELLED, needs_reason=True
    ),
    Action.SEND_REMINDER_1: Transition(
        "Send the first reminder", frozenset({S.ISSUED}), S.REMINDER_1
    ),
    Action.SEND_REMINDER_2: Transition(
        "Send the second reminder", frozenset({S.REMINDER_1}), S.REMINDER_2
    ),
    Action.REFER_FOR_PROSECUTION: Transition(
        "Refer for prosecution", UNPAID, S.REFERRED_FOR_PROSECUTION, needs_reason=True
    ),
    Action.RECORD_CONVICTED: Transition(
        "Record outcome: convicted", frozenset({S.REFERRED_FOR_PROSECUTION}), S.CONVICTED
    ),
    Action.RECORD_DISMISSED: Transition(
        "Record outcome: dismissed", frozenset({S.REFERRED_FOR_PROSECUTION}), S.DISMISSED
    ),
    Action.RECORD_WITHDRAWN: Transition(
        "Record outcome: withdrawn",
        frozenset({S.REFERRED_FOR_PROSECUTION}),
        S.WITHDRAWN,
        needs_reason=True,
    ),
    Action.WRITE_OFF: Transition(
        "Write off", UNPAID | {S.REFERRED_FOR_PROSECUTION}, S.WRITTEN_OFF, needs_reason=True
    ),
}


class NotAllowedNow(ServiceError):
    """The move is not possible from the notice's status, or not yet (dates)."""


@dataclass(frozen=True)
class Payment:
    """A payment as the supervisor records it."""

    paid_on: date
    amount_pence: int
    method: str
    reference: str


def amount_due(notice: FixedPenaltyNotice, on: date) -> int | None:
    """What was due on ``on``: the reduced amount within its period, else the full amount."""
    if notice.amount_pence is None or notice.reduced_until is None:
        return None
    if on <= notice.reduced_until and notice.reduced_amount_pence is not None:
        return notice.reduced_amount_pence
    return notice.amount_pence


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (the month's last day if it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def prosecution_deadline(offence_at: datetime, months: int) -> date:
    """The last day proceedings may start: ``months`` after the London date of the offence."""
    return add_months(london_date(offence_at), months)


def time_barred(notice: FixedPenaltyNotice, today: date) -> bool:
    """Whether the last day to start proceedings on ``notice`` has passed."""
    return notice.prosecute_by is not None and today > notice.prosecute_by


def _barred(notice: FixedPenaltyNotice) -> str:
    assert notice.prosecute_by is not None
    return (
        f"The notice is time-barred: proceedings had to start by "
        f"{notice.prosecute_by:%d %B %Y}. It can only be written off."
    )


def why_not(
    notice: FixedPenaltyNotice, action: Action, today: date, *, pay_by: date | None = None
) -> str:
    """Why ``action`` cannot be made on ``notice`` today, or "" if it can.

    ``pay_by`` is, for a reminder, the last date to pay its letter gives: it must fall before
    the last day proceedings may start, or the letter would threaten what cannot happen.
    """
    transition = TRANSITIONS[action]
    if notice.kind is not NoticeKind.NOTICE:
        return "A warning or a referral to police has no payment or prosecution."
    if notice.status not in transition.from_statuses:
        return f"Not possible while the notice is '{notice.status.label.lower()}'."
    if action in (Action.REFER_FOR_PROSECUTION, Action.SEND_REMINDER_1, Action.SEND_REMINDER_2):
        if time_barred(notice, today):
            return _barred(notice)
    if action is Action.REFER_FOR_PROSECUTION:
        assert notice.no_proceedings_until is not None
        if today <= notice.no_proceedings_until:
            return (
                f"No proceedings may be taken until after {notice.no_proceedings_until:%d %B %Y}."
            )
    if action is Action.SEND_REMINDER_1:
        assert notice.reduced_until is not None
        if today <= notice.reduced_until:
            return f"The reduced-payment period runs until {notice.reduced_until:%d %B %Y}."
    if action.value in REMINDERS and pay_by is not None:
        return reminder_pay_by_problem(notice, pay_by)
    return ""


def reminder_pay_by_problem(notice: FixedPenaltyNotice, pay_by: date) -> str:
    """Why a reminder giving until ``pay_by`` to pay cannot be sent, or ""."""
    if notice.prosecute_by is not None and pay_by >= notice.prosecute_by:
        return (
            f"A reminder now would give until {pay_by:%d %B %Y} to pay, but proceedings must "
            f"start by {notice.prosecute_by:%d %B %Y}: it could not lead to prosecution. "
            "Refer the notice now if it may be, or write it off once it is time-barred."
        )
    return ""


def moves_between(
    before: NoticeStatus, after: NoticeStatus, resumed: NoticeStatus | None
) -> list[Action]:
    """The moves that take a notice from ``before`` to ``after``.

    ``resumed`` is the status a rejected representation goes back to (the notice's
    ``status_before_representation``). The sync server uses it to name the move a laptop made.
    """
    return [
        action
        for action, move in TRANSITIONS.items()
        if before in move.from_statuses and (move.to_status or resumed or S.ISSUED) == after
    ]


def allowed_actions(actor: Actor, notice: FixedPenaltyNotice, today: date) -> list[Action]:
    if not actor.has(Role.SUPERVISOR):
        return []
    return [a for a in Action if not why_not(notice, a, today)]


def payment_problems(
    notice: FixedPenaltyNotice, paid_on: date, amount_pence: int, today: date
) -> dict[str, str]:
    """What is wrong with the date and amount of a payment received, by field; empty when right.

    Any amount actually received is recorded (less than due leaves a balance, more is a
    refund due), but not nothing, not more than one notice could take, and not a date before
    the notice or its last payment. The sync server runs it on a payment a laptop pushes.
    """
    errors: dict[str, str] = {}
    if paid_on > today:
        errors["paid_on"] = "The payment date cannot be in the future."
    elif paid_on < london_date(notice.issued_at):
        errors["paid_on"] = "The payment date cannot be before the notice was issued."
    elif notice.paid_on is not None and notice.paid_amount_pence and paid_on < notice.paid_on:
        errors["paid_on"] = (
            f"The payment date cannot be before the last payment, on {notice.paid_on:%d %B %Y}."
        )
    if amount_due(notice, paid_on) is None:
        errors["amount"] = "Nothing is to be paid on this notice."
    elif amount_pence <= 0:
        errors["amount"] = "Enter the amount received, more than £0.00."
    elif amount_pence > LARGEST_PAYMENT_PENCE:
        errors["amount"] = (
            f"£{amount_pence / 100:,.2f} is more than one notice could take "
            f"(£{LARGEST_PAYMENT_PENCE / 100:,.2f} at most): check the amount."
        )
    return errors


@dataclass(frozen=True)
class PaymentResult:
    """A notice after a payment: the total received, and whether that pays it."""

    received_pence: int
    paid: bool


def after_payment(notice: FixedPenaltyNotice, paid_on: date, amount_pence: int) -> PaymentResult:
    """The total received with this payment, and whether it reaches the amount due on its day
    (the reduced amount only when the total reached it within the reduced period)."""
    received = (notice.paid_amount_pence or 0) + amount_pence
    due = amount_due(notice, paid_on)
    return PaymentResult(received, due is not None and received >= due)


def balance_due(notice: FixedPenaltyNotice, on: date) -> int | None:
    """What remains to pay on ``on`` after the payments received; None when nothing is owed."""
    if notice.status not in UNPAID | {S.REPRESENTATION_RECEIVED, S.REFERRED_FOR_PROSECUTION}:
        return None
    due = amount_due(notice, on)
    if due is None:
        return None
    return max(due - (notice.paid_amount_pence or 0), 0)


def refund_due(notice: FixedPenaltyNotice) -> int:
    """What the council owes back: above the amount due on a paid notice, all of a cancelled."""
    received = notice.paid_amount_pence or 0
    if not received:
        return 0
    if notice.status is S.CANCELLED:
        return received
    if notice.status is S.PAID and notice.paid_on is not None:
        due = amount_due(notice, notice.paid_on) or 0
        return max(received - due, 0)
    return 0

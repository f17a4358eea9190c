"""Moving a notice on in its life after issue, one move at a time, by a supervisor.

The state machine itself (the moves, where each may start and lead, the date and payment
rules) is ``moves``; its names are re-exported here, where the screens look for them. Each
move is one transaction: the notice, its timeline entry, audit event and outbox entry.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from hfhate.clock import london_date
from hfhate.models import FixedPenaltyNotice, Role, utc_now
from hfhate.services.actor import Actor, require
from hfhate.services.changes import record_updated
from hfhate.services.errors import ValidationFailed
from hfhate.services.notices.issuing import add_event, visible_notice
from hfhate.services.notices.moves import (
    DECISION_FIELDS,
    TIME_BARRED,
    TRANSITIONS,
    UNPAID,
    Action,
    NotAllowedNow,
    Payment,
    S,
    Transition,
    after_payment,
    allowed_actions,
    amount_due,
    balance_due,
    moves_between,
    payment_problems,
    refund_due,
    time_barred,
    why_not,
)
from hfhate.services.reference import reference
from hfhate.services.settings.stored import settings_on

__all__ = [
    "DECISION_FIELDS",
    "TRANSITIONS",
    "UNPAID",
    "Action",
    "NotAllowedNow",
    "Payment",
    "Transition",
    "after_payment",
    "allowed_actions",
    "amount_due",
    "apply_action",
    "balance_due",
    "refund_due",
    "reminder_pay_by",
    "time_barred",
    "moves_between",
    "payment_problems",
    "why_not",
]


def apply_action(
    session: Session,
    actor: Actor,
    notice_id: uuid.UUID,
    action: Action,
    *,
    reason: str = "",
    payment: Payment | None = None,
    posted_on: date | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> FixedPenaltyNotice:
    """Make one move on a notice, with its timeline entry, audit event and outbox entry.

    ``now`` is when the move was made (its timeline time; default: the clock), ``today`` the
    London date its rules are checked on (default: the date of ``now``). A reminder's
    ``posted_on`` (default ``today``) is the day its letter was posted: its last date to pay
    runs from it.
    """
    transition = TRANSITIONS[action]
    require(actor, Role.SUPERVISOR, to=transition.label.lower().split(" (")[0])
    notice = visible_notice(session, actor, notice_id)
    now = now or utc_now()
    today = today or london_date(now)
    changes: dict[str, object] = {}
    details: dict[str, object] = {}
    pay_by = None
    if action in REMINDER_NUMBERS:
        posted_on = posted_on or today
        if posted_on > today:
            raise ValidationFailed({"posted_on": "The date of posting cannot be in the future."})
        pay_by = reminder_pay_by(session, REMINDER_NUMBERS[action], posted_on)
        changes["reminder_pay_by"] = pay_by
        details = {"posted_on": posted_on.isoformat(), "pay_by": pay_by.isoformat()}
    problem = why_not(notice, action, today, pay_by=pay_by)
    if problem:
        raise NotAllowedNow(problem)
    if transition.needs_reason and len(reason.strip()) < 5:
        raise ValidationFailed({"reason": "Give the reason."})
    if action is Action.WRITE_OFF and time_barred(notice, today):
        details["category"] = TIME_BARRED
    target = transition.to_status
    if action is Action.RECORD_PAYMENT:
        changes, details, paid = _payment_changes(notice, payment, today)
        target = S.PAID if paid else notice.status
    if action is Action.RECEIVE_REPRESENTATION:
        changes["status_before_representation"] = notice.status
    if target is None:
        target = notice.status_before_representation or S.ISSUED
        changes["status_before_representation"] = None
    previous = notice.status
    if target is not previous:
        changes["status"] = target
    record_updated(
        session,
        actor,
        notice,
        changes,
        action=f"notice_{action.value}",
        details={"number": notice.number, "to": target.value},
        at=now,
    )
    add_event(
        session,
        actor,
        notice,
        action.value,
        status_from=previous if target is not previous else None,
        status_to=target if target is not previous else None,
        reason=reason.strip(),
        details=details,
        at=now,
    )
    return notice


REMINDER_NUMBERS = {Action.SEND_REMINDER_1: 1, Action.SEND_REMINDER_2: 2}


def reminder_pay_by(session: Session, reminder: int, posted_on: date) -> date:
    """The last date to pay a reminder posted on ``posted_on`` gives (the days in force then)."""
    days = settings_on(session, posted_on).reminder_days(reminder)
    return posted_on + timedelta(days=days)


def _payment_changes(
    notice: FixedPenaltyNotice, payment: Payment | None, today: date
) -> tuple[dict[str, object], dict[str, object], bool]:
    if payment is None:
        raise ValidationFailed({"paid_on": "Enter the payment."})
    errors = payment_problems(notice, payment.paid_on, payment.amount_pence, today)
    if payment.method not in reference().payment_methods:
        errors["method"] = "Choose how it was paid."
    if not payment.reference.strip():
        errors["payment_reference"] = "Enter the payment reference."
    if errors:
        raise ValidationFailed(errors)
    result = after_payment(notice, payment.paid_on, payment.amount_pence)
    changes: dict[str, object] = {
        "paid_on": payment.paid_on,
        "paid_amount_pence": result.received_pence,
    }
    details: dict[str, object] = {
        "paid_on": payment.paid_on.isoformat(),
        "amount_pence": payment.amount_pence,
        "method": payment.method,
        "reference": payment.reference.strip(),
    }
    return changes, details, result.paid

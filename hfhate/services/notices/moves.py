"""A notice's life after issue as a state machine: the moves, where each may start and lead.

Issued -> paid | representation received -> (accepted: cancelled | rejected: back) |
cancelled | reminder 1 -> reminder 2 | referred for prosecution -> convicted, dismissed,
withdrawn | written off. Only the rules live here (no store): ``lifecycle`` makes the moves on
the laptop, and the record checks (``hfhate.records``) run the same rules on what laptops push.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from hfhate.clock import london_date
from hfhate.models import FixedPenaltyNotice, NoticeKind, NoticeStatus, Role
from hfhate.services.actor import Actor
from hfhate.services.errors import ServiceError

S = NoticeStatus
UNPAID = frozenset({S.ISSUED, S.REMINDER_1, S.REMINDER_2})
# The notice fields the moves set: decisions taken centrally, by a supervisor.
DECISION_FIELDS = frozenset(
    {"status", "paid_on", "paid_amount_pence", "status_before_representation"}
)


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


def why_not(notice: FixedPenaltyNotice, action: Action, today: date) -> str:
    """Why ``action`` cannot be made on ``notice`` today, or "" if it can."""
    transition = TRANSITIONS[action]
    if notice.kind is not NoticeKind.NOTICE:
        return "A warning or a referral to police has no payment or prosecution."
    if notice.status not in transition.from_statuses:
        return f"Not possible while the notice is '{notice.status.label.lower()}'."
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
    """What is wrong with the date and amount of a payment, by field; empty when right.

    The sync server runs it on a payment a laptop pushes.
    """
    errors: dict[str, str] = {}
    if paid_on > today:
        errors["paid_on"] = "The payment date cannot be in the future."
    elif paid_on < london_date(notice.issued_at):
        errors["paid_on"] = "The payment date cannot be before the notice was issued."
    due = amount_due(notice, paid_on)
    if "paid_on" not in errors and amount_pence != due:
        shown = "nothing" if due is None else f"£{due / 100:.2f}"
        errors["amount"] = (
            f"On {paid_on:%d %B %Y} the amount due was {shown}, not £{amount_pence / 100:.2f}."
        )
    return errors

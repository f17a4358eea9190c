"""The check of a pushed warning or notice: the laptop's own rules, run on the laptop's input.

A new one must pass ``check_notice`` as of its issue, with the settings in force then, start
where ``first_status`` says, carry a right number of the sending laptop and, if issued, its
amounts and dates. A change after issue may only amend what an amendment may (and then pass
``amendment_problems``), or, by a supervisor, move it on in its life: a lifecycle move from
the status it had, that the sender's roles allow today, a payment as received (adding up to
the total kept, paid once it reaches the amount due), a reminder whose last date to pay falls
before the last day to start proceedings; nothing but a write-off once that day has passed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from hfhate.clock import london_date
from hfhate.models import FixedPenaltyNotice, NoticeKind, NoticeStatus, Role
from hfhate.records.checking import CheckedRecord
from hfhate.records.inputs import notice_input
from hfhate.services.notices.moves import (
    DECISION_FIELDS,
    LARGEST_PAYMENT_PENCE,
    REMINDERS,
    Action,
    after_payment,
    allowed_actions,
    moves_between,
    payment_problems,
    prosecution_deadline,
    reminder_pay_by_problem,
    why_not,
)
from hfhate.services.notices.numbering import InvalidNoticeNumber, parse_notice_number
from hfhate.services.notices.rules import (
    AMENDABLE,
    amendment_problems,
    check_notice,
    first_status,
)
from hfhate.services.notices.settings import NoticeSettings

# What an issued notice carries from the settings in force on its day (the moves need them).
ISSUED_TERMS = (
    "amount_pence",
    "reduced_amount_pence",
    "reduced_until",
    "pay_by",
    "no_proceedings_until",
    "prosecute_by",
)
# The longest a reminder letter may give to pay (``printing.template.MAX_DAYS_TO_PAY``).
LONGEST_REMINDER_DAYS = 60


def check_notice_record(record: CheckedRecord) -> dict[str, str]:
    """Every problem with the warning or notice after this change, by field."""
    problems = number_problems(
        record.values, record.device_code if record.operation == "create" else None
    )
    if problems:
        return problems
    if record.operation == "create":
        return _new(record)
    return _changed(record)


def number_problems(values: Mapping[str, Any], device_code: int | None) -> dict[str, str]:
    """A notice's number: there when it must be, well made, of its device (and of the
    laptop that sent it, ``device_code``, when given)."""
    number = values.get("number")
    needs_number = values.get("kind") is NoticeKind.NOTICE and values.get("status") not in (
        None,
        NoticeStatus.REFERRED_TO_POLICE,
    )
    if needs_number and not number:
        return {"number": "A fixed penalty notice needs its number."}
    if not number:
        return {}
    try:
        parsed = parse_notice_number(str(number))
    except InvalidNoticeNumber as error:
        return {"number": f"The notice number {number} is wrong: {error}"}
    if values.get("device_code") not in (None, parsed.device_code):
        return {"number": "The notice number does not match its device code."}
    if device_code is not None and parsed.device_code != device_code:
        return {
            "number": f"The notice number {number} does not carry this laptop's device code "
            f"{device_code:03d}."
        }
    return {}


def _new(record: CheckedRecord) -> dict[str, str]:
    values = record.values
    entry = notice_input(values)
    issued_at = values["issued_at"]
    warning = values["kind"] is NoticeKind.WARNING
    problems = check_notice(
        entry,
        record.settings.notice_settings(issued_at),
        issued_at,
        warning=warning,
        lists=record.lists,
    )
    if problems:
        return problems
    if values["status"] is not first_status(values["kind"], entry):
        return {
            "status": (
                "A new warning must start as given, and a new notice as issued (or referred to "
                "police when the recipient refused their details)."
            )
        }
    return _missing_terms(values) or _terms_problems(
        values, record.settings.notice_settings(issued_at)
    )


def _terms_problems(values: Mapping[str, Any], settings: NoticeSettings) -> dict[str, str]:
    """A new notice's amounts and dates as issuing sets them from the settings in force on its
    issue (``issuing._create``), never as sent; a warning, or a notice with no number, has none."""
    numbered = values.get("kind") is NoticeKind.NOTICE and values.get("number")
    issue_day = london_date(values["issued_at"])
    pay_by = issue_day + timedelta(days=settings.no_proceedings_days)
    due: dict[str, Any] = {
        "amount_pence": settings.amount_pence,
        "reduced_amount_pence": settings.reduced_amount_pence,
        "reduced_until": issue_day + timedelta(days=settings.reduced_period_days),
        "pay_by": pay_by,
        "no_proceedings_until": pay_by,
        "prosecute_by": prosecution_deadline(values["offence_at"], settings.prosecution_months),
    }
    for name, value in due.items():
        expected = value if numbered else None
        if values.get(name) != expected:
            return {
                name: f"The notice's {name} is {values.get(name)}, but the settings in force "
                f"on its issue give {expected}."
            }
    return {}


def _changed(record: CheckedRecord) -> dict[str, str]:
    """An amendment, or (by a supervisor) a move in the notice's life."""
    supervisor = record.actor.has(Role.SUPERVISOR)
    others = sorted(record.changed - (AMENDABLE | DECISION_FIELDS if supervisor else AMENDABLE))
    if others:
        what = (
            "amended or moved on in its life (status and payment)"
            if supervisor
            else "amended in its circumstances, place and the recipient's and witnesses' details"
        )
        return {
            others[0]: (
                f"After issue a warning or notice can only be {what}, not: {', '.join(others)}."
            )
        }
    values = record.values
    if record.changed & AMENDABLE:
        problems = amendment_problems(
            notice_input(values),
            record.settings.notice_settings(record.now),
            record.now,
            warning=values["kind"] is NoticeKind.WARNING,
        )
        if problems:
            return problems
    before = record.before
    if before is None:
        return {}
    if values.get("status") != before.get("status"):
        return _move_problems(record, FixedPenaltyNotice(**before), FixedPenaltyNotice(**values))
    if record.changed & {"paid_on", "paid_amount_pence"}:
        # A part payment: the status stays, the total received grows.
        return _payment_problems(record, FixedPenaltyNotice(**before), FixedPenaltyNotice(**values))
    if "reminder_pay_by" in record.changed:
        return {"reminder_pay_by": "A reminder's last date to pay is set only by the reminder."}
    return {}


def _move_problems(
    record: CheckedRecord, before: FixedPenaltyNotice, after: FixedPenaltyNotice
) -> dict[str, str]:
    """The lifecycle's own checks of the move from ``before`` to ``after``, on the day it was
    made."""
    today = made_on(record)
    moves = moves_between(before.status, after.status, before.status_before_representation)
    if not moves:
        return {
            "status": f"A notice cannot go from '{before.status.label.lower()}' to "
            f"'{after.status.label.lower()}'."
        }
    missing = _missing_terms(record.before or {})
    if missing:
        return missing
    if not set(moves) & set(allowed_actions(record.actor, before, today)):
        return {
            "status": why_not(before, moves[0], today)
            or "Status decisions on a notice are taken by a supervisor."
        }
    if after.status == NoticeStatus.PAID:
        return _payment_problems(record, before, after)
    if record.changed & {"paid_on", "paid_amount_pence"}:
        return {"paid_amount_pence": "A payment is recorded on its own, not with another move."}
    if {m.value for m in moves} & REMINDERS:
        return _reminder_problems(before, after, today)
    if "reminder_pay_by" in record.changed:
        return {"reminder_pay_by": "A reminder's last date to pay is set only by the reminder."}
    return {}


def _payment_problems(
    record: CheckedRecord, before: FixedPenaltyNotice, after: FixedPenaltyNotice
) -> dict[str, str]:
    """A payment as received: its amount is what the total grew by, checked as the laptop
    checks it; the notice is paid exactly when the total reaches the amount due that day."""
    today = made_on(record)
    if after.paid_on is None or after.paid_amount_pence is None:
        return {"paid_on": "A payment needs its date and amount."}
    refusal = why_not(before, Action.RECORD_PAYMENT, today)
    if refusal:
        return {"status": refusal}
    received = after.paid_amount_pence - (before.paid_amount_pence or 0)
    if not 0 < received <= LARGEST_PAYMENT_PENCE:
        return {"paid_amount_pence": "The total received can only grow by a payment received."}
    problems = payment_problems(before, after.paid_on, received, today)
    if problems:
        return problems
    paid = after_payment(before, after.paid_on, received).paid
    if paid != (after.status == NoticeStatus.PAID):
        return {
            "status": "A notice is paid exactly when the payments received reach the amount "
            "due on the day of the last one."
        }
    return {}


def _reminder_problems(
    before: FixedPenaltyNotice, after: FixedPenaltyNotice, today: date
) -> dict[str, str]:
    """A reminder carries its last date to pay, which falls before the prosecution deadline."""
    pay_by = after.reminder_pay_by
    if pay_by is None:
        return {"reminder_pay_by": "A reminder needs the last date to pay its letter gives."}
    if not today - timedelta(days=LONGEST_REMINDER_DAYS) < pay_by:
        return {"reminder_pay_by": "A reminder's last date to pay cannot be long past."}
    if pay_by > today + timedelta(days=LONGEST_REMINDER_DAYS):
        return {"reminder_pay_by": f"A reminder gives at most {LONGEST_REMINDER_DAYS} days to pay."}
    problem = reminder_pay_by_problem(before, pay_by)
    return {"reminder_pay_by": problem} if problem else {}


def made_on(record: CheckedRecord) -> date:
    """The London date a change was made: the laptop's time of it (its ``updated_at``), never
    later than the server's. A move made in time and pushed after a deadline (a laptop away
    from the network) is judged as the laptop judged it; one dated ahead is judged now."""
    claimed = record.values.get("updated_at")
    moment = record.now
    if isinstance(claimed, datetime) and claimed.tzinfo is not None and claimed < moment:
        moment = claimed
    return london_date(moment)


def _missing_terms(values: Mapping[str, Any]) -> dict[str, str]:
    missing = [name for name in ISSUED_TERMS if values.get(name) is None]
    if values.get("kind") is NoticeKind.NOTICE and values.get("number") and missing:
        return {
            missing[0]: (
                f"An issued notice carries its amounts and dates; missing: {', '.join(missing)}."
            )
        }
    return {}

"""The laptop's notice rules, run by the server on the warnings and notices laptops push.

Nothing here restates a rule: a pushed notice is turned back into the laptop's own record (a
``FixedPenaltyNotice`` that never touches a database) and handed to the services that decide on
the laptop, and what they refuse is refused with their words (``ValidationFailed``,
``NotAllowedNow``). A new warning or notice must pass ``check_notice`` as of its issue time and
start where ``first_status`` says; an amendment must pass ``amendment_problems``; a status change
must be a lifecycle move from the status the server holds that the caller's roles allow today,
and a payment must be of the amount due on its date. The shipped notice settings are used.
"""

from __future__ import annotations

from typing import Any

from hfhate.clock import LONDON
from hfhate.models import FixedPenaltyNotice, NoticeKind, NoticeStatus, Role, utc_now
from hfhate.server.accounts import Caller
from hfhate.services.actor import Actor
from hfhate.services.errors import ValidationFailed
from hfhate.services.notices.issuing import (
    AMENDABLE,
    amendment_problems,
    first_status,
    notice_as_input,
)
from hfhate.services.notices.lifecycle import (
    DECISION_FIELDS,
    NotAllowedNow,
    allowed_actions,
    moves_between,
    payment_problems,
    why_not,
)
from hfhate.services.notices.rules import check_notice
from hfhate.services.notices.settings import default_settings
from hfhate.sync.apply import record_from_wire

# What an issued notice carries from the settings in force on its day (the moves need them).
ISSUED_TERMS = (
    "amount_pence",
    "reduced_amount_pence",
    "reduced_until",
    "pay_by",
    "no_proceedings_until",
)


def check_new(fields: dict[str, Any]) -> None:
    """A new warning or notice: the laptop's checks as of its issue, and where it starts."""
    notice = record_from_wire(FixedPenaltyNotice, fields)
    entry = notice_as_input(notice, {})
    problems = check_notice(
        entry, default_settings(), notice.issued_at, warning=notice.kind is NoticeKind.WARNING
    )
    if problems:
        raise ValidationFailed(problems)
    if notice.status is not first_status(notice.kind, entry):
        raise ValidationFailed(
            {
                "status": (
                    "A new warning must start as given, and a new notice as issued (or referred to "
                    "police when the recipient refused their details)."
                )
            }
        )
    _require_terms(notice)


def check_change(
    caller: Caller, merged: dict[str, Any], changed: set[str], before: dict[str, Any] | None
) -> None:
    """A change after issue: an amendment, or (by a supervisor) a move in the notice's life.

    ``before`` is the notice as the server held it before this change; without it the status
    move is not checked.
    """
    supervisor = caller.has(Role.SUPERVISOR)
    others = sorted(changed - (AMENDABLE | DECISION_FIELDS if supervisor else AMENDABLE))
    if others:
        what = (
            "amended or moved on in its life (status and payment)"
            if supervisor
            else "amended in its circumstances, place and the recipient's and witnesses' details"
        )
        raise ValidationFailed(
            {
                others[0]: (
                    f"After issue a warning or notice can only be {what}, not: {', '.join(others)}."
                )
            }
        )
    notice = record_from_wire(FixedPenaltyNotice, merged)
    if changed & AMENDABLE:
        problems = amendment_problems(notice, {}, default_settings(), utc_now())
        if problems:
            raise ValidationFailed(problems)
    if before is not None and merged.get("status") != before.get("status"):
        _check_move(caller, record_from_wire(FixedPenaltyNotice, before), notice)


def _check_move(caller: Caller, before: FixedPenaltyNotice, after: FixedPenaltyNotice) -> None:
    """The lifecycle's own checks of the move from ``before`` to ``after``, made today."""
    today = utc_now().astimezone(LONDON).date()
    moves = moves_between(before.status, after.status, before.status_before_representation)
    if not moves:
        raise NotAllowedNow(
            f"A notice cannot go from '{before.status.label.lower()}' to "
            f"'{after.status.label.lower()}'."
        )
    _require_terms(before)
    if not set(moves) & set(allowed_actions(_actor(caller), before, today)):
        raise NotAllowedNow(
            why_not(before, moves[0], today)
            or "Status decisions on a notice are taken by a supervisor."
        )
    if after.status is NoticeStatus.PAID:
        if after.paid_on is None or after.paid_amount_pence is None:
            raise ValidationFailed({"paid_on": "A payment needs its date and amount."})
        problems = payment_problems(before, after.paid_on, after.paid_amount_pence, today)
        if problems:
            raise ValidationFailed(problems)


def _require_terms(notice: FixedPenaltyNotice) -> None:
    missing = [name for name in ISSUED_TERMS if getattr(notice, name) is None]
    if notice.kind is NoticeKind.NOTICE and notice.number and missing:
        raise ValidationFailed(
            {
                missing[0]: (
                    "An issued notice carries its amounts and dates; missing: "
                    f"{', '.join(missing)}."
                )
            }
        )


def _actor(caller: Caller) -> Actor:
    """The caller as the services know a signed-in user."""
    roles = frozenset(Role(r) for r in caller.user.roles)
    return Actor(
        caller.user.id, caller.user.username, caller.user.full_name, roles, caller.device.id
    )

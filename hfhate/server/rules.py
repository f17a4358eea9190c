"""Who may push what: the server's own check of every change, by role and ownership.

The laptop checks the same things before it writes a record; the server checks again because
it cannot trust a device. Officers push their own warnings and notices (and the timeline and
photos of those); status decisions on a notice (payment, cancellation, prosecution...) are a
supervisor's; engagement officers push sessions and what belongs to them; organisations come
from anyone who records sessions; accounts are an administrator's.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from hfhate.models import NoticeKind, NoticeStatus, Role
from hfhate.server.accounts import Caller
from hfhate.server.models import ServerRecordRow
from hfhate.services.numbering import InvalidNoticeNumber, parse_notice_number

# Notice fields that record a decision taken centrally; on a clash these win.
DECISION_FIELDS = frozenset({"status", "paid_on", "paid_amount_pence",
                             "status_before_representation"})
NOTICE_REQUIRED = ("kind", "status", "issued_at", "officer_id", "officer_name", "offence_at",
                   "place", "postcode", "ward", "prohibition", "circumstances",
                   "recipient_name", "identity_method")
ENGAGEMENT_CHILDREN = {"session_register", "session_confidence", "session_follow_ups"}
OFFICER_STATUSES = frozenset({NoticeStatus.ISSUED, NoticeStatus.WARNING_GIVEN,
                              NoticeStatus.REFERRED_TO_POLICE})


class ChangeRefused(Exception):
    """A change the server will not apply; the message is the reason the laptop shows."""


def owner_of(session: Session, record_type: str, fields: dict[str, Any],
             existing: ServerRecordRow | None) -> uuid.UUID | None:
    """Whose record this is: pulls and ownership checks go by it."""
    if existing is not None:
        return existing.owner_id
    if record_type == "notices":
        return _uuid(fields.get("officer_id"))
    if record_type in ("notice_events", "evidence_photos"):
        parent = session.get(ServerRecordRow, ("notices", _uuid(fields.get("notice_id"))))
        return parent.owner_id if parent else None
    if record_type == "users":
        return _uuid(fields.get("id"))
    return _uuid(fields.get("created_by_id"))


def check(session: Session, caller: Caller, record_type: str, operation: str,
          merged: dict[str, Any], changed: set[str], owner: uuid.UUID | None) -> None:
    """Raise ChangeRefused unless ``caller`` may make this change; ``merged`` is the result."""
    supervisor = caller.has(Role.SUPERVISOR)
    mine = owner == caller.user.id
    if record_type == "users":
        if not caller.has(Role.ADMINISTRATOR):
            raise ChangeRefused("Only an administrator can change accounts.")
        if "username" in changed or "roles" in changed:
            raise ChangeRefused("Usernames and roles are changed on the server by an "
                                "administrator.")
        return
    if record_type == "notices":
        _check_notice(caller, operation, merged, changed, mine=mine, supervisor=supervisor)
        return
    if record_type in ("notice_events", "evidence_photos"):
        if owner is None:
            raise ChangeRefused("The notice this belongs to has not reached the server.")
        if not (mine or supervisor):
            raise ChangeRefused("Only the notice's officer or a supervisor can add to it.")
        return
    if record_type == "organisations":
        if not caller.has(Role.ENGAGEMENT_OFFICER, Role.SUPERVISOR, Role.AUTHORISED_OFFICER):
            raise ChangeRefused("Only officers and supervisors can add organisations.")
        return
    if record_type == "engagement_sessions" or record_type in ENGAGEMENT_CHILDREN:
        if not (caller.has(Role.ENGAGEMENT_OFFICER) or supervisor):
            raise ChangeRefused("Only engagement officers and supervisors record sessions.")
        if operation == "update" and not (mine or supervisor or _facilitates(caller, merged)):
            raise ChangeRefused("Only the session's own officers or a supervisor can change it.")
        return
    raise ChangeRefused(f"Records of type {record_type} are not accepted.")


def _check_notice(caller: Caller, operation: str, merged: dict[str, Any], changed: set[str],
                  *, mine: bool, supervisor: bool) -> None:
    if operation == "create":
        if not caller.has(Role.AUTHORISED_OFFICER):
            raise ChangeRefused("Only an authorised officer can issue warnings and notices.")
        if _uuid(merged.get("officer_id")) != caller.user.id:
            raise ChangeRefused("An officer can only send their own warnings and notices.")
        if merged.get("status") not in OFFICER_STATUSES:
            raise ChangeRefused("A new warning or notice must start as issued or given.")
    elif not (mine or supervisor):
        raise ChangeRefused("Only the notice's officer or a supervisor can change it.")
    elif changed & DECISION_FIELDS and not supervisor:
        raise ChangeRefused("Status decisions on a notice are taken by a supervisor.")
    validate_notice(merged)


def validate_notice(fields: dict[str, Any]) -> None:
    """The shape every stored notice must have, whoever sent it."""
    missing = [name for name in NOTICE_REQUIRED if fields.get(name) in (None, "")]
    if missing:
        raise ChangeRefused(f"The notice is missing: {', '.join(missing)}.")
    try:
        kind = NoticeKind(fields["kind"])
        NoticeStatus(fields["status"])
    except ValueError as error:
        raise ChangeRefused(f"The notice has an unknown kind or status ({error}).") from None
    number = fields.get("number")
    if kind is NoticeKind.NOTICE and fields["status"] != NoticeStatus.REFERRED_TO_POLICE:
        if not number:
            raise ChangeRefused("A fixed penalty notice needs its number.")
    if number:
        try:
            parsed = parse_notice_number(str(number))
        except InvalidNoticeNumber as error:
            raise ChangeRefused(f"The notice number {number} is wrong: {error}") from None
        if fields.get("device_code") not in (None, parsed.device_code):
            raise ChangeRefused("The notice number does not match its device code.")


def _facilitates(caller: Caller, fields: dict[str, Any]) -> bool:
    return str(caller.user.id) in (fields.get("facilitator_ids") or [])


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None

"""Who may push what: the server's own check of every change, by role, ownership and rules.

The laptop checks the same things before it writes a record; the server checks again because
it cannot trust a device. Officers push their own warnings and notices (and the timeline and
photos of those); status decisions on a notice (payment, cancellation, prosecution...) are a
supervisor's; engagement officers push sessions and what belongs to them; organisations come
from anyone who records sessions; accounts are an administrator's. The services' own rules
(``check_notice``, the lifecycle's state machine, ``check_session``) run on the result through
``notice_checks`` and ``engagement_checks``, and what they refuse is refused in their words.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

from hfhate.models import NoticeKind, NoticeStatus, Role
from hfhate.server import engagement_checks, notice_checks
from hfhate.server.accounts import Caller
from hfhate.server.models import ServerRecordRow
from hfhate.services.errors import ServiceError, ValidationFailed
from hfhate.services.notices import lifecycle
from hfhate.services.notices.numbering import InvalidNoticeNumber, parse_notice_number

log = logging.getLogger(__name__)
# Notice fields that record a decision taken centrally; on a clash these win.
DECISION_FIELDS = lifecycle.DECISION_FIELDS
NOTICE_REQUIRED = (
    "kind",
    "status",
    "issued_at",
    "officer_id",
    "officer_name",
    "offence_at",
    "place",
    "postcode",
    "ward",
    "prohibition",
    "circumstances",
    "recipient_name",
    "identity_method",
)
ENGAGEMENT_CHILDREN = {"session_register", "session_confidence", "session_follow_ups"}
OFFICER_STATUSES = frozenset(
    {NoticeStatus.ISSUED, NoticeStatus.WARNING_GIVEN, NoticeStatus.REFERRED_TO_POLICE}
)


class ChangeRefused(Exception):
    """A change the server will not apply; the message is the reason the laptop shows."""


def owner_of(
    session: Session, record_type: str, fields: dict[str, Any], existing: ServerRecordRow | None
) -> uuid.UUID | None:
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


def check(
    session: Session,
    caller: Caller,
    record_type: str,
    operation: str,
    merged: dict[str, Any],
    changed: set[str],
    owner: uuid.UUID | None,
    *,
    before: dict[str, Any] | None = None,
) -> None:
    """Raise ChangeRefused unless ``caller`` may make this change; ``merged`` is the result.

    ``before`` is the record as the server holds it before an update: a notice's status move
    is checked from its status there (not checked without it).
    """
    supervisor = caller.has(Role.SUPERVISOR)
    mine = owner == caller.user.id
    if record_type == "users":
        if not caller.has(Role.ADMINISTRATOR):
            raise ChangeRefused("Only an administrator can change accounts.")
        if "username" in changed or "roles" in changed:
            raise ChangeRefused(
                "Usernames and roles are changed on the server by an administrator."
            )
        return
    if record_type == "notices":
        _check_notice(caller, operation, merged, changed, mine=mine, supervisor=supervisor)
        with _services_rules():
            if operation == "create":
                notice_checks.check_new(merged)
            else:
                notice_checks.check_change(caller, merged, changed, before)
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
        with _services_rules():
            engagement_checks.check_record(session, record_type, merged)
        return
    raise ChangeRefused(f"Records of type {record_type} are not accepted.")


def _check_notice(
    caller: Caller,
    operation: str,
    merged: dict[str, Any],
    changed: set[str],
    *,
    mine: bool,
    supervisor: bool,
) -> None:
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


@contextmanager
def _services_rules() -> Iterator[None]:
    """Run the laptop's own rules: what they refuse, the server refuses in their words."""
    try:
        yield
    except ValidationFailed as failed:
        raise ChangeRefused(" ".join(failed.field_errors.values())) from None
    except ServiceError as error:
        raise ChangeRefused(str(error)) from None
    except (TypeError, ValueError, AttributeError) as error:
        # A value no laptop writes (a number where text goes, a date that is not one): the
        # device is not to be trusted, and one bad change must not fail its whole batch.
        log.warning("refused a malformed change: %r", error)
        raise ChangeRefused(
            f"The record holds a value the laptop could not have written ({error})."
        ) from None


def _facilitates(caller: Caller, fields: dict[str, Any]) -> bool:
    return str(caller.user.id) in (fields.get("facilitator_ids") or [])


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None

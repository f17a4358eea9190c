"""Applying pushed changes: each in its own transaction, recorded by change id.

A change's transaction writes the record, its change-log entry and its ``applied_changes``
row together, so a change sent twice (reply lost, laptop crashed before marking it sent) is
answered ``duplicate`` and never applied twice, even when two server processes get it at once
(the second insert of the change id fails and its transaction rolls back). An update based on
an older version is merged field by field when nobody else changed the same fields since;
otherwise it is a conflict, answered with the server's record, and the losing edit is kept in
the change log (``superseded``), never dropped. One change refused never stops the others.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from hfhate.server import rules
from hfhate.server.accounts import Caller
from hfhate.server.models import AppliedChange, ChangeLogEntry, ServerRecordRow
from hfhate.server.records import log_change, save_record
from hfhate.services.numbering import parse_notice_number
from hfhate.sync.schemas import Change, ChangeResult, ServerRecord

log = logging.getLogger(__name__)
# Fields every update carries; they never make a clash on their own.
BOOKKEEPING = frozenset({"updated_at", "version"})


class _Answer(Exception):
    """Leave the change's transaction early with this result (still recorded by change id)."""

    def __init__(self, result: ChangeResult) -> None:
        self.result = result


def apply_batch(sessions: sessionmaker[Session], caller_of: Any, changes: list[Change]
                ) -> list[ChangeResult]:
    """Apply each change in its own transaction; ``caller_of(session)`` re-reads the caller."""
    return [apply_one(sessions, caller_of, change) for change in changes]


def apply_one(sessions: sessionmaker[Session], caller_of: Any, change: Change) -> ChangeResult:
    for attempt in range(5):
        try:
            with sessions.begin() as session:
                return _apply(session, caller_of(session), change)
        except IntegrityError:
            # Another process recorded the same change id first.
            with sessions.begin() as session:
                if session.get(AppliedChange, change.change_id) is not None:
                    return ChangeResult(change_id=change.change_id, result="duplicate")
            raise
        except OperationalError:
            # A deadlock or serialisation failure: the transaction rolled back whole; retry.
            log.warning("retrying change %s after a database conflict", change.change_id)
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def _apply(session: Session, caller: Caller, change: Change) -> ChangeResult:
    if session.get(AppliedChange, change.change_id) is not None:
        return ChangeResult(change_id=change.change_id, result="duplicate")
    try:
        result = _decide(session, caller, change)
    except rules.ChangeRefused as refused:
        result = ChangeResult(change_id=change.change_id, result="rejected", reason=str(refused))
    except _Answer as answer:
        result = answer.result
    session.add(AppliedChange(change_id=change.change_id, record_type=change.record_type,
                              record_id=change.record_id, result=result.result))
    session.flush()
    return result


def _decide(session: Session, caller: Caller, change: Change) -> ChangeResult:
    if change.made_by != caller.user.id:
        raise rules.ChangeRefused("Changes are sent by the user who made them.")
    if change.device_id != caller.device.id:
        raise rules.ChangeRefused("Changes are sent by the laptop they were made on.")
    row = session.get(ServerRecordRow, (change.record_type, change.record_id),
                      with_for_update=True)
    fields = dict(change.fields)
    if change.operation == "create":
        if row is not None:
            raise _Answer(_conflict(change, row, "This record is already on the server."))
        owner = rules.owner_of(session, change.record_type, fields, None)
        rules.check(session, caller, change.record_type, "create", fields, set(fields), owner)
        _check_number(caller, change.record_type, fields)
        save_record(session, None, record_type=change.record_type, record_id=change.record_id,
                    owner_id=owner, fields=fields, changed=sorted(fields),
                    change_id=change.change_id, device_id=caller.device.id,
                    user_id=caller.user.id)
        return ChangeResult(change_id=change.change_id, result="applied")
    if row is None:
        raise rules.ChangeRefused("This record has not reached the server, so it cannot be "
                                  "changed there.")
    assert change.base_version is not None
    if change.base_version > row.version:
        raise rules.ChangeRefused("This change is based on a version the server never had.")
    changed = set(fields) - BOOKKEEPING
    merged = dict(row.fields) | fields
    rules.check(session, caller, change.record_type, "update", merged, changed, row.owner_id)
    if change.base_version < row.version:
        clash = changed & _changed_since(session, change, change.base_version)
        if clash:
            log_change(session, record_type=change.record_type, record_id=change.record_id,
                       owner_id=row.owner_id, version=row.version, fields=fields,
                       changed=sorted(changed), superseded=True, change_id=change.change_id,
                       device_id=caller.device.id, user_id=caller.user.id)
            decided = clash & rules.DECISION_FIELDS
            why = ("A supervisor's decision on this record was made meanwhile and stands"
                   if decided and change.record_type == "notices"
                   else "Someone else changed the same details meanwhile")
            raise _Answer(_conflict(change, row, f"{why}: {', '.join(sorted(clash))}."))
    save_record(session, row, record_type=change.record_type, record_id=change.record_id,
                owner_id=row.owner_id, fields=merged, changed=sorted(changed),
                change_id=change.change_id, device_id=caller.device.id, user_id=caller.user.id)
    return ChangeResult(change_id=change.change_id, result="applied",
                        server_record=_as_wire(row))


def _changed_since(session: Session, change: Change, base_version: int) -> set[str]:
    names: set[str] = set()
    for changed in session.scalars(
        select(ChangeLogEntry.changed).where(
            ChangeLogEntry.record_type == change.record_type,
            ChangeLogEntry.record_id == change.record_id,
            ChangeLogEntry.version > base_version,
            ChangeLogEntry.superseded.is_(False),
        )
    ):
        names.update(changed)
    return names - BOOKKEEPING


def _check_number(caller: Caller, record_type: str, fields: dict[str, Any]) -> None:
    number = fields.get("number") if record_type == "notices" else None
    if number and parse_notice_number(str(number)).device_code != caller.device.code:
        raise rules.ChangeRefused(
            f"The notice number {number} does not carry this laptop's device code "
            f"{caller.device.code:03d}.")


def _conflict(change: Change, row: ServerRecordRow, reason: str) -> ChangeResult:
    return ChangeResult(change_id=change.change_id, result="conflict", reason=reason,
                        server_record=_as_wire(row))


def _as_wire(row: ServerRecordRow) -> ServerRecord:
    return ServerRecord(record_type=row.record_type, record_id=row.record_id,
                        version=row.version, fields=dict(row.fields))

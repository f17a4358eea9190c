"""Applying pushed changes: each under its own savepoint, recorded by change id.

A change's savepoint writes the record, its change-log entry and its ``applied_changes``
row together, so a change sent twice (reply lost, laptop crashed before marking it sent) is
answered ``duplicate`` and never applied twice, even when two server processes get it at once
(the second insert of the change id fails and its savepoint rolls back). An update based on
an older version is merged field by field when nobody else changed the same fields since;
otherwise it is a conflict, answered with the server's record, and the losing edit is kept in
the change log (``superseded``), never dropped. One change refused never stops the others.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from hfhate.server import rules
from hfhate.server.accounts import Caller
from hfhate.server.models import AppliedChange, ChangeLogEntry, ServerRecordRow
from hfhate.server.records import SEQ_BLOCK, log_change, reserve_seqs, save_record
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
    """Apply the batch in one transaction, each change under its own savepoint.

    ``caller_of(session)`` re-reads the caller inside the transaction. A change whose change id
    another process recorded first (the insert fails) rolls back to its savepoint alone and is
    answered ``duplicate``; a deadlock or serialisation failure rolls the whole batch back and
    it is tried again, so a batch commits whole or not at all (nothing is answered before).
    """
    for attempt in range(5):
        try:
            with sessions.begin() as session:
                caller = caller_of(session)
                batch = _Batch.load(session, changes)
                # One block of change-log sequence numbers for the batch (one per change at
                # most; a number left unused is a gap, which pulls do not mind).
                session.info[SEQ_BLOCK] = reserve_seqs(session, len(changes))
                return [_one(session, caller, change, batch) for change in changes]
        except OperationalError:
            log.warning("retrying a push batch after a database conflict")
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


@dataclass
class _Batch:
    """What a batch's changes need, read up front: two queries instead of two per change."""

    answered: set[uuid.UUID]  # change ids already recorded when the batch began
    rows: dict[tuple[str, uuid.UUID], ServerRecordRow]  # locked for the whole batch
    absent: set[tuple[str, uuid.UUID]]  # records not on the server when the batch began

    @classmethod
    def load(cls, session: Session, changes: list[Change]) -> _Batch:
        ids = list({c.change_id for c in changes})
        answered = set(session.scalars(
            select(AppliedChange.change_id).where(AppliedChange.change_id.in_(ids))))
        by_type: dict[str, set[uuid.UUID]] = {}
        for change in changes:
            by_type.setdefault(change.record_type, set()).add(change.record_id)
        rows: dict[tuple[str, uuid.UUID], ServerRecordRow] = {}
        for record_type, record_ids in by_type.items():  # by the primary key, type first
            rows |= {(r.record_type, r.record_id): r for r in session.scalars(
                select(ServerRecordRow).where(ServerRecordRow.record_type == record_type,
                                              ServerRecordRow.record_id.in_(record_ids))
                .with_for_update())}
        absent = {(c.record_type, c.record_id) for c in changes} - set(rows)
        return cls(answered, rows, absent)

    def row(self, session: Session, key: tuple[str, uuid.UUID]) -> ServerRecordRow | None:
        if key in self.rows:
            return self.rows[key]
        if key in self.absent:
            return None
        return session.get(ServerRecordRow, key, with_for_update=True)


def _one(session: Session, caller: Caller, change: Change, batch: _Batch) -> ChangeResult:
    key = (change.record_type, change.record_id)
    try:
        with session.begin_nested():
            result = _apply(session, caller, change, batch)
        return result
    except IntegrityError:
        # The savepoint rolled back: a record this change created is gone again.
        if batch.rows.pop(key, None) is not None:
            batch.absent.add(key)
        # Another process recorded the same change id first (it has committed by now).
        if session.get(AppliedChange, change.change_id, populate_existing=True) is not None:
            return ChangeResult(change_id=change.change_id, result="duplicate")
        raise


def _apply(session: Session, caller: Caller, change: Change, batch: _Batch) -> ChangeResult:
    if change.change_id in batch.answered:
        return ChangeResult(change_id=change.change_id, result="duplicate")
    try:
        result = _decide(session, caller, change, batch)
    except rules.ChangeRefused as refused:
        result = ChangeResult(change_id=change.change_id, result="rejected", reason=str(refused))
    except _Answer as answer:
        result = answer.result
    session.add(AppliedChange(change_id=change.change_id, record_type=change.record_type,
                              record_id=change.record_id, result=result.result))
    session.flush()
    return result


def _decide(session: Session, caller: Caller, change: Change, batch: _Batch) -> ChangeResult:
    if change.made_by != caller.user.id:
        raise rules.ChangeRefused("Changes are sent by the user who made them.")
    if change.device_id != caller.device.id:
        raise rules.ChangeRefused("Changes are sent by the laptop they were made on.")
    key = (change.record_type, change.record_id)
    row = batch.row(session, key)
    fields = dict(change.fields)
    if change.operation == "create":
        if row is not None:
            raise _Answer(_conflict(change, row, "This record is already on the server."))
        owner = rules.owner_of(session, change.record_type, fields, None)
        rules.check(session, caller, change.record_type, "create", fields, set(fields), owner)
        _check_number(caller, change.record_type, fields)
        # Kept for the rest of the batch (the session only holds it weakly).
        batch.rows[key] = save_record(
            session, None, record_type=change.record_type, record_id=change.record_id,
            owner_id=owner, fields=fields, changed=sorted(fields), change_id=change.change_id,
            device_id=caller.device.id, user_id=caller.user.id)
        batch.absent.discard(key)
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

"""Applying pushed changes: decided one by one, written set-wise, recorded by change id.

A batch takes the change-log counter first (so pushes to one database, from any number of
server processes, run one after another), reads what it needs with a few queries (change ids
already answered, the records touched, the notices their timeline entries and photos belong
to), decides every change in memory, then writes the records, their change-log entries and
the ``applied_changes`` rows with one bulk statement each, in the same transaction. A change
sent twice (reply lost, laptop crashed before marking it sent) is answered ``duplicate`` and
never applied twice; should another writer record the same change id anyway, the insert fails
and the whole batch is decided again. An update based on an older version is merged field by
field when nobody else changed the same fields since; otherwise it is a conflict, answered with
the server's record, and the losing edit is kept in the change log (``superseded``), never
dropped. One change refused never stops the others. A laptop of the previous release
(``compat.WireView``) may push only the types and fields its release knows; its new records
take the defaults of the columns it does not know, and what it is answered carries none of
them (``as_seen``), and the server derives in the same batch the person records this
release's laptops derive themselves from a notice's victims and witnesses or a session
disclosure (``services.victims.derive``). A create of a record the server holds with exactly
the same fields (a derived record, say, made on the server and on a laptop alike) is answered
``duplicate``, not a conflict.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from hfhate.records.access import ParentOwner
from hfhate.records.codec import uuid_or_none
from hfhate.records.registry import BY_NAME
from hfhate.server import bulk, retention, rules
from hfhate.server.accounts import Caller
from hfhate.server.models import (
    AppliedChange,
    ChangeLogEntry,
    NoticeNumber,
    ServerRecordRow,
    utc_now,
)
from hfhate.server.notice_settings import CentralSettings
from hfhate.server.records import reserve_seqs
from hfhate.services.notices.settings import SettingsSource
from hfhate.services.retention.erased_fields import BLANKS, UNMARKED, erased_wire_fields
from hfhate.services.victims import derive
from hfhate.sync.compat import WireView
from hfhate.sync.schemas import Change, ChangeResult, ServerRecord

log = logging.getLogger(__name__)
# Fields every update carries; they never make a clash on their own.
BOOKKEEPING = frozenset({"updated_at", "version"})
ATTEMPTS = 5
NOTICES = "notices"  # the record type whose numbers the server keeps unique
RECORD_KEY = ("record_type", "record_id")

Key = tuple[str, uuid.UUID]


class _Answer(Exception):
    """Leave a change's decision early with this result (still recorded by change id)."""

    def __init__(self, result: ChangeResult) -> None:
        self.result = result


def apply_batch(
    sessions: sessionmaker[Session],
    caller_of: Any,
    changes: list[Change],
    data_dir: Path | None = None,
    view: WireView | None = None,
    pause: float = 0.0,
) -> list[ChangeResult]:
    """Apply the batch in one transaction; the result of each change, in order.

    ``pause`` (tests only, ``HFHATE_SERVER_TEST_PUSH_PAUSE``) holds the transaction open that
    many seconds after it took the counter row, so a test can stop the worker mid-push.

    ``caller_of(session)`` re-reads the caller inside the transaction. A deadlock, a
    serialisation failure or a change id recorded meanwhile by another writer rolls the whole
    batch back and it is decided again, so a batch commits whole or not at all (nothing is
    answered before it has).
    """
    for attempt in range(ATTEMPTS):
        try:
            with sessions.begin() as session:
                # The counter row first: it stays locked until commit, so every read below
                # sees all that earlier pushes committed. One sequence number per change at
                # most; a number left unused is a gap, which pulls do not mind.
                seqs = reserve_seqs(session, len(changes))
                if pause:
                    log.warning("test hook: the push waits %.1f s inside its transaction", pause)
                    time.sleep(pause)
                caller = caller_of(session)
                batch = _Batch.load(session, changes)
                results = [
                    _decide_recorded(session, caller, change, batch, view) for change in changes
                ]
                batch.write(session, seqs)
            break
        except (OperationalError, IntegrityError) as error:
            log.warning("retrying a push batch after a database conflict: %s", type(error).__name__)
            if attempt == ATTEMPTS - 1:
                raise
    if data_dir is not None and batch.erased:  # after the commit, never before it
        retention.drop_photo_files(sessions, data_dir, batch.erased_photos)
    return results


@dataclass
class _Record:
    """A record as the batch sees it: read from the server, or made by the batch."""

    owner_id: uuid.UUID | None
    version: int
    fields: dict[str, Any]
    new: bool = False  # not on the server before this batch: inserted, not updated
    dirty: bool = False

    def as_wire(self, key: Key) -> ServerRecord:
        return ServerRecord(
            record_type=key[0], record_id=key[1], version=self.version, fields=dict(self.fields)
        )


@dataclass
class _Batch:
    """What a batch's changes need, read up front, and what they write, kept for the end."""

    answered: set[uuid.UUID]  # change ids recorded before (or earlier in) this batch
    records: dict[Key, _Record]  # the records touched and their owning parents (a notice)
    settings: SettingsSource  # the notice settings in force on the server
    numbers: dict[str, uuid.UUID]  # the batch's notice numbers already held, and by whom
    log_rows: list[dict[str, Any]] = field(default_factory=list)
    applied_rows: list[dict[str, Any]] = field(default_factory=list)
    number_rows: list[dict[str, Any]] = field(default_factory=list)
    erased: bool = False  # an erasure was applied: its photo files go after the commit
    erased_photos: list[str] = field(default_factory=list)
    # When the batch's changes were taken: one time for all, as they commit together.
    now: datetime = field(default_factory=utc_now)

    @classmethod
    def load(cls, session: Session, changes: list[Change]) -> _Batch:
        connection = session.connection()  # Core rows: read once, no ORM objects
        ids = list({c.change_id for c in changes})
        answered = set(
            connection.scalars(
                select(AppliedChange.change_id).where(AppliedChange.change_id.in_(ids))
            )
        )
        wanted: dict[str, set[uuid.UUID]] = {}
        for change in changes:
            wanted.setdefault(change.record_type, set()).add(change.record_id)
            owner = BY_NAME[change.record_type].owner
            if isinstance(owner, ParentOwner):
                parent = uuid_or_none(change.fields.get(owner.field))
                if parent is not None:
                    wanted.setdefault(owner.record_type, set()).add(parent)
        records: dict[Key, _Record] = {}
        for record_type, record_ids in wanted.items():  # by the primary key, type first
            for row in connection.execute(
                select(
                    ServerRecordRow.record_id,
                    ServerRecordRow.owner_id,
                    ServerRecordRow.version,
                    ServerRecordRow.fields,
                )
                .where(
                    ServerRecordRow.record_type == record_type,
                    ServerRecordRow.record_id.in_(record_ids),
                )
                .with_for_update()
            ):
                records[(record_type, row.record_id)] = _Record(
                    row.owner_id, row.version, row.fields
                )
        return cls(answered, records, CentralSettings(session), _numbers_held(session, changes))

    def claim_number(self, key: Key, fields: dict[str, Any], held: Any = None) -> None:
        """Take a notice's number for it, refusing one another notice holds (on the server or
        earlier in this batch); the table's primary key is the final guard. ``held``: the
        number the notice held before (already its own)."""
        number = fields.get("number") if key[0] == NOTICES else None
        if not number or number == held:
            return
        holder = self.numbers.get(number)
        if holder is None:
            self.numbers[number] = key[1]
            self.number_rows.append({"number": number, "record_id": key[1], "at": self.now})
        elif holder != key[1]:
            raise rules.ChangeRefused(
                f"The notice number {number} is already held by another notice on the server, "
                "so this notice was not taken. Numbers are never shared: reissue this notice "
                "under a new number."
            )

    def owner_of(self, session: Session, change: Change) -> uuid.UUID | None:
        """Whose record a new one is: its own owner field's, or its parent's (read up front)."""
        owner = BY_NAME[change.record_type].owner
        if isinstance(owner, ParentOwner):
            parent_id = uuid_or_none(change.fields.get(owner.field))
            parent = self.records.get((owner.record_type, parent_id)) if parent_id else None
            return parent.owner_id if parent is not None else None
        return rules.owner_of(session, change.record_type, change.fields, None)

    def save(
        self,
        key: Key,
        record: _Record,
        fields: dict[str, Any],
        changed: set[str],
        change: Change,
        caller: Caller,
        *,
        as_sent: bool | None = None,
    ) -> None:
        """The record after the change (version + 1 unless new) and its change-log entry;
        ``as_sent`` False for a record the server made beside the change (served back)."""
        if not record.new or record.dirty:
            record.version += 1
        record.fields = dict(fields) | {"version": record.version}
        record.dirty = True
        self.records[key] = record
        # Nothing merged in: the laptop already holds exactly this, so its pulls skip it.
        self.log(
            key,
            record,
            record.fields,
            changed,
            change,
            caller,
            superseded=False,
            as_sent=record.version == change.version if as_sent is None else as_sent,
        )

    def log(
        self,
        key: Key,
        record: _Record,
        fields: dict[str, Any],
        changed: set[str],
        change: Change,
        caller: Caller,
        *,
        superseded: bool,
        as_sent: bool = False,
    ) -> None:
        self.log_rows.append(
            {
                "record_type": key[0],
                "record_id": key[1],
                "owner_id": record.owner_id,
                "version": record.version,
                "fields": fields,
                "changed": sorted(changed),
                "superseded": superseded,
                "as_sent": as_sent,
                "change_id": change.change_id,
                "by_device_id": caller.device.id,
                "by_user_id": caller.user.id,
                "at": self.now,
            }
        )

    def changed_since(self, session: Session, key: Key, base_version: int) -> set[str]:
        """The fields changed on the record after ``base_version`` (stored or in this batch)."""
        names: set[str] = set()
        stored = session.scalars(
            select(ChangeLogEntry.changed).where(
                ChangeLogEntry.record_type == key[0],
                ChangeLogEntry.record_id == key[1],
                ChangeLogEntry.version > base_version,
                ChangeLogEntry.superseded.is_(False),
            )
        )
        pending = (
            row["changed"]
            for row in self.log_rows
            if (row["record_type"], row["record_id"]) == key
            and row["version"] > base_version
            and not row["superseded"]
        )
        for changed in (*stored, *pending):
            names.update(changed)
        return names - BOOKKEEPING

    def write(self, session: Session, seqs: Any) -> None:
        """Everything the batch decided, with one bulk statement per kind of row."""
        now = self.now
        new = [
            {
                "record_type": k[0],
                "record_id": k[1],
                "owner_id": r.owner_id,
                "version": r.version,
                "fields": r.fields,
                "updated_at": now,
            }
            for k, r in self.records.items()
            if r.new and r.dirty
        ]
        changed = [
            {
                "record_type": k[0],
                "record_id": k[1],
                "version": r.version,
                "fields": r.fields,
                "updated_at": now,
            }
            for k, r in self.records.items()
            if r.dirty and not r.new
        ]
        connection = session.connection()
        bulk.insert_rows(connection, ServerRecordRow, new)
        bulk.update_rows(connection, ServerRecordRow, changed, RECORD_KEY)
        if self.log_rows:
            numbers = list(islice(seqs, len(self.log_rows)))
            if len(numbers) < len(self.log_rows):  # an erasure logs its parts too
                numbers += reserve_seqs(session, len(self.log_rows) - len(numbers))
            bulk.insert_rows(
                connection,
                ChangeLogEntry,
                [row | {"seq": seq} for row, seq in zip(self.log_rows, numbers, strict=True)],
            )
        bulk.insert_rows(connection, AppliedChange, self.applied_rows)
        # A number taken meanwhile fails here: the batch is decided again.
        bulk.insert_rows(connection, NoticeNumber, self.number_rows)


def _numbers_held(session: Session, changes: list[Change]) -> dict[str, uuid.UUID]:
    """The notice numbers the batch's notices carry that the server holds already."""
    wanted = {
        number
        for change in changes
        if change.record_type == NOTICES and isinstance(number := change.fields.get("number"), str)
    }
    if not wanted:
        return {}
    rows = session.execute(
        select(NoticeNumber.number, NoticeNumber.record_id).where(NoticeNumber.number.in_(wanted))
    )
    return dict(rows.all())


def as_seen(result: ChangeResult, view: WireView) -> ChangeResult:
    """A change's result as the laptop's release reads it: the server's record without the
    fields that release does not know."""
    record = result.server_record
    if record is None or view.whole:
        return result
    fields = view.fields(record.record_type, record.fields)
    return result.model_copy(update={"server_record": record.model_copy(update={"fields": fields})})


def _decide_recorded(
    session: Session, caller: Caller, change: Change, batch: _Batch, view: WireView | None = None
) -> ChangeResult:
    """Decide one change and record its answer by change id (a duplicate is not recorded)."""
    if change.change_id in batch.answered:
        return ChangeResult(change_id=change.change_id, result="duplicate")
    try:
        if view is not None and not view.whole:
            if (problem := view.refused(change.record_type, change.fields)) is not None:
                raise rules.ChangeRefused(problem)
            if change.operation == "create":
                fields = view.completed(change.record_type, change.fields)
                change = change.model_copy(update={"fields": fields})
        result = _decide(session, caller, change, batch)
        if view is not None and not view.whole and result.result == "applied":
            _derive_people(session, caller, change, batch)
    except rules.ChangeRefused as refused:
        result = ChangeResult(change_id=change.change_id, result="rejected", reason=str(refused))
    except _Answer as answer:
        result = answer.result
    batch.answered.add(change.change_id)
    batch.applied_rows.append(
        {
            "change_id": change.change_id,
            "record_type": change.record_type,
            "record_id": change.record_id,
            "result": result.result,
            "at": batch.now,
        }
    )
    return result


def _decide(session: Session, caller: Caller, change: Change, batch: _Batch) -> ChangeResult:
    if change.made_by != caller.user.id:
        raise rules.ChangeRefused("Changes are sent by the user who made them.")
    if change.device_id != caller.device.id:
        raise rules.ChangeRefused("Changes are sent by the laptop they were made on.")
    key = (change.record_type, change.record_id)
    record = batch.records.get(key)
    fields = dict(change.fields)
    if change.operation == "erase":
        return _erase(session, caller, change, batch)
    retention.refuse_if_erased(
        session,
        change.record_type,
        change.fields,
        record.fields if record is not None else None,
        lambda key: batch.records[key].fields if key in batch.records else None,
    )
    if change.operation == "create":
        if record is not None:
            if _same(record.fields, fields):
                raise _Answer(ChangeResult(change_id=change.change_id, result="duplicate"))
            raise _Answer(_conflict(change, key, record, "This record is already on the server."))
        owner = batch.owner_of(session, change)
        rules.check(
            session,
            caller,
            change.record_type,
            "create",
            fields,
            set(fields),
            owner,
            settings=batch.settings,
            pending=batch.records,
        )
        batch.claim_number(key, fields)
        batch.save(key, _Record(owner, 1, {}, new=True), fields, set(fields), change, caller)
        return ChangeResult(change_id=change.change_id, result="applied")
    if record is None:
        raise rules.ChangeRefused(
            "This record has not reached the server, so it cannot be changed there."
        )
    assert change.base_version is not None
    if change.base_version > record.version:
        raise rules.ChangeRefused("This change is based on a version the server never had.")
    changed = set(fields) - BOOKKEEPING
    merged = dict(record.fields) | fields
    clash = (
        changed & batch.changed_since(session, key, change.base_version)
        if change.base_version < record.version
        else set()
    )
    # The move from the status the server holds is checked only for a change that applies:
    # a status edit that lost to a decision made meanwhile is a conflict, kept, not refused.
    rules.check(
        session,
        caller,
        change.record_type,
        "update",
        merged,
        changed,
        record.owner_id,
        before=None if clash else record.fields,
        settings=batch.settings,
        pending=batch.records,
    )
    if clash:
        batch.log(key, record, fields, changed, change, caller, superseded=True)
        decided = clash & BY_NAME[change.record_type].access.decision_fields
        why = (
            "A supervisor's decision on this record was made meanwhile and stands"
            if decided
            else "Someone else changed the same details meanwhile"
        )
        raise _Answer(_conflict(change, key, record, f"{why}: {', '.join(sorted(clash))}."))
    batch.claim_number(key, merged, record.fields.get("number"))
    batch.save(key, record, merged, changed, change, caller)
    return ChangeResult(
        change_id=change.change_id, result="applied", server_record=record.as_wire(key)
    )


def _same(held: dict[str, Any], sent: dict[str, Any]) -> bool:
    """Whether a create sends exactly what the server holds, but for when it was saved."""
    ignored = BOOKKEEPING
    return {k: v for k, v in held.items() if k not in ignored} == {
        k: v for k, v in sent.items() if k not in ignored
    }


def _derive_people(session: Session, caller: Caller, change: Change, batch: _Batch) -> None:
    """The person records of a notice's victims and witnesses, or of a session disclosure,
    pushed by a laptop of the previous release (which does not derive them itself): saved in
    the batch beside the change, unless the server holds them already."""
    key = (change.record_type, change.record_id)
    # What a source always carries, should a laptop's fields lack it.
    fields = {
        "id": str(change.record_id),
        "created_on_device_id": str(change.device_id),
        "created_at": change.made_at.isoformat(),
    } | batch.records[key].fields
    try:
        derived = _derived(session, batch, change, fields)
    except (KeyError, TypeError, ValueError) as error:  # a value derive cannot read: none
        log.warning("no person records derived from a pushed %s: %s", key[0], type(error).__name__)
        return
    wanted = [(r.record_type, r.id) for r in derived if (r.record_type, r.id) not in batch.records]

    held = (
        {
            (row.record_type, row.record_id)
            for row in session.execute(
                select(ServerRecordRow.record_type, ServerRecordRow.record_id).where(
                    ServerRecordRow.record_type.in_({t for t, _ in wanted}),
                    ServerRecordRow.record_id.in_({i for _, i in wanted}),
                )
            )
        }
        if wanted
        else set()
    )
    for record in derived:
        derived_key = (record.record_type, record.id)
        if derived_key in batch.records or derived_key in held:
            continue  # derived before: left as it is (it may have been changed since)
        owner = uuid_or_none(record.values.get("created_by_id"))
        values = derive.wire(record.values)
        made = _Record(owner, 1, {}, new=True)
        batch.save(derived_key, made, values, set(values), change, caller, as_sent=False)


def _derived(
    session: Session, batch: _Batch, change: Change, fields: dict[str, Any]
) -> list[derive.Derived]:
    if change.record_type == derive.NOTICES and "people" in change.fields:
        return derive.from_notice(fields)
    if change.record_type == derive.FOLLOW_UPS and change.operation == "create":
        parent = _session_of(session, batch, fields.get("session_id")) or {}
        return derive.from_disclosure(fields, parent.get("title"), parent.get("session_date"))
    return []


def _session_of(session: Session, batch: _Batch, session_id: Any) -> dict[str, Any] | None:
    """The engagement session's fields, from the batch or as the server holds them."""
    parent_id = uuid_or_none(session_id)
    if parent_id is None:
        return None
    key = ("engagement_sessions", parent_id)
    if key in batch.records:
        return batch.records[key].fields
    return session.scalar(
        select(ServerRecordRow.fields).where(
            ServerRecordRow.record_type == key[0], ServerRecordRow.record_id == parent_id
        )
    )


def _erase(session: Session, caller: Caller, change: Change, batch: _Batch) -> ChangeResult:
    """A supervisor's erasure under the retention schedule, checked by the server's own dates.

    The record and its parts are saved erased (one change-log entry each, which pulls serve)
    and their earlier change-log entries, which held the values erased, are deleted."""
    key = (change.record_type, change.record_id)
    record = batch.records.get(key)
    if record is None:
        raise rules.ChangeRefused("This record has not reached the server, so it cannot be erased.")
    if record.fields.get("erased_at"):  # erased already, from another laptop
        return ChangeResult(change_id=change.change_id, result="applied")
    try:
        retention.check_erasure(session, caller.user.roles, change.record_type, record.fields)
    except retention.NotErasableHere as refused:
        raise rules.ChangeRefused(str(refused)) from None
    erased_at = str(change.fields.get("erased_at") or utc_now().isoformat())
    parts = retention.parts_of(session, change.record_type, change.record_id)
    keys = [key, *((row.record_type, row.record_id) for row in parts)]
    retention.forget_history(session, keys)
    batch.log_rows = [r for r in batch.log_rows if (r["record_type"], r["record_id"]) not in keys]
    for row in parts:
        part_key = (row.record_type, row.record_id)
        part = batch.records.get(part_key) or _Record(row.owner_id, row.version, row.fields)
        _save_erased(batch, part_key, part, erased_at, change, caller, as_sent=False)
    _save_erased(batch, key, record, erased_at, change, caller, as_sent=True)
    batch.erased = True
    return ChangeResult(change_id=change.change_id, result="applied")


def _save_erased(
    batch: _Batch,
    key: Key,
    record: _Record,
    erased_at: str,
    change: Change,
    caller: Caller,
    *,
    as_sent: bool,
) -> None:
    fields = erased_wire_fields(key[0], record.fields, erased_at)
    fields["updated_at"] = erased_at
    if key[0] == "evidence_photos":
        batch.erased_photos.append(str(fields.get("sha256")))
    record.version += 1
    record.fields = fields | {"version": record.version}
    record.dirty = True
    batch.records[key] = record
    changed = set(BLANKS[key[0]]) | {"updated_at"}
    if key[0] not in UNMARKED:
        changed.add("erased_at")
    sent = as_sent and record.version == change.version
    batch.log(key, record, record.fields, changed, change, caller, superseded=False, as_sent=sent)


def _conflict(change: Change, key: Key, record: _Record, reason: str) -> ChangeResult:
    return ChangeResult(
        change_id=change.change_id,
        result="conflict",
        reason=reason,
        server_record=record.as_wire(key),
    )

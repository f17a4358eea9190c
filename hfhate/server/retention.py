"""The server's check and repeat of an erasure a laptop pushes, and its retention periods.

An ``erase`` change is taken only from a supervisor, only for a record the server itself finds
past its period on its own dates and settings (``services/retention/schedule.py``, the same
rules the laptop's review runs) and under no legal hold; anything else is refused in words.
The server then blanks the same fields of the record and its parts (``erased_fields``), writes
one change-log entry per record with the erased version (which every other laptop applies at
its next pull), deletes the earlier change-log history of those records (it held the old
values) and, after the commit, the sealed files of photos no record still needs. Its periods
are the retention settings in force today (``central_settings``: dated setting changes).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from hfhate.clock import london_date
from hfhate.models import NoticeStatus, Role, utc_now
from hfhate.records.access import ParentOwner
from hfhate.records.codec import uuid_or_none
from hfhate.records.registry import BY_NAME
from hfhate.safe_log import describe_exception
from hfhate.server import central_settings, photos
from hfhate.server.db import BUSY_TIMEOUT_MS
from hfhate.server.models import ChangeLogEntry, ServerRecordRow
from hfhate.server.rules import ChangeRefused
from hfhate.services.changes import ERASED_REFUSAL
from hfhate.services.retention.schedule import (
    REFERRAL_STEPS,
    Due,
    incident_due,
    last_contact,
    notice_due,
    person_due,
    photos_due,
    referral_steps,
    register_due,
)
from hfhate.services.retention.settings import RetentionSettings

log = logging.getLogger(__name__)
ERASABLE = ("notices", "evidence_photos", "engagement_sessions", "incidents", "people")
# The parts of an erased record, erased with it: (record type, the field naming the record).
PARTS = {
    "notices": (("notice_events", "notice_id"), ("evidence_photos", "notice_id")),
    "engagement_sessions": (
        ("session_register", "session_id"),
        ("session_follow_ups", "session_id"),
    ),
    "evidence_photos": (),
    "incidents": (),
    # The feedback given on one of the person's referrals too (``parts_of``).
    "people": (
        ("person_links", "person_id"),
        ("consents", "person_id"),
        ("referrals", "person_id"),
        ("victim_feedback", "person_id"),
    ),
}
LABELS = {
    "notices": "notice",
    "evidence_photos": "photo",
    "engagement_sessions": "session",
    "incidents": "incident",
    "people": "victim's or witness's record",
}
# Records erased with a record that is not their parent in the registry: (its type, the field).
ERASED_WITH = {"victim_feedback": ("people", "person_id")}
SUPERVISORS_ONLY = "Only a supervisor erases records under the retention schedule."
NOT_DUE = (
    "The server does not find this {label} past its retention period on its own dates and "
    "settings, so it was not erased there."
)


class NotErasableHere(Exception):
    """The server refuses the erasure; the message says why."""


def server_retention_settings(session: Session) -> RetentionSettings:
    """The periods in force on the server today (its dated setting changes, else the base)."""
    return central_settings.settings_on(session).retention


def set_server_retention_settings(
    session: Session, settings: RetentionSettings, made_by: str = "hfhate-server"
) -> None:
    """Put ``settings`` in force from today: one setting change per period that differs
    (``hfhate-server retention-periods``). SettingRefused if the periods cannot stand."""
    now = server_retention_settings(session).to_json()
    changed = {
        f"retention.{field}": value
        for field, value in settings.to_json().items()
        if now[field] != value
    }
    if changed:
        central_settings.make_changes(session, changed, london_date(utc_now()), made_by=made_by)


def check_erasure(
    session: Session,
    roles: Iterable[str],
    record_type: str,
    fields: dict[str, Any],
    today: date | None = None,
) -> None:
    """Raise NotErasableHere unless the server itself finds the record due and not held."""
    if Role.SUPERVISOR.value not in set(roles):
        raise NotErasableHere(SUPERVISORS_ONLY)
    if record_type not in ERASABLE:
        raise NotErasableHere("Records of this kind are not erased under the retention schedule.")
    settings = server_retention_settings(session)
    today = today or london_date(utc_now())
    label = LABELS[record_type]
    due: Due | None
    if record_type == "incidents":
        statuses = [row["status"] for row in _referrals(session, "from_id", fields["id"])]
        due = incident_due(datetime.fromisoformat(fields["occurred_at"]), statuses, settings)
    elif record_type == "people":
        due = _person_due(session, fields, settings)
    elif record_type == "engagement_sessions":
        due = register_due(date.fromisoformat(fields["session_date"]), settings)
    else:
        notice = fields
        if record_type == "evidence_photos":
            row = session.get(ServerRecordRow, ("notices", uuid.UUID(fields["notice_id"])))
            if row is None:
                raise NotErasableHere("The notice this photo belongs to is not on the server.")
            notice = row.fields
        status = NoticeStatus(notice["status"])
        issued_at = datetime.fromisoformat(notice["issued_at"])
        moves = _moves(session, uuid.UUID(str(notice["id"])))
        due = notice_due(status, issued_at, moves, settings)
        if due is not None and due.held:
            raise NotErasableHere(due.held)
        if record_type == "evidence_photos" and not (due is not None and due.erasable(today)):
            due = photos_due(status, issued_at, moves, settings)
    if due is not None and due.held:
        raise NotErasableHere(due.held)
    if due is None or not due.erasable(today):
        raise NotErasableHere(NOT_DUE.format(label=label))


def _rows(session: Session, record_type: str, field: str, value: Any) -> list[dict[str, Any]]:
    """The fields of the server's live records of ``record_type`` whose ``field`` is ``value``."""
    return [
        row
        for row in session.scalars(
            select(ServerRecordRow.fields).where(
                ServerRecordRow.record_type == record_type,
                ServerRecordRow.fields[field].as_string() == str(value),
            )
        )
        if not row.get("deleted_at")
    ]


def _referrals(session: Session, field: str, value: Any) -> list[dict[str, Any]]:
    return _rows(session, "referrals", field, value)


def _moment(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _person_due(session: Session, fields: dict[str, Any], settings: RetentionSettings) -> Due:
    """A person's due date or hold on the server's own records: their links' records, their
    consents and their referrals (``schedule.person_due``, as the laptop's review)."""
    person_id = fields["id"]
    linked: list[date] = []
    notice_statuses: list[NoticeStatus] = []
    for link in _rows(session, "person_links", "person_id", person_id):
        row = session.get(ServerRecordRow, (link["record_type"], uuid.UUID(link["record_id"])))
        if row is None or row.fields.get("deleted_at"):
            continue
        record = row.fields
        if link["record_type"] == "incidents":
            linked.append(london_date(datetime.fromisoformat(record["occurred_at"])))
        elif link["record_type"] == "notices":
            linked.append(london_date(datetime.fromisoformat(record["issued_at"])))
            notice_statuses.append(NoticeStatus(record["status"]))
        elif link["record_type"] == "session_follow_ups":
            held = session.get(
                ServerRecordRow, ("engagement_sessions", uuid.UUID(record["session_id"]))
            )
            if held is not None:
                linked.append(date.fromisoformat(held.fields["session_date"]))
    consents = [
        at
        for row in _rows(session, "consents", "person_id", person_id)
        if (at := _moment(row.get("recorded_at"))) is not None
    ]
    referrals = _referrals(session, "person_id", person_id)
    steps = [
        at
        for row in referrals
        for at in referral_steps({name: _moment(row.get(name)) for name in REFERRAL_STEPS})
    ]
    made_at = datetime.fromisoformat(fields["created_at"])
    last = last_contact(made_at, linked, consents, steps)
    return person_due(last, [row["status"] for row in referrals], notice_statuses, settings)


def refuse_if_erased(
    session: Session,
    record_type: str,
    fields: dict[str, Any],
    stored: dict[str, Any] | None,
    in_batch: Callable[[tuple[str, uuid.UUID]], dict[str, Any] | None],
) -> None:
    """Refuse a change to an erased record, or a new part of one (its data is gone).

    ``stored`` is the record as the server holds it; ``in_batch`` gives a record the push
    batch already read or wrote, by key."""
    kind = BY_NAME[record_type]
    parent = kind.owner if isinstance(kind.owner, ParentOwner) else kind.parent
    parent_type, parent_field = (
        (parent.record_type, parent.field)
        if parent is not None
        else ERASED_WITH.get(record_type, ("", ""))
    )
    parent_id = uuid_or_none(fields.get(parent_field)) if parent_field else None
    if parent_id is None and stored is not None and parent_field:
        parent_id = uuid_or_none(stored.get(parent_field))
    if parent_type and parent_id is not None:
        key = (parent_type, parent_id)
        held = in_batch(key)
        if held is None:
            row = session.get(ServerRecordRow, key)
            held = row.fields if row is not None else {}
        if held.get("erased_at"):
            raise ChangeRefused(ERASED_REFUSAL)
    if stored is not None and stored.get("erased_at"):
        raise ChangeRefused(ERASED_REFUSAL)


def parts_of(session: Session, record_type: str, record_id: uuid.UUID) -> list[ServerRecordRow]:
    """The records that belong to the erased one (its timeline and photos, its register and
    follow-ups, or a person's links, consents, referrals and feedback, with the feedback given
    on their referrals), locked for the batch."""
    found: list[ServerRecordRow] = []
    for part_type, field in PARTS[record_type]:
        found += session.scalars(
            select(ServerRecordRow)
            .where(
                ServerRecordRow.record_type == part_type,
                ServerRecordRow.fields[field].as_string() == str(record_id),
            )
            .with_for_update()
        )
    if record_type == "people":
        seen = {(row.record_type, row.record_id) for row in found}
        for referral_id in [row.record_id for row in found if row.record_type == "referrals"]:
            found += [
                row
                for row in session.scalars(
                    select(ServerRecordRow)
                    .where(
                        ServerRecordRow.record_type == "victim_feedback",
                        ServerRecordRow.fields["referral_id"].as_string() == str(referral_id),
                    )
                    .with_for_update()
                )
                if (row.record_type, row.record_id) not in seen
            ]
    return found


def forget_history(session: Session, keys: Iterable[tuple[str, uuid.UUID]]) -> None:
    """Delete the change-log entries of these records (they hold the values erased)."""
    for record_type, record_id in keys:
        session.execute(
            delete(ChangeLogEntry).where(
                ChangeLogEntry.record_type == record_type, ChangeLogEntry.record_id == record_id
            )
        )


def drop_photo_files(
    sessions: sessionmaker[Session], data_dir: Path, sha256s: Iterable[str]
) -> None:
    """After the commit: delete the sealed files of erased photos no kept photo record names,
    and empty a SQLite write-ahead log of the pages that held the erased values. A file
    left by a failure here is deleted at the next erasure of a photo with its hash."""
    try:
        _drop_photo_files(sessions, data_dir, set(sha256s))
    except (OSError, SQLAlchemyError) as error:
        log.warning("photo files of an erasure not all deleted: %s", describe_exception(error))


def _drop_photo_files(sessions: sessionmaker[Session], data_dir: Path, wanted: set[str]) -> None:
    with sessions() as session:
        for sha256 in wanted:
            rows = session.scalars(
                select(ServerRecordRow.fields).where(
                    ServerRecordRow.record_type == "evidence_photos",
                    ServerRecordRow.fields["sha256"].as_string() == sha256,
                )
            )
            if any(not row.get("erased_at") for row in rows):
                continue
            path = photos.final_path(data_dir, sha256)
            if path.exists():
                path.unlink()
        bind = session.get_bind()
    _checkpoint(bind)  # once the session's connection is back: the checkpoint waits for none


def _checkpoint(bind: Any) -> None:
    """On SQLite, move the write-ahead log into the file and empty it: no old page stays in
    it (``secure_delete`` has zeroed the freed ones in the file)."""
    engine = bind if isinstance(bind, Engine) else bind.engine
    if engine.dialect.name != "sqlite":
        return
    raw = engine.raw_connection()  # outside any transaction: a checkpoint cannot run in one
    try:
        cursor = raw.cursor()
        # Never wait for a reader: at worst the log empties at the next checkpoint.
        cursor.execute("PRAGMA busy_timeout = 0")
        busy = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.close()
    finally:
        raw.close()
    if busy:
        log.warning("the write-ahead log could not be emptied after an erasure: busy")


def _moves(session: Session, notice_id: uuid.UUID) -> list[tuple[datetime, NoticeStatus | None]]:
    rows = session.scalars(
        select(ServerRecordRow.fields).where(
            ServerRecordRow.record_type == "notice_events",
            ServerRecordRow.fields["notice_id"].as_string() == str(notice_id),
        )
    )
    return [
        (datetime.fromisoformat(row["at"]), NoticeStatus(row["status_to"]))
        for row in rows
        if row.get("status_to")
    ]

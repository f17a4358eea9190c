"""Applying pulled records to the local store.

A pulled change carries the whole record as it stands on the server. It is written straight
to its table (no audit event and no outbox entry: it is not a change made here), converted
back from wire values column by column by the codec (``hfhate.records.codec``); a new record
gets the registry's value for the columns that never travel (an account's password hash).
It never overwrites a record that still has changes waiting on this laptop, and a change
already applied (same or newer version here) is skipped, so a page applied twice changes
nothing. One that cannot be written here (a constraint such as a notice number another
record here holds, a value this laptop cannot read) is set aside with its reason and costs
the rest of the page nothing; the client keeps it as needing attention and fetches it again.
A record erased under the retention schedule elsewhere (``erased_at`` set) is applied even
over changes waiting here, which are resolved, and its old values leave the outbox
(``services/retention/erasure.forget_pulled``).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, exists, insert, select, update
from sqlalchemy.exc import DBAPIError, OperationalError, StatementError
from sqlalchemy.orm import Session

from hfhate.models import Base, Device, OutboxEntry, OutboxStatus
from hfhate.records.registry import BY_NAME
from hfhate.safe_log import describe_exception
from hfhate.services.central_accounts import verifier_after_pull
from hfhate.services.retention.erased_fields import BLANKS as ERASED_TYPES
from hfhate.services.retention.erasure import forget_pulled
from hfhate.sync.pulled_rows import PreparedInsert, prepared_insert, wire_values
from hfhate.sync.schemas import PulledChange

APPLIED, HELD_BACK, UP_TO_DATE, SET_ASIDE = "applied", "held_back", "up_to_date", "set_aside"
log = logging.getLogger(__name__)
UNKNOWN_TYPE = (
    "This laptop does not know this kind of record (its hfhate may be older than the server's)."
)
UNREADABLE = (
    "This laptop cannot read one of its values (its hfhate may be older than the server's)."
)
Key = tuple[str, uuid.UUID]
Pending = dict[str, list[tuple[int, dict[str, Any]]]]  # record type -> (index, row) to insert


def has_waiting_changes(session: Session, record_id: uuid.UUID) -> bool:
    return bool(
        session.scalar(
            select(
                exists().where(
                    OutboxEntry.record_id == record_id,
                    OutboxEntry.status.in_((OutboxStatus.PENDING, OutboxStatus.NEEDS_ATTENTION)),
                )
            )
        )
    )


@dataclass
class _Page:
    """What applying one page knows: versions here, outcomes so far, reasons of set-asides."""

    changes: list[PulledChange]
    versions: dict[Key, int]
    outcomes: list[str] = field(default_factory=list)
    reasons: dict[int, str] = field(default_factory=dict)
    inserts: Pending = field(default_factory=dict)

    def set_aside(self, at: int, reason: str, error: BaseException | None = None) -> None:
        change = self.changes[at]
        self.outcomes[at] = SET_ASIDE
        self.reasons[at] = reason
        self.versions.pop((change.record_type, change.record_id), None)
        log.warning(
            "pulled %s %s version %d set aside: %s",
            change.record_type,
            change.record_id,
            change.version,
            describe_exception(error) if error is not None else reason,
        )


def apply_page(
    session: Session,
    changes: list[PulledChange],
    *,
    refetched: bool = False,
    set_aside: dict[int, str] | None = None,
) -> list[str]:
    """Write a page of pulled records, with a few queries per page instead of per record.

    Each is applied, held back (it still has changes waiting here), already here, or set
    aside: it cannot be written here (a constraint, a value or a kind of record this laptop
    cannot read); the outcome of each change, in order, and in ``set_aside`` the reason of each
    set aside, by its index. A set-aside record costs the rest of the page nothing: rows are
    inserted in bulk under a SAVEPOINT, and only when that fails one at a time, each under its
    own. ``refetched`` records (fetched again after being held back or set aside) are written
    even when the local version is not older: an edit made here that never reached the server
    (resolved in the server's favour) may have numbered it higher. Several changes to one
    record in a page are applied in order (the later version wins).
    """
    for change in changes:  # an erasure wins over changes still waiting here
        if change.fields.get("erased_at") and change.record_type in ERASED_TYPES:
            forget_pulled(session, change.record_type, change.record_id)
    ids = list({change.record_id for change in changes})
    waiting: set[uuid.UUID] = set()
    for chunk in _chunks(ids):
        waiting.update(
            session.scalars(
                select(OutboxEntry.record_id).where(
                    OutboxEntry.record_id.in_(chunk),
                    OutboxEntry.status.in_((OutboxStatus.PENDING, OutboxStatus.NEEDS_ATTENTION)),
                )
            )
        )
    page = _Page(changes, _versions_here(session, changes))
    devices: set[object] = set()
    for at, change in enumerate(changes):
        key = (change.record_type, change.record_id)
        page.outcomes.append(APPLIED)
        if change.record_id in waiting:
            page.outcomes[at] = HELD_BACK
            continue
        if change.record_type not in BY_NAME:
            page.set_aside(at, UNKNOWN_TYPE)
            continue
        here = page.versions.get(key)
        erased = change.record_type in ERASED_TYPES and bool(change.fields.get("erased_at"))
        if here is not None and here >= change.version and not (refetched or erased):
            page.outcomes[at] = UP_TO_DATE
            continue
        try:
            values = _values(change)
        except Exception as error:  # noqa: BLE001 - whatever the codec cannot read
            page.set_aside(at, UNREADABLE, error)
            continue
        if here is not None:
            _flush_inserts(session, page)  # an earlier change to it in this page may fail
            here = page.versions.get(key)
        if here is None:
            values = dict(BY_NAME[change.record_type].never_sent) | values
            device_id = values.get("created_on_device_id")
            if device_id not in devices:
                _known_device(session, device_id)
                devices.add(device_id)
            page.inserts.setdefault(change.record_type, []).append((at, values))
        else:
            _overwrite(session, page, at, values)
        page.versions[key] = change.version
    _flush_inserts(session, page)
    if set_aside is not None:
        set_aside.update(page.reasons)
    return page.outcomes


def _versions_here(session: Session, changes: list[PulledChange]) -> dict[Key, int]:
    versions: dict[Key, int] = {}
    by_type: dict[str, list[uuid.UUID]] = {}
    for change in changes:
        if change.record_type in BY_NAME:
            by_type.setdefault(change.record_type, []).append(change.record_id)
    for record_type, type_ids in by_type.items():
        table = BY_NAME[record_type].table
        for chunk in _chunks(list(set(type_ids))):
            for record_id, version in session.execute(
                select(table.c.id, table.c.version).where(table.c.id.in_(chunk))
            ):
                versions[(record_type, record_id)] = version
    return versions


def _overwrite(session: Session, page: _Page, at: int, values: dict[str, Any]) -> None:
    change = page.changes[at]
    table = BY_NAME[change.record_type].table
    values.pop("id")
    _known_device(session, values.get("created_on_device_id"))
    if change.record_type == "users":  # a password changed on the server: drop the verifier
        verifier_after_pull(session, change.record_id, values)
    try:
        with session.begin_nested():
            session.execute(update(table).where(table.c.id == change.record_id).values(values))
    except StatementError as error:
        page.set_aside(at, cannot_store(error, change), _unless_operational(error))


def _values(change: PulledChange) -> dict[str, Any]:
    """The pulled record's column values, as the codec reads them from the wire."""
    values = wire_values(BY_NAME[change.record_type].table, change.fields)
    values["id"] = change.record_id
    values["version"] = change.version
    return values


def _flush_inserts(session: Session, page: _Page) -> None:
    """Insert the rows gathered so far, parents' tables first, with one executemany each.

    Each executemany runs under a SAVEPOINT; should it fail, its rows go in one at a time,
    each under its own, and those that still fail are set aside. The rows go to the driver as
    prepared tuples (``pulled_rows``) where the table allows; a row whose values cannot be
    bound is set aside before.
    """
    order = {table.name: at for at, table in enumerate(Base.metadata.sorted_tables)}
    dialect = session.get_bind().dialect
    for record_type in sorted(page.inserts, key=order.__getitem__):
        table = BY_NAME[record_type].table
        by_columns: dict[frozenset[str], list[tuple[int, dict[str, Any]]]] = {}
        for at, row in page.inserts[record_type]:
            by_columns.setdefault(frozenset(row), []).append((at, row))
        for keys, same in by_columns.items():
            prepared = prepared_insert(table, keys, dialect)
            write = _writer(session, table, prepared)
            if prepared is not None:
                same = _bindable(page, prepared, same)
            try:
                with session.begin_nested():
                    write(same)
                continue
            except StatementError as error:
                _unless_operational(error)
            for at, row in same:
                try:
                    with session.begin_nested():
                        write([(at, row)])
                except StatementError as error:
                    page.set_aside(
                        at, cannot_store(error, page.changes[at]), _unless_operational(error)
                    )
    page.inserts.clear()


Rows = list[tuple[int, Any]]  # (index in the page, a row: its values, or its parameters)


def _writer(
    session: Session, table: Table, prepared: PreparedInsert | None
) -> Callable[[Rows], None]:
    """What inserts rows into ``table``: the prepared statement, else SQLAlchemy's insert.

    The connection is asked of the session each time: that is what starts the SAVEPOINT of a
    ``begin_nested`` block around it (a connection held from before would write outside it).
    """

    def write(rows: Rows) -> None:
        if not rows:
            return
        connection = session.connection()
        if prepared is None:
            connection.execute(insert(table), [row for _, row in rows])
        else:
            connection.exec_driver_sql(prepared.sql, [params for _, params in rows])

    return write


def _bindable(page: _Page, prepared: PreparedInsert, rows: Rows) -> Rows:
    """The rows as the driver takes them (by index); a row that cannot be bound is set aside."""
    bound: Rows = []
    for at, row in rows:
        try:
            (params,) = prepared.parameters([row])
        except Exception as error:  # noqa: BLE001 - a value its column's binding refuses
            page.set_aside(at, UNREADABLE, error)
            continue
        bound.append((at, params))
    return bound


def _unless_operational(error: StatementError) -> StatementError:
    """A locked or full database is no fault of the record: the sync stops instead."""
    if isinstance(error, OperationalError):
        raise error
    return error


def cannot_store(error: StatementError, change: PulledChange) -> str:
    """Why the record could not be written here, in plain words and without its values."""
    words = str(error.orig) if isinstance(error, DBAPIError) else ""
    columns = words.partition(": ")[2]
    if words.startswith("UNIQUE") and columns == "notices.number":
        number = change.fields.get("number")
        return (
            f"Another notice or warning on this laptop already has its number ({number}). "
            "Ask an administrator: one of them must be reissued under a new number."
        )
    if words.startswith("UNIQUE"):
        named = ", ".join(c.partition(".")[2].replace("_", " ") for c in columns.split(", "))
        return f"Another record on this laptop already has the same {named}."
    if words.startswith("FOREIGN KEY"):
        return "It refers to a record this laptop does not have."
    if words.startswith("NOT NULL"):
        return f"It has no {columns.partition('.')[2].replace('_', ' ')}, which this laptop needs."
    if words.startswith("CHECK"):
        return "One of its values is not allowed on this laptop."
    if isinstance(error, DBAPIError):
        return f"This laptop could not store it ({type(error.orig).__name__})."
    return UNREADABLE


def _chunks(ids: list[uuid.UUID], size: int = 500) -> list[list[uuid.UUID]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def _known_device(session: Session, device_id: uuid.UUID | None) -> None:
    if device_id is None or session.get(Device, device_id) is not None:
        return
    session.add(Device(id=device_id, name=f"Device {str(device_id)[:8]}", remote=True))
    session.flush()

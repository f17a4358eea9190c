"""Pulled pages written as prepared rows (``sync/pulled_rows.py``) store what SQLAlchemy's
own insert of the codec's values stored before: the same rows, JSON columns included, and the
same outcomes for records held back, set aside and updated."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import JSON, select, text

from hfhate.config import Paths
from hfhate.models import (
    Base,
    FixedPenaltyNotice,
    NoticeEvent,
    OutboxEntry,
    OutboxStatus,
    Role,
    User,
)
from hfhate.models.store import Store
from hfhate.records import codec
from hfhate.records.registry import BY_NAME
from hfhate.services.actor import Actor
from hfhate.services.device import set_device_code
from hfhate.services.notices import issuing as notices
from hfhate.sync import apply
from hfhate.sync.apply import APPLIED, HELD_BACK, SET_ASIDE, UP_TO_DATE, apply_page
from hfhate.sync.pulled_rows import prepared_insert, wire_values
from hfhate.sync.schemas import PulledChange
from tests.fixtures.keys import open_test_store
from tests.fixtures.notices import CIRCUMSTANCES, numbered_name
from tests.services.notices.conftest import NOW, build_entry

TABLES = ("device", "users", "notices", "notice_events")
TWIN = 8  # after two users and six notices: a notice with another's number
WAITING = 4  # the third notice: a change to it waits on the laptop


def _pulled(store: Store, admin: Actor, officer: Actor) -> list[PulledChange]:
    """The administrator, the officer and six notices with their timeline entries, as a
    server would serve them; one notice's second version (new JSON values) and a twin
    holding another's number."""
    with store.session_factory.begin() as session:
        for n in range(6):
            entry = build_entry(
                recipient_name=numbered_name(n),
                circumstances=f"{CIRCUMSTANCES} Café on King Street, “quoted” words, number {n}.",
            )
            notices.issue_notice(session, officer, entry, now=NOW)
    changes: list[PulledChange] = []

    def add(record_type: str, record: Any, **fields: Any) -> None:
        kind = BY_NAME[record_type]
        values = codec.snapshot(record, frozenset(kind.never_sent)) | fields
        changes.append(
            PulledChange(
                seq=len(changes) + 1,
                record_type=record_type,
                record_id=uuid.UUID(str(values["id"])),
                version=int(values["version"]),
                fields=values,
            )
        )

    with store.session_factory() as session:
        add("users", session.get_one(User, admin.user_id))  # who added the officer
        add("users", session.get_one(User, officer.user_id))
        issued = session.scalars(select(FixedPenaltyNotice).order_by(FixedPenaltyNotice.number))
        rows = list(issued)
        for notice in rows:
            add("notices", notice)
        add("notices", rows[1], id=str(uuid.uuid4()))  # the twin: rows[1]'s number again
        for event in session.scalars(select(NoticeEvent).order_by(NoticeEvent.id)):
            add("notice_events", event)
        add(
            "notices",
            rows[0],
            version=2,
            hostilities=["misogyny", "racism"],
            people=[{"role": "witness", "name": "Zoë Ünal", "contact": "", "notes": None}],
        )
    assert changes[TWIN].record_type == "notices"
    return changes


def _apply_in_pages(store: Store, changes: list[PulledChange], size: int) -> list[str]:
    outcomes: list[str] = []
    for start in range(0, len(changes), size):
        with store.session_factory.begin() as session:
            outcomes += apply_page(session, changes[start : start + size])
    return outcomes


def _hold_back(store: Store, record_id: uuid.UUID) -> None:
    """A change to ``record_id`` still waits on this laptop: its pulled version waits too."""
    with store.session_factory.begin() as session:
        session.add(
            OutboxEntry(
                record_type="notices",
                record_id=record_id,
                operation="update",
                base_version=1,
                version=2,
                fields={"place": "here"},
                status=OutboxStatus.PENDING,
            )
        )


def _stored(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Every row of the tables a pull writes, as stored (JSON text read back as values)."""
    json_columns = {
        name: {c.name for c in Base.metadata.tables[name].columns if isinstance(c.type, JSON)}
        for name in TABLES
    }
    out: dict[str, list[dict[str, Any]]] = {}
    with store.engine.connect() as connection:
        for name in TABLES:
            only = " WHERE remote = 1" if name == "device" else ""  # not this laptop's own
            rows = connection.execute(text(f"SELECT * FROM {name}{only} ORDER BY id"))
            out[name] = [
                {
                    key: json.loads(value) if key in json_columns.get(name, ()) and value else value
                    for key, value in row._mapping.items()
                    if not (name == "device" and key == "created_at")  # when it was first named
                }
                for row in rows
            ]
    return out


@pytest.fixture
def changes(store: Store, admin: Actor, make_actor: Any) -> list[PulledChange]:
    with store.session_factory.begin() as session:
        set_device_code(session, admin, 42)
    return _pulled(store, admin, make_actor(Role.AUTHORISED_OFFICER, username="olly"))


def test_pages_written_as_prepared_rows_store_what_sqlalchemy_stored(
    changes: list[PulledChange], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    waiting = changes[WAITING].record_id  # a notice with a change waiting here: held back
    prepared = open_test_store(Paths(tmp_path / "prepared"))
    before = open_test_store(Paths(tmp_path / "before"))
    try:
        for laptop in (prepared, before):
            _hold_back(laptop, waiting)
        ours = _apply_in_pages(prepared, changes, size=5)
        with monkeypatch.context() as patch:  # as before: SQLAlchemy's insert, the codec
            patch.setattr(apply, "prepared_insert", lambda *_: None)
            patch.setattr(apply, "wire_values", codec.row_values)
            theirs = _apply_in_pages(before, changes, size=5)
        assert ours == theirs
        assert ours[WAITING] == HELD_BACK and ours.count(HELD_BACK) == 1
        assert ours.count(APPLIED) == len(changes) - 3
        # The twin, and the timeline entry of the notice held back (not here to refer to).
        assert ours[TWIN] == SET_ASIDE and ours.count(SET_ASIDE) == 2
        assert ours[TWIN - 2 : TWIN] == [APPLIED, APPLIED]  # the rest of its page arrived
        assert set(ours) == {APPLIED, HELD_BACK, SET_ASIDE}
        assert _stored(prepared) == _stored(before)
        with prepared.session_factory() as session:
            first = session.get_one(FixedPenaltyNotice, changes[2].record_id)
            assert first.version == 2 and first.hostilities == ["misogyny", "racism"]
            assert first.people[0]["name"] == "Zoë Ünal"
            with_event = session.scalar(select(NoticeEvent).limit(1))
            assert with_event is not None and isinstance(with_event.details, dict)
    finally:
        prepared.close()
        before.close()


def test_a_page_applied_twice_changes_nothing(changes: list[PulledChange], tmp_path: Path) -> None:
    laptop = open_test_store(Paths(tmp_path / "again"))
    try:
        kept = changes[:TWIN] + changes[TWIN + 1 :]
        assert set(_apply_in_pages(laptop, kept, size=4)) == {APPLIED}
        first = _stored(laptop)
        again = _apply_in_pages(laptop, kept, size=4)
        assert set(again) == {UP_TO_DATE}
        assert _stored(laptop) == first
    finally:
        laptop.close()


def test_notices_go_by_the_prepared_insert(changes: list[PulledChange], store: Store) -> None:
    """Not a fallback to SQLAlchemy's insert: the statement is compiled and bound here."""
    table = BY_NAME["notices"].table
    notice = next(c for c in changes if c.record_type == "notices")
    values = wire_values(table, notice.fields) | {"id": notice.record_id, "version": 1}
    insert = prepared_insert(table, frozenset(values), store.engine.dialect)
    assert insert is not None and insert.sql.startswith("INSERT INTO notices")
    (row,) = insert.parameters([values])
    stored = dict(zip((key for key, _, _ in insert.binds), row, strict=True))
    assert stored["id"] == notice.record_id.hex  # as SQLAlchemy's Uuid stores it on SQLite
    assert json.loads(stored["hostilities"]) == notice.fields["hostilities"]


def test_values_read_as_the_codec_reads_them(changes: list[PulledChange]) -> None:
    for change in changes:
        table = BY_NAME[change.record_type].table
        assert wire_values(table, change.fields) == codec.row_values(table, change.fields)
    table = BY_NAME["notices"].table
    broken = dict(changes[1].fields) | {"officer_id": "not an id"}
    with pytest.raises(ValueError):
        wire_values(table, broken)

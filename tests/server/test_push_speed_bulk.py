"""The set-wise writes of a push (``server/bulk.py``) store what SQLAlchemy's own path stores.

Each row is written twice, once by ``bulk`` and once by a Core ``insert``/``update`` under
another key, on SQLite and PostgreSQL: what the database holds must read back the same, and
the columns other than JSON must hold the very same stored values.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, insert, select, text, update

from hfhate.server import bulk
from hfhate.server.db import make_server_engine, migrate
from hfhate.server.models import AppliedChange, ChangeLogEntry, ServerRecordRow

AWKWARD = {
    "name": "Zoë O’Brien — “quoted” \\ back\nslash",
    "amount": 10000,
    "ratio": 0.1,
    "tiny": 1e-7,
    "big": 2**62,
    "nothing": None,
    "flag": False,
    "list": ["a", 1, None, {"deep": [1.5, "ü"]}],
    "empty": {},
}


@pytest.fixture
def engine(database_url: str, tmp_path: Any) -> Any:
    made = make_server_engine(database_url)
    migrate(made, tmp_path / "backups")
    yield made
    made.dispose()


def _record(record_id: uuid.UUID, fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "record_type": "notices",
        "record_id": record_id,
        "owner_id": uuid.uuid4(),
        "version": 1,
        "fields": fields,
        "updated_at": datetime(2026, 12, 4, 22, 50, 40, 123456, tzinfo=UTC),
    }


def _log(seq: int, fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "seq": seq,
        "record_type": "notices",
        "record_id": uuid.uuid4(),
        "owner_id": None,
        "version": 3,
        "fields": fields,
        "changed": ["place", "status"],
        "superseded": True,
        "as_sent": False,
        "change_id": uuid.uuid4(),
        "by_device_id": uuid.uuid4(),
        "by_user_id": None,
        # Another zone: stored as UTC, as UTCDateTime stores it.
        "at": datetime(2026, 6, 30, 19, 0, 0, 1, tzinfo=UTC) + timedelta(hours=0),
    }


def _stored(engine: Engine, table: str, where: str, value: Any) -> dict[str, Any]:
    """A row as the database keeps it (no SQLAlchemy type processing), JSON columns apart."""
    with engine.connect() as connection:
        row = connection.execute(
            text(f"SELECT * FROM {table} WHERE {where} = :value"), {"value": value}
        ).one()
    return dict(row._mapping)


def test_bulk_rows_read_back_as_they_were_given(engine: Engine) -> None:
    records = [_record(uuid.uuid4(), AWKWARD | {"n": n}) for n in range(3)]
    log = [_log(seq, AWKWARD | {"seq": seq}) for seq in (10, 11)]
    with engine.begin() as connection:
        bulk.insert_rows(connection, ServerRecordRow, records)
        bulk.insert_rows(connection, ChangeLogEntry, log)
        bulk.insert_rows(connection, ServerRecordRow, [])  # nothing to write: no statement
    with engine.connect() as connection:
        read = {
            row.record_id: dict(row._mapping)
            for row in connection.execute(select(ServerRecordRow.__table__))
        }
        read_log = [
            dict(row._mapping)
            for row in connection.execute(
                select(ChangeLogEntry.__table__).order_by(ChangeLogEntry.seq)
            )
        ]
    assert [read[r["record_id"]] for r in records] == records
    assert read_log == log


def test_bulk_rows_are_stored_as_sqlalchemy_stores_them(engine: Engine) -> None:
    by_bulk, by_core = _log(20, AWKWARD), _log(21, AWKWARD)
    by_core |= {k: by_bulk[k] for k in ("record_id", "change_id", "by_device_id")}
    with engine.begin() as connection:
        bulk.insert_rows(connection, ChangeLogEntry, [by_bulk])
        connection.execute(insert(ChangeLogEntry), [by_core])
    bulk_row = _stored(engine, "change_log", "seq", 20)
    core_row = _stored(engine, "change_log", "seq", 21)
    for name in ("fields", "changed"):  # JSON: the same value, maybe other spacing
        for row in (bulk_row, core_row):
            row[name] = json.loads(row[name]) if isinstance(row[name], str) else row[name]
    assert bulk_row | {"seq": 21} == core_row


def test_bulk_updates_change_only_the_rows_named(engine: Engine) -> None:
    records = [_record(uuid.uuid4(), {"n": n}) for n in range(4)]
    with engine.begin() as connection:
        connection.execute(insert(ServerRecordRow), records)
    later = datetime(2027, 1, 1, 9, 30, 0, 42, tzinfo=UTC)
    changed = [
        {
            "record_type": "notices",
            "record_id": r["record_id"],
            "version": 2,
            "fields": AWKWARD | {"n": n},
            "updated_at": later,
        }
        for n, r in enumerate(records)
    ]
    with engine.begin() as connection:
        bulk.update_rows(connection, ServerRecordRow, changed[:2], ("record_type", "record_id"))
        connection.execute(  # the third by SQLAlchemy, to compare what is stored
            update(ServerRecordRow)
            .where(ServerRecordRow.record_id == records[2]["record_id"])
            .values(version=2, fields=changed[2]["fields"], updated_at=later)
        )
    with engine.connect() as connection:
        read = {
            row.record_id: dict(row._mapping)
            for row in connection.execute(select(ServerRecordRow.__table__))
        }
    for n in range(3):
        assert read[records[n]["record_id"]] == records[n] | changed[n]
    assert read[records[3]["record_id"]] == records[3]  # not named: untouched
    by_bulk = _stored(engine, "records", "record_id", _bound(engine, records[0]["record_id"]))
    by_core = _stored(engine, "records", "record_id", _bound(engine, records[2]["record_id"]))
    assert by_bulk["updated_at"] == by_core["updated_at"]


def _bound(engine: Engine, value: uuid.UUID) -> Any:
    """A uuid as the database keeps it (32 hex digits on SQLite)."""
    return value.hex if engine.dialect.name == "sqlite" else value


def test_applied_changes_by_bulk_are_found_by_change_id(engine: Engine) -> None:
    rows = [
        {
            "change_id": uuid.uuid4(),
            "record_type": "notices",
            "record_id": uuid.uuid4(),
            "result": result,
            "at": datetime.now(UTC),
        }
        for result in ("applied", "rejected", "conflict")
    ]
    with engine.begin() as connection:
        bulk.insert_rows(connection, AppliedChange, rows)
    with engine.connect() as connection:
        found = set(
            connection.scalars(
                select(AppliedChange.change_id).where(
                    AppliedChange.change_id.in_([r["change_id"] for r in rows])
                )
            )
        )
    assert found == {r["change_id"] for r in rows}


def test_rows_naming_other_columns_are_refused(engine: Engine) -> None:
    first = _record(uuid.uuid4(), {})
    second = {k: v for k, v in _record(uuid.uuid4(), {}).items() if k != "owner_id"}
    with engine.begin() as connection, pytest.raises(ValueError, match="same columns"):
        bulk.insert_rows(connection, ServerRecordRow, [first, second])


def test_json_text_falls_back_for_what_orjson_refuses() -> None:
    huge = {"n": 2**70, "when": datetime(2026, 1, 1, tzinfo=UTC), "id": uuid.UUID(int=1)}
    assert json.loads(bulk.dumps(huge)) == {
        "n": 2**70,
        "when": "2026-01-01T00:00:00+00:00",
        "id": str(uuid.UUID(int=1)),
    }
    assert bulk.loads("[NaN]")[0] != bulk.loads("[NaN]")[0]  # read as the stdlib reads it
    assert bulk.loads(memoryview(b'{"a": 1}')) == {"a": 1}
    assert bulk.encode({"a": "ü", "b": [1, 2]}) == '{"a":"ü","b":[1,2]}'.encode()
    assert bulk.encode({"n": 2**70}) == b'{"n":1180591620717411303424}'


def test_a_naive_time_is_refused_as_sqlalchemy_refuses_it(engine: Engine) -> None:
    row = _log(30, {}) | {"at": datetime(2026, 1, 1, 12, 0)}  # no zone: a guess
    with engine.begin() as connection, pytest.raises(ValueError, match="naive"):
        bulk.insert_rows(connection, ChangeLogEntry, [row])

"""Writing a push's rows set-wise: one statement a table, each value serialised once.

SQLAlchemy's ``executemany`` runs every value of every row through its column type's bind
processing (the JSON columns through the standard library's encoder), and on PostgreSQL
psycopg then sends the rows one statement each in a pipeline. A push writes a few thousand
rows a batch, so here:

- on PostgreSQL the rows travel as one JSON document (orjson), which the database expands
  into typed columns with ``json_to_recordset``: one statement and one round trip a table;
- on SQLite they become tuples of exactly what SQLAlchemy would have bound (each column
  type's own bind processor; JSON by orjson), written by the driver's ``executemany`` in C.

Any other database takes SQLAlchemy's own path. The values stored are the same as that path
stores (the JSON text may differ in spacing and escapes, never in value), which
``tests/server/test_push_speed_bulk.py`` checks on both databases.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Sequence
from typing import Any

import orjson
from sqlalchemy import JSON, Column, Table, bindparam, insert, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import DeclarativeBase

Row = dict[str, Any]


def dumps(value: Any) -> str:
    """JSON text of ``value``: orjson, or the standard library for what orjson refuses
    (integers past 64 bits, keys that are not text), as SQLAlchemy would have written it."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return json.dumps(value, default=_plain)


def encode(value: Any) -> bytes:
    """Compact UTF-8 JSON of ``value``, as pydantic writes a wire body (an answer sent)."""
    try:
        return orjson.dumps(value)
    except TypeError:
        return json.dumps(value, default=_plain, ensure_ascii=False, separators=(",", ":")).encode()


def loads(data: str | bytes | bytearray | memoryview) -> Any:
    """The value of JSON text: orjson, or the standard library for what only it reads (NaN
    written by an older server)."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(bytes(data) if isinstance(data, memoryview) else data)


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def insert_rows(connection: Connection, model: type[DeclarativeBase], rows: Sequence[Row]) -> None:
    """Insert ``rows`` (every row with the same keys, naming columns of ``model``'s table)."""
    if not rows:
        return
    table = _table(model)
    columns = _columns(table, rows)
    dialect = connection.dialect.name
    if dialect == "postgresql":
        names = ", ".join(_quoted(connection, c) for c in columns)
        connection.execute(
            text(
                f"INSERT INTO {_quoted(connection, table)} ({names}) "
                f"SELECT {names} FROM {_recordset(connection, columns)}"
            ),
            {"rows": _document(connection, columns, rows)},
        )
    elif dialect == "sqlite":
        names = ", ".join(_quoted(connection, c) for c in columns)
        marks = ", ".join("?" for _ in columns)
        connection.exec_driver_sql(
            f"INSERT INTO {_quoted(connection, table)} ({names}) VALUES ({marks})",
            _tuples(connection, columns, rows),
        )
    else:
        connection.execute(insert(table), list(rows))


def update_rows(
    connection: Connection, model: type[DeclarativeBase], rows: Sequence[Row], key: Sequence[str]
) -> None:
    """Set the other columns of each row found by its ``key`` columns (one row a key)."""
    if not rows:
        return
    table = _table(model)
    columns = _columns(table, rows)
    keys = [table.c[name] for name in key]
    values = [c for c in columns if c.name not in key]
    dialect = connection.dialect.name
    target = _quoted(connection, table)
    if dialect == "postgresql":
        sets = ", ".join(f"{_quoted(connection, c)} = r.{_quoted(connection, c)}" for c in values)
        where = " AND ".join(
            f"{target}.{_quoted(connection, c)} = r.{_quoted(connection, c)}" for c in keys
        )
        source = _recordset(connection, columns)
        connection.execute(
            text(f"UPDATE {target} SET {sets} FROM {source} WHERE {where}"),
            {"rows": _document(connection, columns, rows)},
        )
    elif dialect == "sqlite":
        sets = ", ".join(f"{_quoted(connection, c)} = ?" for c in values)
        where = " AND ".join(f"{_quoted(connection, c)} = ?" for c in keys)
        connection.exec_driver_sql(
            f"UPDATE {target} SET {sets} WHERE {where}",
            _tuples(connection, [*values, *keys], rows),
        )
    else:
        statement = (
            update(table)
            .where(*(c == bindparam(f"k_{c.name}") for c in keys))
            .values({c.name: bindparam(f"v_{c.name}") for c in values})
        )
        connection.execute(
            statement,
            [
                {f"k_{c.name}": row[c.name] for c in keys}
                | {f"v_{c.name}": row[c.name] for c in values}
                for row in rows
            ],
        )


def _table(model: type[DeclarativeBase]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _columns(table: Table, rows: Sequence[Row]) -> list[Column[Any]]:
    names = list(rows[0])
    if any(len(row) != len(names) or row.keys() != rows[0].keys() for row in rows):
        raise ValueError(f"rows for {table.name} do not all name the same columns")
    return [table.c[name] for name in names]


def _quoted(connection: Connection, named: Table | Column[Any]) -> str:
    return connection.dialect.identifier_preparer.quote(named.name)


def _recordset(connection: Connection, columns: Sequence[Column[Any]]) -> str:
    """``json_to_recordset`` of the ``rows`` parameter, typed as the table's columns."""
    typed = ", ".join(
        f"{_quoted(connection, c)} {c.type.compile(dialect=connection.dialect)}" for c in columns
    )
    return f"json_to_recordset(CAST(:rows AS JSON)) AS r({typed})"


def _document(connection: Connection, columns: Sequence[Column[Any]], rows: Sequence[Row]) -> str:
    """The rows as one JSON array of objects (PostgreSQL): each value bound as SQLAlchemy
    binds it (a naive time is refused, as ``UTCDateTime`` refuses it), JSON columns nested."""
    names = [c.name for c in columns]
    return dumps(
        [dict(zip(names, values, strict=True)) for values in _tuples(connection, columns, rows)]
    )


def _tuples(
    connection: Connection, columns: Sequence[Column[Any]], rows: Sequence[Row]
) -> list[tuple[Any, ...]]:
    """Each row as the driver takes it: the columns' own bind processing, JSON by orjson on
    SQLite (on PostgreSQL JSON values stay values: the whole document is encoded once)."""
    dialect = connection.dialect
    text_json = dialect.name == "sqlite"
    processors: list[Callable[[Any], Any] | None] = [
        (dumps if text_json else None)
        if isinstance(c.type, JSON)
        else _once_a_value(c.type.dialect_impl(dialect).bind_processor(dialect))
        for c in columns
    ]
    # A batch's rows share their timestamps (``push`` takes one "now" a batch): each
    # distinct one is processed once.
    pairs = list(zip([c.name for c in columns], processors, strict=True))
    return [
        tuple(row[name] if process is None else process(row[name]) for name, process in pairs)
        for row in rows
    ]


def _once_a_value(process: Callable[[Any], Any] | None) -> Callable[[Any], Any] | None:
    """``process``, remembering its result for each value seen (of a hashable kind)."""
    if process is None:
        return None
    seen: dict[Any, Any] = {}

    def remembered(value: Any) -> Any:
        if not isinstance(value, dt.datetime):
            return process(value)
        if value not in seen:
            seen[value] = process(value)
        return seen[value]

    return remembered

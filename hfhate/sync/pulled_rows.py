"""Pulled records as rows for the driver: read from the wire, bound, and inserted in bulk.

Applying a page is mostly per-value work: reading each wire value back into what its column
takes, then SQLAlchemy binding it (ids to text, times to text, JSON encoded) while it builds
each row's parameters. Here the reader and the bind processor of every column are found once
per table, and a page's new rows go to the driver as plain tuples in one ``executemany`` of a
statement compiled once per table and set of columns. The values stored are those a Core
insert stores: each column's own bind processor, and the defaults of columns a record lacks;
JSON is encoded by orjson (compact text, read back as the same values; whatever orjson cannot
encode, such as a whole number past 64 bits, goes through the engine's own serializer).
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import JSON, Column, Table, insert
from sqlalchemy.engine import Dialect

from hfhate.records.codec import decoder_of

Convert = Callable[[Any], Any]


@functools.lru_cache(maxsize=4096)
def _uuid(value: Any) -> uuid.UUID:
    """An id from its wire text; a page names the same officer, device or notice many times."""
    return uuid.UUID(str(value))


@functools.cache
def _readers(table: Table) -> tuple[tuple[str, Convert | None], ...]:
    """Each column's key and what reads its wire value back (None: taken as it is)."""
    readers: list[tuple[str, Convert | None]] = []
    for column in table.columns:
        read = decoder_of(column)
        readers.append((column.key, _uuid if read is uuid.UUID else read))
    return tuple(readers)


def wire_values(table: Table, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The wire fields of a record of ``table`` as column values (only the columns given):
    what ``records.codec.row_values`` gives, with each column's reader found once."""
    values: dict[str, Any] = {}
    for key, read in _readers(table):
        if key in fields:
            value = fields[key]
            values[key] = value if value is None or read is None else read(value)
    return values


@dataclass(frozen=True)
class PreparedInsert:
    """An insert into one table of rows with one set of columns, compiled for one dialect."""

    sql: str
    # For each parameter in order: the row's key, its bind processor, and the column's
    # default for a row that lacks it (None: every row has it).
    binds: tuple[tuple[str, Convert | None, Callable[[], Any] | None], ...]

    def parameters(self, rows: Sequence[Mapping[str, Any]]) -> list[tuple[Any, ...]]:
        """The rows as the driver takes them, in the statement's order."""
        out: list[tuple[Any, ...]] = []
        for row in rows:
            values: list[Any] = []
            for key, process, default in self.binds:
                value = row[key] if default is None or key in row else default()
                values.append(value if process is None else process(value))
            out.append(tuple(values))
        return out


@functools.lru_cache(maxsize=512)
def prepared_insert(table: Table, keys: frozenset[str], dialect: Dialect) -> PreparedInsert | None:
    """The insert of rows with ``keys`` into ``table``, or None where only SQLAlchemy's own
    insert will do (a dialect with named parameters, or a default computed in SQL)."""
    if dialect.paramstyle not in ("qmark", "format"):
        return None
    compiled = insert(table).compile(dialect=dialect, column_keys=sorted(keys))
    if compiled.positiontup is None:
        return None
    binds: list[tuple[str, Convert | None, Callable[[], Any] | None]] = []
    for name in compiled.positiontup:
        column = table.columns.get(name)
        if column is None:
            return None
        default = None if name in keys else _default_of(column)
        if name not in keys and default is None:
            return None
        binds.append((name, _processor(column, dialect), default))
    return PreparedInsert(compiled.string, tuple(binds))


def _default_of(column: Column[Any]) -> Callable[[], Any] | None:
    """The column's Python-side default as a function of nothing, if it has one so simple."""
    default = column.default
    if default is None or not (default.is_scalar or default.is_callable):
        return None
    arg: Any = getattr(default, "arg", None)
    if default.is_scalar:
        return lambda: arg
    return lambda: arg(None)  # SQLAlchemy wraps a default of no arguments to take a context


def _processor(column: Column[Any], dialect: Dialect) -> Convert | None:
    kind = column.type
    process = kind.dialect_impl(dialect).bind_processor(dialect)
    if isinstance(kind, JSON) and process is not None:
        return _json_text(process, none_as_null=kind.none_as_null)
    return process


def _json_text(engine_serializer: Convert, *, none_as_null: bool) -> Convert:
    def process(value: Any) -> Any:
        if value is None and none_as_null:
            return None
        try:
            return orjson.dumps(value).decode()
        except TypeError:  # orjson.JSONEncodeError: what it cannot encode, the engine can
            return engine_serializer(value)

    return process

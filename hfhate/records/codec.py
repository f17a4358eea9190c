"""One codec for synced records: between the officer's input, the stored row and the wire.

The mapped columns are the field list. ``snapshot`` and ``wire_value`` write a row's columns as
JSON carries them (the outbox and pushes); ``from_wire``, ``row_values`` read wire fields back
column by column (pulls, and the server's checks); ``input_from`` turns column values, read
from a row or from the wire, into the input a service's check takes (``NoticeInput``,
``SessionInput``...) by matching the input's fields to the columns by name, and
``columns_from`` turns such an input back into column values. No Qt and no pydantic: the
laptop's services import it at start-up (``records.wire`` holds the pydantic schemas).
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import types
import typing
import uuid
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from typing import Any, TypeVar

from sqlalchemy import Column, Date, Enum, Table, Time, Uuid
from sqlalchemy.orm import DeclarativeBase

from hfhate.models.base import UTCDateTime

InputT = TypeVar("InputT")
# How a column type's values are read back from their JSON text.
DECODERS: tuple[tuple[type[Any], Callable[[str], Any]], ...] = (
    (Uuid, uuid.UUID),
    (UTCDateTime, datetime.fromisoformat),
    (Date, date.fromisoformat),
    (Time, time.fromisoformat),
)


def uuid_or_none(value: Any) -> uuid.UUID | None:
    """An id from a wire value or a draft; None when empty or not an id."""
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def wire_value(value: Any) -> Any:
    """A column value as JSON can carry it."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def snapshot(record: DeclarativeBase, never_sent: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Every syncable column of ``record``, as wire values."""
    return {
        column.key: wire_value(getattr(record, column.key))
        for column in record.__table__.columns
        if column.key not in never_sent
    }


def decoder_of(column: Column[Any]) -> Callable[[Any], Any] | None:
    """What reads this column's wire text back (None: JSON carries the value as it is)."""
    kind = column.type
    if isinstance(kind, Enum) and kind.enum_class is not None:
        return kind.enum_class
    return next((read for base, read in DECODERS if isinstance(kind, base)), None)


def from_wire(column: Column[Any], value: Any) -> Any:
    """A JSON value back into what the column takes."""
    if value is None:
        return None
    read = decoder_of(column)
    if read is uuid.UUID:
        return uuid.UUID(str(value))
    return value if read is None else read(value)


def row_values(table: Table, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The wire fields of a record of ``table`` as column values (only the columns given)."""
    return {
        column.key: from_wire(column, fields[column.key])
        for column in table.columns
        if column.key in fields
    }


def columns_of(record: DeclarativeBase) -> dict[str, Any]:
    """A row's column values, as its model holds them."""
    return {column.key: getattr(record, column.key) for column in record.__table__.columns}


def input_from(
    kind: type[InputT],
    values: Mapping[str, Any],
    *,
    names: Mapping[str, str] | None = None,
    parts: Mapping[str, Callable[[Mapping[str, Any]], Any]] | None = None,
) -> InputT:
    """An input dataclass from column values (of a row, or read from the wire).

    Each of the input's fields takes the column of the same name (or as ``names`` maps it),
    converted to the field's type: lists become tuples, text ids become ids, dicts become the
    nested input they describe, and an empty column becomes "" where the input wants text.
    ``parts`` builds the fields no single column holds. Fields with no column keep their
    default.
    """
    given: dict[str, Any] = {}
    for name, hint in _field_types(kind).items():
        if parts and name in parts:
            given[name] = parts[name](values)
            continue
        column = (names or {}).get(name, name)
        if column in values:
            given[name] = _as_type(hint, values[column])
    return kind(**given)


def columns_from(
    entry: Any, model: type[DeclarativeBase], *, names: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The column values an input gives ``model``'s table: text trimmed, "" as None where allowed.

    The reverse of ``input_from`` for the input's fields that are columns: tuples become
    lists and nested inputs plain dicts (their text trimmed too).
    """
    table = model.__table__
    assert isinstance(table, Table)
    values: dict[str, Any] = {}
    for name in _field_types(type(entry)):
        column = table.columns.get((names or {}).get(name, name))
        if column is None:
            continue
        value = plain(getattr(entry, name))
        values[column.key] = None if value == "" and column.nullable else value
    return values


def plain(value: Any) -> Any:
    """An input value as a column holds it: trimmed text, lists, dicts for nested inputs."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def _field_types(kind: Any) -> dict[str, Any]:
    """An input dataclass's fields and their types, read once per class."""
    return _read_field_types(kind)


@functools.cache
def _read_field_types(kind: Any) -> dict[str, Any]:
    hints = typing.get_type_hints(kind)
    return {f.name: hints[f.name] for f in dataclasses.fields(kind)}


def _as_type(hint: Any, value: Any) -> Any:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        hint = next(arg for arg in args if arg is not type(None))
        origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is str:
        return "" if value is None else value
    if origin is tuple:
        return tuple(_as_type(args[0], item) for item in value or ())
    if hint is uuid.UUID and value is not None and not isinstance(value, uuid.UUID):
        return uuid.UUID(str(value))
    if dataclasses.is_dataclass(hint) and isinstance(value, Mapping):
        nested: Any = hint
        return nested(**value)
    if origin in (Mapping, dict) and value is not None:
        return dict(value)
    return value

"""Each record type's wire schema: a pydantic model generated from its mapped columns.

Every column the type sends is a field, typed as the column is: text within its length,
whole numbers and numbers (within the column's ``info`` "min" and "max"), yes/no, one of
an enum's values, ids, dates, times and timezone-aware
instants as the ISO text ``codec.wire_value`` writes, and JSON columns as their annotation
says (``list[str]``...). A column that is not nullable refuses None. Every field may be left
out (an update carries only what changed; ``RecordType.missing`` says what a whole record
lacks). Validation is strict: "12" is not a number, 1 is not text. The server checks every
pushed record with it, so a new column is checked by construction.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    create_model,
)
from sqlalchemy import JSON, Boolean, Column, Enum, Float, Integer, String

from hfhate.models.base import UTCDateTime
from hfhate.records.codec import decoder_of

if TYPE_CHECKING:
    from hfhate.records.registry import RecordType


def wire_schema(kind: RecordType) -> type[BaseModel]:
    """The pydantic model of ``kind``'s wire fields (made once per type)."""
    model: Any = kind.model
    return _schema(kind.name, model, frozenset(kind.never_sent))


def wire_problems(kind: RecordType, fields: dict[str, Any]) -> list[str]:
    """What in ``fields`` the type's wire schema refuses, as "field: problem"; empty if none."""
    try:
        kind.wire_schema.model_validate(fields)
    except ValidationError as error:
        return [
            f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}"
            for problem in error.errors()
        ]
    return []


@functools.cache
def _schema(name: str, model: Any, never_sent: frozenset[str]) -> type[BaseModel]:
    hints = typing.get_type_hints(model)
    fields: dict[str, Any] = {
        column.key: (_field_type(column, hints.get(column.key)), None)
        for column in model.__table__.columns
        if column.key not in never_sent
    }
    config = ConfigDict(extra="forbid", strict=True, frozen=True)
    schema: type[BaseModel] = create_model(f"{model.__name__}Wire", __config__=config, **fields)
    return schema


def _field_type(column: Column[Any], hint: Any) -> Any:
    kind = column.type
    base: Any
    if isinstance(kind, Enum):
        base = Literal[tuple(kind.enums)]
    elif (read := decoder_of(column)) is not None:
        python = AwareDatetime if isinstance(kind, UTCDateTime) else kind.python_type
        base = Annotated[python, BeforeValidator(_text(read))]
    elif isinstance(kind, String):  # Text too, within its ``info`` "max_length" if it has one
        length = kind.length or column.info.get("max_length")
        base = Annotated[str, StringConstraints(max_length=length)] if length else str
    elif isinstance(kind, Boolean):
        base = bool
    elif isinstance(kind, Integer):
        base = _ranged(int, column)
    elif isinstance(kind, Float):
        base = _ranged(float, column)
    elif isinstance(kind, JSON):
        base = _unmapped(hint)
    else:
        raise TypeError(f"no wire type for {column.key} ({kind!r})")
    return base | None if column.nullable else base


def _ranged(python: type, column: Column[Any]) -> Any:
    """A number within the column's ``info`` "min" and "max" (the models' one statement of
    each range), if it has them."""
    low, high = column.info.get("min"), column.info.get("max")
    if low is None and high is None:
        return python
    return Annotated[python, Field(ge=low, le=high)]


def _unmapped(hint: Any) -> Any:
    """``Mapped[list[str]]`` -> ``list[str]``: what a JSON column holds, from its annotation."""
    args = typing.get_args(hint)
    if not args:
        raise TypeError(f"a JSON column needs its type annotated, not {hint!r}")
    return args[0]


def _text(read: Callable[[str], Any]) -> Callable[[Any], Any]:
    """Read ISO text (a date, an id...) into its value; anything but text is refused."""

    def from_text(value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, str):
            raise ValueError("expected text")
        return read(value)

    return from_text

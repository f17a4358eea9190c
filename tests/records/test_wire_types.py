"""The server refuses a wrong-typed field and an over-long text on every record type.

Generated from the registry: for each type, a record whose every field is of its column's
type, then each field in turn given a value of another type (or text past its length), sent
as an update by a user holding every role, on the record they own.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import JSON, Boolean, Column, Date, Enum, Float, Integer, String, Time, Uuid

from hfhate.models.base import UTCDateTime
from hfhate.records.registry import RECORD_TYPES, RecordType
from hfhate.records.wire import wire_problems
from tests.records.conftest import CentralServer

ALL_ROLES = ["authorised_officer", "engagement_officer", "supervisor", "administrator"]


def good_value(column: Column[Any]) -> Any:
    kind = column.type
    if isinstance(kind, Enum):
        return kind.enums[0]
    for base, value in (
        (Uuid, str(uuid.uuid4())),
        (UTCDateTime, "2025-03-12T14:00:00+00:00"),
        (Date, "2025-03-12"),
        (Time, "10:00:00"),
        (Boolean, False),
        (Integer, 1),
        (Float, 1.5),
        (String, "x"),
    ):
        if isinstance(kind, base):
            return value
    assert isinstance(kind, JSON)
    return {} if column.key in ("details", "attendee_breakdown", "decisions", "extra") else []


def wrong_values(column: Column[Any]) -> list[Any]:
    """Values of another type than the column's (and text longer than it takes)."""
    kind = column.type
    if isinstance(kind, Enum):
        return ["no_such_value", 1]
    if isinstance(kind, Uuid | UTCDateTime | Date | Time):
        return [12345, "not one", ["2025-03-12"]]
    if isinstance(kind, Boolean):
        return ["yes", 1]
    if isinstance(kind, Integer):
        return ["1", 1.5, True]
    if isinstance(kind, Float):
        return ["1.5", True]
    if isinstance(kind, String):
        return [1, ["x"]] + (["x" * (kind.length + 1)] if kind.length else [])
    return ["text", 3]


def good_record(kind: RecordType) -> dict[str, Any]:
    return {c.key: good_value(c) for c in kind.table.columns if c.key in kind.wire_fields}


CASES = [
    pytest.param(kind, column.key, wrong, id=f"{kind.name}.{column.key}={wrong!r:.20}")
    for kind in RECORD_TYPES
    for column in kind.table.columns
    if column.key in kind.wire_fields
    for wrong in wrong_values(column)
]


@pytest.mark.parametrize(("kind", "field", "wrong"), CASES)
def test_the_wire_schema_refuses_it(kind: RecordType, field: str, wrong: Any) -> None:
    assert wire_problems(kind, good_record(kind)) == []
    problems = wire_problems(kind, good_record(kind) | {field: wrong})
    assert problems and problems[0].startswith(field), problems


def test_none_is_refused_where_the_column_is_not_nullable() -> None:
    for kind in RECORD_TYPES:
        for column in kind.table.columns:
            if column.key in kind.wire_fields:
                refused = bool(wire_problems(kind, {column.key: None}))
                assert refused is not column.nullable, f"{kind.name}.{column.key}"


def test_the_server_refuses_a_wrong_typed_field_on_every_record_type(
    central: CentralServer,
) -> None:
    user_id, device_id = uuid.uuid4(), central.add_device(5)
    central.add_user(user_id, "all", ALL_ROLES)
    for kind, field, wrong in (case.values for case in CASES):
        assert isinstance(kind, RecordType) and isinstance(field, str)
        record = good_record(kind)
        reason = central.refusal(
            user_id,
            device_id,
            kind.name,
            "update",
            record | {field: wrong},
            {field},
            user_id,
            before=record,
        )
        assert reason, (kind.name, field, wrong)
        if kind.name == "setting_changes" and field in ("name", "value", "in_force_from"):
            continue  # refused whatever it holds: settings are changed centrally
        if not kind.access.senders and kind.access.senders is not None:  # no laptop sends it
            assert reason == kind.access.senders_refusal, reason
        elif kind.name != "users" or field not in ("username", "roles"):  # never changed anyway
            assert "could not have written" in reason and field in reason, reason


def out_of_range(column: Column[Any]) -> list[Any]:
    """Values past the column's ``info`` range (the models' one statement of it)."""
    low, high = column.info.get("min"), column.info.get("max")
    step = 1 if isinstance(column.type, Integer) else 0.5
    return ([low - step] if low is not None else []) + ([high + step] if high is not None else [])


RANGE_CASES = [
    pytest.param(kind, column.key, wrong, id=f"{kind.name}.{column.key}={wrong!r}")
    for kind in RECORD_TYPES
    for column in kind.table.columns
    if column.key in kind.wire_fields
    for wrong in out_of_range(column)
]


def test_ranges_are_stated_for_amounts_counts_and_places() -> None:
    named = {f"{k.name}.{c.key}" for k in RECORD_TYPES for c in k.table.columns if c.info}
    assert {"notices.amount_pence", "notices.latitude", "engagement_sessions.attendees"} <= named


@pytest.mark.parametrize(("kind", "field", "wrong"), RANGE_CASES)
def test_the_wire_schema_refuses_a_value_out_of_range(
    kind: RecordType, field: str, wrong: Any
) -> None:
    problems = wire_problems(kind, good_record(kind) | {field: wrong})
    assert problems and problems[0].startswith(field), problems


@pytest.mark.parametrize("kind", RECORD_TYPES, ids=lambda kind: kind.name)
def test_a_record_without_a_required_field_is_missing_it_by_name(kind: RecordType) -> None:
    for name in kind.required:
        assert name in kind.missing(good_record(kind) | {name: None})

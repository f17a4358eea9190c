"""The server checks every field of an audit row itself: what schemathesis once sent (a lone
surrogate, a 100-digit seq, ids and times that are not ids or times) is refused with a 422's
validation error, never stored or hashed."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from hfhate.sync.audit_schemas import AuditRow

GOOD = {
    "seq": 7,
    "id": "0192f0a2-1b2c-7d3e-8f40-123456789abc",
    "at": "2026-12-03T13:54:01.123456+00:00",
    "user_id": "0192f0a2-1b2c-7d3e-8f40-123456789abd",
    "username": "sue",
    "device_id": "0192f0a2-1b2c-7d3e-8f40-123456789abe",
    "action": "notice_viewed",
    "record_type": "notices",
    "record_id": "0192f0a2-1b2c-7d3e-8f40-123456789abf",
    "details": {"photos": 1},
    "operation": "consultation",
    "recipients": None,
    "justification": None,
    "record_ids": ["0192f0a2-1b2c-7d3e-8f40-123456789abf"],
    "prev_hash": "0" * 64,
    "hash": "a" * 64,
}


def test_a_row_as_the_laptop_writes_it_is_accepted() -> None:
    assert AuditRow.model_validate(GOOD).seq == 7
    assert AuditRow.model_validate(GOOD | {"at": "2026-12-03T13:54:01+00:00"})


@pytest.mark.parametrize(
    "field,value",
    [
        ("seq", 1105693372170604294893893320704),
        ("id", "\u00d3\u0092\u008c"),
        ("device_id", "<HH"),
        ("at", ";v\u00f8"),
        ("at", "2026-13-45T99:00:00+00:00"),
        ("action", "\u00e8"),
        ("operation", "5x"),
        ("record_ids", ["$"]),
        ("details", {"\udbb6": "lone surrogate"}),
        ("justification", "text with a lone \udc0a surrogate"),
        ("username", "tab\tname"),
    ],
)
def test_anything_else_is_refused(field: str, value: object) -> None:
    with pytest.raises(ValidationError):
        AuditRow.model_validate(GOOD | {field: value})

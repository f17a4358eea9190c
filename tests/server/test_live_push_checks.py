"""Against a real server process (SQLite and PostgreSQL): notice numbers stay unique, a
notice's amounts are the settings', and every class of wrong field is refused by its name."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from hfhate.server.db import make_server_engine
from hfhate.server.models import NoticeNumber, ServerRecordRow
from hfhate.services.notices.numbering import NoticeNumber as Number
from tests.server.conftest import PASSWORD, change, notice_fields
from tests.server.live import Live, Signed, live_server


@pytest.fixture
def live(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Live]:
    monkeypatch.setenv("HFHATE_PASSWORD", PASSWORD)
    yield from live_server(tmp_path, database_url)


def _officers(live: Live) -> tuple[Signed, Signed]:
    """Two officers signed in on one device token (as on a cloned laptop): one device code."""
    device = live.enrol(device_code=41)
    for name in ("olly", "oona"):
        live.user(name, "authorised_officer")
    return live.sign_in(device, "olly"), live.sign_in(device, "oona")


def _notice(caller: Signed, sequence: int = 1, **overrides: Any) -> dict[str, Any]:
    fields = notice_fields(caller.user_id, caller.device_code, sequence, **overrides)
    return change(caller.device_id, caller.user_id, uuid.uuid4(), fields)


def _held(live: Live, number: str) -> int:
    engine = make_server_engine(live.process.database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(ServerRecordRow.fields).where(ServerRecordRow.record_type == "notices")
            )
            held = sum(1 for (fields,) in rows if fields.get("number") == number)
            taken = connection.execute(
                select(NoticeNumber.record_id).where(NoticeNumber.number == number)
            ).all()
    finally:
        engine.dispose()
    assert len(taken) == min(held, 1)
    return held


def test_a_number_already_held_is_refused_by_its_number(live: Live) -> None:
    olly, oona = _officers(live)
    number = str(Number(41, 1))
    assert live.push(olly, [_notice(olly)])[0]["result"] == "applied"
    result = live.push(oona, [_notice(oona)])[0]
    assert result["result"] == "rejected" and number in result["reason"], result
    assert _held(live, number) == 1


def test_a_number_twice_in_one_batch_is_refused_the_second_time(live: Live) -> None:
    olly, _ = _officers(live)
    number = str(Number(41, 2))
    results = live.push(olly, [_notice(olly, 2), _notice(olly, 2)])
    assert [r["result"] for r in results] == ["applied", "rejected"], results
    assert number in results[1]["reason"]
    assert _held(live, number) == 1


@pytest.mark.parametrize(
    ("name", "altered"),
    [
        ("amount_pence", 100),
        ("reduced_amount_pence", 1),
        ("reduced_until", "2025-06-01"),
        ("pay_by", "2025-04-30"),
        ("no_proceedings_until", "2025-04-30"),
    ],
)
def test_an_altered_amount_or_date_is_refused(live: Live, name: str, altered: Any) -> None:
    olly, _ = _officers(live)
    result = live.push(olly, [_notice(olly, 4, **{name: altered})])[0]
    assert result["result"] == "rejected" and name in result["reason"], result


@pytest.mark.parametrize(
    ("name", "wrong", "what"),
    [
        ("amount_pence", "10000", "wrong type"),
        ("amount_pence", -1, "out of range"),
        ("latitude", 91.0, "out of range"),
        ("longitude", -181.0, "out of range"),
        ("recipient_name", "x" * 201, "too long"),
        ("status", "no_such_status", "not one of its values"),
        ("recipient_name", None, "missing"),
        ("place", "", "missing"),
    ],
)
def test_each_class_of_wrong_field_is_refused_by_name(
    live: Live, name: str, wrong: Any, what: str
) -> None:
    olly, _ = _officers(live)
    result = live.push(olly, [_notice(olly, 5, **{name: wrong})])[0]
    assert result["result"] == "rejected" and name in result["reason"], (what, result)
    assert _held(live, str(Number(41, 5))) == 0

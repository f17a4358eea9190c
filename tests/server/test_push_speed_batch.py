"""One batch mixing every answer, written set-wise (``server/bulk.py``), on both databases.

The set-wise writes must leave exactly what deciding change by change means: each change's
answer, the records' versions and fields, one change-log entry per saved change (the losing
edit kept as superseded), one ``applied_changes`` row per answered change id and the notice
numbers taken; and the same batch sent again is all duplicates, writing nothing.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from hfhate.server.models import AppliedChange, ChangeLogEntry, NoticeNumber, ServerRecordRow
from tests.server.conftest import Server, change, notice_fields
from tests.server.test_push_pull import officer_setup, push


def _table(server: Server) -> dict[str, Any]:
    with server.sessions() as session:
        return {
            "records": {
                row.record_id: (row.version, row.fields)
                for row in session.scalars(
                    select(ServerRecordRow).where(ServerRecordRow.record_type == "notices")
                )
            },
            "log": [
                (row.record_id, row.version, row.superseded, row.as_sent, row.change_id)
                for row in session.scalars(
                    select(ChangeLogEntry)
                    .where(ChangeLogEntry.record_type == "notices")
                    .order_by(ChangeLogEntry.seq)
                )
            ],
            "applied": {
                row.change_id: row.result for row in session.scalars(select(AppliedChange))
            },
            "numbers": {row.number: row.record_id for row in session.scalars(select(NoticeNumber))},
        }


def test_a_mixed_batch_answers_and_writes_as_decided_one_by_one(server: Server) -> None:
    officer, device_id, code, headers = officer_setup(server)
    other = server.add_user("sam", "authorised_officer")
    held = uuid.uuid4()
    first = change(device_id, officer, held, notice_fields(officer, code, 1))
    assert push(server, headers, first)[0]["result"] == "applied"
    new = uuid.uuid4()
    create = change(device_id, officer, new, notice_fields(officer, code, 2))
    moved = change(
        device_id, officer, held, {"place": "Fulham Road"}, operation="update", base_version=1
    )
    merged = change(
        device_id, officer, held, {"body_worn_video": "BWV-9"}, operation="update", base_version=1
    )
    clash = change(
        device_id, officer, held, {"place": "Lillie Road"}, operation="update", base_version=1
    )
    not_mine = change(device_id, officer, uuid.uuid4(), notice_fields(other, code, 3))
    same_number = change(device_id, officer, uuid.uuid4(), notice_fields(officer, code, 2))
    nowhere = change(
        device_id, officer, uuid.uuid4(), {"place": "X"}, operation="update", base_version=1
    )
    batch = [first, create, moved, merged, clash, not_mine, same_number, create, nowhere]
    results = push(server, headers, *batch)
    assert [r["result"] for r in results] == [
        "duplicate",  # sent before
        "applied",
        "applied",  # on the current version
        "applied",  # stale, other fields: merged
        "conflict",  # stale, the same field
        "rejected",  # another officer's notice
        "rejected",  # a number the batch already took
        "duplicate",  # twice in one batch
        "rejected",  # a record the server never had
    ]
    assert results[2]["server_record"]["version"] == 2
    assert results[3]["server_record"]["fields"]["place"] == "Fulham Road"
    assert results[4]["server_record"]["version"] == 3
    assert "own" in results[5]["reason"] and "already held" in results[6]["reason"]
    after = _table(server)
    assert after["records"][held][0] == 3
    assert (after["records"][held][1]["place"], after["records"][held][1]["body_worn_video"]) == (
        "Fulham Road",
        "BWV-9",
    )
    assert after["records"][new][0] == 1 and after["records"][new][1]["version"] == 1
    assert set(after["records"]) == {held, new}
    assert after["log"] == [
        (held, 1, False, True, uuid.UUID(first["change_id"])),
        (new, 1, False, True, uuid.UUID(create["change_id"])),
        (held, 2, False, True, uuid.UUID(moved["change_id"])),
        (held, 3, False, False, uuid.UUID(merged["change_id"])),  # merged: served back
        (held, 3, True, False, uuid.UUID(clash["change_id"])),  # the losing edit, kept
    ]
    answered: dict[str, str] = {first["change_id"]: "applied"}  # its first answer stands
    for sent, result in zip(batch, results, strict=True):
        answered.setdefault(sent["change_id"], result["result"])  # duplicates add no row
    assert {str(k): v for k, v in after["applied"].items()} == answered
    assert after["numbers"] == {
        notice_fields(officer, code, 1)["number"]: held,
        notice_fields(officer, code, 2)["number"]: new,
    }
    again = push(server, headers, *batch)
    assert [r["result"] for r in again] == ["duplicate"] * len(batch)
    assert _table(server) == after

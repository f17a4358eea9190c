"""Push and pull on the server: exactly once, merges, conflicts, authority, visibility."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select

from hfhate.server.models import AppliedChange, ChangeLogEntry, Counter, ServerRecordRow
from tests.server.conftest import Server, change, notice_fields


def push(server: Server, headers: dict[str, str], *changes: dict[str, Any]) -> list[dict[str, Any]]:
    reply = server.client.post("/api/v1/push", headers=headers, json={"changes": list(changes)})
    assert reply.status_code == 200, reply.text
    return reply.json()["results"]  # type: ignore[no-any-return]


def officer_setup(server: Server) -> tuple[uuid.UUID, uuid.UUID, int, dict[str, str]]:
    officer = server.add_user("olly", "authorised_officer")
    device_id, token, code = server.enrol()
    return officer, device_id, code, server.sign_in(token, "olly")


def test_a_change_sent_twice_is_applied_once(server: Server) -> None:
    officer, device_id, code, headers = officer_setup(server)
    create = change(device_id, officer, uuid.uuid4(), notice_fields(officer, code, 1))
    assert [r["result"] for r in push(server, headers, create)] == ["applied"]
    assert [r["result"] for r in push(server, headers, create, create)] == ["duplicate"] * 2
    with server.sessions() as session:
        assert (
            session.scalar(
                select(func.count())
                .select_from(ServerRecordRow)
                .where(ServerRecordRow.record_type == "notices")
            )
            == 1
        )
        assert session.scalar(select(func.count()).select_from(AppliedChange)) == 1


def test_a_refused_change_does_not_block_the_rest(server: Server) -> None:
    officer, device_id, code, headers = officer_setup(server)
    someone_else = server.add_user("sam", "authorised_officer")
    not_mine = change(device_id, officer, uuid.uuid4(), notice_fields(someone_else, code, 1))
    wrong_code = change(device_id, officer, uuid.uuid4(), notice_fields(officer, code + 1, 2))
    good = change(device_id, officer, uuid.uuid4(), notice_fields(officer, code, 3))
    results = push(server, headers, not_mine, wrong_code, good)
    assert [r["result"] for r in results] == ["rejected", "rejected", "applied"]
    assert "own" in results[0]["reason"] and "device code" in results[1]["reason"]


def test_stale_updates_merge_apart_and_conflict_together(server: Server) -> None:
    officer, device_id, code, headers = officer_setup(server)
    record = uuid.uuid4()
    push(server, headers, change(device_id, officer, record, notice_fields(officer, code, 1)))
    first = change(
        device_id, officer, record, {"place": "Fulham Road"}, operation="update", base_version=1
    )
    apart = change(
        device_id, officer, record, {"body_worn_video": "BWV-9"}, operation="update", base_version=1
    )
    clash = change(
        device_id, officer, record, {"place": "Lillie Road"}, operation="update", base_version=1
    )
    results = push(server, headers, first, apart, clash)
    assert [r["result"] for r in results] == ["applied", "applied", "conflict"]
    assert results[2]["server_record"]["fields"]["place"] == "Fulham Road"
    with server.sessions() as session:
        row = session.get_one(ServerRecordRow, ("notices", record))
        assert (row.version, row.fields["place"], row.fields["body_worn_video"]) == (
            3,
            "Fulham Road",
            "BWV-9",
        )
        kept = session.scalars(select(ChangeLogEntry).where(ChangeLogEntry.superseded)).one()
        assert kept.fields == {"place": "Lillie Road"}


def test_a_merged_change_goes_back_to_its_laptop_and_a_straight_one_does_not(
    server: Server,
) -> None:
    officer, device_id, code, headers = officer_setup(server)
    record = uuid.uuid4()
    push(server, headers, change(device_id, officer, record, notice_fields(officer, code, 1)))
    straight = change(
        device_id, officer, record, {"place": "Fulham Road"}, operation="update", base_version=1
    )
    merged = change(
        device_id, officer, record, {"body_worn_video": "BWV-9"}, operation="update", base_version=1
    )
    assert [r["result"] for r in push(server, headers, straight, merged)] == ["applied"] * 2
    seen, _, _ = pull_all(server, headers)
    # Versions 1 and 2 are what the laptop made; version 3 has a field it did not have.
    assert [
        (c["version"], c["fields"]["place"], c["fields"]["body_worn_video"])
        for c in seen
        if c["record_type"] == "notices"
    ] == [(3, "Fulham Road", "BWV-9")]
    with server.sessions() as session:
        assert list(
            session.scalars(
                select(ChangeLogEntry.as_sent)
                .where(ChangeLogEntry.record_id == record)
                .order_by(ChangeLogEntry.seq)
            )
        ) == [True, True, False]


def test_a_supervisors_decision_wins_over_an_offline_edit(server: Server) -> None:
    officer, device_id, code, headers = officer_setup(server)
    sue_id = server.add_user("sue", "supervisor")
    record = uuid.uuid4()
    push(server, headers, change(device_id, officer, record, notice_fields(officer, code, 1)))
    sup_device, sup_token, _ = server.enrol()
    supervisor_headers = server.sign_in(sup_token, "sue")
    cancel = change(
        sup_device, sue_id, record, {"status": "cancelled"}, operation="update", base_version=1
    )
    assert push(server, supervisor_headers, cancel)[0]["result"] == "applied"
    offline = change(
        device_id, officer, record, {"status": "paid"}, operation="update", base_version=1
    )
    result = push(server, headers, offline)[0]
    assert result["result"] in ("conflict", "rejected")
    officer_edit = change(
        device_id,
        officer,
        record,
        {"status": "issued", "place": "X"},
        operation="update",
        base_version=2,
    )
    refused = push(server, headers, officer_edit)[0]
    assert refused["result"] == "rejected" and "supervisor" in refused["reason"]
    with server.sessions() as session:
        assert session.get_one(ServerRecordRow, ("notices", record)).fields["status"] == (
            "cancelled"
        )


def pull_all(server: Server, headers: dict[str, str]) -> tuple[list[dict[str, Any]], int, int]:
    """Every change a pull serves, in pages of two; with the last cursor and the page count."""
    seen: list[dict[str, Any]] = []
    cursor, pages = 0, 0
    while True:
        page = server.client.get(
            "/api/v1/pull", headers=headers, params={"cursor": cursor, "limit": 2}
        ).json()
        seen += page["changes"]
        cursor, pages = page["next_cursor"], pages + 1
        if not page["has_more"]:
            return seen, cursor, pages


def test_pull_pages_cover_every_change_and_officers_see_only_their_own(server: Server) -> None:
    officer, device_id, code, headers = officer_setup(server)
    other = server.add_user("sam", "authorised_officer")
    other_device, other_token, other_code = server.enrol()
    other_headers = server.sign_in(other_token, "sam")
    for n in range(1, 6):
        push(
            server,
            headers,
            change(device_id, officer, uuid.uuid4(), notice_fields(officer, code, n)),
        )
        push(
            server,
            other_headers,
            change(other_device, other, uuid.uuid4(), notice_fields(other, other_code, n)),
        )
    # The same officer on a second laptop: their own notices, nobody else's.
    _, second_token, _ = server.enrol()
    seen, cursor, pages = pull_all(server, server.sign_in(second_token, "olly"))
    notices = [c for c in seen if c["record_type"] == "notices"]
    assert len(notices) == 5 and {c["fields"]["officer_id"] for c in notices} == {str(officer)}
    assert {c["record_type"] for c in seen} == {"users", "notices"}
    assert pages >= 4
    with server.sessions() as session:
        assert cursor == session.get_one(Counter, "change_log").value
    # The laptop that sent them already holds them as they stand: they are not served back.
    echoed, echo_cursor, _ = pull_all(server, headers)
    assert {c["record_type"] for c in echoed} == {"users"} and echo_cursor == cursor
    again = server.client.get("/api/v1/pull", headers=headers, params={"cursor": cursor}).json()
    assert again["changes"] == [] and not again["has_more"]

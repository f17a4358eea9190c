"""A server that finds itself restored (a laptop proves it went back) starts one new epoch."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

from sqlalchemy import update

from hfhate.server import restore
from hfhate.server.db import epoch, make_server_engine, make_sessions, migrate
from hfhate.server.models import Counter
from hfhate.sync.schemas import EPOCH_HEADER
from tests.server.conftest import Server, change, notice_fields
from tests.server.test_push_pull import officer_setup, push


def epoch_now(server: Server) -> str:
    return str(server.client.get("/api/v1/health").json()["epoch"])


def top(server: Server) -> int:
    with server.sessions() as session:
        return restore.allocated(session)


def test_a_cursor_beyond_the_counter_starts_one_new_epoch_and_sends_the_laptop_to_0(
    server: Server,
) -> None:
    officer, device_id, code, headers = officer_setup(server)
    push(server, headers, change(device_id, officer, uuid.uuid4(), notice_fields(officer, code, 1)))
    before = epoch_now(server)
    normal = server.client.get(
        "/api/v1/pull", headers=headers | {EPOCH_HEADER: before}, params={"cursor": top(server)}
    ).json()
    assert normal["epoch"] == before and normal["next_cursor"] == top(server)
    beyond = {"cursor": top(server) + 5}
    page = server.client.get(
        "/api/v1/pull", headers=headers | {EPOCH_HEADER: before}, params=beyond
    ).json()
    after = epoch_now(server)
    assert after != before and page == {
        "changes": [],
        "next_cursor": 0,
        "has_more": False,
        "epoch": after,
    }
    # The same stale cursor, of the old epoch, starts no further epoch.
    again = server.client.get(
        "/api/v1/pull", headers=headers | {EPOCH_HEADER: before}, params=beyond
    ).json()
    assert (again["epoch"], again["next_cursor"], epoch_now(server)) == (after, 0, after)
    fresh = server.client.get("/api/v1/pull", headers=headers | {EPOCH_HEADER: before}).json()
    assert fresh["changes"] and fresh["next_cursor"] == top(server)


def test_an_acknowledged_change_the_server_lacks_starts_a_new_epoch(server: Server) -> None:
    officer, device_id, code, headers = officer_setup(server)
    sent = change(device_id, officer, uuid.uuid4(), notice_fields(officer, code, 1))
    push(server, headers, sent)
    lost = str(uuid.uuid4())
    before = epoch_now(server)

    def ask(epoch: str | None, *ids: str, cursor: int | None = None) -> dict[str, object]:
        extra = {EPOCH_HEADER: epoch} if epoch is not None else {}
        reply = server.client.post(
            "/api/v1/known-changes",
            headers=headers | extra,
            json={"change_ids": list(ids), "cursor": cursor},
        )
        assert reply.status_code == 200, reply.text
        return reply.json()  # type: ignore[no-any-return]

    # A plain question (no epoch said) and one that proves nothing change nothing.
    assert ask(None, sent["change_id"], lost) == {"known": [sent["change_id"]], "epoch": before}
    assert ask(before, sent["change_id"], cursor=top(server))["epoch"] == before
    after = ask(before, sent["change_id"], lost)["epoch"]
    assert after != before and epoch_now(server) == after
    assert ask(before, lost, cursor=top(server) + 9)["epoch"] == after  # an old epoch's gaps
    assert ask(after, cursor=top(server) + 1)["epoch"] not in (before, after)


def test_processes_noticing_the_same_restore_at_once_start_one_epoch(server: Server) -> None:
    before = epoch_now(server)
    start = threading.Barrier(6)
    seen: list[str] = []

    def notice() -> None:
        engine = make_server_engine(str(server.engine.url.render_as_string(False)))
        try:
            start.wait()
            seen.append(restore.begin_new_epoch(make_sessions(engine), replacing=before))
        finally:
            engine.dispose()

    threads = [threading.Thread(target=notice) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 6 and len(set(seen)) == 1 and seen[0] != before
    assert epoch_now(server) == seen[0]


def test_a_sqlite_database_behind_its_high_water_mark_gets_a_new_epoch_at_start(
    tmp_path: Path,
) -> None:
    engine = make_server_engine(f"sqlite:///{tmp_path / 'server.sqlite'}")
    try:
        migrate(engine)
        mark = tmp_path / "server.high-water"
        assert restore.check_at_start(engine) is None and mark.exists()
        sessions = make_sessions(engine)
        with sessions.begin() as session:
            session.execute(update(Counter).values(value=40))
            now = epoch(session)
        restore.note_high_water(mark, now, 40)
        restore.note_high_water(mark, now, 12)  # an older reading never lowers the mark
        assert restore.check_at_start(engine) is None
        with sessions.begin() as session:  # the file put back from an older copy
            session.execute(update(Counter).values(value=25))
        began = restore.check_at_start(engine)
        assert began is not None and began != now
        assert restore.check_at_start(engine) is None  # the mark now speaks of the new epoch
    finally:
        engine.dispose()


def test_changes_after_a_restore_are_numbered_above_every_cursor_given_before(
    server: Server,
) -> None:
    """The gap a witness cannot close: a laptop that only pulled keeps its cursor, and the
    changes pushed after the restore still come after it (sequences follow the clock)."""
    officer, device_id, code, headers = officer_setup(server)
    server.add_user("sue", "supervisor")
    _, token, _ = server.enrol()
    office = server.sign_in(token, "sue")
    push(server, headers, change(device_id, officer, uuid.uuid4(), notice_fields(officer, code, 1)))
    restored_to = top(server)
    push(server, headers, change(device_id, officer, uuid.uuid4(), notice_fields(officer, code, 2)))
    office_cursor = server.client.get("/api/v1/pull", headers=office).json()["next_cursor"]
    assert office_cursor > restored_to
    with server.sessions.begin() as session:  # the database put back: its counter goes back
        session.execute(
            update(Counter).where(Counter.name == "change_log").values(value=restored_to)
        )
    after = change(device_id, officer, uuid.uuid4(), notice_fields(officer, code, 3))
    push(server, headers, after)  # before any laptop could say the server went back
    assert top(server) > office_cursor
    page = server.client.get(
        "/api/v1/pull", headers=office, params={"cursor": office_cursor}
    ).json()
    assert [c["record_id"] for c in page["changes"] if c["record_type"] == "notices"] == [
        after["record_id"]
    ]

"""Laptops' audit trails reach a real hfhate-server: one chain per device, checked on arrival,
never pulled to another laptop; a cut-off push resumes without duplicates; a batch that
breaks the chain is refused and reported; tampering with the server's copy is found by
``hfhate-server audit verify``."""

from __future__ import annotations

import contextlib
import io
import sqlite3
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from hfhate.models import AuditEvent, Role, SyncState
from hfhate.server import cli as server_cli
from hfhate.server.db import make_server_engine, make_sessions
from hfhate.server.models import AuditChainBreak, AuditChainRow
from hfhate.sync import audit_push, client
from hfhate.sync.audit_push import chain_refusal
from hfhate.sync.transport import SyncError, Transport
from tests.fixtures.audit_tamper import TAMPERING
from tests.fixtures.keys import raw_connect
from tests.sync.conftest import PASSWORD, Laptop, ServerProcess
from tests.sync.test_end_to_end import issue


def server_rows(server: ServerProcess, laptop: Laptop | None = None) -> list[tuple[int, str, str]]:
    """The server's copy of one laptop's chain (of the only one when ``laptop`` is None)."""
    engine = make_server_engine(server.database_url)
    try:
        with make_sessions(engine)() as session:
            query = select(AuditChainRow.seq, AuditChainRow.id, AuditChainRow.hash)
            if laptop is not None:
                with laptop.store.session_factory() as local:
                    device_id = local.get_one(SyncState, 1).device_id
                query = query.where(AuditChainRow.device_id == device_id)
            return [tuple(r) for r in session.execute(query.order_by(AuditChainRow.seq))]  # type: ignore[misc]
    finally:
        engine.dispose()


def laptop_rows(laptop: Laptop) -> list[tuple[int, str, str]]:
    with laptop.store.session_factory() as session:
        query = select(AuditEvent.seq, AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.seq)
        return [(s, str(i), h) for s, i, h in session.execute(query)]


def server_audit(server: ServerProcess, check: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = server_cli.main(
            [
                "audit",
                check,
                "--data-dir",
                str(server.data_dir),
                "--database-url",
                server.database_url,
            ]
        )
    return code, out.getvalue()


def test_the_trail_reaches_the_server_verified_and_is_never_pulled(
    server: ServerProcess, make_laptop: Callable[..., Laptop]
) -> None:
    north, office = make_laptop(server, "north"), make_laptop(server, "office")
    olly = north.add("olly", Role.AUTHORISED_OFFICER)
    sue = office.add("sue", Role.SUPERVISOR)
    north.enrol()
    office.enrol()
    issue(north, olly, 3)
    before = laptop_rows(north)
    report = north.sync(olly)
    assert report.audit_rows == len(before)
    held = server_rows(server, north)
    assert held == before  # every row, as hashed on the laptop
    office.sync(sue)
    north_ids = {i for _s, i, _h in laptop_rows(north)}
    assert north_ids.isdisjoint(i for _s, i, _h in laptop_rows(office))  # never pulled
    code, said = server_audit(server, "verify")
    assert code == 0, said
    assert said.count("intact") == 2 and f"intact, {len(before)} rows" in said
    # The sync itself is a disclosure to the server: its address and the records sent.
    with north.store.session_factory() as session:
        synced = session.scalars(select(AuditEvent).where(AuditEvent.action == "synced")).one()
    assert synced.operation == "disclosure" and synced.recipients == [server.url]
    assert synced.record_ids is not None and len(synced.record_ids) >= 3
    north.sync(olly)  # the "synced" row and the rest follow at the next sync
    assert server_rows(server, north) == laptop_rows(north)[:-1]  # all but the last "synced"


class CutOff(Transport):
    """The second batch of audit rows reaches the server, and its answer is lost."""

    batches = 0

    def call(self, method: str, path: str, model: type[Any], **kwargs: Any) -> Any:
        answer = super().call(method, path, model, **kwargs)
        if path == "/audit-events":
            CutOff.batches += 1
            if CutOff.batches == 2:
                raise SyncError("The connection dropped.")
        return answer


def test_a_push_cut_off_resumes_without_duplicates(
    sqlite_server: ServerProcess,
    make_laptop: Callable[..., Laptop],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(audit_push, "MAX_AUDIT_BATCH", 4)
    north = make_laptop(sqlite_server, "north")
    olly = north.add("olly", Role.AUTHORISED_OFFICER)
    north.enrol()
    issue(north, olly, 6)
    with pytest.raises(SyncError, match="dropped"):
        client.sync(north.store, olly, PASSWORD, lambda url: CutOff(url, timeout=10))
    assert len(server_rows(sqlite_server)) == 8  # two batches stored, the second unanswered
    north.sync(olly)
    held = server_rows(sqlite_server)
    assert held == laptop_rows(north)[: len(held)]
    assert len({i for _s, i, _h in held}) == len(held)
    assert server_audit(sqlite_server, "verify")[0] == 0


def _tamper_laptop(laptop: Laptop, how: str, seq: int) -> int:
    raw = raw_connect(laptop.store.paths.store, laptop.store.key)
    try:
        raw.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        raw.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
        named = TAMPERING[how](raw, "audit_events", seq)
        raw.commit()
        return named
    finally:
        raw.close()


@pytest.mark.parametrize("how", ["edited", "removed"])
def test_a_batch_that_breaks_the_chain_is_refused_and_reported(
    sqlite_server: ServerProcess, make_laptop: Callable[..., Laptop], how: str
) -> None:
    north = make_laptop(sqlite_server, "north")
    olly = north.add("olly", Role.AUTHORISED_OFFICER)
    north.enrol()
    north.sync(olly)
    sent = len(server_rows(sqlite_server))
    issue(north, olly, 2)
    named = _tamper_laptop(north, how, sent + 2)  # a row not sent yet
    report = north.sync(olly)  # the records still sync
    assert report.audit_rows == 0 and report.pushed >= 2
    assert len(server_rows(sqlite_server)) == sent  # nothing of the batch kept
    with north.store.session_factory() as session:
        refusal = chain_refusal(session)
    assert refusal is not None and (refusal["seq"], refusal["problem"]) == (named, how)
    north.sync(olly)  # sent again, refused again: counted on the same report
    engine = make_server_engine(sqlite_server.database_url)
    with make_sessions(engine)() as session:
        reports = session.scalars(select(AuditChainBreak)).all()
        assert [(r.seq, r.problem, r.times) for r in reports] == [(named, how, 2)]
    engine.dispose()
    code, said = server_audit(sqlite_server, "breaks")
    assert code == 0 and f"{how} at row {named}" in said
    code, said = server_audit(sqlite_server, "verify")
    assert code == 0 and "1 batch refused on arrival" in said


@pytest.mark.parametrize("how", ["edited", "removed", "inserted", "reordered"])
def test_tampering_on_the_server_is_found(
    sqlite_server: ServerProcess, make_laptop: Callable[..., Laptop], how: str
) -> None:
    north = make_laptop(sqlite_server, "north")
    olly = north.add("olly", Role.AUTHORISED_OFFICER)
    north.enrol()
    issue(north, olly, 6)
    north.sync(olly)
    assert len(server_rows(sqlite_server)) > 8
    raw = sqlite3.connect(sqlite_server.database_url.removeprefix("sqlite:///"))
    named = TAMPERING[how](raw, "audit_chain_rows", 5)
    raw.commit()
    raw.close()
    code, said = server_audit(sqlite_server, "verify")
    assert code == 1
    assert f"BROKEN at row {named} of 20" in said
    expected = {
        "edited": "edited after it was written",
        "removed": "a row before it was removed",
        "inserted": "inserted into the chain",
        "reordered": "put in another order",
    }[how]
    assert expected in said


def test_counts(sqlite_server: ServerProcess, make_laptop: Callable[..., Laptop]) -> None:
    """The server's count of rows is the laptop's after a sync, less the "synced" row."""
    north = make_laptop(sqlite_server, "north")
    olly = north.add("olly", Role.AUTHORISED_OFFICER)
    north.enrol()
    north.sync(olly)
    engine = make_server_engine(sqlite_server.database_url)
    with make_sessions(engine)() as session:
        held = session.scalar(select(func.count()).select_from(AuditChainRow))
    engine.dispose()
    assert held == len(laptop_rows(north)) - 1


def test_a_large_sync_is_logged_in_rows_small_enough_to_send(
    sqlite_server: ServerProcess,
    make_laptop: Callable[..., Laptop],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(client, "IDS_PER_ROW", 2)
    north = make_laptop(sqlite_server, "north")
    olly = north.add("olly", Role.AUTHORISED_OFFICER)
    north.enrol()
    issue(north, olly, 3)
    report = north.sync(olly)
    with north.store.session_factory() as session:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.action.in_(["synced", "records_exchanged"]))
        ).all()
    assert [r.action for r in rows][0] == "synced" and len(rows) > 2
    assert all(len(r.record_ids or ()) <= 2 and r.recipients == [north_url(north)] for r in rows)
    logged = {i for r in rows for i in r.record_ids or ()}
    assert logged == {str(i) for i in report.exchanged}
    north.sync(olly)
    assert server_audit(sqlite_server, "verify")[0] == 0


def north_url(laptop: Laptop) -> str:
    return laptop.server.url

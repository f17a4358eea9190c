"""A server restored from an older copy of its database gets back what the laptop had sent."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from sqlalchemy import func, select, update

from hfhate.models import OutboxEntry, OutboxStatus, Role, SyncState
from hfhate.server.db import make_server_engine, make_sessions
from hfhate.server.models import AppliedChange
from tests.sync.conftest import Laptop, ServerProcess, start_server, stop
from tests.sync.test_end_to_end import issue, local_notices, server_notices


def restart(server: ServerProcess, laptop: Laptop) -> ServerProcess:
    """The same database served again (on a new port, which the laptop is told)."""
    again = start_server(server.data_dir, server.database_url)
    laptop.server = again
    with laptop.store.session_factory.begin() as session:
        session.execute(update(SyncState).values(server_url=again.url))
    return again


def backup(source: Path, target: Path) -> None:
    """A self-contained copy (the SQLite backup API reads through the write-ahead log)."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def test_after_a_restore_the_laptop_sends_again_what_the_server_lacks(
    tmp_path: Path, make_laptop: Callable[..., Laptop]
) -> None:
    data = tmp_path / "server"
    data.mkdir()
    database = data / "hfhate-server.sqlite"
    server = start_server(data, f"sqlite:///{database}")
    try:
        north = make_laptop(server, "north")
        olly = north.add("olly", Role.AUTHORISED_OFFICER)
        north.enrol()
        issue(north, olly, 2)
        assert north.sync(olly).pushed == 4
        stop(server.process)
        backup(database, tmp_path / "copy.sqlite")
        server = restart(server, north)
        issue(north, olly, 3)
        assert north.sync(olly).pushed == 6
        assert len(server_notices(server)) == 5
        stop(server.process)
        for leftover in data.glob("hfhate-server.sqlite-*"):
            leftover.unlink()
        shutil.copyfile(tmp_path / "copy.sqlite", database)
        assert len(server_notices(server)) == 2
        # Without a new epoch the laptop trusts its cursor: nothing is sent again.
        server = restart(server, north)
        report = north.sync(olly)
        assert (report.resent, report.pushed) == (0, 0) and len(server_notices(server)) == 2
        stop(server.process)
        server.admin("restored")
        server = restart(server, north)
        report = north.sync(olly)
        assert (report.resent, report.pushed, report.duplicates) == (6, 6, 0)
        on_server = server_notices(server)
        assert len(on_server) == 5 and local_notices(north) == on_server
        with north.store.session_factory() as session:
            assert session.scalar(select(func.count()).select_from(OutboxEntry).where(
                OutboxEntry.record_type.in_(("notices", "notice_events")),
                OutboxEntry.status != OutboxStatus.SENT)) == 0
        engine = make_server_engine(server.database_url)
        try:
            with make_sessions(engine)() as session:
                assert session.scalar(select(func.count()).select_from(AppliedChange).where(
                    AppliedChange.record_type.in_(("notices", "notice_events")))) == 10
        finally:
            engine.dispose()
        # The new epoch is recorded: the next sync checks nothing again.
        assert north.sync(olly).resent == 0
    finally:
        stop(server.process)

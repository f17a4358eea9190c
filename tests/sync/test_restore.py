"""A server restored from an older copy of its database notices it by itself (a laptop proves
it went back), and gets back what the laptops had sent; every laptop ends up agreeing with it.

Each test runs a real server process on SQLite and again on PostgreSQL. The backup is the
SQLite backup API (with the high-water mark beside the file, as a copy of the data folder
would have it), or a ``CREATE DATABASE ... TEMPLATE`` copy on PostgreSQL.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.engine import make_url

from hfhate.models import FixedPenaltyNotice, OutboxEntry, OutboxStatus, Role, SyncState
from hfhate.server.db import make_server_engine, make_sessions
from hfhate.server.models import AppliedChange, ChangeLogEntry
from hfhate.services.actor import Actor
from hfhate.sync import client
from hfhate.sync.transport import Transport
from tests.sync.conftest import FAST_RETRY, PASSWORD, Laptop, ServerProcess, start_server, stop
from tests.sync.test_end_to_end import issue, local_notices, server_notices

NOTICE_TYPES = ("notices", "notice_events")


@dataclass
class Backup:
    """A copy of the server database that can be put back in its place."""

    database_url: str
    folder: Path

    def take(self) -> None:
        url = make_url(self.database_url)
        if url.get_backend_name() == "sqlite":
            with (
                closing(sqlite3.connect(str(url.database))) as src,
                closing(sqlite3.connect(self.folder / "copy.sqlite")) as dst,
            ):
                src.backup(dst)  # reads through the write-ahead log
            shutil.copyfile(self._mark(), self.folder / "copy.high-water")
        else:
            self._postgres(f'CREATE DATABASE "{url.database}_copy" TEMPLATE "{url.database}"')

    def put_back(self, *, mark: bool = True) -> None:
        """The copy in place of the database (and of its high-water mark if ``mark``)."""
        url = make_url(self.database_url)
        if url.get_backend_name() == "sqlite":
            database = Path(str(url.database))
            for leftover in database.parent.glob(database.name + "-*"):
                leftover.unlink()  # the write-ahead log of the newer database
            shutil.copyfile(self.folder / "copy.sqlite", database)
            if mark:
                shutil.copyfile(self.folder / "copy.high-water", self._mark())
        else:
            self._postgres(
                f'DROP DATABASE "{url.database}" WITH (FORCE)',
                f'CREATE DATABASE "{url.database}" TEMPLATE "{url.database}_copy"',
            )

    def drop(self) -> None:
        url = make_url(self.database_url)
        if url.get_backend_name() != "sqlite":
            self._postgres(f'DROP DATABASE IF EXISTS "{url.database}_copy" WITH (FORCE)')

    def _mark(self) -> Path:
        return Path(str(make_url(self.database_url).database)).with_suffix(".high-water")

    def _postgres(self, *statements: str) -> None:
        import psycopg

        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
        ) as admin:
            for statement in statements:
                admin.execute(statement)


@pytest.fixture
def backup(database_url: str, tmp_path: Path) -> Any:
    taken = Backup(database_url, tmp_path)
    yield taken
    taken.drop()


class Servers:
    """The server process of one database, stopped and started again around a restore."""

    def __init__(self, tmp_path: Path, database_url: str) -> None:
        self.data = tmp_path / "server"
        self.data.mkdir()
        self.now = start_server(self.data, database_url)
        self.laptops: list[Laptop] = []

    def stopped(self) -> None:
        stop(self.now.process)

    def started(self) -> ServerProcess:
        """The same database served again, on a new port that every laptop is told."""
        self.now = start_server(self.data, self.now.database_url)
        for laptop in self.laptops:
            laptop.server = self.now
            with laptop.store.session_factory.begin() as session:
                session.execute(update(SyncState).values(server_url=self.now.url))
        return self.now

    def epoch(self) -> str:
        return str(httpx.get(f"{self.now.url}/api/v1/health", timeout=5).json()["epoch"])


@pytest.fixture
def servers(tmp_path: Path, database_url: str) -> Any:
    running = Servers(tmp_path, database_url)
    yield running
    running.stopped()


def officer_and_supervisor(
    servers: Servers, make_laptop: Callable[..., Laptop]
) -> tuple[Laptop, Actor, Laptop, Actor]:
    """North (an officer issuing notices) and south (a supervisor who receives them)."""
    north, south = make_laptop(servers.now, "north", 7), make_laptop(servers.now, "south", 8)
    servers.laptops += [north, south]
    olly, sue = north.add("olly", Role.AUTHORISED_OFFICER), south.add("sue", Role.SUPERVISOR)
    north.enrol()
    south.enrol()
    return north, olly, south, sue


def lose_five_notices(
    servers: Servers,
    backup: Backup,
    north: Laptop,
    olly: Actor,
    south: Laptop,
    sue: Actor,
    *,
    mark: bool = True,
) -> None:
    """Two notices synced, the backup, three more synced (south pulls them), the backup back."""
    issue(north, olly, 2)
    assert north.sync(olly).pushed == 10  # with each notice its victim: person, link, consent
    south.sync(sue)
    servers.stopped()
    backup.take()
    servers.started()
    issue(north, olly, 3)
    assert north.sync(olly).pushed == 15
    assert south.sync(sue).pulled >= 6 and len(local_notices(south)) == 5
    servers.stopped()
    backup.put_back(mark=mark)


def assert_everyone_agrees(servers: Servers, *laptops: Laptop) -> None:
    """Every notice once on the server and each laptop; every change applied and logged once."""
    on_server = server_notices(servers.now)
    assert len(on_server) == 5
    for laptop in laptops:
        assert local_notices(laptop) == on_server
        with laptop.store.session_factory() as session:
            assert session.scalar(select(func.count()).select_from(FixedPenaltyNotice)) == 5
            assert session.get_one(SyncState, 1).epoch == servers.epoch()
    engine = make_server_engine(servers.now.database_url)
    try:
        with make_sessions(engine)() as session:
            assert (
                session.scalar(
                    select(func.count())
                    .select_from(AppliedChange)
                    .where(AppliedChange.record_type.in_(NOTICE_TYPES))
                )
                == 10
            )
            logged = list(
                session.scalars(
                    select(ChangeLogEntry.change_id).where(
                        ChangeLogEntry.record_type.in_(NOTICE_TYPES)
                    )
                )
            )
            assert len(logged) == len(set(logged)) == 10
    finally:
        engine.dispose()


@pytest.mark.parametrize("first", ["maker", "reader"])
def test_a_restore_is_noticed_and_the_lost_changes_are_sent_again_once(
    servers: Servers, backup: Backup, make_laptop: Callable[..., Laptop], first: str
) -> None:
    north, olly, south, sue = officer_and_supervisor(servers, make_laptop)
    lose_five_notices(servers, backup, north, olly, south, sue)
    servers.started()
    before = servers.epoch()
    assert len(server_notices(servers.now)) == 2
    if first == "reader":  # only pulled since the backup: its cursor gives the restore away
        assert south.sync(sue).resent == 0
        assert servers.epoch() != before
    report = north.sync(olly)  # its latest sent entries give the restore away
    assert (report.resent, report.pushed, report.duplicates) == (15, 15, 0)
    after = servers.epoch()
    assert after != before
    south.sync(sue)  # from cursor 0 in the new epoch
    assert_everyone_agrees(servers, north, south)
    with north.store.session_factory() as session:
        assert (
            session.scalar(
                select(func.count())
                .select_from(OutboxEntry)
                .where(
                    OutboxEntry.record_type.in_(NOTICE_TYPES),
                    OutboxEntry.status != OutboxStatus.SENT,
                )
            )
            == 0
        )
    # Noticed once: later syncs send nothing again and the epoch stays.
    for laptop, actor in ((north, olly), (south, sue)):
        report = laptop.sync(actor)
        assert (report.resent, report.pushed) == (0, 0)
    assert servers.epoch() == after


def test_restored_by_hand_starts_the_only_new_epoch(
    servers: Servers, backup: Backup, make_laptop: Callable[..., Laptop]
) -> None:
    north, olly, south, sue = officer_and_supervisor(servers, make_laptop)
    lose_five_notices(servers, backup, north, olly, south, sue)
    servers.now.admin("restored")
    by_hand = servers.started() and servers.epoch()
    assert north.sync(olly).resent == 15  # 3 notices, their entries, victims
    south.sync(sue)
    assert servers.epoch() == by_hand
    assert_everyone_agrees(servers, north, south)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # kept beside the file
def test_a_sqlite_file_put_back_behind_its_high_water_mark_is_noticed_at_start(
    servers: Servers, backup: Backup, make_laptop: Callable[..., Laptop]
) -> None:
    assert make_url(servers.now.database_url).get_backend_name() == "sqlite"
    north, olly, south, sue = officer_and_supervisor(servers, make_laptop)
    with north.store.session_factory() as session:
        before = session.get_one(SyncState, 1).epoch
    lose_five_notices(servers, backup, north, olly, south, sue, mark=False)
    servers.started()
    assert servers.epoch() != before  # before any laptop came back
    assert north.sync(olly).resent == 15  # 3 notices, their entries, victims
    south.sync(sue)
    assert_everyone_agrees(servers, north, south)


def test_a_normal_sync_asks_once_sends_nothing_again_and_keeps_the_epoch(
    servers: Servers, make_laptop: Callable[..., Laptop]
) -> None:
    north, olly, _south, _sue = officer_and_supervisor(servers, make_laptop)
    issue(north, olly, 2)
    north.sync(olly)
    epoch = servers.epoch()
    paths: list[str] = []

    class Counted(Transport):
        def call(self, method: str, path: str, model: Any, **kwargs: Any) -> Any:
            paths.append(path)
            return super().call(method, path, model, **kwargs)

    def counted(url: str) -> Transport:
        return Counted(url, timeout=10, retry=FAST_RETRY)

    issue(north, olly, 1)
    report = client.sync(north.store, olly, PASSWORD, counted)
    assert (report.resent, report.pushed, report.duplicates) == (0, 5, 0)
    assert paths.count("/known-changes") == 1 and "/health" in paths
    assert servers.epoch() == epoch
    with north.store.session_factory() as session:
        assert session.get_one(SyncState, 1).epoch == epoch

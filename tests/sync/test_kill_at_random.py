"""The laptop's sync process killed (SIGKILL) at random moments: nothing lost, nothing doubled.

A child Python process syncs in a loop (small push batches and pull pages, so a kill lands
mid-way) on a store with about 200 waiting changes, more notices being issued between
rounds; it is killed eight times (five against a PostgreSQL server, to keep the run short),
then one clean sync must leave every notice exactly once on the server and on the laptop,
every outbox entry sent, and one applied change per entry. The server is a real process, on a
SQLite file and again on PostgreSQL.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select

from hfhate.models import OutboxEntry, OutboxStatus, Role
from hfhate.server.db import make_server_engine, make_sessions
from hfhate.server.models import AppliedChange, ChangeLogEntry
from tests.sync.conftest import PASSWORD, Laptop, ServerProcess
from tests.sync.test_end_to_end import issue, local_notices, server_notices

KILLS_ON_SQLITE, KILLS_ON_POSTGRESQL = 8, 5
SYNC_LOOP = """
import sys, uuid
from pathlib import Path
from hfhate.config import Paths
from hfhate.models import User
from tests.fixtures.keys import open_test_store
from hfhate.services.actor import Actor
from hfhate.services.device import this_device
from hfhate.sync import client
from hfhate.sync.transport import RetryPolicy, SyncError, Transport

client.MAX_BATCH = 7
client.MAX_PAGE = 9
store = open_test_store(Paths(Path(sys.argv[1])))
with store.session_factory() as session:
    user = session.get_one(User, uuid.UUID(sys.argv[2]))
    actor = Actor.of(user, this_device(session).id)
def transport(url):
    return Transport(url, timeout=10, retry=RetryPolicy(attempts=2, base_delay=0.01,
                                                         max_delay=0.05))
print("ready", flush=True)
while True:
    try:
        client.sync(store, actor, sys.argv[3], transport)
    except SyncError:
        pass
"""


def test_killing_the_sync_process_at_random_loses_and_doubles_nothing(
    server: ServerProcess, make_laptop: Callable[..., Laptop], tmp_path: Path
) -> None:
    north = make_laptop(server, "north")
    olly = north.add("olly", Role.AUTHORISED_OFFICER)
    north.enrol()
    issue(north, olly, 100)  # 200 waiting changes: each notice and its timeline entry
    rng = random.Random(6)
    issued = 100
    sqlite = server.database_url.startswith("sqlite")
    for _ in range(KILLS_ON_SQLITE if sqlite else KILLS_ON_POSTGRESQL):
        child = subprocess.Popen(
            [sys.executable, "-c", SYNC_LOOP, str(tmp_path / "north"), str(olly.user_id), PASSWORD],
            stdout=subprocess.PIPE,
        )
        assert child.stdout is not None and child.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.05, 0.8))
        child.send_signal(signal.SIGKILL)
        assert child.wait(10) == -signal.SIGKILL
        child.stdout.close()
        issue(north, olly, 3)
        issued += 3
    partly = len(server_notices(server))
    assert 0 < partly  # the children got some of it through before their end
    report = north.sync(olly)
    on_server = server_notices(server)
    assert len(on_server) == issued and len({n for n, _, _ in on_server.values()}) == issued
    assert local_notices(north) == on_server
    assert report.needs_attention == 0
    with north.store.session_factory() as session:
        entries = session.scalars(select(OutboxEntry)).all()
    notice_entries = [e for e in entries if e.record_type in ("notices", "notice_events")]
    assert len(notice_entries) == 2 * issued
    assert all(e.status is OutboxStatus.SENT for e in notice_entries)
    engine = make_server_engine(server.database_url)
    try:
        with make_sessions(engine)() as session:
            applied = session.scalar(
                select(func.count())
                .select_from(AppliedChange)
                .where(AppliedChange.record_type.in_(("notices", "notice_events")))
            )
            logged = session.scalar(
                select(func.count())
                .select_from(ChangeLogEntry)
                .where(ChangeLogEntry.record_type.in_(("notices", "notice_events")))
            )
    finally:
        engine.dispose()
    assert applied == logged == 2 * issued
    assert north.sync(olly).pushed == 0

"""A laptop's data folder copied to a second machine: the copy is caught, never merged.

A real server process (SQLite and PostgreSQL). The only things mocked are outside hfhate: the
second machine's credential store or machine identifier (``tests/sync/machines.py``).
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from hfhate.config import Paths
from hfhate.models import (
    FixedPenaltyNotice,
    NoticeStatus,
    OutboxEntry,
    OutboxStatus,
    Role,
    SyncState,
)
from hfhate.models.store import Store
from hfhate.server.db import make_server_engine, make_sessions
from hfhate.server.models import ServerRecordRow
from hfhate.services.actor import Actor
from hfhate.services.notices.reissue import reissue_under_new_number
from hfhate.sync import status
from hfhate.sync.attention import attention_items
from hfhate.sync.transport import DeviceCloned
from tests.fixtures.keys import open_test_store
from tests.services.notices.conftest import NOW
from tests.sync.conftest import Laptop, ServerProcess
from tests.sync.machines import Machines
from tests.sync.test_end_to_end import issue, local_notices, server_notices


@pytest.fixture(params=["keyring", "machine-id"])
def machines(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Machines:
    return Machines(request.param, tmp_path / "machines", monkeypatch)


@pytest.fixture
def stores() -> Iterator[list[Store]]:
    opened: list[Store] = []
    yield opened
    for store in opened:
        store.close()


def server_rows(server: ServerProcess, record_type: str) -> list[dict[str, object]]:
    engine = make_server_engine(server.database_url)
    try:
        with make_sessions(engine)() as session:
            return [
                dict(r.fields)
                for r in session.scalars(
                    select(ServerRecordRow).where(ServerRecordRow.record_type == record_type)
                )
            ]
    finally:
        engine.dispose()


@dataclass
class Copied:
    """Olly's laptop (machine a), the copy of its folder (machine b), after both issued."""

    north: Laptop
    copy: Laptop
    olly: Actor
    code: int
    originals: dict[str, tuple[str, str, int]]
    copied: dict[str, tuple[str, str, int]]


def copied_laptop(
    server: ServerProcess,
    make_laptop: Callable[..., Laptop],
    machines: Machines,
    stores: list[Store],
    tmp_path: Path,
) -> Copied:
    """Olly's laptop enrolled and synced; its folder copied to machine b; both issue two."""
    machines.use("a")
    north = make_laptop(server, "north")
    olly = north.add("olly", Role.AUTHORISED_OFFICER)
    code = north.enrol()
    issue(north, olly, 1)
    north.sync(olly)

    # IT copies the data folder onto a second machine.
    north.store.close()
    shutil.copytree(tmp_path / "north", tmp_path / "copy")
    north.store = open_test_store(Paths(tmp_path / "north"))
    copy = Laptop(open_test_store(Paths(tmp_path / "copy")), north.admin, server)
    stores += [north.store, copy.store]

    # Both issue offline, with the same numbers.
    issue(north, olly, 2)
    machines.use("b")
    issue(copy, olly, 2)
    originals, copied = local_notices(north), local_notices(copy)
    clashing = {n for n, _, _ in originals.values()} & {n for n, _, _ in copied.values()}
    assert len(clashing) == 3  # the one sent before the copy, and the two issued since
    return Copied(north, copy, olly, code, originals, copied)


def test_a_copied_data_folder_is_refused_flagged_and_its_notice_reissued(
    server: ServerProcess,
    make_laptop: Callable[..., Laptop],
    machines: Machines,
    stores: list[Store],
    tmp_path: Path,
) -> None:
    copied_ = copied_laptop(server, make_laptop, machines, stores, tmp_path)
    north, copy, olly, code = copied_.north, copied_.copy, copied_.olly, copied_.code
    originals, copied = copied_.originals, copied_.copied
    machines.use("a")
    assert north.sync(olly).pushed == 10  # two notices, their "issued" entries, victims (3 each)
    machines.use("b")
    with pytest.raises(DeviceCloned, match="enrol this laptop again"):
        copy.sync(olly)

    # Nothing of the copy's is on the server; each number there once; the device is marked.
    on_server = server_notices(server)
    assert set(on_server) == set(originals)
    assert len({n for n, _, _ in on_server.values()}) == 3
    devices = server.admin("devices")
    assert f"{code:03d}" in devices and "CLONED" in devices

    # On the copy, everything it made since the copy needs attention, with the reason.
    with copy.store.session_factory() as session:
        items = attention_items(session, olly)
        assert session.get_one(SyncState, 1).cloned_at is not None
    offline = set(copied) - set(originals)
    assert {i.record_id for i in items if i.record_type == "notices"} == {
        uuid.UUID(n) for n in offline
    }
    assert len(items) == 10  # with each notice its entry and its victim (3)
    assert {i.outcome for i in items} == {"cloned"}
    assert all("copy of another laptop" in i.reason for i in items)

    # The original laptop goes on as before, and says a copy of it was refused; the copy is
    # refused again until re-enrolled.
    machines.use("a")
    assert north.sync(olly).needs_attention == 0
    with north.store.session_factory() as session:
        line = status.status_line(status.sync_status(session, olly))
    assert "A copy of this laptop's data folder was refused by the server" in line
    machines.use("b")
    with pytest.raises(DeviceCloned):
        copy.sync(olly)

    # Enrolled again with a new code, the copy is a new device with a new code.
    new_code = copy.enrol()
    assert new_code != code
    old_id = uuid.UUID(sorted(offline)[0])
    old_number = copied[str(old_id)][0]
    with copy.store.session_factory.begin() as session:
        new = reissue_under_new_number(
            session,
            olly,
            old_id,
            "Numbered on a copy of Olly's laptop; that number is another notice's.",
            now=NOW + timedelta(hours=1),
        )
        new_id, new_number = new.id, new.number
    assert new_number is not None and new_number.startswith(f"HF-{new_code:03d}-")
    with copy.store.session_factory() as session:
        old = session.get_one(FixedPenaltyNotice, old_id)
        assert old.status is NoticeStatus.CANCELLED and old.number == old_number
        statuses = {
            e.status
            for e in session.scalars(select(OutboxEntry).where(OutboxEntry.record_id == old_id))
        }
        assert statuses == {OutboxStatus.RESOLVED}
        left = attention_items(session, olly)
        assert old_id not in {i.record_id for i in left}
        # The other offline notice, its entry and its victim (3): still to reissue; and the
        # reissued notice's victim as derived on the copy (3), which the reissue does not
        # take over yet (issue 15: the reissued notice derives its own).
        assert len(left) == 8

    # The reissued notice reaches the server under its new number, saying what it replaced.
    copy.sync(olly)
    on_server = server_notices(server)
    assert on_server[str(new_id)][0] == new_number
    assert str(old_id) not in on_server
    numbers = [n for n, _, _ in on_server.values()]
    assert len(numbers) == len(set(numbers)) == 4
    events = [e for e in server_rows(server, "notice_events") if e["action"] == "reissued"]
    assert len(events) == 1
    assert events[0]["details"] == {"replaces": old_number, "replaces_id": str(old_id)}

"""A pulled change the laptop cannot write is set aside; the rest applies and the cursor moves.

Two notices share one number on the server (put straight into its database: the server's own
push refuses that now or soon). A supervisor's ``hfhate sync`` sets one aside with its reason,
applies the rest, moves its cursor on and exits cleanly; once the server's copy has a number
of its own, the set-aside change arrives at a later sync (fetched again by id).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from hfhate.cli.main import main as hfhate
from hfhate.models import FixedPenaltyNotice, HeldBack, Role, SyncState, User
from hfhate.server.db import make_server_engine, make_sessions
from hfhate.server.models import ChangeLogEntry, Counter, ServerRecordRow
from hfhate.sync import attention
from tests.sync.conftest import Laptop, ServerProcess
from tests.sync.test_end_to_end import issue, local_notices, server_notices

NEW_NUMBER = "HF-999-000001-5"


def copy_on_server(server: ServerProcess, record_id: uuid.UUID) -> uuid.UUID:
    """A second notice with the same number, as a cloned laptop would have left it."""
    engine = make_server_engine(server.database_url)
    twin = uuid.uuid4()
    try:
        with make_sessions(engine).begin() as session:
            original = session.get_one(ServerRecordRow, ("notices", record_id))
            fields = dict(original.fields) | {"id": str(twin)}
            counter = session.get_one(Counter, "change_log")
            counter.value += 1
            session.add(
                ServerRecordRow(
                    record_type="notices",
                    record_id=twin,
                    owner_id=original.owner_id,
                    version=1,
                    fields=fields,
                )
            )
            session.add(
                ChangeLogEntry(
                    seq=counter.value,
                    record_type="notices",
                    record_id=twin,
                    owner_id=original.owner_id,
                    version=1,
                    fields=fields,
                    changed=sorted(fields),
                )
            )
    finally:
        engine.dispose()
    return twin


def renumber_on_server(server: ServerProcess, record_id: uuid.UUID) -> None:
    """The clash resolved on the server, with no new change-log entry (only a fetch by id
    brings it)."""
    engine = make_server_engine(server.database_url)
    try:
        with make_sessions(engine).begin() as session:
            row = session.get_one(ServerRecordRow, ("notices", record_id))
            row.fields = dict(row.fields) | {"number": NEW_NUMBER}
            row.version = 2
    finally:
        engine.dispose()


def cursor_of(laptop: Laptop) -> int:
    with laptop.store.session_factory() as session:
        return session.get_one(SyncState, 1).cursor


def highest_seq(server: ServerProcess) -> int:
    engine = make_server_engine(server.database_url)
    try:
        with make_sessions(engine)() as session:
            return session.scalar(select(func.max(ChangeLogEntry.seq))) or 0
    finally:
        engine.dispose()


def test_a_notice_number_held_twice_is_set_aside_and_the_rest_arrives(
    server: ServerProcess,
    make_laptop: Callable[..., Laptop],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("HFHATE_LOG_DIR", str(tmp_path / "logs"))
    north, office = make_laptop(server, "north"), make_laptop(server, "office")
    olly = north.add("olly", Role.AUTHORISED_OFFICER)
    sue = office.add("sue", Role.SUPERVISOR)
    north.enrol()
    office.enrol()
    issue(north, olly, 3)
    north.sync(olly)
    first = uuid.UUID(sorted(local_notices(north))[0])
    twin = copy_on_server(server, first)
    number = server_notices(server)[str(first)][0]
    with office.store.session_factory.begin() as session:  # Sue chose her own password
        session.execute(
            update(User).where(User.id == sue.user_id).values(must_change_password=False)
        )
    capsys.readouterr()

    # The supervisor's sync, on the command line: no traceback, a message, exit 0.
    code = hfhate(["--data-dir", str(tmp_path / "office"), "sync", "--user", "sue"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Traceback" not in out + err
    assert "1 received could not be kept on this laptop" in out
    here = local_notices(office)
    assert set(here) == set(server_notices(server)) - {str(twin)}  # the other three arrived
    assert cursor_of(office) == highest_seq(server)
    with office.store.session_factory() as session:
        items = attention.set_aside_items(session)
        assert attention.attention_count(session, sue) >= 1
    assert [(i.record_type, i.record_id) for i in items] == [("notices", twin)]
    assert number in items[0].reason and "Kevin" not in items[0].reason

    # Nothing new on the server: it stays set aside, the rest is untouched.
    report = office.sync(sue)
    assert report.pulled == 0 and str(twin) not in local_notices(office)

    # Resolved on the server (a number of its own): it arrives at the next sync.
    renumber_on_server(server, twin)
    report = office.sync(sue)
    assert local_notices(office)[str(twin)] == (NEW_NUMBER, here[str(first)][1], 2)
    with office.store.session_factory() as session:
        assert session.get(HeldBack, ("notices", twin)) is None
        assert attention.set_aside_items(session) == []
        assert session.scalar(select(func.count()).select_from(FixedPenaltyNotice)) == 4

"""Upgrades, from the laptop's side, against a real server process (SQLite and PostgreSQL):
a server older than the laptop, or too new for it, stops the sync with plain words saying
which side to upgrade, the outbox kept whole (and sent once the versions agree); a server
one release newer that still accepts the laptop lets it sync on, with a note to upgrade.

The laptop plays another release by changing what ``compat.this_release`` reads (its store
schema and app version), the server by the test-only ``HFHATE_SERVER_PRETEND_STORE_SCHEMA``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import hfhate
from hfhate.models import Role
from hfhate.sync import client, compat, schemas
from hfhate.sync.schedule import retry_helps
from hfhate.sync.transport import SyncError
from tests.sync.conftest import Laptop, ServerProcess, serving, start_server, transport
from tests.sync.test_end_to_end import issue, pending

CODE_SCHEMA = schemas.STORE_SCHEMA  # this code's own, before any test pretends otherwise
NEXT = schemas.STORE_SCHEMA if schemas.STORE_SCHEMA != compat.PREVIOUS_STORE_SCHEMA else "0016"


def pretend(monkeypatch: pytest.MonkeyPatch, store_schema: str, version: str) -> None:
    """This laptop runs another release of hfhate."""
    monkeypatch.setattr(schemas, "STORE_SCHEMA", store_schema)
    monkeypatch.setattr(hfhate, "__version__", version)


@pytest.mark.parametrize(
    ("store_schema", "version", "message"),
    [
        (
            "0099",
            "0.9.0",
            f"The server runs an older hfhate ({hfhate.__version__}) than this laptop "
            "(0.9.0): ask IT to upgrade the server. Nothing waiting to be sent is lost.",
        ),
        (
            "0008",
            "0.0.9",
            f"This laptop's hfhate 0.0.9 is too old for the server ({hfhate.__version__}): "
            "upgrade hfhate on this laptop. Nothing waiting to be sent is lost.",
        ),
    ],
)
def test_versions_that_cannot_sync_say_which_side_to_upgrade_and_keep_the_outbox(
    server: ServerProcess,
    make_laptop: Callable[..., Laptop],
    monkeypatch: pytest.MonkeyPatch,
    store_schema: str,
    version: str,
    message: str,
) -> None:
    north = make_laptop(server, "north")
    olly = north.add("olly", Role.AUTHORISED_OFFICER)
    north.enrol()
    issue(north, olly, 2)
    with monkeypatch.context() as patch:
        pretend(patch, store_schema, version)
        with pytest.raises(SyncError) as raised:
            north.sync(olly)
        assert str(raised.value) == message
        assert not retry_helps(str(raised.value))  # a person has to act: automatic sync waits
        assert pending(north) == 2  # nothing was sent, nothing was lost
        # A laptop of that release cannot enrol either, with the same words.
        south = make_laptop(server, "south")
        with pytest.raises(SyncError) as raised:
            south.enrol()
        assert str(raised.value) == message
    # The same versions again (one side upgraded): everything waiting goes.
    assert north.sync(olly).pushed == 10 and pending(north) == 0  # 2 notices, 2 entries, 6 people


def test_the_server_too_refuses_a_laptop_outside_the_window(
    server: ServerProcess, make_laptop: Callable[..., Laptop], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A laptop that skipped its own check (or an older one that never made it) is refused
    by the server in the same words, shown as the server's refusal; the outbox stays."""
    north = make_laptop(server, "north")
    olly = north.add("olly", Role.AUTHORISED_OFFICER)
    north.enrol()
    issue(north, olly, 1)
    monkeypatch.setattr(client, "health_verdict", _no_check)
    with monkeypatch.context() as patch:
        pretend(patch, "0099", "0.9.0")
        with pytest.raises(SyncError) as raised:
            client.sync(north.store, olly, "correct horse battery", transport)
    assert "ask IT to upgrade the server" in str(raised.value)
    assert not retry_helps(str(raised.value)) and pending(north) == 1


def _no_check(
    made: client.Transport, release: compat.Release | None = None
) -> tuple[client.Health, compat.Verdict]:
    made.headers.update(compat.laptop_headers(release))
    return made.call("GET", "/health", client.Health), compat.Verdict(True)


@pytest.fixture
def newer_server(
    tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[ServerProcess]:
    """A server of the next release (its store schema ``NEXT``)."""
    monkeypatch.setenv("HFHATE_SERVER_PRETEND_STORE_SCHEMA", NEXT)
    data = tmp_path / "newer"
    data.mkdir()
    yield from serving(start_server(data, database_url))


def test_a_laptop_one_release_behind_syncs_on_with_a_note_to_upgrade(
    newer_server: ServerProcess,
    make_laptop: Callable[..., Laptop],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pretend(monkeypatch, compat.PREVIOUS_STORE_SCHEMA, "0.1.0")
    with transport(newer_server.url) as made:
        health, verdict = client.health_verdict(made)
    assert verdict.go_on and health.store_schema == compat.PREVIOUS_STORE_SCHEMA
    assert "upgrade hfhate on this laptop soon" in verdict.message
    if CODE_SCHEMA != compat.PREVIOUS_STORE_SCHEMA:
        return  # this code's records are of its own release: only the check is the old one's
    north = make_laptop(newer_server, "north")
    olly = north.add("olly", Role.AUTHORISED_OFFICER)
    north.enrol()
    issue(north, olly, 2)
    report = north.sync(olly)
    assert report.pushed == 10 and pending(north) == 0
    assert "upgrade hfhate on this laptop soon" in report.note

"""Remote erase: a laptop revoked as lost sends what it can, then destroys its key and data.

A real server process (SQLite and PostgreSQL); the laptop's ``hfhate sync`` and ``hfhate
users`` run as real commands in child processes, with the test credential store.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import keyring
import pytest
from sqlalchemy import func, select, update

from hfhate.models import OutboxEntry, OutboxStatus, Role, SyncState, User
from hfhate.security.store_key import KEY_FILE_NAME, SERVICE
from hfhate.sync.errors import EraseOrdered, SyncError
from hfhate.sync.schemas import ERASE_HEADER
from tests.fixtures.notices import numbered_name
from tests.sync.conftest import PASSWORD, Laptop, ServerProcess
from tests.sync.test_end_to_end import issue, local_notices, server_notices

EXIT_ERASED = 5


def hfhate(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"HFHATE_PASSWORD": PASSWORD, "HFHATE_LOG_DIR": str(cwd / "logs")}
    return subprocess.run(
        [sys.executable, "-m", "hfhate", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=cwd,
    )


def unsent_of_others(laptop: Laptop, officer_id: object) -> int:
    """Entries no sync of ``officer`` sends (other users' own changes on this laptop)."""
    with laptop.store.session_factory() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(OutboxEntry)
                .where(
                    OutboxEntry.status == OutboxStatus.PENDING,
                    OutboxEntry.made_by_id != officer_id,
                )
            )
            or 0
        )


def test_a_laptop_revoked_with_erase_sends_what_it_can_then_erases_itself(
    server: ServerProcess, make_laptop: Callable[..., Laptop], tmp_path: Path
) -> None:
    north = make_laptop(server, "north")
    olly = north.add("olly", Role.AUTHORISED_OFFICER)
    code = north.enrol()
    issue(north, olly, 1)
    north.sync(olly)
    issue(north, olly, 2)  # issued offline, not sent yet
    unsent = set(local_notices(north)) - set(server_notices(server))
    assert len(unsent) == 2
    others = unsent_of_others(north, olly.user_id)
    with north.store.session_factory.begin() as session:  # olly chose a password of his own
        session.execute(
            update(User).where(User.id == olly.user_id).values(must_change_password=False)
        )
    folder = tmp_path / "north"
    folder_id = json.loads((folder / KEY_FILE_NAME).read_text())["folder"]
    assert keyring.get_keyring().get_password(SERVICE, f"store-key-{folder_id}")
    north.store.close()

    said = server.admin("revoke-device", str(code), "--erase")
    assert "ordered to erase" in said
    assert "(erase ordered)" in server.admin("devices")

    synced = hfhate("sync", "--user", "olly", "--data-dir", str(folder), cwd=tmp_path)
    assert synced.returncode == EXIT_ERASED, synced.stderr
    assert "ordered its data erased" in synced.stderr
    # 2 notices, their timeline entries, and their victims' person, link and consent.
    assert "Sent to the server first: 10 changes" in synced.stderr

    # What it had not sent reached the server first.
    assert unsent <= set(server_notices(server))
    # Then the key went, and every file but the note.
    assert keyring.get_keyring().get_password(SERVICE, f"store-key-{folder_id}") is None
    left = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))
    assert left == ["ERASED.txt"]
    note = (folder / "ERASED.txt").read_text()
    assert f"device {code:03d}" in note and "lost or stolen" in note
    if others:
        assert f"{others} changes never sent" in note
    else:
        assert "Nothing was left unsent." in note
    for n in range(3):
        assert numbered_name(n) not in note and numbered_name(n) not in synced.stderr

    # The next start in that folder says why, and makes nothing.
    listed = hfhate("users", "--user", "olly", "--data-dir", str(folder), cwd=tmp_path)
    assert listed.returncode == 2
    assert "This laptop's hfhate data was erased." in listed.stderr
    assert "hfhate will not start in" in listed.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["ERASED.txt"]


def test_an_erase_is_finished_at_the_next_start_if_it_was_cut_short(
    make_laptop: Callable[..., Laptop], sqlite_server: ServerProcess, tmp_path: Path
) -> None:
    """A process killed after writing the note: the next start destroys the rest."""
    from hfhate.security.erase import ERASED_FILE_NAME, DataFolderErased, refuse_if_erased

    north = make_laptop(sqlite_server, "north")
    north.store.close()
    folder = tmp_path / "north"
    folder_id = json.loads((folder / KEY_FILE_NAME).read_text())["folder"]
    (folder / ERASED_FILE_NAME).write_text("This laptop's hfhate data was erased.\n")
    with pytest.raises(DataFolderErased, match="was erased"):
        refuse_if_erased(folder)
    assert sorted(p.name for p in folder.iterdir()) == [ERASED_FILE_NAME]
    assert keyring.get_keyring().get_password(SERVICE, f"store-key-{folder_id}") is None


def test_a_laptop_revoked_without_erase_is_refused_and_keeps_its_data(
    sqlite_server: ServerProcess, make_laptop: Callable[..., Laptop], tmp_path: Path
) -> None:
    north = make_laptop(sqlite_server, "north")
    olly = north.add("olly", Role.AUTHORISED_OFFICER)
    code = north.enrol()
    issue(north, olly, 2)
    sqlite_server.admin("revoke-device", str(code))
    with pytest.raises(SyncError, match="revoked by an administrator") as refused:
        north.sync(olly)
    assert not isinstance(refused.value, EraseOrdered)  # refused, not ordered to erase
    assert len(local_notices(north)) == 2 and not server_notices(sqlite_server)
    assert (tmp_path / "north" / "hfhate.sqlite").exists()
    assert not (tmp_path / "north" / "ERASED.txt").exists()


def test_a_laptop_to_be_erased_is_told_so_and_sent_nothing(
    sqlite_server: ServerProcess, make_laptop: Callable[..., Laptop]
) -> None:
    """Every answer carries the order, a refused sign-in's too; pulls and records are refused."""
    north = make_laptop(sqlite_server, "north")
    olly = north.add("olly", Role.AUTHORISED_OFFICER)
    code = north.enrol()
    with north.store.session_factory() as session:
        token = session.get_one(SyncState, 1).device_token
    sqlite_server.admin("revoke-device", str(code), "--erase")
    api = f"{sqlite_server.url}/api/v1"
    device = {"Authorization": f"Bearer {token}"}
    wrong = httpx.post(
        f"{api}/sign-in", headers=device, json={"username": "olly", "password": "not it"}
    )
    assert wrong.status_code == 401 and wrong.headers.get(ERASE_HEADER)
    signed = httpx.post(
        f"{api}/sign-in", headers=device, json={"username": olly.username, "password": PASSWORD}
    )
    assert signed.status_code == 200 and signed.headers.get(ERASE_HEADER)
    caller = device | {"X-Hfhate-Session": signed.json()["session_token"]}
    pushed = httpx.post(f"{api}/push", headers=caller, json={"changes": []})
    assert pushed.status_code == 200 and pushed.headers.get(ERASE_HEADER)
    pulled = httpx.get(f"{api}/pull", headers=caller)
    assert pulled.status_code == 403 and pulled.headers.get(ERASE_HEADER)
    assert "erased" in pulled.json()["detail"]
    fetched = httpx.post(f"{api}/records", headers=caller, json={"records": []})
    assert fetched.status_code == 403 and fetched.headers.get(ERASE_HEADER)
    health = httpx.get(f"{api}/health")
    assert ERASE_HEADER not in health.headers

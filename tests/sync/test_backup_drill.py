"""The restore drill, as an administrator runs it: ``hfhate-server backup`` while the server
serves, more pushed, the server stopped, ``hfhate-server restore``, the server started, every
laptop synced. Every record acknowledged before or after the backup is then on the server
and on the supervisor's laptop exactly once. On SQLite and on PostgreSQL (pg_dump, psql).

And what the files are: owner-only, the photos in them and back, a wrong file, a backup of
another kind of database or with photos sealed by another key refused in one sentence.
"""

from __future__ import annotations

import os
import shutil
import stat
import tarfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from hfhate.server import cli as server_cli
from tests.sync.conftest import Laptop
from tests.sync.test_end_to_end import issue, local_notices, server_notices
from tests.sync.test_restore import Servers, assert_everyone_agrees, officer_and_supervisor


@pytest.fixture(autouse=True)
def postgres_tools(database_url: str) -> None:
    """pg_dump, pg_restore and psql on the path for a PostgreSQL test (CI: a failure)."""
    if make_url(database_url).get_backend_name() == "sqlite":
        return
    missing = [tool for tool in ("pg_dump", "pg_restore", "psql") if not shutil.which(tool)]
    if missing and os.environ.get("CI"):
        pytest.fail(f"{', '.join(missing)} must be installed in CI (postgresql-client)")
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (apt-get install postgresql-client)")


@pytest.fixture
def servers(tmp_path: Path, database_url: str) -> Iterator[Servers]:
    running = Servers(tmp_path, database_url)
    yield running
    running.stopped()


def cli(servers: Servers, *args: str) -> int:
    folder, url = str(servers.data), servers.now.database_url
    return server_cli.main([*args, "--data-dir", folder, "--database-url", url])


def test_the_restore_drill_leaves_every_record_once_everywhere(
    tmp_path: Path, servers: Servers, make_laptop: Callable[..., Laptop]
) -> None:
    north, olly, south, sue = officer_and_supervisor(servers, make_laptop)
    issue(north, olly, 2)
    assert north.sync(olly).pushed == 10  # with each notice its victim: person, link, consent
    south.sync(sue)
    backup = tmp_path / "backups" / "nightly.hfhate-backup"
    assert cli(servers, "backup", "--out", str(backup)) == 0  # while the server serves
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    before = servers.epoch()
    issue(north, olly, 3)
    assert north.sync(olly).pushed == 15  # acknowledged after the backup
    assert south.sync(sue).pulled >= 6 and len(local_notices(south)) == 5
    servers.stopped()
    assert cli(servers, "restore", str(backup)) == 0
    servers.started()
    assert len(server_notices(servers.now)) == 2 and servers.epoch() != before
    report = north.sync(olly)  # the new epoch: it asks what the server knows, sends the rest
    assert (report.resent, report.pushed, report.duplicates) == (15, 15, 0)
    south.sync(sue)
    assert_everyone_agrees(servers, north, south)
    for laptop, actor in ((north, olly), (south, sue)):  # and nothing more afterwards
        assert (laptop.sync(actor).resent, laptop.sync(actor).pushed) == (0, 0)


def _photo(servers: Servers, sha256: str, content: bytes) -> Path:
    path = servers.data / "evidence" / sha256[:2] / f"{sha256}.sealed"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def test_photos_go_in_the_backup_and_come_back(
    tmp_path: Path, servers: Servers, capsys: Any
) -> None:
    kept = _photo(servers, "ab" + "1" * 62, b"sealed bytes one")
    backup = tmp_path / "b.tar"
    assert cli(servers, "backup", "--out", str(backup)) == 0
    assert "and 1 photos" in capsys.readouterr().out
    with tarfile.open(backup) as archive:
        names = archive.getnames()
        assert "photo.key" not in " ".join(names)  # the key is kept apart
    assert names[-1] == "manifest.json" and f"evidence/ab/{kept.name}" in names
    later = _photo(servers, "cd" + "2" * 62, b"uploaded after the backup")
    kept.unlink()
    servers.stopped()
    assert cli(servers, "restore", str(backup)) == 0
    assert kept.read_bytes() == b"sealed bytes one" and later.exists()
    servers.started()


def test_a_wrong_file_another_database_or_another_key_is_refused(
    tmp_path: Path, servers: Servers, capsys: Any
) -> None:
    servers.stopped()
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")
    assert cli(servers, "restore", str(not_a_backup)) == 1
    assert "is not an hfhate-server backup" in capsys.readouterr().err
    _photo(servers, "ef" + "3" * 62, b"sealed")
    backup = tmp_path / "b.tar"
    assert cli(servers, "backup", "--out", str(backup)) == 0
    (servers.data / "photo.key").write_bytes(os.urandom(32))  # another server's key
    assert cli(servers, "restore", str(backup)) == 1
    assert "sealed with another photo key" in capsys.readouterr().err
    other = tmp_path / "other"
    other.mkdir()
    kind = make_url(servers.now.database_url).get_backend_name()
    if kind == "sqlite":  # a SQLite backup, offered to a PostgreSQL server is the same check
        elsewhere = "postgresql://nobody@127.0.0.1:1/none"
        code = server_cli.main(
            ["restore", str(backup), "--data-dir", str(other), "--database-url", elsewhere]
        )
        assert code == 1
        assert "is a backup of a sqlite database" in capsys.readouterr().err
    servers.started()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_missing_pg_dump_is_said_plainly(
    tmp_path: Path, servers: Servers, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert cli(servers, "backup", "--out", str(tmp_path / "b.tar")) == 1
    assert "pg_dump was not found" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.tar*"))

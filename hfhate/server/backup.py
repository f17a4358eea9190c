"""``hfhate-server backup --out FILE`` and ``hfhate-server restore FILE``.

A backup is one tar file, written beside FILE under a temporary name, owner-only (0600),
flushed to disk and renamed into place (a backup cut off never looks whole):

- ``database.pgdump``: ``pg_dump --format=custom`` of a PostgreSQL database, or
  ``database.sqlite``: SQLite's online backup API (a consistent copy while the server runs);
- ``evidence/<2>/<sha256>.sealed``: every photo kept, still sealed (uploads under way are not
  taken: the laptop resumes them);
- ``manifest.json`` (last): what this is, when, the schema revision, the epoch and change
  counter, the SHA-256 of every other member, and a fingerprint of the photo key. The key
  itself is never in the backup: keep it apart (docs/server.md), or the photos are useless.

pg_dump and pg_restore get the connection through ``PG*`` variables and a private
``PGPASSFILE`` written for the run, so the password is never on a command line.

A restore (the server stopped) checks the manifest and every member's SHA-256, then puts the
database back in one transaction: on PostgreSQL the ``public`` schema is emptied and the dump
replayed by ``psql --single-transaction`` (anything wrong and the database is as it was); a
SQLite file is replaced by a rename. Photos the server lacks are put back (newer ones stay).
Then the schema is brought to head and a new epoch begins (``restore.begin_new_epoch``), so
every laptop sends again what the backup lacks.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Engine
from sqlalchemy.engine import URL, make_url

from hfhate import __version__
from hfhate.server import restore
from hfhate.server.db import current_revision, epoch, make_sessions, migrate
from hfhate.server.settings import ServerSettings

FORMAT = "hfhate-server-backup"
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class Failed(Exception):
    """A backup or restore that cannot go on: one sentence for the administrator."""


def key_fingerprint(key: bytes) -> str:
    """Which photo key sealed the photos (not the key: a hash of it, shortened)."""
    return hashlib.sha256(b"hfhate photo key\0" + key).hexdigest()[:16]


def _postgres(url: URL) -> bool:
    return url.get_backend_name() == "postgresql"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise Failed(
            f"{name} was not found: install the PostgreSQL client programs "
            "(Debian: apt-get install postgresql-client) of the database's version or newer."
        )
    return found


@contextlib.contextmanager
def _pg_environment(url: URL) -> Iterator[dict[str, str]]:
    """The ``PG*`` variables for ``url``; a password goes in a private PGPASSFILE."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    host = url.host or str(url.query.get("host") or "")
    for name, value in (
        ("PGHOST", host),
        ("PGPORT", str(url.port or "")),
        ("PGUSER", url.username or ""),
        ("PGDATABASE", url.database or ""),
        ("PGSSLMODE", str(url.query.get("sslmode") or "")),
    ):
        if value:
            env[name] = value
    with tempfile.TemporaryDirectory(prefix="hfhate-pg-") as folder:
        if url.password:
            passfile = Path(folder) / "pgpass"
            fd = os.open(passfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)

            def escaped(text: str) -> str:
                return text.replace("\\", "\\\\").replace(":", "\\:")

            with os.fdopen(fd, "w") as out:
                out.write(f"*:*:*:*:{escaped(str(url.password))}\n")
            env["PGPASSFILE"] = str(passfile)
        yield env


def _run(command: list[str], env: dict[str, str], **kwargs: Any) -> None:
    done = subprocess.run(command, env=env, capture_output=True, check=False, **kwargs)
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise Failed(f"{Path(command[0]).name} failed: {said[-1] if said else done.returncode}")


@contextlib.contextmanager
def _atomic(out: Path) -> Iterator[IO[bytes]]:
    """A file written under a temporary name beside ``out`` (0600), synced, then renamed."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".partial")
    os.chmod(name, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(name, out)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def _add(archive: tarfile.TarFile, path: Path, name: str, sums: dict[str, str]) -> None:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for chunk in iter(lambda: source.read(CHUNK), b""):
            digest.update(chunk)
    sums[name] = digest.hexdigest()
    info = archive.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o600
    with path.open("rb") as source:
        archive.addfile(info, source)


def take(settings: ServerSettings, engine: Engine, key: bytes, out: Path) -> dict[str, Any]:
    """Write the backup of the database and the photos to ``out``; its manifest."""
    url = make_url(settings.database_url)
    revision = current_revision(engine)
    with make_sessions(engine)() as session:
        now, counter = epoch(session), restore.allocated(session)
    sums: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="hfhate-backup-") as folder:
        if _postgres(url):
            dump, member = Path(folder) / "database.pgdump", "database.pgdump"
            pg_dump = _tool("pg_dump")
            with _pg_environment(url) as env:
                _run([pg_dump, "--format=custom", "--no-owner", "--no-privileges",
                      f"--file={dump}"], env)  # fmt: skip
        else:
            dump, member = Path(folder) / "database.sqlite", "database.sqlite"
            with (
                contextlib.closing(sqlite3.connect(str(url.database))) as source,
                contextlib.closing(sqlite3.connect(dump)) as copy,
            ):
                source.backup(copy)  # reads through the write-ahead log
        photos = sorted((settings.data_dir / "evidence").glob("??/*.sealed"))
        with _atomic(out) as handle, tarfile.open(fileobj=handle, mode="w") as archive:
            _add(archive, dump, member, sums)
            for photo in photos:
                _add(archive, photo, f"evidence/{photo.parent.name}/{photo.name}", sums)
            manifest = {
                "format": FORMAT,
                "made_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "app_version": __version__,
                "database": "postgresql" if _postgres(url) else "sqlite",
                "server_schema": revision,
                "epoch": now,
                "change_log": counter,
                "photos": len(photos),
                "photo_key": key_fingerprint(key),
                "files": sums,
            }
            body = json.dumps(manifest, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode, info.mtime = len(body), 0o600, int(time.time())
            archive.addfile(info, io.BytesIO(body))
    return manifest


def read_manifest(archive: tarfile.TarFile, name: Path) -> dict[str, Any]:
    try:
        handle = archive.extractfile(MANIFEST)
        manifest = json.loads(handle.read()) if handle else None
    except (KeyError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise Failed(f"{name} is not an hfhate-server backup (it has no manifest).")
    return manifest


def _extract_checked(
    archive: tarfile.TarFile, member: str, expected: str, target: Path, name: Path
) -> None:
    source = archive.extractfile(member)
    if source is None:
        raise Failed(f"{name} is damaged: {member} is missing.")
    digest = hashlib.sha256()
    with target.open("wb") as out:
        for chunk in iter(lambda: source.read(CHUNK), b""):
            digest.update(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    if digest.hexdigest() != expected:
        raise Failed(f"{name} is damaged: {member} does not match its checksum.")


def put_back(settings: ServerSettings, engine: Engine, key: bytes, backup: Path) -> str:
    """Restore the database and photos of ``backup``; migrate; start a new epoch (returned)."""
    url = make_url(settings.database_url)
    try:
        archive = tarfile.open(backup, mode="r:")
    except (OSError, tarfile.TarError):
        raise Failed(f"{backup} is not an hfhate-server backup (not a tar file).") from None
    with archive, tempfile.TemporaryDirectory(prefix="hfhate-restore-") as folder:
        manifest = read_manifest(archive, backup)
        kind = "postgresql" if _postgres(url) else "sqlite"
        if manifest["database"] != kind:
            raise Failed(
                f"{backup} is a backup of a {manifest['database']} database; this server's "
                f"database is {kind}."
            )
        if manifest["photos"] and manifest["photo_key"] != key_fingerprint(key):
            raise Failed(
                f"The photos in {backup} were sealed with another photo key than this "
                f"server's ({settings.photo_key_path}): put the key kept with the backups there."
            )
        files: dict[str, str] = manifest["files"]
        member = "database.pgdump" if kind == "postgresql" else "database.sqlite"
        dump = Path(folder) / member
        _extract_checked(archive, member, files.get(member, ""), dump, backup)
        photos = [name for name in files if name.startswith("evidence/")]
        staged = Path(folder) / "photos"
        for name in photos:
            if ".." in Path(name).parts:
                raise Failed(f"{backup} is damaged: {name} is not a photo's name.")
            (staged / name).parent.mkdir(parents=True, exist_ok=True)
            _extract_checked(archive, name, files[name], staged / name, backup)
        engine.dispose()
        if kind == "postgresql":
            _restore_postgres(url, dump)
        else:
            _restore_sqlite(Path(str(url.database)), dump)
        for name in photos:
            target = settings.data_dir / name
            if not target.exists():  # a photo kept since the backup stays as it is
                target.parent.mkdir(parents=True, exist_ok=True)
                landing = target.with_name(f".{target.name}.restoring")
                shutil.copyfile(staged / name, landing)
                os.replace(landing, target)
    migrate(engine, settings.backups)
    sessions = make_sessions(engine)
    with sessions() as session:
        now = epoch(session)
    began = restore.begin_new_epoch(sessions, replacing=now)
    if (mark := restore.high_water_path(engine)) is not None:
        with sessions() as session:
            restore.note_high_water(mark, began, restore.allocated(session))
    return began


def _restore_postgres(url: URL, dump: Path) -> None:
    """Empty ``public`` and replay the dump, all in one transaction of psql's."""
    pg_restore, psql = _tool("pg_restore"), _tool("psql")
    with _pg_environment(url) as env:
        script = Path(dump.parent) / "restore.sql"
        _run([pg_restore, "--no-owner", "--no-privileges", f"--file={script}", str(dump)], env)
        _run(
            [psql, "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction",
             "--command=DROP SCHEMA public CASCADE; CREATE SCHEMA public;",
             f"--file={script}"],
            env,
        )  # fmt: skip


def _restore_sqlite(database: Path, copy: Path) -> None:
    """The copy in place of the file: the old write-ahead log goes first, then a rename."""
    staged = database.with_name(f".{database.name}.restoring")
    shutil.copyfile(copy, staged)
    with staged.open("rb+") as handle:
        os.fsync(handle.fileno())
    os.chmod(staged, 0o600)
    for leftover in database.parent.glob(database.name + "-*"):  # -wal, -shm of the old file
        leftover.unlink()
    os.replace(staged, database)

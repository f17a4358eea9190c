"""Noticing that the database was restored from a backup, and starting a new epoch for it.

A restored database is the database as it was: it cannot tell by itself. The witnesses are
outside it. A laptop's pull cursor beyond the highest sequence the database ever allocated (the
``change_log`` counter), or a change id the laptop was told was applied and the database does
not know, proves that it went back in time (``went_back``). A SQLite database can also be
checked at start against the high-water mark left beside its file (``check_at_start``).

``begin_new_epoch`` replaces the epoch only if it is still the one the proof was found in, in
its own committed transaction: requests in several processes that notice the same restore at
once start one new epoch between them, and a laptop still on an older epoch starts none.
Nothing here is kept in process memory.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session, sessionmaker

from hfhate.server.db import epoch, make_sessions, new_epoch
from hfhate.server.models import Counter, ServerSetting

log = logging.getLogger(__name__)


def allocated(session: Session) -> int:
    """The highest change sequence this database ever allocated (0 if none)."""
    return session.scalar(select(Counter.value).where(Counter.name == "change_log")) or 0


def went_back(session: Session, cursor: int | None) -> bool:
    """Whether a laptop's cursor (of the current epoch) is beyond anything ever allocated."""
    return (cursor or 0) > allocated(session)


def begin_new_epoch(sessions: sessionmaker[Session], replacing: str) -> str:
    """Start a new epoch unless ``replacing`` was already replaced; return the epoch now."""
    with sessions.begin() as session:
        # Compare and set: a second process waits for the first one's row lock, then finds
        # the value changed and leaves it (PostgreSQL re-checks the WHERE after the wait).
        started = session.execute(
            update(ServerSetting)
            .where(ServerSetting.key == "epoch", ServerSetting.value == replacing)
            .values(value=new_epoch())
            .returning(ServerSetting.value)
        ).scalar()
        now = epoch(session)
    if started is not None:
        log.warning("the database went back in time (restored from a backup?): new epoch %s", now)
    return now


def high_water_path(engine: Engine) -> Path | None:
    """The high-water mark file beside a SQLite database file (None for PostgreSQL)."""
    database = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database).with_suffix(".high-water")


def note_high_water(path: Path, epoch_now: str, value: int) -> None:
    """Remember the counter seen in this epoch, unless the mark already says as much.

    Written after the counter was read from committed data, so the mark is never ahead of
    the database unless the database went back. A lost or older mark only misses a restore.
    """
    marked_epoch, marked = _read(path)
    if marked_epoch == epoch_now and marked >= value:
        return
    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(handle, "w") as out:
            json.dump({"epoch": epoch_now, "change_log": value}, out)
        os.replace(name, path)
    except OSError as error:  # a mark not written only misses a restore; the pull goes on
        log.warning("could not write the high-water mark %s: %s", path, error)


def check_at_start(engine: Engine) -> str | None:
    """At start: a SQLite database behind its own high-water mark gets a new epoch (returned)."""
    path = high_water_path(engine)
    if path is None:
        return None
    sessions = make_sessions(engine)
    with sessions() as session:
        now, top = epoch(session), allocated(session)
    marked_epoch, marked = _read(path)
    began = None
    if marked_epoch == now and top < marked:
        began = now = begin_new_epoch(sessions, replacing=now)
    note_high_water(path, now, top)
    return began


def _read(path: Path) -> tuple[str, int]:
    try:
        mark = json.loads(path.read_text())
        return str(mark["epoch"]), int(mark["change_log"])
    except (OSError, ValueError, KeyError, TypeError):
        return "", 0

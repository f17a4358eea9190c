"""No personal data in any log line, laptop or server; logs and data files are the owner's.

Errors are forced with a distinctive name, address and phone number: a database error in the
services' store (logged and uncaught), a server that fails on the push (a trigger in its
SQLite database), and a fault in the sync client's pull. Then every log file and the server
process's stderr are read: none of the values is there.
"""

from __future__ import annotations

import logging
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import update

from hfhate.cli.main import main as hfhate
from hfhate.config import setup_logging
from hfhate.models import FixedPenaltyNotice, Role, User
from hfhate.services.notices import issuing
from hfhate.sync import client
from tests.fixtures.photo_bytes import png
from tests.services.notices.conftest import NOW, build_entry
from tests.sync.conftest import Laptop, ServerProcess, free_port, stop, wait_for_health

NAME, ADDRESS, PHONE = "Zebedee Quaxleworth", "41 Marzipan Crescent", "07700 900987"


def server_with_stderr(data: Path, stderr: Path) -> ServerProcess:
    port = free_port()
    url = f"sqlite:///{data / 'hfhate-server.sqlite'}"
    with stderr.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "hfhate.server.cli", "serve", "--data-dir", str(data)]
            + ["--port", str(port), "--database-url", url],
            cwd=data,
            stderr=out,
        )
    wait_for_health(f"http://127.0.0.1:{port}", process)
    return ServerProcess(f"http://127.0.0.1:{port}", data, url, process)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_forced_errors_leave_no_personal_data_in_any_log(
    make_laptop: Callable[..., Laptop],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    logs, data = tmp_path / "logs", tmp_path / "server"
    data.mkdir()
    monkeypatch.setenv("HFHATE_LOG_DIR", str(logs))
    server = server_with_stderr(data, tmp_path / "server.stderr")
    try:
        north = make_laptop(server, "north")
        olly = north.add("olly", Role.AUTHORISED_OFFICER)
        north.enrol()
        with north.store.session_factory.begin() as session:
            session.execute(
                update(User).where(User.id == olly.user_id).values(must_change_password=False)
            )
            issuing.issue_notice(
                session,
                olly,
                build_entry(recipient_name=NAME, recipient_address=ADDRESS),
                now=NOW,
            )
        setup_logging(logs)
        # 1. The services' store: a database error with the values in the statement.
        with north.store.session_factory() as session:
            notice = session.query(FixedPenaltyNotice).one()
            twin = {c.name: getattr(notice, c.key) for c in FixedPenaltyNotice.__table__.c}
            twin["id"], twin["number"] = None, notice.number
            twin["recipient_name"], twin["recipient_address"] = NAME, f"{ADDRESS}, {PHONE}"
            try:
                session.execute(FixedPenaltyNotice.__table__.insert(), twin)
            except Exception as error:  # noqa: BLE001 - logged as the app logs errors
                logging.getLogger("hfhate.test").exception("issuing failed")
                sys.excepthook(type(error), error, error.__traceback__)
        # 2. The server fails on the push of those values.
        with sqlite3.connect(data / "hfhate-server.sqlite") as db:
            db.execute(
                "CREATE TRIGGER refuse BEFORE INSERT ON records "
                f"WHEN NEW.fields LIKE '%Quaxleworth%' BEGIN SELECT RAISE(ABORT, '{NAME}'); END"
            )
        argv = ["--data-dir", str(tmp_path / "north"), "sync", "--user", "olly"]
        assert hfhate(argv) == 1
        with sqlite3.connect(data / "hfhate-server.sqlite") as db:
            db.execute("DROP TRIGGER refuse")

        # 3. A fault in the client while pulling, its message full of values.
        def broken(*_args: object, **_kwargs: object) -> list[str]:
            raise ValueError(f"cannot read {NAME} of {ADDRESS} on {PHONE}")

        monkeypatch.setattr(client, "apply_page", broken)
        assert hfhate(argv) == 1
        assert "ValueError" in capsys.readouterr().err
    finally:
        stop(server.process)
    logged = [p for p in logs.iterdir() if p.is_file()]
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in logged]
    texts.append((tmp_path / "server.stderr").read_text(encoding="utf-8", errors="replace"))
    assert "IntegrityError" in texts[0] and "ValueError" in texts[0]
    assert "Exception" in texts[-1] or "Error" in texts[-1]  # the server did log its failure
    for text in texts:
        for value in (NAME, "Quaxleworth", ADDRESS, PHONE):
            assert value not in text
    # Logs and data: the owner's only.
    assert mode(logs) == 0o700 and all(mode(p) == 0o600 for p in logged)
    north_dir = tmp_path / "north"
    assert mode(north_dir / "hfhate.sqlite") == 0o600
    photos = [p for p in (north_dir / "evidence").rglob("*") if p.is_file()]
    assert all(mode(p) == 0o600 for p in photos)


def test_an_old_log_file_and_a_new_photo_are_made_private(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir(mode=0o755)
    (logs / "hfhate.log").write_text("old\n")
    (logs / "hfhate.log").chmod(0o644)
    setup_logging(logs)
    logging.getLogger("hfhate.test").warning("a line")
    assert mode(logs) == 0o700 and mode(logs / "hfhate.log") == 0o600
    from hfhate.services.notices.evidence import store_photo

    source = tmp_path / "photo.png"
    source.write_bytes(png(64, 48))
    stored = store_photo(tmp_path / "evidence", bytes(32), source)
    assert mode(stored.path) == 0o600

"""``hfhate-server settings list`` and ``settings set NAME VALUE --from DATE`` on a server
database, ``retention-periods`` backed by the same dated settings, and a server upgraded from
an older hfhate: its undated rows hold from the start under every dated change."""

from __future__ import annotations

import contextlib
import io
from datetime import timedelta
from pathlib import Path

from hfhate.clock import london_date
from hfhate.models import utc_now
from hfhate.server import cli as server_cli
from hfhate.server.central_settings import CentralSettings, settings_on
from hfhate.server.db import make_server_engine, make_sessions
from hfhate.server.models import ServerSetting


def run(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = server_cli.main([*args, "--data-dir", str(tmp_path)])
    return code, out.getvalue(), err.getvalue()


def test_list_and_set_from_a_date(tmp_path: Path) -> None:
    later = london_date(utc_now()) + timedelta(days=10)
    code, out, _ = run(tmp_path, "settings", "list")
    assert code == 0 and "notices.amount_pence  £100.00\n" in out
    code, out, _ = run(
        tmp_path, "settings", "set", "notices.amount_pence", "£500", "--from", later.isoformat()
    )
    assert code == 0 and out.startswith("Amount of a fixed penalty notice: £500.00 from")
    code, _, err = run(tmp_path, "settings", "set", "notices.reduced_amount_pence", "600")
    assert code == 2 and "at most the full amount" in err
    code, _, err = run(tmp_path, "settings", "set", "notices.amount_pence", "lots")
    assert code == 2 and "Enter an amount in pounds" in err
    code, _, err = run(tmp_path, "settings", "set", "notices.colour", "1")
    assert code == 2 and "no setting called notices.colour" in err
    code, out, _ = run(tmp_path, "settings", "list", "--history")
    assert f"notices.amount_pence  £100.00  (from {later:%-d %B %Y}: £500.00)" in out
    assert f"    from {later.isoformat()}: £500.00  by hfhate-server" in out

    code, out, _ = run(tmp_path, "retention-periods", "--notice-years", "4", "--photo-years", "4")
    assert code == 0 and "notice years: 4 years" in out
    code, out, _ = run(tmp_path, "settings", "list")
    assert "retention.notice_years  4 years" in out


def test_an_older_servers_rows_hold_from_the_start(tmp_path: Path) -> None:
    run(tmp_path, "settings", "list")  # makes and migrates the database
    engine = make_server_engine(f"sqlite:///{tmp_path / 'hfhate-server.sqlite'}")
    try:
        with make_sessions(engine).begin() as session:
            session.add(ServerSetting(key="notice_settings.amount_pence", value="15000"))
            session.add(ServerSetting(key="retention_settings.draft_days", value="14"))
        later = london_date(utc_now()) + timedelta(days=5)
        run(tmp_path, "settings", "set", "notices.amount_pence", "200", "--from", later.isoformat())
        with make_sessions(engine)() as session:
            assert settings_on(session).notices.amount_pence == 15000
            assert settings_on(session).retention.draft_days == 14
            assert settings_on(session, later).notices.amount_pence == 20000
            source = CentralSettings(session)
            assert source.notice_settings(utc_now()).amount_pence == 15000
    finally:
        engine.dispose()

"""``hfhate report`` and ``hfhate export`` as a scheduled run uses them: real processes on a
demo folder, with no display at all (``QT_QPA_PLATFORM`` unset)."""

from __future__ import annotations

import csv
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.printed_notices import pages_text


def hfhate(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """``hfhate`` as cron runs it: no display, no Qt platform chosen, the password given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HFHATE_", "QT_"))}
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    env["HFHATE_LOG_DIR"] = str(tmp_path / "logs")
    env["HFHATE_PASSWORD"] = "demo"
    return subprocess.run(
        [sys.executable, "-m", "hfhate", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        cwd=tmp_path,
    )


@pytest.fixture
def demo_folder(tmp_path: Path) -> Path:
    """A demo store kept in a folder (``--demo`` with ``--data-dir`` fills it and keeps it)."""
    data = tmp_path / "data"
    filled = hfhate(
        "--demo", "users", "--data-dir", str(data), "--user", "admin", tmp_path=tmp_path
    )
    assert filled.returncode == 0, filled.stderr
    return data


def test_a_scheduled_report_is_written_and_bad_options_are_refused_in_one_line(
    demo_folder: Path, tmp_path: Path
) -> None:
    commentary = tmp_path / "commentary.txt"
    commentary.write_text("The steering group thanks the schools for their work.\n", "utf-8")
    out = tmp_path / "report.pdf"

    def report(*extra: str, user: str = "supervisor") -> subprocess.CompletedProcess[str]:
        return hfhate(
            "report", "--data-dir", str(demo_folder), "--user", user, *extra, tmp_path=tmp_path
        )

    made = report(
        "--from", "2026-01-01", "--to", "2026-06-30", "--out", str(out),
        "--commentary", str(commentary),
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "Wrote the partnership report for 1 January 2026 to 30 June 2026" in made.stdout
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = " ".join(pages_text(out))
    assert "The steering group thanks the schools" in text
    assert "Objective 4: Take action against perpetrators" in text

    for extra, words in (
        (("--from", "2026-02-30", "--to", "2026-03-01"), '--from "2026-02-30" is not a date'),
        (("--from", "2026-03-01", "--to", "2026-02-01"), "comes before --from"),
        (
            ("--from", "2026-01-01", "--to", "2026-02-01", "--ward", "Narnia"),
            '--ward "Narnia" is not a ward of the borough',
        ),
        (
            ("--from", "2026-01-01", "--to", "2026-02-01", "--commentary", "missing.txt"),
            "there is no such file",
        ),
    ):
        bad = tmp_path / "bad.pdf"
        refused = report(*extra, "--out", str(bad))
        assert refused.returncode == 2, (extra, refused.stderr)
        assert words in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1
        assert not bad.exists()
    officer = report(
        "--from", "2026-01-01", "--to", "2026-02-01", "--out", str(tmp_path / "o.pdf"),
        user="officer",
    )  # fmt: skip
    assert officer.returncode == 1 and "supervisor" in officer.stderr


def test_exports_follow_the_filters_and_personal_data_needs_confirming(
    demo_folder: Path, tmp_path: Path
) -> None:
    def export(*extra: str) -> subprocess.CompletedProcess[str]:
        return hfhate(
            "export", *extra, "--data-dir", str(demo_folder), "--user", "supervisor",
            tmp_path=tmp_path,
        )  # fmt: skip

    notices = tmp_path / "notices.csv"
    refused = export("notices", "--out", str(notices), "--ward", "Grove")
    assert refused.returncode == 1
    assert "personal data" in refused.stderr and "--personal-data" in refused.stderr
    assert not notices.exists()

    done = export("notices", "--out", str(notices), "--ward", "grove", "--personal-data")
    assert done.returncode == 0, done.stderr
    with notices.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and {row["Ward"] for row in rows} == {"Grove"}
    assert f"Wrote {len(rows)} notice" in done.stdout
    assert stat.S_IMODE(notices.stat().st_mode) == 0o600

    sessions = tmp_path / "sessions.csv"
    typed = export("sessions", "--out", str(sessions), "--type", "bystander training")
    assert typed.returncode == 0, typed.stderr
    with sessions.open(encoding="utf-8-sig", newline="") as handle:
        kinds = {row["Session type"] for row in csv.DictReader(handle)}
    assert kinds == {"Bystander training"}

    for extra, words in (
        (("sessions", "--status", "paid"), "--status is for notices and warnings"),
        (("warnings", "--hostility", "martian"), '--hostility "martian" is not'),
        (("notices", "--from", "yesterday"), '--from "yesterday" is not a date'),
        (("sessions", "--out", str(tmp_path / "no" / "s.csv")), "does not exist"),
    ):
        args = extra if "--out" in extra else (*extra, "--out", str(tmp_path / "bad.csv"))
        bad = export(*args, "--personal-data")
        assert bad.returncode == 2, (extra, bad.stderr)
        assert words in bad.stderr
    assert not (tmp_path / "bad.csv").exists() and not (tmp_path / "no").exists()

"""Issue 13: a process issuing notices, killed with SIGKILL at random moments, loses nothing.

The loop is ``bench/crash_loop.py``, run here as the command it is with forty kills (about a
minute; ``python -m bench.crash_loop --kills 1000`` runs a thousand): a child process issues
notices through the services on an encrypted store and reports each committed notice's id;
after each kill the store, opened with its key, passes ``PRAGMA integrity_check`` and holds
every reported notice exactly once with its outbox entry and audit event, no notice without
them, unique numbers and an unbroken audit chain. The command exits 1 at the first failure.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

KILLS = 40
CHECKOUT = Path(__file__).resolve().parents[3]


def test_killing_a_process_issuing_notices_loses_and_doubles_nothing(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bench.crash_loop", "--kills", str(KILLS), "--seed", "13"],
        cwd=CHECKOUT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    last = run.stdout.strip().splitlines()[-1]
    found = re.fullmatch(r"ok: (\d+) kills in \d+ s; (\d+) notices reported, (\d+) in the .*", last)
    assert found, last
    kills, reported, in_store = map(int, found.groups())
    assert kills == KILLS
    assert reported > KILLS  # the children got notices through between the kills
    assert reported <= in_store <= reported + KILLS  # at most one cut off by each kill

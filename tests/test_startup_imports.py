"""What starting the window imports: nothing that only a sync, a migration or the demo needs.

Start-up time is measured by ``bench/startup.py``; this keeps the heavy modules it leaves out
from creeping back in through an import at the top of a screen or of ``hfhate.app``.
"""

from __future__ import annotations

import json
import subprocess
import sys

# Imported only when used: sync (httpx, pydantic and the wire schemas), migrations (Alembic),
# the server (FastAPI).
LATER = ("httpx", "pydantic", "hfhate.sync.transport", "hfhate.sync.client", "alembic", "fastapi")


def test_the_window_starts_without_sync_migration_or_server_modules() -> None:
    code = (
        "import json, sys; import hfhate.app, hfhate.ui.main_window; "
        f"print(json.dumps([m for m in {list(LATER)!r} if m in sys.modules]))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen"},
    )
    assert json.loads(shown.stdout) == []

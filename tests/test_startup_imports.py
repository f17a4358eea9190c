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
# Each area's screen, imported by its screen function when the area is first opened.
SCREENS = (
    "hfhate.ui.notices",
    "hfhate.ui.engagement",
    "hfhate.ui.print_queue.queue_page",
    "hfhate.ui.accounts.users_page",
    "hfhate.ui.laptop_page",
    "hfhate.ui.audit_page",
    "hfhate.ui.sync.sync_page",
    "hfhate.ui.reports",
    "pyqtgraph",  # the Reports area's charts
)


def imported_at_start(modules: tuple[str, ...]) -> list[str]:
    """Which of ``modules`` importing the app and its main window loads."""
    code = (
        "import json, sys; import hfhate.app, hfhate.ui.main_window; "
        f"print(json.dumps([m for m in {list(modules)!r} if m in sys.modules]))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen"},
    )
    found: list[str] = json.loads(shown.stdout)
    return found


def test_the_window_starts_without_sync_migration_or_server_modules() -> None:
    assert imported_at_start(LATER) == []


def test_the_window_starts_without_its_areas_screens() -> None:
    assert imported_at_start(SCREENS) == []

"""What starting the window imports: nothing that only a sync, a migration or the demo needs;
and before the sign-in dialog shows, nothing but Qt and what the dialog needs (issue 17).

Start-up time is measured by ``bench/startup.py``; this keeps the heavy modules it leaves out
from creeping back in through an import at the top of a screen or of ``hfhate.app``. The
store, SQLAlchemy and the models load in a worker once the dialog is on screen
(``hfhate.ui.store_opening``): the real ``hfhate`` command is started on a store, and what
is loaded is read when that worker is about to start.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hfhate.models.store import Store

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
    return loaded_by("hfhate.app, hfhate.ui.main_window", modules)


def loaded_by(imports: str, modules: tuple[str, ...]) -> list[str]:
    """Which of ``modules`` a fresh process loads by ``import <imports>``."""
    code = (
        f"import json, sys; import {imports}; "
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


# Loaded by opening the store; none of them may be needed to show the sign-in dialog.
WITH_THE_STORE = (
    "sqlalchemy",
    "hfhate.models",
    "hfhate.services",
    "hfhate.startup",
    "hfhate.security.store_key",
    "hfhate.cli.verbs",
    "keyring",
    "sqlcipher3",
    "cryptography",
    "reportlab",
    # Light, but each a few milliseconds on the way to the first window (issue 17: 1.5x a
    # bare window): loaded where they are used.
    "uuid",
    "secrets",
    "csv",
)
# Starts ``hfhate --data-dir FOLDER`` as the command does; when the store is about to start
# opening, notes whether the sign-in dialog is on screen and what is loaded, then quits it.
START_AND_LOOK = """
import json, sys
import hfhate.ui.store_opening as opening
from hfhate.cli.main import main
from hfhate.ui.sign_in import SignInDialog
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

seen = []
start = opening.StoreOpening.start

def looking(self):
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, SignInDialog)]
    on_screen = [d for d in dialogs if d.windowHandle() and d.windowHandle().isExposed()]
    seen.append({"dialog_on_screen": bool(on_screen),
                 "loaded": [m for m in MODULES if m in sys.modules],
                 # Qt's namespace takes some 15 ms to load the first time it is touched.
                 "qt_namespace": "Qt" in vars(sys.modules["PySide6.QtCore"])})
    start(self)
    QTimer.singleShot(0, dialogs[0].reject)

opening.StoreOpening.start = looking
code = main(["--data-dir", sys.argv[1]])
print(json.dumps({"code": code, "seen": seen}))
"""


def start_and_look(data_dir: Path) -> dict[str, object]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    code = f"MODULES = {list(WITH_THE_STORE)!r}\n{START_AND_LOOK}"
    done = subprocess.run(
        [sys.executable, "-c", code, str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def test_the_sign_in_dialog_is_on_screen_before_sqlalchemy_or_the_store_loads(
    store: Store, admin: object
) -> None:
    found = start_and_look(store.paths.data_dir)
    assert found["seen"] == [{"dialog_on_screen": True, "loaded": [], "qt_namespace": False}]
    assert found["code"] == 0  # Quit in the dialog


def test_the_command_loads_no_verb_to_start_the_window() -> None:
    assert loaded_by("hfhate.cli.main, hfhate.app", WITH_THE_STORE) == []

"""Child B of the start-up benchmark: hfhate's real start, signed in, main window shown.

Run by ``bench.startup`` as ``python -m bench._hfhate_window DATA_DIR`` on a demo store that
the parent prepared. Does what starting the window does (logging to ``$HFHATE_LOG_DIR``, the
application, opening the store), signs in as the demo ``admin`` without the dialog, builds
and shows the main window, and prints ``shown`` (and its peak memory) once it is exposed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bench._exposed import exit_when_exposed
from hfhate.app import build_main_window, make_application
from hfhate.config import Paths, environment, resolve_log_dir, setup_logging
from hfhate.services import accounts
from hfhate.startup import prepare_store

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "demo"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m bench._hfhate_window DATA_DIR", file=sys.stderr)
        return 2
    setup_logging(resolve_log_dir(environment()))
    app = make_application()
    ready = prepare_store(Paths(Path(argv[1])))
    try:
        with ready.store.session_factory.begin() as session:
            actor = accounts.attempt_sign_in(session, ready.device_id, DEMO_USERNAME, DEMO_PASSWORD)
        if actor is None:
            print(f"sign-in as {DEMO_USERNAME!r} was refused", file=sys.stderr)
            return 3
        window = build_main_window(ready, actor)
        window.show()
        return exit_when_exposed(app, window)
    finally:
        ready.store.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv))

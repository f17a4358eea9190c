"""Where hfhate keeps its files, and how it logs errors.

The data directory holds the local store, its backups, evidence files and the window settings.
It is ``--data-dir`` if given, else ``HFHATE_DATA_DIR``, else the platformdirs user data
directory. Logs go to the platformdirs user log directory (``HFHATE_LOG_DIR`` overrides it),
so errors are kept even when the windowed app has no console.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import platformdirs

from hfhate import APP_AUTHOR, APP_NAME
from hfhate.safe_log import SafeFormatter, private_log_file

STORE_FILE_NAME = "hfhate.sqlite"
LOG_FILE_NAME = "hfhate.log"


@dataclass(frozen=True)
class Paths:
    """The files and folders of one data directory."""

    data_dir: Path

    @property
    def store(self) -> Path:
        return self.data_dir / STORE_FILE_NAME

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def evidence(self) -> Path:
        """Evidence photos, each stored under its SHA-256."""
        return self.data_dir / "evidence"

    @property
    def window_settings(self) -> Path:
        return self.data_dir / "window.ini"


def resolve_data_dir(cli_value: str | None, environ: Mapping[str, str]) -> Path:
    """Pick the data directory: command line, then environment, then the platform default."""
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    if environ.get("HFHATE_DATA_DIR"):
        return Path(environ["HFHATE_DATA_DIR"]).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def resolve_log_dir(environ: Mapping[str, str]) -> Path:
    if environ.get("HFHATE_LOG_DIR"):
        return Path(environ["HFHATE_LOG_DIR"]).expanduser().resolve()
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def setup_logging(log_dir: Path) -> Path:
    """Log to a rotating file, and send uncaught errors there too.

    Messages meant for a person are printed by the command line or shown by the window;
    the log file keeps them all, with tracebacks (types and places, no messages: they can
    hold personal data), for support.
    """
    log_file = log_dir / LOG_FILE_NAME
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for handler in list(root.handlers):
        root.removeHandler(handler)
    # Mode 0600 in a 0700 folder; exceptions as their type and place, never their message.
    file_handler = private_log_file(log_file)
    root.addHandler(file_handler)

    def log_uncaught(
        kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        logging.getLogger("hfhate").critical("Uncaught error", exc_info=(kind, value, tb))
        if sys.stderr is not None:
            print(
                "hfhate stopped on an unexpected error:\n"
                + SafeFormatter().formatException((kind, value, tb)),
                file=sys.stderr,
            )

    sys.excepthook = log_uncaught
    return log_file


def environment() -> Mapping[str, str]:
    """The process environment, passed in rather than read deep inside the code."""
    return os.environ

"""``hfhate-server serve``: one process, or ``--workers N`` of them, under uvicorn.

uvicorn's own supervisor rather than gunicorn: no further dependency, and since uvicorn 0.30
it restarts a worker that dies, replaces them one by one on SIGHUP and passes SIGTERM on to
every worker. Each worker is a fresh interpreter that imports
``hfhate.server.app:app_from_environment`` and builds its app from the environment: the data
folder (``HFHATE_SERVER_DATA_DIR``) and database URL (``HFHATE_DATABASE_URL``) set here, so a
password in the URL never reaches a command line; the rest as ``ServerSettings.resolve`` reads
it. On SIGTERM a worker stops accepting, lets the requests in flight finish for up to
``--graceful-timeout`` seconds, then closes; a push cut off at that point was never committed
(a push is one transaction) and the laptop sends it again (its change ids make that safe).

Several workers need PostgreSQL: docs/sync.md promises several processes on one PostgreSQL
database, not on one SQLite file, so that is refused in one line. With several workers the
metrics go through a private folder of files (``metrics.py``), made empty here.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from sqlalchemy.engine import make_url

from hfhate.server.metrics import MULTIPROC_ENV
from hfhate.server.settings import DATA_DIR_ENV, ServerSettings

GRACEFUL_TIMEOUT = 30  # seconds: a push of 500 changes takes a few; nginx waits 60


class Refused(Exception):
    """``serve`` cannot start as asked: the one line to say."""


def check(settings: ServerSettings, workers: int) -> None:
    if workers < 1:
        raise Refused("--workers must be 1 or more.")
    if workers > 1 and make_url(settings.database_url).get_backend_name() == "sqlite":
        raise Refused(
            "Several workers need PostgreSQL (--database-url or HFHATE_DATABASE_URL); "
            "a SQLite database is served by one worker: leave out --workers."
        )


def serve(
    settings: ServerSettings,
    host: str,
    port: int,
    workers: int = 1,
    graceful_timeout: int = GRACEFUL_TIMEOUT,
) -> int:
    import uvicorn

    check(settings, workers)
    os.environ[DATA_DIR_ENV] = str(settings.data_dir.resolve())
    os.environ["HFHATE_DATABASE_URL"] = settings.database_url
    made = None
    if workers > 1:
        given = os.environ.get(MULTIPROC_ENV)
        folder = Path(given) if given else Path(tempfile.mkdtemp(prefix="hfhate-metrics-"))
        made = None if given else folder
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for old in folder.glob("*.db"):  # counts of an earlier run
            old.unlink()
        os.environ[MULTIPROC_ENV] = str(folder)
    try:
        uvicorn.run(
            "hfhate.server.app:app_from_environment",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            timeout_graceful_shutdown=graceful_timeout,
            proxy_headers=False,  # request_log.Requests reads them, from the proxy only
            access_log=False,  # request_log writes one JSON line a request instead
            log_level="info",
            log_config=None,  # the handler of request_log.log_as_json_lines
            server_header=False,
        )
    finally:
        if made is not None:
            shutil.rmtree(made, ignore_errors=True)
    return 0

"""Running sync work (enrol, sync) in a worker thread, so the window stays responsive.

``StoreJob`` opens its own engine on the store file (``make_engine`` sets WAL and the busy
timeout on each connection), so every session of the work belongs to the worker thread; it
never touches widgets and reports through signals, which Qt delivers in the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from hfhate.config import Paths
from hfhate.models.db import make_engine, make_session_factory
from hfhate.models.store import Store
from hfhate.sync.transport import SyncError

log = logging.getLogger(__name__)

Work = Callable[[Store], object]


class JobSignals(QObject):
    """What a job reports: its result, or a failure in plain words."""

    finished = Signal(object)
    failed = Signal(str)


class StoreJob(QRunnable):
    """Run ``work(store)`` on a store of its own over the same file."""

    def __init__(self, paths: Paths, work: Work) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the page keeps the job until it reports
        self.paths = paths
        self.work = work
        self.signals = JobSignals()

    def start(self) -> None:
        QThreadPool.globalInstance().start(self)

    def run(self) -> None:
        engine = make_engine(self.paths.store)
        try:
            result = self.work(Store(self.paths, engine, make_session_factory(engine)))
        except SyncError as error:
            self.signals.failed.emit(str(error))
        except Exception as error:  # reported on screen, with the details in the log
            log.exception("Sync work failed")
            self.signals.failed.emit(f"Sync stopped because of an error in hfhate ({error}). "
                                     "Nothing waiting to be sent has been lost.")
        else:
            self.signals.finished.emit(result)
        finally:
            engine.dispose()

"""Running sync work (enrol, sync, reachability checks) in a worker thread, so the window stays
responsive.

``Job`` runs a function in the global thread pool and reports through signals, which Qt
delivers in the GUI thread; the work never touches widgets. ``StoreJob`` first opens its own
engine on the store file with the store key (``connect_store``: SQLCipher with WAL and the
busy timeout on each connection), so
every session of the work belongs to the worker thread. The work may report how far it has got
through ``signals.progress`` (stage, done, total), emitted from the worker thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from hfhate.config import Paths
from hfhate.models.store import Store, connect_store
from hfhate.safe_log import describe_exception
from hfhate.sync.errors import EraseOrdered, SyncError

log = logging.getLogger(__name__)

Work = Callable[[Store], object]


class JobSignals(QObject):
    """What a job reports: how far it got, its result, or a failure in plain words."""

    progress = Signal(str, int, int)
    finished = Signal(object)
    failed = Signal(str)
    erase = Signal(object)  # the server ordered this laptop erased: the EraseOrdered


class Job(QRunnable):
    """Run ``work()`` in the thread pool; the result or the failure comes back as a signal."""

    # Jobs running now: each stays alive until its work ends, even if its owner (a window
    # closed meanwhile) is gone, so the thread never runs a deleted job.
    running: set[Job] = set()

    def __init__(self, work: Callable[[], object]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the owner keeps the job until it reports
        self.work = work
        self.signals = JobSignals()

    def start(self) -> None:
        Job.running.add(self)
        QThreadPool.globalInstance().start(self)

    def run(self) -> None:
        try:
            self._report()
        finally:
            Job.running.discard(self)

    def _report(self) -> None:
        try:
            result = self.work()
        except EraseOrdered as order:  # the window erases the folder once its store is closed
            self.signals.erase.emit(order)
        except SyncError as error:
            self.signals.failed.emit(str(error))
        except Exception as error:  # reported on screen, with its type and place in the log
            # Never the error's message: a database error's can hold a record's values.
            log.error("Sync work failed: %s", describe_exception(error))
            self.signals.failed.emit(
                f"Sync stopped because of an error in hfhate ({type(error).__name__}). "
                "Nothing waiting to be sent has been lost."
            )
        else:
            self.signals.finished.emit(result)


class StoreJob(Job):
    """Run ``work(store)`` on a store of its own over the same file."""

    def __init__(self, paths: Paths, store_key: bytes, work: Work) -> None:
        super().__init__(self._on_own_store)
        self.paths = paths
        self.store_key = store_key
        self.store_work = work

    def _on_own_store(self) -> object:
        store = connect_store(self.paths, self.store_key)
        try:
            return self.store_work(store)
        finally:
            store.close()

"""Counting and report-making off the GUI thread, so the window never freezes.

``ReportJob`` runs ``work(session)`` on Qt's global thread pool in a transaction of its own,
from the store's session factory (the cipher engine's pool hands each thread its own
connection; no session crosses threads). It never touches widgets: the result or a failure in
plain words comes back as a signal, which Qt delivers in the GUI thread, with the number the
asker gave it, so an answer to an older question (the period changed meanwhile) is ignored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from sqlalchemy.orm import Session, sessionmaker

from hfhate.safe_log import describe_exception
from hfhate.services.errors import ServiceError

log = logging.getLogger(__name__)

Work = Callable[[Session], Any]


class JobSignals(QObject):
    """The asker's number with the result, or with a failure in plain words."""

    finished = Signal(int, object)
    failed = Signal(int, str)


class ReportJob(QRunnable):
    """Run ``work(session)`` in the thread pool; ``number`` comes back with its answer."""

    # Jobs running now: each lives until its work ends, even if the page that asked is gone.
    running: set[ReportJob] = set()

    def __init__(
        self, session_factory: sessionmaker[Session], work: Work, number: int, what: str
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.session_factory = session_factory
        self.work = work
        self.number = number
        self.what = what  # "The figures", "The report": how a failure starts
        self.signals = JobSignals()

    def start(self) -> None:
        ReportJob.running.add(self)
        QThreadPool.globalInstance().start(self)

    def run(self) -> None:
        try:
            with self.session_factory.begin() as session:
                result = self.work(session)
        except ServiceError as refusal:  # the services' own words
            self.signals.failed.emit(self.number, str(refusal))
        except OSError as error:  # the file could not be written: the folder, the disk
            self.signals.failed.emit(
                self.number, f"{self.what} could not be saved: {error.strerror or error}."
            )
        except Exception as error:  # never the message: a database error's can hold values
            log.error("%s could not be made: %s", self.what, describe_exception(error))
            self.signals.failed.emit(
                self.number,
                f"{self.what} could not be made because of an error in hfhate "
                f"({type(error).__name__}). Nothing has been changed; try again.",
            )
        else:
            self.signals.finished.emit(self.number, result)
        finally:
            ReportJob.running.discard(self)

"""Writing a PDF in a worker thread, with progress, so the window stays responsive.

``PdfJob`` runs a write function (notices or letters) on Qt's global thread pool. It never
touches widgets: it reports through signals, which Qt delivers in the GUI thread. ``stop()``
asks it to end after the current notice; then nothing is written.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from hfhate.printing.layout import PrintingStopped

log = logging.getLogger(__name__)

# write(target, progress=..., stop=...) -> pages, as notice_pdf.write_notices and
# letters_pdf.write_letters are once their documents and wording are bound.
Write = Callable[..., int]


class JobSignals(QObject):
    """What a job reports: progress (done, total), the PDF written, a stop or a failure."""

    progress = Signal(int, int)
    finished = Signal(str, int)
    stopped = Signal()
    failed = Signal(str)


class PdfJob(QRunnable):
    """Write one PDF to ``path`` (through a partial file, renamed when complete)."""

    def __init__(self, write: Write, path: Path) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the page keeps the job until it reports
        self.write = write
        self.path = path
        self.signals = JobSignals()
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    def start(self) -> None:
        QThreadPool.globalInstance().start(self)

    def run(self) -> None:
        partial = self.path.with_name(self.path.name + ".partial")
        try:
            pages = self.write(partial, progress=self.signals.progress.emit, stop=self._stop.is_set)
            partial.replace(self.path)
        except PrintingStopped:
            self.signals.stopped.emit()
        except Exception as error:  # reported on screen, with the details in the log
            log.exception("Writing %s failed", self.path.name)
            self.signals.failed.emit(f"The PDF could not be made: {error}")
        else:
            self.signals.finished.emit(str(self.path), pages)
        finally:
            partial.unlink(missing_ok=True)

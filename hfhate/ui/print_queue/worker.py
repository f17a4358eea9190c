"""Writing a PDF in a worker thread, with progress, so the window stays responsive.

``PdfJob`` runs a write function (notices or letters) on Qt's global thread pool. The PDF is
made in memory and handed over as bytes: it holds personal data, so it is never written to a
file, temporary or not (issue 13). The job never touches widgets: it reports through signals,
which Qt delivers in the GUI thread. ``stop()`` asks it to end after the current notice; then
nothing is made.
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from hfhate.printing.layout import PrintingStopped

log = logging.getLogger(__name__)

# write(target, progress=..., stop=...) -> pages, as notice_pdf.write_notices and
# letters_pdf.write_letters are once their documents and wording are bound.
Write = Callable[..., int]


class JobSignals(QObject):
    """What a job reports: progress (done, total), the PDF made (bytes, pages), a stop or a
    failure."""

    progress = Signal(int, int)
    finished = Signal(bytes, int)
    stopped = Signal()
    failed = Signal(str)


class PdfJob(QRunnable):
    """Make one PDF in memory with ``write``."""

    def __init__(self, write: Write) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the page keeps the job until it reports
        self.write = write
        self.signals = JobSignals()
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    def start(self) -> None:
        QThreadPool.globalInstance().start(self)

    def run(self) -> None:
        pdf = io.BytesIO()
        try:
            pages = self.write(pdf, progress=self.signals.progress.emit, stop=self._stop.is_set)
        except PrintingStopped:
            self.signals.stopped.emit()
        except Exception as error:  # reported on screen, with the details in the log
            log.exception("Making a PDF failed")
            self.signals.failed.emit(f"The PDF could not be made: {error}")
        else:
            self.signals.finished.emit(pdf.getvalue(), pages)

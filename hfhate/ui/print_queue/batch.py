"""One batch of notices or reminder letters: made into a PDF in a worker, then recorded.

``BatchRunner`` is shared by the print queue and the print dialog after issue. The batch's PDF
holds names and addresses in clear, so it lives in memory only (``ready`` hands over its bytes):
nothing is written to the data folder or a temporary folder, and only Save PDF… puts it on
disk, where the person chooses. The ``print-previews`` folder an earlier version kept previews
in is shredded when a runner starts. Once the PDF is printed or saved the runner records the
prints through the services, in one transaction. Printed or saved reminder letters are not
sent: they wait (``unposted``) until the supervisor records them as posted, with the date of
posting (``record_posted``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from hfhate.printing.layout import Target
from hfhate.printing.letters_pdf import write_letters
from hfhate.printing.notice_pdf import write_notices
from hfhate.printing.particulars import Layout, NoticeToPrint, ReminderLetter
from hfhate.printing.template import Wording
from hfhate.security.private_files import shred
from hfhate.services.notices import print_queue as printing
from hfhate.ui.context import UiContext
from hfhate.ui.operations import ShowMessage
from hfhate.ui.print_queue.worker import PdfJob

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

# Where versions before issue 13 kept preview PDFs in clear; swept away at start.
OLD_PREVIEW_FOLDER = "print-previews"


def sweep_old_previews(data_dir: Path) -> None:
    """Shred every file an earlier version left in ``print-previews``, and the folder."""
    folder = data_dir / OLD_PREVIEW_FOLDER
    try:
        if folder.is_symlink():
            folder.unlink()
        if not folder.is_dir():
            return
        for path in sorted(folder.rglob("*"), reverse=True):  # files before their folders
            if path.is_symlink():
                path.unlink()  # not shredded: that would overwrite what it points at
            elif path.is_dir():
                path.rmdir()
            else:
                shred(path)
        folder.rmdir()
    except OSError as error:  # tried again at the next start; printing still works
        log.warning("An old preview folder could not be removed: %s", error.strerror)


@dataclass(frozen=True)
class Batch:
    """What one PDF holds: notices (with how they print) or reminder letters."""

    wording: Wording
    notices: tuple[NoticeToPrint, ...] = ()
    letters: tuple[ReminderLetter, ...] = ()
    layout: Layout = Layout.A4
    reminder: int = 0
    skipped: tuple[printing.Skipped, ...] = field(default_factory=tuple)

    @property
    def size(self) -> int:
        return len(self.letters) if self.reminder else len(self.notices)

    @property
    def suggested_name(self) -> str:
        if self.reminder:
            return f"reminder-{self.reminder}-letters.pdf"
        if len(self.notices) == 1:
            return f"notice-{self.notices[0].particulars.number}.pdf"
        return f"notices-{len(self.notices)}.pdf"

    def write(
        self, target: Target, *, progress: Callable[[int, int], None], stop: Callable[[], bool]
    ) -> int:
        if self.reminder:
            return write_letters(target, self.letters, self.wording, progress=progress, stop=stop)
        return write_notices(
            target, self.notices, self.wording, self.layout, progress=progress, stop=stop
        )


class BatchRunner(QObject):
    """Makes a batch's PDF in the worker pool and records it once it is printed or saved."""

    progress = Signal(int, int)
    ready = Signal(bytes, int)  # the PDF, and its pages
    stopped = Signal()
    failed = Signal(str)

    def __init__(self, ctx: UiContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.batch: Batch | None = None
        self.job: PdfJob | None = None
        self.pdf: bytes | None = None
        self.stop_asked = False
        # Reminder letters printed or saved, not yet recorded as posted.
        self.unposted: Batch | None = None
        sweep_old_previews(ctx.paths.data_dir)

    @property
    def busy(self) -> bool:
        return self.job is not None

    def start(self, batch: Batch) -> None:
        """Make ``batch``'s PDF in memory; the previous one is forgotten."""
        self.discard()
        self.batch = batch
        job = PdfJob(partial(Batch.write, batch))
        job.signals.progress.connect(self.progress)
        job.signals.finished.connect(self._finished)
        job.signals.stopped.connect(self._stopped)
        job.signals.failed.connect(self._failed)
        self.job = job
        self.stop_asked = False
        job.start()

    def stop(self) -> None:
        if self.job is not None:
            self.stop_asked = True
            self.job.stop()

    @Slot(bytes, int)  # the job's signals are delivered to these in the GUI thread
    def _finished(self, pdf: bytes, pages: int) -> None:
        if self.stop_asked:  # Cancel came after the last page but before this was delivered
            self._stopped()
            return
        self.job = None
        self.pdf = pdf
        self.ready.emit(pdf, pages)

    @Slot()
    def _stopped(self) -> None:
        self.job, self.batch = None, None
        self.stopped.emit()

    @Slot(str)
    def _failed(self, message: str) -> None:
        self.job, self.batch = None, None
        self.failed.emit(message)

    def record(self, destination: str, reason: str, show_error: ShowMessage) -> str | None:
        """Record the printed or saved batch; returns what happened, in words.

        None when the services refuse (a reason too short, say): ``show_error`` says why, and
        nothing is recorded.
        """
        batch = self.batch
        assert batch is not None
        done = self.ctx.run(
            lambda session: self._record(session, batch, destination, reason),
            show_error=show_error,
            show_field_errors=lambda errors: show_error(next(iter(errors.values()))),
        )
        return done.value if done is not None else None

    def _record(self, session: Session, batch: Batch, destination: str, reason: str) -> str:
        if batch.reminder:
            self.unposted = batch
            count = len(batch.letters)
            return (
                f"{count} reminder letter{'s' if count != 1 else ''} {destination}. Nothing is "
                "recorded as sent until you record them as posted."
            )
        count = printing.record_prints(
            session,
            self.ctx.actor,
            batch.notices,
            reason=reason,
            layout=batch.layout,
            destination=destination,
        )
        return f"{count} notice{'s' if count != 1 else ''} {destination}."

    def record_posted(
        self,
        posted_on: date,
        show_error: ShowMessage,
        show_field_errors: Callable[[dict[str, str]], None],
    ) -> str | None:
        """Record the unposted letters as posted on ``posted_on``; what happened, in words.

        None when the services refuse (a date in the future, say): nothing is recorded.
        """
        batch = self.unposted
        assert batch is not None
        done = self.ctx.run(
            lambda session: printing.send_reminder_letters(
                session,
                self.ctx.actor,
                batch.letters,
                destination="posted",
                posted_on=posted_on,
            ),
            show_error=show_error,
            show_field_errors=show_field_errors,
        )
        if done is None:
            return None
        self.unposted = None
        sent, late = done.value
        message = (
            f"{sent} reminder letter{'s' if sent != 1 else ''} recorded as posted on "
            f"{posted_on:%d %B %Y}."
        )
        if late:
            message += " Not sent (take their letters out of the post): " + "; ".join(
                f"{s.number}: {s.reason}" for s in late
            )
        return message

    def days_to_pay(self) -> int:
        """The days to pay the unposted letters give, from their wording."""
        assert self.unposted is not None
        reminder = self.unposted.reminder
        return int(self.unposted.wording.letter(reminder)["days_to_pay"])

    def discard(self) -> None:
        """Forget the batch (stopping its job, whose reports are then ignored) and its PDF."""
        if self.job is not None:
            self.job.signals.blockSignals(True)
            self.job.stop()
            self.job = None
        self.pdf, self.batch = None, None

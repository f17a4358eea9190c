"""One batch of notices or reminder letters: made into a PDF in a worker, then recorded.

``BatchRunner`` is shared by the print queue and the print dialog after issue. It writes the
batch's PDF into the data folder's ``print-previews`` folder (the data folder is where personal
data is kept; the file is removed when the next batch replaces it or the screen closes), and
once the PDF is printed or saved it records the prints through the services, in one
transaction. Printed or saved reminder letters are not sent: they wait (``unposted``) until
the supervisor records them as posted, with the date of posting (``record_posted``).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from hfhate.printing.letters_pdf import write_letters
from hfhate.printing.notice_pdf import write_notices
from hfhate.printing.particulars import Layout, NoticeToPrint, ReminderLetter
from hfhate.printing.template import Wording
from hfhate.services.notices import print_queue as printing
from hfhate.ui.context import UiContext
from hfhate.ui.operations import ShowMessage
from hfhate.ui.print_queue.worker import PdfJob

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

PREVIEW_FOLDER = "print-previews"
STALE_AFTER_S = 24 * 3600


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
        self, target: Path, *, progress: Callable[[int, int], None], stop: Callable[[], bool]
    ) -> int:
        if self.reminder:
            return write_letters(target, self.letters, self.wording, progress=progress, stop=stop)
        return write_notices(
            target, self.notices, self.wording, self.layout, progress=progress, stop=stop
        )


class BatchRunner(QObject):
    """Makes a batch's PDF in the worker pool and records it once it is printed or saved."""

    progress = Signal(int, int)
    ready = Signal(str, int)
    stopped = Signal()
    failed = Signal(str)

    def __init__(self, ctx: UiContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.folder = ctx.paths.data_dir / PREVIEW_FOLDER
        self.batch: Batch | None = None
        self.job: PdfJob | None = None
        self.path: Path | None = None
        # Reminder letters printed or saved, not yet recorded as posted.
        self.unposted: Batch | None = None
        self._remove_stale()

    @property
    def busy(self) -> bool:
        return self.job is not None

    def start(self, batch: Batch) -> None:
        """Make ``batch``'s PDF; the previous preview file is removed."""
        self.discard()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.batch = batch
        job = PdfJob(partial(Batch.write, batch), self.folder / f"{uuid.uuid4().hex}.pdf")
        job.signals.progress.connect(self.progress)
        job.signals.finished.connect(self._finished)
        job.signals.stopped.connect(self._stopped)
        job.signals.failed.connect(self._failed)
        self.job = job
        job.start()

    def stop(self) -> None:
        if self.job is not None:
            self.job.stop()

    @Slot(str, int)  # the job's signals are delivered to these in the GUI thread
    def _finished(self, path: str, pages: int) -> None:
        self.job = None
        self.path = Path(path)
        self.ready.emit(path, pages)

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
        """Forget the batch (stopping its job, whose reports are then ignored) and its file."""
        if self.job is not None:
            self.job.signals.blockSignals(True)
            self.job.stop()
            self.job = None
        if self.path is not None:
            self.path.unlink(missing_ok=True)
        self.path, self.batch = None, None

    def _remove_stale(self) -> None:
        if not self.folder.is_dir():
            return
        for old in self.folder.glob("*.pdf*"):
            if time.time() - old.stat().st_mtime > STALE_AFTER_S:
                old.unlink(missing_ok=True)

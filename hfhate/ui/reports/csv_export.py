"""The "Export CSV…" buttons: a list of notices, warnings or sessions, or a dashboard table.

A list of notices or warnings names the people given them (personal data): the user first
reads ``PERSONAL_DATA_WARNING`` and confirms, then chooses the file. The sessions list names no
member of the public and needs no confirmation. Both exports are audited by the service. A
dashboard table is counts only and is written without asking. What was written is
said in the window's status bar (and returned, for screens without one).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget

from hfhate.services.engagement.queries import SessionFilter
from hfhate.services.errors import ServiceError
from hfhate.services.notices.queries import NoticeFilter
from hfhate.services.reports import exports
from hfhate.services.reports.figures import Breakdown
from hfhate.ui.context import UiContext

CSV_FILES = "CSV files (*.csv)"
TITLE = "Export CSV"


def file_name(words: str) -> str:
    """``Notices by ward March 2026`` as ``notices-by-ward-march-2026.csv``."""
    return re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-") + ".csv"


def choose_file(parent: QWidget, suggested: str) -> Path | None:
    """The file the user chose to write (``.csv`` added when left off), or None."""
    chosen, _kind = QFileDialog.getSaveFileName(
        parent, TITLE, str(Path.home() / suggested), CSV_FILES
    )
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".csv" else path.with_name(path.name + ".csv")


def confirm_personal_data(parent: QWidget) -> bool:
    answer = QMessageBox.question(
        parent,
        "Export personal data?",
        exports.PERSONAL_DATA_WARNING,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def tell(parent: QWidget, message: str) -> str:
    window = parent.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(message, 10_000)
    return message


def rows_written(count: int, path: Path) -> str:
    return f"{count:,} row{'' if count == 1 else 's'} written to {path}."


def export_list_csv(
    parent: QWidget, ctx: UiContext, flt: NoticeFilter | SessionFilter, what: str
) -> str | None:
    """Export the list ``flt`` shows (``what``: "notices", "warnings", "sessions"), notices
    and warnings once the user confirms (they name the public; sessions do not); returns what
    was said, or None when nothing was written."""
    if isinstance(flt, NoticeFilter) and not confirm_personal_data(parent):
        return None
    out = choose_file(parent, file_name(what))
    if out is None:
        return None
    if isinstance(flt, NoticeFilter):
        notices = flt
        done = ctx.run(
            lambda session: exports.export_notices(
                session, ctx.actor, notices, out, confirmed=True
            ),
            parent=parent,
            refusals=(ServiceError, OSError),
        )
    else:
        sessions = flt
        done = ctx.run(
            lambda session: exports.export_sessions(
                session, ctx.actor, sessions, out, confirmed=True
            ),
            parent=parent,
            refusals=(ServiceError, OSError),
        )
    return None if done is None else tell(parent, rows_written(done.value, out))


def export_breakdown_csv(
    parent: QWidget, rows: Sequence[Breakdown], heading: Sequence[str], words: str
) -> str | None:
    """Write a dashboard table (counts, no personal data) to a file the user chooses."""
    out = choose_file(parent, file_name(words))
    if out is None:
        return None
    try:
        count = exports.export_breakdown(rows, heading, out)
    except OSError as error:
        QMessageBox.warning(
            parent, TITLE, f"The file could not be written: {error.strerror or error}."
        )
        return None
    return tell(parent, rows_written(count, out))

"""Record as posted: the second step of reminder letters, once they are in the post.

Making and printing the letters changes nothing. This dialog asks the date the letters were
posted (today by default; not in the future, not before the letters' date) and makes the
supervisor confirm; its ``record`` callback moves each notice to its reminder, whose last date
to pay then runs from that date. A refusal shows beside the date or on the problem line.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QDialog, QFormLayout, QWidget

from hfhate.clock import london_date
from hfhate.models import utc_now
from hfhate.ui.dialogs import dialog_buttons, dialog_layout, problem_label
from hfhate.ui.forms import FieldErrors, read_date, show_problem
from hfhate.ui.notices.filters import name_inner_editor

# Records the letters as posted on the date given; returns what happened in words, or None
# after showing why not (through the two callbacks it is given).
Record = Callable[[date, Callable[[str], None], Callable[[dict[str, str]], None]], str | None]


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class PostedDialog(QDialog):
    """Ask the date of posting of a batch of reminder letters, and record it."""

    def __init__(
        self,
        count: int,
        reminder: int,
        letter_date: date,
        days_to_pay: int,
        record: Record,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("posted_dialog")
        label = "first" if reminder == 1 else "second"
        letters = f"{count} {label} reminder letter{'s' if count != 1 else ''}"
        self.today = london_date(utc_now())
        self.record = record
        self.message: str | None = None
        self.column = dialog_layout(
            self,
            "Record as posted",
            f"Only record the {letters} once they are in the post. Each notice then moves to "
            f"'{label} reminder sent', and its last date to pay is {days_to_pay} days after "
            f"the date of posting. The letters are dated {letter_date:%d %B %Y}.",
            width_chars=60,
        )
        form = QFormLayout()
        self.rows = FieldErrors(form)
        self.posted_on = QDateEdit(_qdate(self.today))
        self.posted_on.setCalendarPopup(True)
        self.posted_on.setDisplayFormat("dd MMM yyyy")
        self.posted_on.setMinimumDate(_qdate(min(letter_date, self.today)))
        self.posted_on.setMaximumDate(_qdate(self.today))
        self.rows.add(
            "posted_on",
            "&Posted on",
            self.posted_on,
            hint="The day the letters went in the post: not before their date, not in the future.",
        )
        name_inner_editor(self.posted_on, "Posted on")
        self.column.addLayout(form)
        self.problem = problem_label()
        self.column.addWidget(self.problem)
        buttons, self.save_button = dialog_buttons(
            self, f"Record {letters} as posted", "Not yet", on_accept=self.save
        )
        self.column.addWidget(buttons)
        self.posted_on.setFocus()

    def save(self) -> None:
        self.rows.clear()
        message = self.record(read_date(self.posted_on), self.refused, self.rows.show_errors)
        if message is not None:
            self.message = message
            self.accept()

    def refused(self, text: str) -> None:
        self.rows.clear()
        show_problem(self.problem, text)

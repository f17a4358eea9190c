"""What the officer sees once a warning or notice is saved: the number, large, and what next."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from hfhate.models import FixedPenaltyNotice, NoticeKind, NoticeStatus
from hfhate.printing.particulars import pounds
from hfhate.ui.forms import heading, set_role


@dataclass(frozen=True)
class NoticeOutcome:
    """A saved warning or notice, as plain values for the result screen."""

    notice_id: uuid.UUID
    kind: NoticeKind
    status: NoticeStatus
    number: str | None
    recipient_name: str
    place: str
    amount_pence: int | None
    reduced_amount_pence: int | None
    reduced_until: date | None
    pay_by: date | None
    photos: int

    @classmethod
    def of(cls, notice: FixedPenaltyNotice, photos: int) -> NoticeOutcome:
        return cls(
            notice.id,
            notice.kind,
            notice.status,
            notice.number,
            notice.recipient_name,
            notice.place,
            notice.amount_pence,
            notice.reduced_amount_pence,
            notice.reduced_until,
            notice.pay_by,
            photos,
        )

    @property
    def title(self) -> str:
        if self.kind is NoticeKind.WARNING:
            return "Warning recorded"
        if self.status is NoticeStatus.REFERRED_TO_POLICE:
            return "Referred to police"
        return "Notice issued"

    @property
    def explanation(self) -> str:
        photos = f" {self.photos} photo{'s' if self.photos != 1 else ''} kept as evidence."
        if self.kind is NoticeKind.WARNING:
            return (
                f"A warning to {self.recipient_name} at {self.place} is on record. "
                f"There is no penalty.{photos if self.photos else ''}"
            )
        if self.status is NoticeStatus.REFERRED_TO_POLICE:
            return (
                "The recipient refused their details, so no notice was issued and no "
                "number was used. The record, with your description of the person, is "
                f"referred to police.{photos if self.photos else ''}"
            )
        lines = [f"Write this number on the notice you give to {self.recipient_name}."]
        if self.amount_pence is not None and self.pay_by is not None:
            amount = pounds(self.amount_pence)
            if self.reduced_amount_pence is not None and self.reduced_until is not None:
                lines.append(
                    f"{pounds(self.reduced_amount_pence)} if paid by "
                    f"{_day(self.reduced_until)}, otherwise {amount} by "
                    f"{_day(self.pay_by)}."
                )
            else:
                lines.append(f"{amount} to be paid by {_day(self.pay_by)}.")
        if self.photos:
            lines.append(photos.strip())
        return "\n".join(lines)


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


class ResultView(QWidget):
    """The outcome of the last save, and a button to start another."""

    start_another = Signal()
    print_requested = Signal(uuid.UUID)  # the notice id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title = heading("", 1.6)
        self.title.setObjectName("outcome_title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number = heading("", 2.8)
        self.number.setObjectName("outcome_number")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.explanation = QLabel()
        self.explanation.setObjectName("outcome_explanation")
        self.explanation.setWordWrap(True)
        self.explanation.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explanation.setMaximumWidth(self.fontMetrics().averageCharWidth() * 80)
        for widget in (self.title, self.number):
            layout.addWidget(widget)
        line = QHBoxLayout()
        line.addStretch(1)
        line.addWidget(self.explanation, 4)
        line.addStretch(1)
        layout.addLayout(line)
        self.start_button = QPushButton("&Start another")
        self.start_button.setAccessibleName("Start another")
        self.start_button.clicked.connect(self.start_another)
        self.print_button = QPushButton("&Print the notice…")
        self.print_button.setAccessibleName("Print the notice")
        self.print_button.clicked.connect(
            lambda: self.print_requested.emit(self.outcome.notice_id) if self.outcome else None
        )
        self.outcome: NoticeOutcome | None = None
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.start_button)
        buttons.addStretch(1)
        layout.addSpacing(self.fontMetrics().height())
        layout.addLayout(buttons)
        layout.addStretch(2)

    def show_outcome(self, outcome: NoticeOutcome) -> None:
        self.outcome = outcome
        self.print_button.setVisible(outcome.number is not None)
        self.title.setText(outcome.title)
        self.title.setAccessibleName(outcome.title)
        self.number.setText(outcome.number or "")
        self.number.setAccessibleName(f"Notice number {outcome.number}" if outcome.number else "")
        self.number.setVisible(bool(outcome.number))
        set_role(self.title, "alarm" if outcome.status is NoticeStatus.REFERRED_TO_POLICE else "ok")
        self.explanation.setText(outcome.explanation)
        self.start_button.setFocus()

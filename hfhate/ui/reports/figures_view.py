"""The dashboard's headline figures, in three boxes: warnings and notices, engagement, and
victims and referrals.

Each figure is a label named ``figure_<name>`` (for tests and for assistive technology, whose
name is the words beside it). A payment rate or confidence change that cannot be worked out
(nothing to divide by, no answers) shows as a dash.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QWidget

from hfhate.services.reports.figures import DashboardFigures

NOT_WORKED_OUT = "–"

Figure = tuple[str, str, Callable[[DashboardFigures], str]]


def whole(number: int) -> str:
    return f"{number:,}"


def rate(value: float | None) -> str:
    return NOT_WORKED_OUT if value is None else f"{value:.0%}"


def change(value: float | None) -> str:
    """A change in mean confidence (points on its scale), with its sign."""
    return NOT_WORKED_OUT if value is None else f"{value:+.1f}"


NOTICE_FIGURES: tuple[Figure, ...] = (
    ("warnings_issued", "Warnings given", lambda f: whole(f.notices.warnings_issued)),
    ("notices_issued", "Notices issued", lambda f: whole(f.notices.notices_issued)),
    ("paid_full", "Paid in full", lambda f: whole(f.notices.paid_full)),
    ("paid_reduced", "Paid at the reduced amount", lambda f: whole(f.notices.paid_reduced)),
    ("cancelled", "Cancelled", lambda f: whole(f.notices.cancelled)),
    ("unpaid", "Unpaid", lambda f: whole(f.notices.unpaid)),
    ("referred_to_police", "Referred to the police", lambda f: whole(f.notices.referred_to_police)),
    ("prosecuted", "Referred for prosecution", lambda f: whole(f.notices.prosecuted)),
    ("payment_rate", "Payment rate", lambda f: rate(f.notices.payment_rate)),
)
ENGAGEMENT_FIGURES: tuple[Figure, ...] = (
    ("sessions", "Sessions delivered", lambda f: whole(f.engagement.sessions)),
    ("attendees", "Attendees", lambda f: whole(f.engagement.attendees)),
    ("staff_trained", "Staff trained", lambda f: whole(f.engagement.staff_trained)),
    (
        "confidence_change",
        "Change in confidence",
        lambda f: change(f.engagement.confidence_change),
    ),
    ("follow_ups_open", "Follow-ups open", lambda f: whole(f.engagement.follow_ups_open)),
    ("follow_ups_overdue", "Of those, overdue", lambda f: whole(f.engagement.follow_ups_overdue)),
)
VICTIM_FIGURES: tuple[Figure, ...] = (
    ("incidents", "Incidents recorded", lambda f: whole(f.victims.incidents)),
    ("referrals_made", "Referrals made", lambda f: whole(f.victims.referrals_made)),
    (
        "referrals_acknowledged",
        "Of those, acknowledged",
        lambda f: whole(f.victims.referrals_acknowledged),
    ),
)
HINTS = {
    "payment_rate": "Notices paid (in full or reduced) out of those issued and not cancelled.",
    "confidence_change": "Attendees' average confidence after a session minus before it.",
    "prosecuted": "Referred for prosecution, including those since convicted or dismissed.",
}


class FiguresView(QWidget):
    """The three boxes of headline figures; ``show_figures`` fills them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_grid = QGridLayout(self)
        self.layout_grid.setContentsMargins(0, 0, 0, 0)
        self.values: dict[str, tuple[QLabel, Callable[[DashboardFigures], str]]] = {}
        # Figures side by side in two columns where there are many, so the charts start higher.
        self.boxes = [
            self._box("Warnings and notices issued", NOTICE_FIGURES, 2),
            self._box("Engagement delivered", ENGAGEMENT_FIGURES, 2),
            self._box("Victims and referrals", VICTIM_FIGURES, 1),
        ]
        self.wide: bool | None = None
        self.arrange(wide=True)

    def wide_width(self) -> int:
        """The width the three boxes need side by side."""
        spacing = self.layout_grid.horizontalSpacing()
        return sum(b.minimumSizeHint().width() for b in self.boxes) + 2 * max(spacing, 0)

    def arrange(self, *, wide: bool) -> None:
        """Three boxes in a row, or (on a narrow screen) victims under engagement."""
        if wide == self.wide:
            return
        self.wide = wide
        notices, engagement, victims = self.boxes
        for box in self.boxes:
            self.layout_grid.removeWidget(box)
        self.layout_grid.addWidget(notices, 0, 0, 1 if wide else 2, 1)
        self.layout_grid.addWidget(engagement, 0, 1)
        self.layout_grid.addWidget(victims, 0 if wide else 1, 2 if wide else 1)
        for column, stretch in enumerate((9, 7, 4) if wide else (1, 1, 0)):
            self.layout_grid.setColumnStretch(column, stretch)

    def _box(self, title: str, figures: tuple[Figure, ...], columns: int) -> QGroupBox:
        box = QGroupBox(title)
        box.setAccessibleName(title)
        grid = QGridLayout(box)
        grid.setVerticalSpacing(2)
        grid.setHorizontalSpacing(6)
        rows = -(-len(figures) // columns)
        for number, (name, words, value_of) in enumerate(figures):
            value = QLabel(NOT_WORKED_OUT)
            value.setObjectName(f"figure_{name}")
            value.setAccessibleName(words)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            caption = QLabel(words)
            caption.setBuddy(value)
            if name in HINTS:
                caption.setToolTip(HINTS[name])
                value.setToolTip(HINTS[name])
            column, row = 3 * (number // rows), number % rows
            grid.addWidget(caption, row, column)
            grid.addWidget(value, row, column + 1)
            self.values[name] = (value, value_of)
        for column in range(2, 3 * columns - 1, 3):  # a gap between the pairs
            grid.setColumnMinimumWidth(column, self.fontMetrics().averageCharWidth())
        grid.setRowStretch(rows, 1)
        return box

    def show_figures(self, figures: DashboardFigures) -> None:
        for label, value_of in self.values.values():
            label.setText(value_of(figures))

    def text(self, name: str) -> str:
        """What figure ``name`` shows now."""
        return self.values[name][0].text()

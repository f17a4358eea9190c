"""Pieces shared by the notice lists (Notices, Warnings, Due actions): the problem line under
the table, the count with its Open button, and which changes they (and a notice's page) show."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from hfhate.ui.forms import error_label

# A change to a notice or to its timeline (a payment, a decision, a print) refreshes them.
NOTICE_RECORDS = ("notices", "notice_events")


def add_list_footer(
    layout: QVBoxLayout,
    problem_name: str,
    open_selected: Callable[[], None],
    more: Sequence[QPushButton] = (),
) -> tuple[QLabel, QLabel, QPushButton]:
    """Add the red problem line and the "N notices ... Open…" row (with the ``more`` buttons
    before Open…); returns the line, the count and Open…."""
    problem = error_label("Problem", problem_name)
    layout.addWidget(problem)
    bottom = QHBoxLayout()
    count_label = QLabel()
    count_label.setObjectName("count")
    count_label.setAccessibleName("How many")
    open_button = QPushButton("Op&en…")
    open_button.setAccessibleName("Open")
    open_button.setEnabled(False)
    open_button.clicked.connect(open_selected)
    bottom.addWidget(count_label, 1)
    for extra in more:
        bottom.addWidget(extra)
    bottom.addWidget(open_button)
    layout.addLayout(bottom)
    return problem, count_label, open_button

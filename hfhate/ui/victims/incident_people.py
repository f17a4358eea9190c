"""The incident form's People section: the victims and witnesses chosen, each with a Remove.

People come from the person picker (someone recorded before, or someone new to record with the
incident); the section lists each with their part and says when no one is added yet.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from hfhate.services.victims.words import victim_words
from hfhate.ui.engagement.widgets import button
from hfhate.ui.forms import error_label, hint_label
from hfhate.ui.victims.person_picker import Picked

NOBODY = (
    "No one added yet. Add the victim, and any witness, so they are known next time "
    "and their story is not asked again."
)


class PeopleSection(QGroupBox):
    """The people chosen so far; ``add_requested`` when the officer asks to add one."""

    add_requested = Signal()
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("People", parent)
        self.chosen: list[Picked] = []
        self.roles = victim_words().person_roles
        column = QVBoxLayout(self)
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(2)
        column.addLayout(self.rows_box)
        self.nobody = hint_label(NOBODY)
        self.nobody.setObjectName("no_people")
        column.addWidget(self.nobody)
        self.error = error_label("People problem", "people_error", selectable=True)
        column.addWidget(self.error)
        line = QHBoxLayout()
        self.add_button = button("Add a &victim or witness…", self.add_requested.emit)
        line.addWidget(self.add_button)
        line.addStretch(1)
        column.addLayout(line)
        self._show()

    def add(self, picked: Picked) -> None:
        self.chosen.append(picked)
        self._show()
        self.edited.emit()

    def remove(self, index: int) -> None:
        del self.chosen[index]
        self._show()
        self.edited.emit()

    def row_text(self, picked: Picked) -> str:
        new = " (new: recorded when the incident is saved)" if picked.new is not None else ""
        return f"{picked.label}, {self.roles.get(picked.role, picked.role).lower()}{new}"

    def _show(self) -> None:
        while self.rows_box.count():
            item = self.rows_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for index, picked in enumerate(self.chosen):
            row = QWidget()
            row.setObjectName("person_row")
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            text = self.row_text(picked)
            label = QLabel(text)
            label.setWordWrap(True)
            line.addWidget(label, 1)
            remove = button("Remove", partial(self.remove, index))
            remove.setAccessibleName(f"Remove {picked.label}")
            line.addWidget(remove)
            self.rows_box.addWidget(row)
        self.nobody.setVisible(not self.chosen)

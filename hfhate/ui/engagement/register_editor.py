"""The attendance register of a training session: type a name, role and organisation, press
Enter (or Add to register), and the next person's name is ready to type.

People already saved keep their id, so a correction or removal is audited as such.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hfhate.services.engagement.rules import RegisterPerson
from hfhate.ui.engagement.widgets import button
from hfhate.ui.forms import error_label, line_edit
from hfhate.ui.tables import ListTableModel

ParentIndex = QModelIndex | QPersistentModelIndex


class RegisterModel(ListTableModel[RegisterPerson]):
    """The people on the register, in the order they were added."""

    HEADERS = ("Name", "Role", "Organisation")

    def add(self, person: RegisterPerson) -> None:
        row = len(self.rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.append(person)
        self.endInsertRows()

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.rows[row]
        self.endRemoveRows()

    def text(self, person: RegisterPerson, column: int) -> str:
        return (person.name, person.role, person.organisation)[column]


class RegisterEditor(QWidget):
    """Fields for the next person, the register so far, and Remove; emits ``changed``."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.default_organisation = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        entry = QGridLayout()
        self.name = self._field("Name", entry, 0)
        self.role = self._field("Role", entry, 1)
        self.organisation = self._field("Organisation", entry, 2)
        self.add_button = button("Add to registe&r", self.add_person)
        entry.addWidget(self.add_button, 1, 3)
        layout.addLayout(entry)
        self.problem = error_label("Register entry problem")
        layout.addWidget(self.problem)

        self.model = RegisterModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Attendance register")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(self.fontMetrics().height() * 8)
        layout.addWidget(self.table)
        below = QGridLayout()
        self.count_label = QLabel()
        self.count_label.setObjectName("register_count")
        self.remove_button = button("Remove t&he selected person", self.remove_selected)
        below.addWidget(self.count_label, 0, 0)
        below.setColumnStretch(0, 1)
        below.addWidget(self.remove_button, 0, 1)
        layout.addLayout(below)
        for field in (self.name, self.role, self.organisation):
            field.returnPressed.connect(self.add_person)
        self._update_count()

    def _field(self, label: str, grid: QGridLayout, column: int) -> QLineEdit:
        caption = QLabel(label)
        field = line_edit(200)
        field.setAccessibleName(label.replace("&", ""))
        caption.setBuddy(field)
        grid.addWidget(caption, 0, column)
        grid.addWidget(field, 1, column)
        return field

    def set_default_organisation(self, name: str) -> None:
        """The organisation filled in for the next person, unless the officer typed another."""
        if self.organisation.text() in ("", self.default_organisation):
            self.organisation.setText(name)
        self.default_organisation = name

    def add_person(self) -> None:
        name = " ".join(self.name.text().split())
        if not name:
            self.problem.setText("Type the person's name, then add them.")
            self.problem.show()
            self.name.setFocus()
            return
        self.problem.hide()
        self.model.add(
            RegisterPerson(name, self.role.text().strip(), self.organisation.text().strip())
        )
        self.name.clear()
        self.role.clear()
        self.organisation.setText(self.default_organisation)
        self.table.scrollToBottom()
        self.name.setFocus()
        self._update_count()
        self.changed.emit()

    def remove_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.model.remove(rows[0].row())
            self._update_count()
            self.changed.emit()

    def people(self) -> tuple[RegisterPerson, ...]:
        return tuple(self.model.rows)

    def set_people(self, people: list[RegisterPerson]) -> None:
        self.model.set_rows(list(people))
        self._update_count()

    def _update_count(self) -> None:
        count = len(self.model.rows)
        self.count_label.setText(f"{count} {'person' if count == 1 else 'people'} on the register")
        self.remove_button.setEnabled(count > 0)

"""Choosing the person an incident is about: someone recorded before, or someone new.

The officer types a name (and, when they have them, a date of birth or a phone number); the
people they may see who could be the same person are listed best first, each with why it may
be them ("name sounds alike, same date of birth"), so a returning victim is found despite a
misspelt name and their story is not asked again. If none is them, the officer records a new
person beside the search. Either way the officer says what part the person played.

A new person is not written here: the form that asked writes them with the incident, in one
transaction, so cancelling the incident leaves no stray person behind.
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date
from typing import NamedTuple

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hfhate.services.engagement.rules import london_today
from hfhate.services.victims.people import PersonInput, PersonMatch, find_people
from hfhate.services.victims.rules import check_person
from hfhate.services.victims.words import victim_words
from hfhate.ui.context import UiContext
from hfhate.ui.dialogs import dialog_layout, problem_label
from hfhate.ui.engagement.widgets import ChoiceBox, OptionalDate, button
from hfhate.ui.forms import FieldErrors, hint_label, line_edit, show_problem
from hfhate.ui.notices.form.sections import plain_text_box, tidy_postcode

SEARCH_DELAY_MS = 250
ROLE_PROBLEM = "Choose their part: victim, witness, made a disclosure or perpetrator."


class Picked(NamedTuple):
    """Who was chosen and their part: ``person_id`` for someone already recorded, or ``new``
    (the details to record) for someone new; ``label`` is how the form lists them."""

    person_id: uuid.UUID | None
    role: str
    label: str
    new: PersonInput | None = None


def day_text(day: date) -> str:
    """``4 March 1990``."""
    return f"{day.day} {day:%B %Y}"


def person_label(name: str, known_as: str) -> str:
    """A person as lists name them: their name, or what they are known by."""
    return name or known_as or "Person with no name given"


def match_text(match: PersonMatch) -> str:
    """One line of the matches: who, what tells them apart, and why they may be the one."""
    person = match.person
    parts = [person_label(person.name, person.known_as)]
    if person.name and person.known_as:
        parts[0] += f" ({person.known_as})"
    if person.date_of_birth is not None:
        parts.append(f"born {day_text(person.date_of_birth)}")
    if person.postcode:
        parts.append(person.postcode)
    why = ", ".join(match.reasons)
    return ", ".join(parts) + (f": {why}" if why else "")


class PersonPicker(QDialog):
    """Find a returning person or record a new one, and say their part; ``ask`` returns it."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.picked: Picked | None = None
        self.matches: list[PersonMatch] = []
        self._new_name_typed = False
        words = victim_words()
        layout = dialog_layout(
            self,
            "Add a person",
            "Search first: they may have been recorded before. Choose them if so; if not, "
            "record them as a new person.",
            width_chars=110,
        )
        role_form = QFormLayout()
        self.role_rows = FieldErrors(role_form)
        self.role = self.role_rows.add(
            "role",
            "Their &part",
            ChoiceBox(
                [("Choose their part…", ""), *((w, c) for c, w in words.person_roles.items())]
            ),
        )
        self.role.setMaximumWidth(self.fontMetrics().averageCharWidth() * 36)
        layout.addLayout(role_form)

        columns = QHBoxLayout()
        columns.addWidget(self._search_box(), 1)
        columns.addWidget(self._new_box(words.contact_preferences), 1)
        layout.addLayout(columns, 1)
        self.problem = problem_label()
        layout.addWidget(self.problem)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.cancel_button = button("Cancel", self.reject)
        bottom.addWidget(self.cancel_button)
        layout.addLayout(bottom)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.search)
        self.search_name.textChanged.connect(lambda _t: self._search_changed())
        self.search_phone.textChanged.connect(lambda _t: self._search_changed())
        self.search_born.changed.connect(self._search_changed)
        self.new_name.textEdited.connect(self._new_name_edited)
        self.matches_list.itemSelectionChanged.connect(self._update_buttons)
        self.matches_list.itemDoubleClicked.connect(lambda _item: self.choose_match())
        self._update_buttons()
        self.search_name.setFocus()

    def _search_box(self) -> QGroupBox:
        box = QGroupBox("Find someone recorded before")
        column = QVBoxLayout(box)
        form = QFormLayout()
        self.search_rows = FieldErrors(form)
        self.search_name = self.search_rows.add(
            "search_name",
            "&Name",
            line_edit(200),
            hint="Spelling need not be exact: names that sound alike are found.",
        )
        self.search_born = self.search_rows.add(
            "search_born", "Date of &birth", OptionalDate("Known", london_today())
        )
        self.search_phone = self.search_rows.add("search_phone", "P&hone", line_edit(40))
        column.addLayout(form)
        caption = QLabel("&Who it may be")
        self.matches_list = QListWidget()
        self.matches_list.setAccessibleName("Who it may be")
        self.matches_list.setWordWrap(True)
        caption.setBuddy(self.matches_list)
        column.addWidget(caption)
        column.addWidget(self.matches_list, 1)
        self.found = hint_label("Type a name, a date of birth or a phone number to search.")
        self.found.setObjectName("matches_found")
        column.addWidget(self.found)
        self.choose_button = button("&Choose this person", self.choose_match)
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addStretch(1)
        column.addLayout(row)
        return box

    def _new_box(self, preferences: dict[str, str]) -> QGroupBox:
        box = QGroupBox("Or record a new person")
        column = QVBoxLayout(box)
        form = QFormLayout()
        self.rows = FieldErrors(form)
        self.new_name = self.rows.add("name", "Na&me", line_edit(200))
        self.known_as = self.rows.add(
            "known_as",
            "&Known as",
            line_edit(200),
            hint="If they gave no name: how to know them, e.g. Year 9 pupil at the assembly.",
        )
        self.date_of_birth = self.rows.add(
            "date_of_birth", "&Date of birth", OptionalDate("Known", london_today())
        )
        self.phone = self.rows.add("phone", "Phone", line_edit(40))
        self.email = self.rows.add("email", "&Email", line_edit(200))
        self.address = self.rows.add("address", "&Address", plain_text_box(2), limit=200)
        self.postcode = self.rows.add("postcode", "P&ostcode", line_edit(10))
        tidy_postcode(self.postcode)
        self.contact_preference = self.rows.add(
            "contact_preference",
            "&Contact by",
            ChoiceBox([("Not said", ""), *((w, c) for c, w in preferences.items())]),
        )
        self.contact_notes = self.rows.add(
            "contact_notes",
            "Contact &notes",
            plain_text_box(2),
            hint="When and how it is safe to reach them.",
            limit=500,
        )
        column.addLayout(form)
        column.addStretch(1)
        self.new_button = button("&Record a new person", self.record_new)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addStretch(1)
        column.addLayout(row)
        return box

    # Searching

    def _search_changed(self) -> None:
        if not self._new_name_typed:  # what was searched for is the new person's too
            self.new_name.setText(self.search_name.text())
        self._search_timer.start()

    def _new_name_edited(self, _text: str) -> None:
        self._new_name_typed = True

    def search(self) -> None:
        """List who may be the person searched for, best first, with why."""
        self._search_timer.stop()
        name, born = self.search_name.text().strip(), self.search_born.value()
        phone = self.search_phone.text().strip()
        self.matches_list.clear()
        if not (name or born or phone):
            self.matches = []
            self.found.setText("Type a name, a date of birth or a phone number to search.")
            self._update_buttons()
            return
        self.matches = self.ctx.read(
            lambda session: find_people(
                session, self.ctx.actor, name=name, date_of_birth=born, phone=phone
            )
        )
        for match in self.matches:
            item = QListWidgetItem(match_text(match))
            item.setData(Qt.ItemDataRole.UserRole, match.person.id)
            self.matches_list.addItem(item)
        count = len(self.matches)
        self.found.setText(
            f"{count} {'person' if count == 1 else 'people'} who may be them."
            if count
            else "No one recorded before matches: record them as a new person."
        )
        if count:
            self.matches_list.setCurrentRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.choose_button.setEnabled(bool(self.matches_list.selectedItems()))

    # Choosing

    def _role(self) -> str:
        role = str(self.role.value() or "")
        self.role_rows.show_errors({} if role else {"role": ROLE_PROBLEM})
        return role

    def choose_match(self) -> None:
        """The person chosen from the matches, in the part chosen."""
        rows = self.matches_list.selectedIndexes()
        if not rows:
            show_problem(self.problem, "Choose the person from the list, or record a new one.")
            return
        role = self._role()
        if not role:
            return
        person = self.matches[rows[0].row()].person
        self.picked = Picked(person.id, role, person_label(person.name, person.known_as))
        self.accept()

    def entry(self) -> PersonInput:
        """The new person as typed."""
        return PersonInput(
            name=self.new_name.text().strip(),
            known_as=self.known_as.text().strip(),
            date_of_birth=self.date_of_birth.value(),
            phone=self.phone.text().strip(),
            email=self.email.text().strip(),
            address=self.address.toPlainText().strip(),
            postcode=self.postcode.text().strip(),
            contact_preference=str(self.contact_preference.value() or ""),
            contact_notes=self.contact_notes.toPlainText().strip(),
        )

    def record_new(self) -> None:
        """The new person, when what was typed can stand; else each problem beside its field."""
        entry = self.entry()
        problems = check_person(dataclasses.asdict(entry), london_today())
        for key, field in (("address", self.address), ("contact_notes", self.contact_notes)):
            limit = 200 if key == "address" else 500
            if len(field.toPlainText()) > limit and key not in problems:
                problems[key] = f"Shorten this to {limit} characters or fewer."
        self.rows.show_errors(problems)
        role = self._role()
        if problems or not role:
            return
        self.picked = Picked(None, role, person_label(entry.name, entry.known_as), entry)
        self.accept()

    @classmethod
    def ask(cls, ctx: UiContext, parent: QWidget | None = None) -> Picked | None:
        """The person chosen or described, and their part; None when cancelled."""
        dialog = cls(ctx, parent)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        return dialog.picked if dialog.exec() == QDialog.DialogCode.Accepted else None

"""Victims and witnesses on the notice form: add and remove people, each with their consent.

Every detail is optional but the name; a referral (Victim Support, Stop Hate UK) can be
marked accepted only once it was offered, so the check box waits for the offer.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hfhate.services.notices.rules import PERSON_TEXT_LIMIT, PersonInput
from hfhate.services.reference import reference
from hfhate.ui.forms import character_counter, field_box, hint_label
from hfhate.ui.notices.form.rows import FormRows, button_row
from hfhate.ui.notices.form.sections import combo_value, set_combo_value

ROLES = {"victim": "Victim", "witness": "Witness"}


class PersonBox(QGroupBox):
    """One victim or witness."""

    edited = Signal()
    remove_requested = Signal(object)

    def __init__(self, person: PersonInput, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.role = QComboBox()
        for value, label in ROLES.items():
            self.role.addItem(label, value)
        # No silent limit: a counter shows from near the limit, and the rules refuse the excess.
        self.name = QLineEdit()
        self.contact = QLineEdit()
        self.contact.setPlaceholderText("Phone number or email")
        self.consent = QCheckBox("Agrees to be contacted")
        self.referral = QComboBox()
        for value, label in reference().referrals.items():
            self.referral.addItem(label, value)
        self.accepted = QCheckBox("Referral accepted")
        self.remove_button = QPushButton("Remove this person")
        for label, field in (
            ("Role", self.role),
            ("Name", self.name),
            ("Contact", self.contact),
            ("Referral offered", self.referral),
        ):
            caption = QLabel(label)
            caption.setBuddy(field)
            field.setAccessibleName(label)
            counter = (
                character_counter(field, PERSON_TEXT_LIMIT)
                if isinstance(field, QLineEdit)
                else None
            )
            form.addRow(caption, field_box(field, counter=counter))
            if field is self.contact:
                form.addRow("", self.consent)
        form.addRow("", self.accepted)
        for box in (self.consent, self.accepted, self.remove_button):
            box.setAccessibleName(box.text())
        line = QHBoxLayout()
        line.addStretch(1)
        line.addWidget(self.remove_button)
        form.addRow(line)

        set_combo_value(self.role, person.role)
        self.name.setText(person.name)
        self.contact.setText(person.contact)
        self.consent.setChecked(person.consent_to_contact)
        set_combo_value(self.referral, person.referral_offered)
        self.accepted.setChecked(person.referral_accepted)
        self._offer_changed()

        self.role.currentIndexChanged.connect(self.edited)
        self.referral.currentIndexChanged.connect(self._offer_changed)
        self.referral.currentIndexChanged.connect(self.edited)
        for edit in (self.name, self.contact):
            edit.textChanged.connect(self.edited)
        for check in (self.consent, self.accepted):
            check.toggled.connect(self.edited)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))

    def _offer_changed(self) -> None:
        offered = combo_value(self.referral) not in ("", "none")
        self.accepted.setEnabled(offered)
        if not offered:
            self.accepted.setChecked(False)

    def fields(self) -> list[QWidget]:
        """The controls in tab order."""
        return [
            self.role,
            self.name,
            self.contact,
            self.consent,
            self.referral,
            self.accepted,
            self.remove_button,
        ]

    def person(self) -> PersonInput:
        return PersonInput(
            role=combo_value(self.role),
            name=self.name.text(),
            contact=self.contact.text(),
            consent_to_contact=self.consent.isChecked(),
            referral_offered=combo_value(self.referral),
            referral_accepted=self.accepted.isChecked(),
        )


class PeopleEditor(QGroupBox):
    """The section listing victims and witnesses, with buttons to add them."""

    edited = Signal()
    people_changed = Signal()  # a person was added or removed: the tab order changes

    def __init__(self, rows: FormRows, parent: QWidget | None = None) -> None:
        super().__init__("Victims and witnesses", parent)
        self.rows = rows
        self.boxes: list[PersonBox] = []
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                "Optional. Add each victim or witness who agreed to give their details, and say "
                "whether a referral was offered and accepted."
            )
        )
        self.list_layout = QVBoxLayout()
        layout.addLayout(self.list_layout)
        self.add_victim = QPushButton("Add a &victim")
        self.add_witness = QPushButton("Add a wit&ness")
        layout.addLayout(button_row(self.add_victim, self.add_witness))
        layout.addWidget(rows.error_label("people", "Victims and witnesses", self.add_victim))
        rows.watch("people", self.add_victim, self.add_witness)
        self.add_victim.clicked.connect(lambda: self.add(PersonInput(role="victim"), focus=True))
        self.add_witness.clicked.connect(lambda: self.add(PersonInput(role="witness"), focus=True))

    def add(self, person: PersonInput, *, focus: bool = False) -> PersonBox:
        box = PersonBox(person)
        self.boxes.append(box)
        self.list_layout.addWidget(box)
        if self.isVisible():
            box.show()  # at once, so Tab and focus reach it straight away
        box.edited.connect(self._renumber)
        box.edited.connect(self.edited)
        box.remove_requested.connect(self.remove)
        self.rows.watch("people", *box.fields())
        self._renumber()
        self.people_changed.emit()
        self.edited.emit()
        if focus:
            box.name.setFocus()
        return box

    def remove(self, box: PersonBox) -> None:
        self.boxes.remove(box)
        box.hide()
        box.deleteLater()
        self._renumber()
        self.people_changed.emit()
        self.rows.touched.emit("people")
        self.edited.emit()
        (self.boxes[-1].name if self.boxes else self.add_victim).setFocus()

    def _renumber(self) -> None:
        for number, box in enumerate(self.boxes, start=1):
            box.setTitle(f"{ROLES.get(combo_value(box.role), 'Person')} {number}")

    def people(self) -> tuple[PersonInput, ...]:
        return tuple(box.person() for box in self.boxes)

    def set_people(self, people: tuple[PersonInput, ...]) -> None:
        for box in list(self.boxes):
            self.boxes.remove(box)
            box.hide()
            box.deleteLater()
        for person in people:
            self.add(person)
        self.people_changed.emit()

    def fields(self) -> list[QWidget]:
        return [w for box in self.boxes for w in box.fields()] + [self.add_victim, self.add_witness]

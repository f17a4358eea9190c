"""The recipient section of the notice form: identity, name, age, address, description.

The date of birth is optional: ticking "Date of birth known" enables the date; otherwise the
officer chooses an estimated age band. How identity was confirmed comes first, because a
refusal changes what else is needed (a description that lets police identify the person).
A recipient who gives one name only is recorded with the officer's note of why (kept at the
head of the description), and one with no fixed abode with those words for their address.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hfhate.services import text_rules
from hfhate.services.notices.rules import field_limit
from hfhate.services.reference import reference
from hfhate.ui.forms import set_row_visible
from hfhate.ui.notices.form.rows import FormRows
from hfhate.ui.notices.form.sections import (
    choice_combo,
    combo_value,
    plain_text_box,
    set_combo_value,
    tidy_postcode,
)
from hfhate.ui.notices.form.values import FormValues


class Recipient(QGroupBox):
    """Who receives the warning or notice, and how the officer knows who they are."""

    edited = Signal()

    def __init__(self, rows: FormRows, parent: QWidget | None = None) -> None:
        super().__init__("The recipient", parent)
        ref = reference()
        self.form = form = QFormLayout(self)
        self.identity_method = choice_combo(ref.identity_methods, "Choose how")
        rows.add(form, "How identit&y was confirmed", self.identity_method, key="identity_method")
        self.identity_document = choice_combo(ref.identity_documents, "Choose the document")
        rows.add(form, "&Document seen", self.identity_document, key="identity_document")
        self.name = QLineEdit()
        name_box = QWidget()
        name_column = QVBoxLayout(name_box)
        name_column.setContentsMargins(0, 0, 0, 0)
        name_column.setSpacing(2)
        name_column.addWidget(self.name)
        self.one_name_only = QCheckBox("Gave one name only")
        self.one_name_only.setAccessibleName("Gave one name only")
        name_column.addWidget(self.one_name_only)
        note_line = QHBoxLayout()
        self.one_name_caption = QLabel("Why only one name")
        self.one_name_note = QLineEdit()
        self.one_name_note.setPlaceholderText("e.g. says he is known only by this name")
        self.one_name_note.setAccessibleName("Why only one name")
        self.one_name_caption.setBuddy(self.one_name_note)
        note_line.addWidget(self.one_name_caption)
        note_line.addWidget(self.one_name_note, 1)
        name_column.addLayout(note_line)
        rows.add(
            form,
            "Full n&ame",
            name_box,
            key="recipient_name",
            buddy=self.name,
            hint="Given name and family name, as on the document or as they gave it.",
            limit=field_limit("recipient_name"),
        )
        rows.watch("recipient_name", self.one_name_only, self.one_name_note)

        born = QWidget()
        line = QHBoxLayout(born)
        line.setContentsMargins(0, 0, 0, 0)
        self.date_of_birth_known = QCheckBox("Date of birth &known")
        self.date_of_birth_known.setAccessibleName("Date of birth known")
        self.date_of_birth = QDateEdit()
        self.date_of_birth.setDisplayFormat("dd/MM/yyyy")
        self.date_of_birth.setCalendarPopup(True)
        self.date_of_birth.setMinimumDate(QDate(1900, 1, 1))
        self.date_of_birth.setEnabled(False)
        line.addWidget(self.date_of_birth_known)
        line.addWidget(self.date_of_birth)
        line.addStretch(1)
        rows.add(
            form, "Date of birth", born, buddy=self.date_of_birth, key="recipient_date_of_birth"
        )
        self.age_band = choice_combo(ref.age_bands, "Choose an estimated age")
        rows.add(
            form,
            "Estimated a&ge band",
            self.age_band,
            key="recipient_age",
            hint="When the date of birth is not known.",
        )
        rows.watch("recipient_age", self.date_of_birth, self.date_of_birth_known)
        self.address = plain_text_box(3)
        address_box = QWidget()
        address_column = QVBoxLayout(address_box)
        address_column.setContentsMargins(0, 0, 0, 0)
        address_column.setSpacing(2)
        address_column.addWidget(self.address)
        self.no_fixed_abode = QCheckBox("No fixed abode")
        self.no_fixed_abode.setAccessibleName("No fixed abode")
        address_column.addWidget(self.no_fixed_abode)
        rows.add(
            form,
            "Addr&ess",
            address_box,
            key="recipient_address",
            buddy=self.address,
            hint="House number or name and street, then the town; or tick No fixed abode.",
            limit=field_limit("recipient_address"),
        )
        rows.watch("recipient_address", self.no_fixed_abode)
        self.postcode = QLineEdit()
        self.postcode.setPlaceholderText("e.g. W12 7RJ")
        self.postcode.setMaximumWidth(self.postcode.fontMetrics().averageCharWidth() * 16)
        rows.add(form, "Their postcode", self.postcode, key="recipient_postcode")
        tidy_postcode(self.postcode)
        self.description = plain_text_box(3)
        self.description.setPlaceholderText("Height, build, hair, clothing, anything distinctive")
        rows.add(
            form,
            "Description",
            self.description,
            key="recipient_description",
            limit=field_limit("recipient_description"),
        )
        self.appears_vulnerable = QCheckBox("Appears vulnerable (needs a supervisor's approval)")
        self.appears_vulnerable.setAccessibleName(
            "Appears vulnerable (needs a supervisor's approval)"
        )
        form.addRow("", self.appears_vulnerable)

        # A date of birth counts only once the officer has entered one, never the default.
        self.date_entered = False
        self.date_of_birth.dateChanged.connect(self._date_changed)
        self.date_of_birth_known.toggled.connect(self._known_toggled)
        self.date_of_birth_known.clicked.connect(self._known_clicked)
        self.identity_method.currentIndexChanged.connect(self._method_changed)
        for combo, key in (
            (self.identity_method, "identity_method"),
            (self.identity_document, "identity_document"),
            (self.age_band, "recipient_age"),
        ):
            combo.currentIndexChanged.connect(self.edited)
            combo.activated.connect(lambda _i, key=key: rows.touched.emit(key))
        for box in (self.name, self.postcode, self.one_name_note):
            box.textChanged.connect(self.edited)
        for text in (self.address, self.description):
            text.textChanged.connect(self.edited)
        for check in (
            self.date_of_birth_known,
            self.appears_vulnerable,
            self.one_name_only,
            self.no_fixed_abode,
        ):
            check.toggled.connect(self.edited)
        self.one_name_only.toggled.connect(self._one_name_toggled)
        self.no_fixed_abode.toggled.connect(self._no_fixed_abode_toggled)
        self._one_name_toggled(False)
        self.date_of_birth_known.clicked.connect(lambda _c: rows.touched.emit("recipient_age"))
        self.appears_vulnerable.clicked.connect(lambda _c: rows.touched.emit("override"))
        self._method_changed()

    def _date_changed(self) -> None:
        self.date_entered = True
        self.edited.emit()

    def _known_toggled(self, known: bool) -> None:
        self.date_of_birth.setEnabled(known)
        self.age_band.setEnabled(not known)

    def _known_clicked(self, known: bool) -> None:
        if known:  # straight on to typing the date
            self.date_of_birth.setFocus()
            self.date_of_birth.setSelectedSection(QDateEdit.Section.DaySection)

    def _one_name_toggled(self, ticked: bool) -> None:
        self.one_name_caption.setVisible(ticked)
        self.one_name_note.setVisible(ticked)
        if ticked and self.isVisible():
            self.one_name_note.setFocus()

    def _no_fixed_abode_toggled(self, ticked: bool) -> None:
        # The address reads "No fixed abode" and no postcode is asked for.
        self.address.setEnabled(not ticked)
        self.postcode.setEnabled(not ticked)

    def _method_changed(self) -> None:
        document = combo_value(self.identity_method) == "document"
        set_row_visible(self.form, self.identity_document, document)

    def collect(self) -> dict[str, Any]:
        known = self.date_of_birth_known.isChecked()
        day = self.date_of_birth.date()
        method = combo_value(self.identity_method)
        return {
            "identity_method": method,
            "identity_document": combo_value(self.identity_document)
            if method == "document"
            else "",
            "recipient_name": self.name.text(),
            **self._address(),
            "recipient_date_of_birth": (
                date(day.year(), day.month(), day.day()) if known and self.date_entered else None
            ),
            "recipient_age_band": "" if known else combo_value(self.age_band),
            "recipient_description": text_rules.with_one_name_note(
                self.one_name_note.text() if self.one_name_only.isChecked() else "",
                self.description.toPlainText(),
            ),
            "appears_vulnerable": self.appears_vulnerable.isChecked(),
        }

    def _address(self) -> dict[str, str]:
        if self.no_fixed_abode.isChecked():
            return {"recipient_address": text_rules.NO_FIXED_ABODE, "recipient_postcode": ""}
        return {
            "recipient_address": self.address.toPlainText(),
            "recipient_postcode": self.postcode.text(),
        }

    def fill(self, values: FormValues) -> None:
        entry = values.entry
        set_combo_value(self.identity_method, entry.identity_method)
        set_combo_value(self.identity_document, entry.identity_document)
        self.name.setText(entry.recipient_name)
        born = entry.recipient_date_of_birth
        self.date_of_birth.blockSignals(True)
        # A month of 31 days by default, so typing any day first is never cut short.
        self.date_of_birth.setDate(
            QDate(born.year, born.month, born.day) if born else QDate(2000, 1, 1)
        )
        self.date_of_birth.blockSignals(False)
        self.date_entered = born is not None
        self.date_of_birth_known.setChecked(values.date_of_birth_known or born is not None)
        set_combo_value(self.age_band, entry.recipient_age_band)
        homeless = text_rules.is_no_fixed_abode(entry.recipient_address)
        self.no_fixed_abode.setChecked(homeless)
        self.address.setPlainText("" if homeless else entry.recipient_address)
        self.postcode.setText("" if homeless else entry.recipient_postcode)
        note, description = text_rules.one_name_note(entry.recipient_description)
        self.one_name_only.setChecked(bool(note))
        self.one_name_note.setText(note)
        self.description.setPlainText(description)
        self.appears_vulnerable.setChecked(entry.appears_vulnerable)
        self._method_changed()

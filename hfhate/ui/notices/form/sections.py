"""The notice form's first sections (When and where; What happened; Evidence) and their fields.

Each section is a group box that fills itself from the form's values, gives back what the
officer entered as ``NoticeInput`` fields, and emits ``edited`` on any change.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from hfhate.clock import LONDON
from hfhate.services.notices.rules import CIRCUMSTANCES_MIN_WORDS, NoticeInput, field_limit
from hfhate.services.postcodes import normalise_postcode
from hfhate.services.reference_lists import ReferenceLists
from hfhate.services.text_rules import distinct_words
from hfhate.ui.forms import set_role
from hfhate.ui.notices.form.photos import PhotoList
from hfhate.ui.notices.form.rows import FormRows, plain
from hfhate.ui.notices.form.values import FormValues


def choice_combo(choices: Mapping[str, str] | Sequence[str], empty: str) -> QComboBox:
    """A drop-down with an empty first choice; item data is the stored value."""
    combo = QComboBox()
    combo.addItem(empty, "")
    pairs = choices.items() if isinstance(choices, Mapping) else ((c, c) for c in choices)
    for value, label in pairs:
        combo.addItem(label, value)
    return combo


def refill_combo(combo: QComboBox, choices: Mapping[str, str]) -> None:
    """Offer ``choices`` (after the empty first one), keeping the choice made if still there."""
    chosen = combo_value(combo)
    blocked = combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for value, label in choices.items():
        combo.addItem(label, value)
    set_combo_value(combo, chosen)
    combo.blockSignals(blocked)


def combo_value(combo: QComboBox) -> str:
    return str(combo.currentData() or "")


def set_combo_value(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def plain_text_box(lines: int) -> QPlainTextEdit:
    """A text box about ``lines`` lines high in the user's font; Tab moves on, as in a form."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    height = box.fontMetrics().lineSpacing() * lines + 2 * box.frameWidth() + 8
    box.setMinimumHeight(height)
    box.setMaximumHeight(height)
    box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return box


def tidy_postcode(field: QLineEdit) -> None:
    """Write a valid postcode the standard way (``w6 9ju`` -> ``W6 9JU``) when it is left."""

    def tidy() -> None:
        standard = normalise_postcode(field.text())
        if standard is not None and standard != field.text():
            field.setText(standard)

    field.editingFinished.connect(tidy)


def london_now() -> datetime:
    return datetime.now(LONDON).replace(second=0, microsecond=0)


class WhenAndWhere(QGroupBox):
    """Date and time of the offence (London time), place, postcode, ward, optional location."""

    edited = Signal()

    def __init__(
        self, rows: FormRows, lists: ReferenceLists, parent: QWidget | None = None
    ) -> None:
        super().__init__("When and where", parent)
        self.lists = lists
        form = QFormLayout(self)
        self.offence_at = QDateTimeEdit()
        self.offence_at.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.offence_at.setCalendarPopup(True)
        self.offence_at.setMaximumWidth(self.offence_at.sizeHint().width() * 3 // 2)
        rows.add(
            form,
            "Date and &time",
            self.offence_at,
            key="offence_at",
            hint="London time. Type the digits: the cursor moves on by itself.",
        )
        self.place = QLineEdit()
        self.place.setPlaceholderText("Street or landmark, e.g. King Street by Lyric Square")
        rows.add(form, "&Place", self.place, key="place", limit=field_limit("place"))
        self.postcode = QLineEdit()
        self.postcode.setPlaceholderText("e.g. W6 9JU")
        self.postcode.setMaximumWidth(self.postcode.fontMetrics().averageCharWidth() * 16)
        rows.add(form, "Post&code", self.postcode, key="postcode")
        tidy_postcode(self.postcode)
        self.ward = choice_combo(lists.choosable("wards"), "Choose the ward")
        rows.add(form, "&Ward", self.ward, key="ward")
        self.postcode.editingFinished.connect(self._ward_from_postcode)

        location = QWidget()
        grid = QGridLayout(location)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        self.latitude, self.longitude = QLineEdit(), QLineEdit()
        # Each coordinate's own problem (not a number, out of range) shows under it.
        for column, (name, box) in enumerate(
            (("Latitude", self.latitude), ("Longitude", self.longitude))
        ):
            box.setMaximumWidth(box.fontMetrics().averageCharWidth() * 16)
            caption = QLabel(name)
            caption.setBuddy(box)
            box.setAccessibleName(name)
            grid.addWidget(caption, 0, 2 * column)
            grid.addWidget(box, 0, 2 * column + 1)
            error = rows.error_label(name.lower(), name, box)
            # Under its own box, as wide as the rest of the row allows (longitude's a line lower).
            grid.addWidget(error, 1 + column, 2 * column + 1, 1, 4 - 2 * column)
        grid.setColumnStretch(4, 1)
        rows.add(
            form,
            "Location (optional)",
            location,
            key="location",
            buddy=self.latitude,
            named=False,
            hint="From a map or GPS, e.g. 51.4927 and -0.2240.",
        )
        rows.watch("location", self.longitude)

        for box in (self.place, self.postcode, self.latitude, self.longitude):
            box.textChanged.connect(self.edited)
        self.offence_at.dateTimeChanged.connect(self.edited)
        self.ward.currentIndexChanged.connect(self.edited)
        self.ward.activated.connect(lambda _i: rows.touched.emit("ward"))

    def use_lists(self, lists: ReferenceLists) -> None:
        """Offer the wards in use now (a form started after a sync that retired one)."""
        self.lists = lists
        refill_combo(self.ward, lists.choosable("wards"))

    def _ward_from_postcode(self) -> None:
        """An empty ward filled from the postcode, when a ward in use names its district."""
        postcode = normalise_postcode(self.postcode.text())
        if postcode and not combo_value(self.ward):
            ward = self.lists.ward_for_postcode(postcode)
            if ward:
                set_combo_value(self.ward, ward)

    def collect(self) -> dict[str, Any]:
        day, clock = self.offence_at.date(), self.offence_at.time()
        return {
            "offence_at": datetime(
                day.year(), day.month(), day.day(), clock.hour(), clock.minute(), tzinfo=LONDON
            ),
            "place": self.place.text(),
            "postcode": self.postcode.text(),
            "ward": combo_value(self.ward),
            "latitude": _number(self.latitude.text()),
            "longitude": _number(self.longitude.text()),
        }

    def coordinate_problems(self) -> dict[str, str]:
        """A latitude or longitude typed that is not a number at all (the rules check the
        numbers' ranges; text cannot reach them)."""
        problems = {}
        for key, box in (("latitude", self.latitude), ("longitude", self.longitude)):
            if box.text().strip() and _number(box.text()) is None:
                problems[key] = (
                    f"The {key} must be a number of degrees: digits with one decimal point, "
                    "and a minus sign in front if it is negative."
                )
        return problems

    def fill(self, entry: NoticeInput) -> None:
        moment = (entry.offence_at or london_now()).astimezone(LONDON)
        self.offence_at.setDateTime(
            QDateTime(
                QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute)
            )
        )
        self.place.setText(entry.place)
        self.postcode.setText(entry.postcode)
        set_combo_value(self.ward, entry.ward)
        self.latitude.setText("" if entry.latitude is None else f"{entry.latitude:g}")
        self.longitude.setText("" if entry.longitude is None else f"{entry.longitude:g}")


class WhatHappened(QGroupBox):
    """The prohibition breached, hostility shown, the circumstances, and any earlier warning."""

    edited = Signal()
    find_requested = Signal()

    def __init__(
        self,
        rows: FormRows,
        min_chars: int,
        lists: ReferenceLists,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("What happened", parent)
        self.min_chars = min_chars
        form = QFormLayout(self)
        self.prohibition = choice_combo(
            lists.choosable("prohibitions"), "Choose what the order forbids"
        )
        rows.add(form, "Pr&ohibition breached", self.prohibition, key="prohibition")

        grid_box = QWidget()
        grid = QGridLayout(grid_box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.hostilities: dict[str, QCheckBox] = {}
        for number, (value, label) in enumerate(lists.choosable("hostilities").items()):
            box = QCheckBox(label)
            box.setAccessibleName(label)
            box.toggled.connect(self.edited)
            box.clicked.connect(lambda _c: rows.touched.emit("hostilities"))
            grid.addWidget(box, number // 2, number % 2)
            self.hostilities[value] = box
        first = next(iter(self.hostilities.values()))
        rows.add(
            form,
            "Hostility shown",
            grid_box,
            key="hostilities",
            buddy=first,
            named=False,
            hint="Tick every one that applies, or None apparent.",
        )
        rows.watch("hostilities", *self.hostilities.values())

        self.circumstances = plain_text_box(6)
        self.circumstances.setPlaceholderText(
            "What you saw and heard, in your own words: who said or did what, to whom."
        )
        self.count = QLabel()
        self.count.setObjectName("circumstances_count")
        self.count.setProperty("role", "hint")
        circumstances_box = QWidget()
        column = QVBoxLayout(circumstances_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.circumstances)
        column.addWidget(self.count)
        rows.add(
            form,
            "Circ&umstances",
            circumstances_box,
            key="circumstances",
            buddy=self.circumstances,
        )
        self.circumstances.textChanged.connect(self._count)
        self.circumstances.textChanged.connect(self.edited)

        earlier = QWidget()
        column = QVBoxLayout(earlier)
        column.setContentsMargins(0, 0, 0, 0)
        line = QHBoxLayout()
        self.warned_before = QCheckBox("Warned &before")
        self.warned_before.setAccessibleName("Warned before")
        self.find_button = QPushButton("&Find earlier warning…")
        self.find_button.setAccessibleName(plain(self.find_button.text()))
        self.find_button.setEnabled(False)
        line.addWidget(self.warned_before)
        line.addWidget(self.find_button)
        line.addStretch(1)
        column.addLayout(line)
        link_line = QHBoxLayout()
        self.link_label = QLabel()
        self.link_label.setObjectName("earlier_warning_link")
        self.link_label.setWordWrap(True)
        self.unlink_button = QPushButton("Remove link")
        self.unlink_button.setAccessibleName("Remove link")
        link_line.addWidget(self.link_label, 1)
        link_line.addWidget(self.unlink_button)
        column.addLayout(link_line)
        rows.add(
            form,
            "Earlier warning",
            earlier,
            key="earlier_warning",
            buddy=self.warned_before,
            named=False,
            hint="Tick if this person was warned before; link the warning when you "
            "find it (search by the recipient's full name).",
        )
        self.earlier_warning_id: uuid.UUID | None = None
        self.warned_before.toggled.connect(self._warned_toggled)
        self.warned_before.clicked.connect(lambda _c: rows.touched.emit("earlier_warning"))
        self.find_button.clicked.connect(self.find_requested)
        self.unlink_button.clicked.connect(lambda: self.set_link(None, ""))
        self.prohibition.currentIndexChanged.connect(self.edited)
        self.prohibition.activated.connect(lambda _i: rows.touched.emit("prohibition"))
        self.set_link(None, "")
        self._count()

    def _warned_toggled(self, checked: bool) -> None:
        self.find_button.setEnabled(checked)
        if not checked:
            self.set_link(None, "")
        self.edited.emit()

    def set_link(self, warning_id: uuid.UUID | None, label: str) -> None:
        """Link the earlier warning ``warning_id`` (described by ``label``), or unlink."""
        self.earlier_warning_id = warning_id
        self.link_label.setText(f"Linked: {label}" if warning_id else "")
        self.link_label.setVisible(warning_id is not None)
        self.unlink_button.setVisible(warning_id is not None)
        if warning_id is not None and not self.warned_before.isChecked():
            self.warned_before.setChecked(True)
        self.edited.emit()

    @property
    def link_text(self) -> str:
        return self.link_label.text().removeprefix("Linked: ")

    def _count(self) -> None:
        """Characters against the minimum and the limit, and different words: "enough" only
        when the rules would let the circumstances stand."""
        typed = self.circumstances.toPlainText()
        length, words = len(typed.strip()), distinct_words(typed)
        limit = field_limit("circumstances") or 0
        if limit and len(typed) > limit:
            self.count.setText(
                f"{len(typed)} of {limit} characters: {len(typed) - limit} too many."
            )
            set_role(self.count, "error")
        elif length < self.min_chars:
            self.count.setText(f"{length} of at least {self.min_chars} characters.")
            set_role(self.count, "hint")
        elif words < CIRCUMSTANCES_MIN_WORDS:
            self.count.setText(
                f"{length} characters, but only {words} different words: "
                f"at least {CIRCUMSTANCES_MIN_WORDS} are needed."
            )
            set_role(self.count, "hint")
        else:
            self.count.setText(
                f"{length} of {limit} characters, {words} different words: enough to stand "
                "as evidence."
            )
            set_role(self.count, "ok")

    def use_lists(self, lists: ReferenceLists) -> None:
        """Offer only what is in use now: a hostility retired since the form was built is
        hidden (one added since shows when the form is next opened)."""
        refill_combo(self.prohibition, lists.choosable("prohibitions"))
        in_use = lists.choosable("hostilities")
        for value, box in self.hostilities.items():
            box.setVisible(value in in_use)
            if value not in in_use:
                box.setChecked(False)

    def collect(self) -> dict[str, Any]:
        return {
            "prohibition": combo_value(self.prohibition),
            "hostilities": tuple(k for k, box in self.hostilities.items() if box.isChecked()),
            "circumstances": self.circumstances.toPlainText(),
            "earlier_warning": self.warned_before.isChecked(),
            "earlier_warning_id": self.earlier_warning_id,
        }

    def fill(self, values: FormValues) -> None:
        entry = values.entry
        set_combo_value(self.prohibition, entry.prohibition)
        for key, box in self.hostilities.items():
            box.setChecked(key in entry.hostilities)
        self.circumstances.setPlainText(entry.circumstances)
        self.warned_before.setChecked(entry.earlier_warning)
        self.set_link(entry.earlier_warning_id, values.earlier_warning_label)


class Evidence(QGroupBox):
    """The body-worn video reference and the photos."""

    edited = Signal()

    def __init__(self, rows: FormRows, photos: PhotoList, parent: QWidget | None = None):
        super().__init__("Evidence", parent)
        form = QFormLayout(self)
        self.body_worn_video = QLineEdit()
        self.body_worn_video.setPlaceholderText("e.g. BWV-0142-20260829-1430")
        rows.add(
            form,
            "Body-worn video reference",
            self.body_worn_video,
            key="body_worn_video",
            hint="Leave empty if the camera was not recording.",
            limit=field_limit("body_worn_video"),
        )
        self.photos = photos
        rows.add(form, "Photos", photos, buddy=photos.table)
        photos.table.setAccessibleName("Photos")
        self.body_worn_video.textChanged.connect(self.edited)
        photos.edited.connect(self.edited)


_DEGREES = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)$")


def _number(text: str) -> float | None:
    """Degrees typed as digits with an optional sign and decimal point; None otherwise."""
    typed = text.strip()
    return float(typed) if _DEGREES.match(typed) else None

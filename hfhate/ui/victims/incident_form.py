"""The form where an officer records a hate crime or hate incident, and the people in it.

What kind it was and how the officer knows of it, when and where (the ward follows the
postcode, as on the notice form), the hostility shown, what happened, whether it was reported
to the police, and what it arose from when the form was opened from a notice or a session.
The People section adds victims and witnesses with the person picker; someone new is recorded
with the incident in one transaction. Saving only writes this laptop's store, so it works
offline: sync sends it later. The rules live in services.victims; each of their messages shows
beside its field.
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hfhate.clock import LONDON
from hfhate.services.errors import ValidationFailed
from hfhate.services.reference_lists import lists_for
from hfhate.services.victims.incidents import IncidentInput, record_incident
from hfhate.services.victims.people import record_person
from hfhate.services.victims.rules import check_incident
from hfhate.services.victims.words import victim_words
from hfhate.ui.context import UiContext
from hfhate.ui.engagement.widgets import button
from hfhate.ui.forms import FieldErrors, heading, hint_label, set_role
from hfhate.ui.notices.form.sections import (
    choice_combo,
    combo_value,
    london_now,
    plain_text_box,
    set_combo_value,
    tidy_postcode,
)
from hfhate.ui.victims.incident_people import PeopleSection
from hfhate.ui.victims.person_picker import PersonPicker

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

ACCOUNT_LIMIT = 4000
NONE_APPARENT = "none_apparent"
FIELD_ORDER = (
    "kind",
    "how_known",
    "occurred_at",
    "place",
    "postcode",
    "ward",
    "hostilities",
    "account",
    "crime_reference",
    "people",
)


@dataclass(frozen=True)
class AroseFrom:
    """What the incident arose from, when the form is opened from it, and how to say it."""

    label: str
    notice_id: uuid.UUID | None = None
    session_id: uuid.UUID | None = None
    follow_up_id: uuid.UUID | None = None


def choice_buttons(
    choices: dict[str, str],
) -> tuple[QWidget, QButtonGroup, dict[str, QRadioButton]]:
    """Radio buttons side by side, one per choice (code -> words), none chosen."""
    box = QWidget()
    line = QHBoxLayout(box)
    line.setContentsMargins(0, 0, 0, 0)
    group = QButtonGroup(box)
    buttons = {}
    for code, words in choices.items():
        radio = QRadioButton(words)
        radio.setAccessibleName(words)
        group.addButton(radio)
        line.addWidget(radio)
        buttons[code] = radio
    line.addStretch(1)
    return box, group, buttons


def align_captions(*forms: QFormLayout) -> None:
    """One caption width in every section, so the fields line up down the whole form."""
    captions = []
    for form in forms:
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            if isinstance(label, QLabel):
                captions.append(label)
    width = max((label.sizeHint().width() for label in captions), default=0)
    for label in captions:
        label.setMinimumWidth(width)


def limit_width(field: QWidget, chars: int) -> None:
    """A field about ``chars`` characters wide, not stretched across the form."""
    field.setMaximumWidth(field.fontMetrics().averageCharWidth() * chars)


def chosen(buttons: dict[str, QRadioButton]) -> str:
    return next((code for code, radio in buttons.items() if radio.isChecked()), "")


class IncidentForm(QDialog):
    """One incident being recorded; ``ask`` returns the id of the incident saved, or None."""

    def __init__(
        self, ctx: UiContext, *, arose_from: AroseFrom | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.arose_from = arose_from
        self.saved_id: uuid.UUID | None = None
        self.lists = ctx.read(lists_for)
        words = victim_words()
        title = "Record a hate crime or hate incident"
        self.setWindowTitle(f"{title} - hfhate")
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title))
        intro = hint_label(
            "Whether or not a notice follows. It is kept on this laptop and sent to the "
            "council's server at the next sync, so you can record it offline."
        )
        layout.addWidget(intro)

        content = QWidget()
        content.setObjectName("incident_form_content")
        self.setStyleSheet("QGroupBox { font-weight: bold; }")  # section titles only
        columns = QHBoxLayout(content)
        column, right = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(column, 1)
        columns.addLayout(right, 1)
        what_box = QGroupBox("What it was")
        what_form = QFormLayout(what_box)
        self.rows = FieldErrors(what_form)
        kind_box, self.kind_group, self.kind = choice_buttons(words.incident_kinds)
        self.rows.add("kind", "Kind", kind_box)
        known_box, self.known_group, self.how_known = choice_buttons(words.how_known)
        self.rows.add("how_known", "How you know", known_box)
        if arose_from is not None:
            arose = QLabel(arose_from.label)
            arose.setObjectName("arose_from")
            arose.setWordWrap(True)
            self.rows.add("arose_from", "Arose from", arose)
        column.addWidget(what_box)

        where_box = QGroupBox("When and where")
        where_form = QFormLayout(where_box)
        self.where_rows = FieldErrors(where_form)
        self.occurred_at = QDateTimeEdit()
        self.occurred_at.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.occurred_at.setCalendarPopup(True)
        self.occurred_at.setMaximumWidth(self.occurred_at.sizeHint().width() * 3 // 2)
        self.where_rows.add(
            "occurred_at",
            "Date and &time",
            self.occurred_at,
            hint="London time; now unless you change it.",
        )
        for inner in self.occurred_at.findChildren(QLineEdit):
            inner.setAccessibleName("Date and time")
        self.place = self.where_rows.add(
            "place", "&Place", QLineEdit(), hint="A street, building or landmark.", limit=200
        )
        self.place.setPlaceholderText("e.g. North End Road by the market")
        self.postcode = self.where_rows.add("postcode", "Post&code", QLineEdit())
        self.postcode.setPlaceholderText("e.g. SW6 1NR")
        self.postcode.setMaximumWidth(self.postcode.fontMetrics().averageCharWidth() * 16)
        tidy_postcode(self.postcode)
        self.ward = self.where_rows.add(
            "ward",
            "&Ward",
            choice_combo(self.lists.choosable("wards"), "Choose the ward"),
            hint="Filled from the postcode when it names one of the borough's wards.",
        )
        self.postcode.editingFinished.connect(self._ward_from_postcode)
        self.ward.activated.connect(lambda _i: self._ward_chosen())
        self._ward_from = ""  # the postcode the ward was filled from, if it was
        column.addWidget(where_box)

        happened_box = QGroupBox("What happened")
        happened_form = QFormLayout(happened_box)
        self.happened_rows = FieldErrors(happened_form)
        grid_box = QWidget()
        grid = QGridLayout(grid_box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.hostilities: dict[str, QCheckBox] = {}
        categories = {
            code: label
            for code, label in self.lists.choosable("hostilities").items()
            if code != NONE_APPARENT  # a hate crime or incident is one where hostility is felt
        }
        for number, (code, label) in enumerate(categories.items()):
            tick = QCheckBox(label)
            tick.setAccessibleName(label)
            grid.addWidget(tick, number // 3, number % 3)
            self.hostilities[code] = tick
        self.happened_rows.add(
            "hostilities",
            "Hostility shown",
            grid_box,
            hint="Tick every one the person felt or you saw.",
        )
        self.account = self.happened_rows.add(
            "account",
            "What &happened",
            plain_text_box(8),
            hint="In the person's own words where you can: who said or did what, to whom.",
            limit=ACCOUNT_LIMIT,
        )
        police_box = QWidget()
        police_line = QHBoxLayout(police_box)
        police_line.setContentsMargins(0, 0, 0, 0)
        self.reported_to_police = QCheckBox("Reported to the police")
        self.reported_to_police.setAccessibleName("Reported to the police")
        police_line.addWidget(self.reported_to_police)
        police_line.addStretch(1)
        self.happened_rows.add("reported_to_police", "Police", police_box)
        self.crime_reference = self.happened_rows.add(
            "crime_reference",
            "C&rime reference",
            QLineEdit(),
            hint="The police's reference, e.g. 0112345/26.",
            limit=40,
        )
        self.crime_reference.setEnabled(False)
        self.reported_to_police.toggled.connect(self.crime_reference.setEnabled)
        right.addWidget(happened_box)
        right.addStretch(1)

        self.people = PeopleSection()
        self.people.add_requested.connect(self.add_person)
        column.addWidget(self.people)
        column.addStretch(1)

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(content)
        layout.addWidget(self.scroll_area, 1)

        row = QHBoxLayout()
        self.status = QLabel()
        self.status.setObjectName("form_status")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Form status")
        self.status.setProperty("role", "hint")
        row.addWidget(self.status, 1)
        self.save_button = button("&Save incident", self.save)
        self.save_button.setToolTip("Ctrl+S")
        self.cancel_button = button("Cancel", self.reject)
        row.addWidget(self.save_button)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self).activated.connect(self.save)

        align_captions(what_form, where_form)
        limit_width(self.ward, 36)
        limit_width(self.crime_reference, 24)
        self.set_when(london_now())
        self._size_to_screen()
        next(iter(self.kind.values())).setFocus(Qt.FocusReason.OtherFocusReason)

    def _size_to_screen(self) -> None:
        metrics = self.fontMetrics()
        width, height = metrics.averageCharWidth() * 170, metrics.height() * 40
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 60)
        self.resize(width, height)

    # The fields

    def set_when(self, moment: datetime) -> None:
        moment = moment.astimezone(LONDON)
        self.occurred_at.setDateTime(
            QDateTime(
                QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute)
            )
        )

    def when(self) -> datetime:
        day, clock = self.occurred_at.date(), self.occurred_at.time()
        return datetime(
            day.year(), day.month(), day.day(), clock.hour(), clock.minute(), tzinfo=LONDON
        )

    def _ward_from_postcode(self) -> None:
        """An empty ward (or one filled from an earlier postcode) follows the postcode."""
        postcode = self.postcode.text().strip()
        if not postcode or (combo_value(self.ward) and not self._ward_from):
            return
        ward = self.lists.ward_for_postcode(postcode)
        if ward:
            set_combo_value(self.ward, ward)
            self._ward_from = postcode

    def _ward_chosen(self) -> None:
        self._ward_from = ""  # the officer chose it: a later postcode leaves it alone

    def entry(self) -> IncidentInput:
        """The incident as typed."""
        arose = self.arose_from
        return IncidentInput(
            kind=chosen(self.kind),
            how_known=chosen(self.how_known),
            occurred_at=self.when(),
            place=self.place.text().strip(),
            postcode=self.postcode.text().strip(),
            ward=combo_value(self.ward),
            hostilities=tuple(k for k, tick in self.hostilities.items() if tick.isChecked()),
            account=self.account.toPlainText().strip(),
            reported_to_police=self.reported_to_police.isChecked(),
            crime_reference=(
                self.crime_reference.text().strip() if self.reported_to_police.isChecked() else ""
            ),
            notice_id=arose.notice_id if arose else None,
            session_id=arose.session_id if arose else None,
            follow_up_id=arose.follow_up_id if arose else None,
        )

    def problems(self, entry: IncidentInput) -> dict[str, str]:
        """What the rules say of ``entry`` before it goes to the store, and the lengths."""
        found = check_incident(
            dataclasses.asdict(entry), self.lists, datetime.now(LONDON).replace(second=59)
        )
        if len(entry.account) > ACCOUNT_LIMIT:
            found.setdefault("account", f"Shorten this to {ACCOUNT_LIMIT} characters or fewer.")
        return found

    def _all_rows(self) -> tuple[FieldErrors, ...]:
        return (self.rows, self.where_rows, self.happened_rows)

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message beside its field (the first field with one takes the focus) and a
        line at the foot saying how many there are."""
        ordered = {k: errors[k] for k in FIELD_ORDER if k in errors} | errors
        for rows in self._all_rows():
            rows.show_errors({k: v for k, v in ordered.items() if k in rows.labels})
        self.people.error.setText(errors.get("people", ""))
        self.people.error.setVisible(bool(errors.get("people")))
        first = next(iter(ordered), None)
        if first is not None:
            for rows in self._all_rows():
                if first in rows.fields:
                    rows.fields[first].setFocus(Qt.FocusReason.OtherFocusReason)
                    self.scroll_area.ensureWidgetVisible(rows.fields[first])
        count = len(errors)
        shown = {"people"}.union(*(rows.labels for rows in self._all_rows()))
        elsewhere = " ".join(v for k, v in errors.items() if k not in shown)
        self.status.setText(
            f"Not saved yet: {count} thing{'s' if count != 1 else ''} to put right, "
            f"shown beside the fields. {elsewhere}".strip()
            if count
            else ""
        )
        set_role(self.status, "error" if count else "hint")

    # Acting

    def add_person(self) -> None:
        picked = PersonPicker.ask(self.ctx, self)
        if picked is not None:
            self.people.add(picked)
            self.people.error.hide()

    def save(self) -> None:
        """Check and record the incident with its people; on problems, show each beside its
        field and keep the form open."""
        entry = self.entry()
        problems = self.problems(entry)
        if problems:
            self.show_errors(problems)
            return
        done = self.ctx.run(
            lambda session: self._store(session, entry),
            show_error=self._refused,
            show_field_errors=self.show_errors,
        )
        if done is None:
            return
        self.saved_id = done.value
        self.accept()

    def _store(self, session: Session, entry: IncidentInput) -> uuid.UUID:
        """Record each new person, then the incident linked to everyone chosen."""
        people: list[tuple[uuid.UUID, str]] = []
        for picked in self.people.chosen:
            if picked.new is None:
                assert picked.person_id is not None
                people.append((picked.person_id, picked.role))
                continue
            try:
                person = record_person(session, self.ctx.actor, picked.new)
            except ValidationFailed as failure:
                said = " ".join(failure.field_errors.values())
                raise ValidationFailed({"people": f"{picked.label}: {said}"}) from failure
            people.append((person.id, picked.role))
        return record_incident(session, self.ctx.actor, entry, people).id

    def _refused(self, message: str) -> None:
        self.status.setText(message)
        set_role(self.status, "error")

    @classmethod
    def ask(
        cls, ctx: UiContext, *, arose_from: AroseFrom | None = None, parent: QWidget | None = None
    ) -> uuid.UUID | None:
        """The id of the incident recorded, or None when the officer cancelled."""
        form = cls(ctx, arose_from=arose_from, parent=parent)
        return form.saved_id if form.exec() == QDialog.DialogCode.Accepted else None

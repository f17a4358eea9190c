"""The People area: find a victim, witness or someone who disclosed, and open them.

The search is forgiving, as people's names are heard and spelt many ways: it matches names
that sound alike or are mistyped, ignores accents, and takes a date of birth (31/12/1990) or
a phone number as well as a name. Each match says why it matched. With nothing typed, the
list holds everyone the user may see, by name. Opening a person shows ``PersonView`` in place
of the list, with a button back to it.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from hfhate.models.victims import Person
from hfhate.services.ops import OpChanges
from hfhate.services.retention.erased_fields import erased_note
from hfhate.services.victims.people import find_people, people_list
from hfhate.ui.context import UiContext
from hfhate.ui.engagement.widgets import button
from hfhate.ui.forms import hint_label, line_edit, titled_layout
from hfhate.ui.tables import ListTableModel, fit_columns, list_table
from hfhate.ui.victims.person_view import PersonView, person_label

SEARCH_DELAY_MS = 300
DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
PHONE = re.compile(r"^[+0-9 ()-]{6,}$")


@dataclass(frozen=True)
class PersonLine:
    """One person in the list, and why they matched the search."""

    id: uuid.UUID
    label: str
    date_of_birth: date | None
    postcode: str
    why: str

    @classmethod
    def of(cls, person: Person, why: str = "") -> PersonLine:
        return cls(
            person.id,
            erased_note(person.erased_at)
            if person.erased_at is not None
            else person_label(person.name, person.known_as),
            person.date_of_birth,
            person.postcode,
            why,
        )


@dataclass(frozen=True)
class Search:
    """What the search box asks for: a name, a date of birth or a phone number."""

    name: str = ""
    date_of_birth: date | None = None
    phone: str = ""


def read_search(text: str) -> Search:
    """What ``text`` asks for: a date of birth, a phone number, or else a name."""
    found = DATE.match(text)
    if found:
        day, month, year = (int(part) for part in found.groups())
        try:
            return Search(date_of_birth=date(year, month, day))
        except ValueError:
            return Search(name=text.strip())
    if PHONE.match(text.strip()) and sum(c.isdigit() for c in text) >= 6:
        return Search(phone=text.strip())
    return Search(name=text.strip())


class PeopleModel(ListTableModel[PersonLine]):
    """People found, best match first (or by name with nothing typed)."""

    HEADERS = ("Name", "Date of birth", "Postcode", "Why it matches")
    full_text_tips = True

    def text(self, row: PersonLine, column: int) -> str:
        born = f"{row.date_of_birth:%d %b %Y}" if row.date_of_birth else ""
        return (row.label, born, row.postcode, row.why)[column]


class PeoplePage(QWidget):
    """The search and its list; the chosen person's view in its place once opened."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stale = False
        layout = titled_layout(
            self,
            "People",
            "Victims, witnesses and people who made a disclosure, recorded once and linked to "
            "everything they were part of, so nobody has to tell their story twice.",
        )
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)

        self.list_page = QWidget()
        column = QVBoxLayout(self.list_page)
        column.setContentsMargins(0, 0, 0, 0)
        search_row = QHBoxLayout()
        search_label = QLabel("&Find")
        self.search = line_edit(200)
        self.search.setAccessibleName("Find")
        self.search.setPlaceholderText("A name, a date of birth (31/12/1990) or a phone number")
        self.search.setClearButtonEnabled(True)
        search_label.setBuddy(self.search)
        self.search_button = button("Search", self.refresh)
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.search_button)
        column.addLayout(search_row)
        column.addWidget(
            hint_label(
                "Names that sound alike or are spelt differently are found too; check the "
                "date of birth before you open someone."
            )
        )
        self.count_label = QLabel()
        self.count_label.setObjectName("people_count")
        self.count_label.setAccessibleName("People found")
        column.addWidget(self.count_label)
        self.model = PeopleModel(self)
        self.table = list_table(self.model, "People")
        fit_columns(self.table, elastic=(0, 3))
        column.addWidget(self.table, 1)
        actions = QHBoxLayout()
        self.open_button = button("&Open…", self.open_selected)
        actions.addWidget(self.open_button)
        actions.addStretch(1)
        column.addLayout(actions)
        self.stack.addWidget(self.list_page)

        self.view = PersonView(ctx)
        self.view.back.connect(self.show_list)
        self.stack.addWidget(self.view)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self.timer.start())
        self.search.returnPressed.connect(self.refresh)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.activated.connect(lambda _index: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        ctx.changes.changed.connect(self._changed)
        self.refresh()

    def _lines(self, session: Session, text: str) -> list[PersonLine]:
        if not text.strip():
            return [PersonLine.of(p) for p in people_list(session, self.ctx.actor)]
        asked = read_search(text)
        matches = find_people(
            session,
            self.ctx.actor,
            name=asked.name,
            date_of_birth=asked.date_of_birth,
            phone=asked.phone,
        )
        return [PersonLine.of(m.person, ", ".join(m.reasons)) for m in matches]

    def refresh(self) -> None:
        self.stale = False
        self.timer.stop()
        text = self.search.text()
        lines = self.ctx.read(lambda session: self._lines(session, text))
        self.model.set_rows(lines)
        if text.strip():
            self.count_label.setText(
                f"{len(lines)} possible match{'es' if len(lines) != 1 else ''}, best first"
                if lines
                else "Nobody found. Try part of the name, or their date of birth."
            )
        else:
            self.count_label.setText(f"{len(lines)} {'person' if len(lines) == 1 else 'people'}")
        if lines:
            self.table.selectRow(0)
        self._enable()

    def _enable(self) -> None:
        self.open_button.setEnabled(self.selected_id() is not None)

    def selected_id(self) -> uuid.UUID | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()].id if rows else None

    def open_selected(self) -> None:
        chosen = self.selected_id()
        if chosen is not None:
            self.open_person(chosen)

    def open_person(self, person_id: uuid.UUID) -> bool:
        """Show person ``person_id``'s view in place of the list."""
        if not self.view.show_person(person_id):
            return False
        self.stack.setCurrentWidget(self.view)
        return True

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list_page)
        self.refresh()

    def _changed(self, changes: OpChanges) -> None:
        """Read the list again now if it is on screen, else when it is next shown: each
        reading is a logged search or listing, so none is made that nobody sees."""
        if changes.touches("people"):
            if self.list_page.isVisible():
                self.refresh()
            else:
                self.stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self.stale and self.stack.currentWidget() is self.list_page:
            self.refresh()

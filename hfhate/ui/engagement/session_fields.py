"""The fields of the session form, in four boxes and the register, with a message beside each.

``SessionFields`` turns what was typed into a ``SessionInput`` (numbers typed as text are
read with the rules' own readers, so a message says what to type), fills itself from one,
and keeps its state as JSON for drafts. Rows that do not apply to the chosen type are hidden:
the school's year groups, the topic of specialised training and the register.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hfhate.services.engagement import organisations
from hfhate.services.engagement import sessions as engagement
from hfhate.services.engagement.rules import (
    InputProblem,
    SessionInput,
    engagement_reference,
    london_today,
    read_whole_number,
)
from hfhate.services.reference_lists import ReferenceLists, lists_for, organisation_list
from hfhate.ui.context import UiContext
from hfhate.ui.engagement.confidence_editor import ConfidenceEditor
from hfhate.ui.engagement.organisation_dialog import OrganisationDialog
from hfhate.ui.engagement.register_editor import RegisterEditor
from hfhate.ui.engagement.session_state import restore_fields, state_of
from hfhate.ui.engagement.widgets import (
    ChoiceBox,
    ChoiceList,
    button,
    date_field,
    name_inner_editor,
    read_time,
    set_date,
    set_time,
    time_field,
)
from hfhate.ui.forms import FieldErrors, FieldWidget, line_edit, read_date, set_row_visible

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from hfhate.models import Organisation, User


def _text_box(lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


class SessionFields(QWidget):
    """Everything about one session; emits ``changed`` whenever the officer changes anything."""

    changed = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ref = engagement_reference()
        self.organisations: dict[uuid.UUID, Organisation] = {}
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)

        box, self.about = self._box("The session")
        self.session_type = self._add(
            self.about,
            "session_type",
            "&Type",
            ChoiceBox(
                [("Choose…", ""), *((label, code) for code, label in ref.session_types.items())]
            ),
        )
        self.specialised_topic = self._add(
            self.about,
            "specialised_topic",
            "Training to&pic",
            ChoiceBox([("Choose…", ""), *((label, code) for code, label in ref.topics.items())]),
            hint="What the specialised training was about.",
        )
        self.title = self._add(
            self.about,
            "title",
            "Tit&le",
            QLineEdit(),
            hint="Optional, e.g. Year 6 assembly or Spring term training.",
        )
        self.title.setMaxLength(200)
        self.session_date = self._add(
            self.about, "session_date", "&Date", date_field(london_today())
        )
        self.session_date.setMaximumDate(self.session_date.date().addYears(1))
        name_inner_editor(self.session_date, "Date")
        narrow = self.fontMetrics().averageCharWidth() * 18
        self.session_date.setMaximumWidth(narrow)
        self.start_time = self._add(self.about, "start_time", "&Start time", time_field(time(9, 0)))
        name_inner_editor(self.start_time, "Start time")
        self.end_time = self._add(self.about, "end_time", "&End time", time_field(time(10, 0)))
        name_inner_editor(self.end_time, "End time")
        self.start_time.setMaximumWidth(narrow)
        self.end_time.setMaximumWidth(narrow)
        self.venue = self._add(self.about, "venue", "&Venue", QLineEdit())
        self.venue.setMaxLength(200)
        self.ward = self._add(
            self.about,
            "ward",
            "&Ward",
            ChoiceBox(self._ward_choices(ctx.read(lists_for), "")),
        )
        organisation_row = QWidget()
        row = QHBoxLayout(organisation_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.organisation = ChoiceBox()
        self.organisation.setAccessibleName("School or organisation")
        self.new_organisation = button("&New organisation…", self.add_organisation)
        row.addWidget(self.organisation, 1)
        row.addWidget(self.new_organisation)
        self._add(self.about, "organisation", "School or &organisation", organisation_row)
        organisation_row.setFocusProxy(self.organisation)
        self.year_groups = self._add(self.about, "year_groups", "&Year groups", ChoiceList(rows=4))
        column.addWidget(box)

        box, self.who = self._box("Who came")
        self.audience = self._add(
            self.who,
            "audience",
            "A&udience",
            ChoiceBox([("Choose…", ""), *((label, code) for code, label in ref.audiences.items())]),
        )
        self.attendees = self._add(self.who, "attendees", "Number of &attendees", QLineEdit())
        self.attendees.setMaxLength(7)
        self.attendees.setMaximumWidth(narrow)
        breakdown_row = QWidget()
        split = QHBoxLayout(breakdown_row)
        split.setContentsMargins(0, 0, 0, 0)
        self.breakdown: dict[str, QLineEdit] = {}
        for code, label in ref.breakdown_groups.items():
            caption = QLabel(label)
            field = line_edit(7)
            field.setAccessibleName(label)
            field.setMaximumWidth(field.fontMetrics().averageCharWidth() * 8)
            caption.setBuddy(field)
            split.addWidget(caption)
            split.addWidget(field)
            self.breakdown[code] = field
        split.addStretch(1)
        self._add(
            self.who,
            "breakdown",
            "Breakdown",
            breakdown_row,
            hint="Optional: how many of each; they must add up to the attendees.",
        )
        breakdown_row.setFocusProxy(next(iter(self.breakdown.values())))
        self.facilitators = self._add(self.who, "facilitators", "&Facilitators", ChoiceList())
        self.partners = self._add(
            self.who, "partners", "Partner or&ganisations", ChoiceList(rows=4)
        )
        column.addWidget(box)

        box, self.covered = self._box("What was covered")
        self.categories = self._add(
            self.covered,
            "categories",
            "Hate-crime &categories",
            ChoiceList(ref.categories.items(), rows=5),
        )
        self.topics = self._add(
            self.covered, "topics", "Top&ics covered", ChoiceList(ref.topics.items(), rows=5)
        )
        self.materials = self._add(
            self.covered,
            "materials",
            "&Materials used",
            QLineEdit(),
            hint="e.g. slides, scenario cards, leaflets.",
        )
        self.notes = self._add(self.covered, "notes", "Notes", _text_box(3))
        column.addWidget(box)

        effect_box = QGroupBox("Effect")
        effect_layout = QVBoxLayout(effect_box)
        self.confidence = ConfidenceEditor()
        effect_layout.addWidget(self.confidence)
        effect_form = QFormLayout()
        self.effect = FieldErrors(effect_form)
        self.feedback = self._add(
            self.effect,
            "feedback",
            "Feed&back",
            _text_box(3),
            hint="What attendees said, in their words where you can.",
        )
        effect_layout.addLayout(effect_form)
        column.addWidget(effect_box)

        self.register_box = QGroupBox("Attendance register")
        register_layout = QVBoxLayout(self.register_box)
        register_form = QFormLayout()
        self.register_rows = FieldErrors(register_form)
        self.register = RegisterEditor()
        self._add(self.register_rows, "register", "People trained", self.register)
        self.register.setFocusProxy(self.register.name)
        register_layout.addLayout(register_form)
        column.addWidget(self.register_box)
        column.addStretch(1)

        self.load_choices()
        self._wire()
        self.type_changed()

    @staticmethod
    def _ward_choices(lists: ReferenceLists, held: str) -> list[tuple[str, str]]:
        """The wards in use, and the one a session already holds even if retired since."""
        wards = lists.choosable("wards")
        if held and held not in wards and lists.known("wards", held):
            wards[held] = f"{lists.label('wards', held)} (no longer in use)"
        return [("Choose…", ""), *((label, code) for code, label in wards.items())]

    def _box(self, title: str) -> tuple[QGroupBox, FieldErrors]:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return box, FieldErrors(form)

    def _add(
        self, rows: FieldErrors, key: str, label: str, field: FieldWidget, *, hint: str = ""
    ) -> FieldWidget:
        return rows.add(key, label, field, hint=hint)

    def _wire(self) -> None:
        for field in (
            self.title,
            self.venue,
            self.attendees,
            self.materials,
            *self.breakdown.values(),
        ):
            field.textChanged.connect(self.changed)
        for combo in (self.specialised_topic, self.ward, self.audience, self.organisation):
            combo.currentIndexChanged.connect(self.changed)
        for listing in (
            self.year_groups,
            self.facilitators,
            self.partners,
            self.categories,
            self.topics,
        ):
            listing.itemChanged.connect(self.changed)
        for box in (self.notes, self.feedback):
            box.textChanged.connect(self.changed)
        self.session_date.dateChanged.connect(self.changed)
        self.start_time.timeChanged.connect(self.changed)
        self.end_time.timeChanged.connect(self.changed)
        self.confidence.changed.connect(self.changed)
        self.register.changed.connect(self.changed)
        self.session_type.currentIndexChanged.connect(self.type_changed)
        self.organisation.currentIndexChanged.connect(self.organisation_changed)

    def load_choices(
        self,
        keep_facilitators: tuple[uuid.UUID, ...] = (),
        keep_organisations: tuple[uuid.UUID | None, ...] = (),
    ) -> None:
        """Fill the organisation, facilitator and partner lists from the store: schools and
        partners retired from the lists only when the session already holds them."""

        def choices(session: Session) -> tuple[list[Organisation], list[User], dict[str, str]]:
            lists = lists_for(session)
            found = [
                o
                for o in organisations.list_organisations(session, self.ctx.actor)
                if o.id in keep_organisations
                or not lists.is_retired(organisation_list(o.kind), str(o.id))
            ]
            people = engagement.facilitator_choices(session, self.ctx.actor)
            gone = [str(i) for i in keep_facilitators if i not in {p.id for p in people}]
            return found, people, engagement.user_names(session, gone)

        found, people, names = self.ctx.read(choices)
        extra = [i for i in keep_facilitators if i not in {p.id for p in people}]
        self.organisations = {o.id: o for o in found}
        self.organisation.set_choices(
            [("None", None), *((organisations.describe(o), o.id) for o in found)]
        )
        facilitators = [(str(p.id), p.full_name) for p in people]
        facilitators += [
            (str(i), f"{names.get(str(i), 'Former user')} (no longer active)") for i in extra
        ]
        self.facilitators.set_choices(facilitators)
        self.partners.set_choices([(str(o.id), o.name) for o in found if o.kind != "school"])

    def add_organisation(self) -> None:
        school = self.session_type.value() == "school_programme"
        added = OrganisationDialog.ask(self.ctx, "school" if school else "", self)
        if added is not None:
            self.load_choices(self.facilitator_ids())
            self.organisation.set_value(added)

    def type_changed(self) -> None:
        kind = self.session_type.value()
        ref = engagement_reference()
        set_row_visible(self.about.form, self.specialised_topic, kind == "specialised_training")
        set_row_visible(self.about.form, self.year_groups, kind == "school_programme")
        self.register_box.setVisible(kind in ref.register_types)
        self.changed.emit()

    def organisation_changed(self) -> None:
        chosen = self.organisations.get(self.organisation.value())
        years = (
            chosen.year_groups
            if chosen is not None and chosen.kind == "school"
            else list(engagement_reference().year_groups)
        )
        self.year_groups.set_choices([(y, y) for y in years])
        self.register.set_default_organisation(chosen.name if chosen is not None else "")

    def facilitator_ids(self) -> tuple[uuid.UUID, ...]:
        return tuple(uuid.UUID(code) for code in self.facilitators.chosen())

    def read(self) -> tuple[SessionInput, dict[str, str]]:
        """What was typed, and a message for each number that could not be read."""
        problems: dict[str, str] = {}

        def count(field: QLineEdit, key: str) -> int | None:
            try:
                return read_whole_number(field.text())
            except InputProblem as problem:
                problems.setdefault(key, str(problem))
                return None

        kind = self.session_type.value()
        breakdown = {code: count(field, "breakdown") for code, field in self.breakdown.items()}
        entry = SessionInput(
            session_type=kind,
            title=self.title.text(),
            specialised_topic=self.specialised_topic.value(),
            session_date=read_date(self.session_date),
            start_time=read_time(self.start_time),
            end_time=read_time(self.end_time),
            venue=self.venue.text(),
            ward=self.ward.value(),
            organisation_id=self.organisation.value(),
            year_groups=tuple(self.year_groups.chosen()) if kind == "school_programme" else (),
            audience=self.audience.value(),
            attendees=count(self.attendees, "attendees"),
            breakdown={k: v for k, v in breakdown.items() if v is not None},
            facilitator_ids=self.facilitator_ids(),
            partner_ids=tuple(uuid.UUID(c) for c in self.partners.chosen()),
            categories=tuple(self.categories.chosen()),
            topics=tuple(self.topics.chosen()),
            materials=self.materials.text(),
            notes=self.notes.toPlainText(),
            feedback=self.feedback.toPlainText(),
            confidence=self.confidence.read(problems),
            register=self.register.people()
            if kind in engagement_reference().register_types
            else (),
        )
        return entry, problems

    def fill(self, entry: SessionInput) -> None:
        """Show ``entry`` (a session to change, or one to start from)."""
        self.load_choices(entry.facilitator_ids, (entry.organisation_id, *entry.partner_ids))
        self.session_type.set_value(entry.session_type)
        self.specialised_topic.set_value(entry.specialised_topic)
        self.title.setText(entry.title)
        set_date(self.session_date, entry.session_date or london_today())
        set_time(self.start_time, entry.start_time)
        set_time(self.end_time, entry.end_time)
        self.venue.setText(entry.venue)
        self.ward.set_choices(self._ward_choices(self.ctx.read(lists_for), entry.ward), False)
        self.ward.set_value(entry.ward)
        self.organisation.set_value(entry.organisation_id)
        self.organisation_changed()
        self.year_groups.set_chosen(entry.year_groups)
        self.audience.set_value(entry.audience)
        self.attendees.setText("" if entry.attendees is None else str(entry.attendees))
        for code, field in self.breakdown.items():
            value = entry.breakdown.get(code)
            field.setText(str(value) if value else "")
        self.facilitators.set_chosen([str(i) for i in entry.facilitator_ids])
        self.partners.set_chosen([str(i) for i in entry.partner_ids])
        self.categories.set_chosen(entry.categories)
        self.topics.set_chosen(entry.topics)
        self.materials.setText(entry.materials)
        self.notes.setPlainText(entry.notes)
        self.feedback.setPlainText(entry.feedback)
        self.confidence.fill(entry.confidence)
        self.register.set_people(list(entry.register))

    def state(self) -> dict[str, Any]:
        return state_of(self)

    def restore(self, state: Mapping[str, Any]) -> None:
        restore_fields(self, state)

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Show each message beside its field, and take the officer to the first one."""
        firsts: list[QWidget | None] = []
        for rows in (self.about, self.who, self.covered):
            rows.show_errors(errors)
            firsts += [rows.fields[k] for k in rows.fields if errors.get(k)]
        firsts.append(self.confidence.show_errors(errors))
        for rows in (self.effect, self.register_rows):
            rows.show_errors(errors)
            firsts += [rows.fields[k] for k in rows.fields if errors.get(k)]
        first = next((f for f in firsts if f is not None), None)
        if first is not None:
            target = first.focusProxy() or first
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            for scroll in _scroll_areas(self):
                scroll.ensureWidgetVisible(target)


def _scroll_areas(widget: QWidget) -> list[QScrollArea]:
    found = []
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            found.append(parent)
        parent = parent.parentWidget()
    return found

"""The Sessions area: every session with search and filters, paged in as the user scrolls.

Engagement officers record new sessions, continue their drafts, change sessions and start a
new one from a past one (duplicate); supervisors read them.
"""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from hfhate.models import Role
from hfhate.services.engagement import organisations
from hfhate.services.engagement import sessions as engagement
from hfhate.services.engagement.drafts import discard_session_draft, list_session_drafts
from hfhate.services.engagement.queries import SessionFilter
from hfhate.services.engagement.rules import engagement_reference, london_today
from hfhate.services.ops import OpChanges
from hfhate.services.reference_lists import lists_for
from hfhate.ui.context import UiContext
from hfhate.ui.engagement.session_form import SessionForm
from hfhate.ui.engagement.session_view import SessionView
from hfhate.ui.engagement.table_models import SessionsTableModel
from hfhate.ui.engagement.widgets import ChoiceBox, OptionalDate, button, set_date
from hfhate.ui.forms import titled_layout
from hfhate.ui.tables import list_table

SEARCH_DELAY_MS = 300
REFRESH_ON = {"engagement_sessions", "organisations", "session_drafts"}


class SessionsPage(QWidget):
    """Filters above, the list in the middle, the officer's actions below."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.can_record = ctx.actor.has(Role.ENGAGEMENT_OFFICER)
        ref = engagement_reference()
        layout = titled_layout(
            self,
            "Engagement sessions",
            "School programmes, training, community events and partner meetings: "
            "what was delivered, to whom, and with what effect.",
        )

        self.drafts_row = QWidget()
        drafts = QHBoxLayout(self.drafts_row)
        drafts.setContentsMargins(0, 0, 0, 0)
        drafts_label = QLabel("Your &drafts")
        self.drafts = ChoiceBox()
        self.drafts.setAccessibleName("Your drafts")
        drafts_label.setBuddy(self.drafts)
        self.continue_button = button("Continue draf&t…", self.continue_draft)
        self.discard_button = button("Discard draft", self.discard_draft)
        drafts.addWidget(drafts_label)
        drafts.addWidget(self.drafts, 1)
        drafts.addWidget(self.continue_button)
        drafts.addWidget(self.discard_button)
        layout.addWidget(self.drafts_row)

        filters = QGridLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Title, venue, organisation or notes")
        self.search.setClearButtonEnabled(True)
        self.session_type = ChoiceBox(
            [("All types", ""), *((label, code) for code, label in ref.session_types.items())]
        )
        wards = ctx.read(lists_for).entries("wards")  # retired ones too: old sessions hold them
        self.ward = ChoiceBox([("All wards", ""), *((w.label, w.code) for w in wards)])
        self.organisation = ChoiceBox()
        self.facilitator = ChoiceBox()
        self.topic = ChoiceBox(
            [("All topics", ""), *((label, code) for code, label in ref.topics.items())]
        )
        today = london_today()
        # The filters chosen from a list, each with "All ..." first.
        self.combos = (
            self.session_type,
            self.ward,
            self.organisation,
            self.facilitator,
            self.topic,
        )
        self.date_from = OptionalDate("Fro&m", date(today.year - (today.month < 9), 9, 1))
        self.date_to = OptionalDate("T&o", today)
        for column, (label, widget) in enumerate(
            (
                ("&Search", self.search),
                ("T&ype", self.session_type),
                ("&Ward", self.ward),
                ("O&rganisation", self.organisation),
            )
        ):
            self._filter(filters, 0, column, label, widget)
        for column, (label, widget) in enumerate(
            (("Fa&cilitator", self.facilitator), ("To&pic", self.topic))
        ):
            self._filter(filters, 2, column, label, widget)
        filters.addWidget(QLabel("Dates"), 2, 2)
        filters.addWidget(self.date_from, 3, 2)
        filters.addWidget(self.date_to, 3, 3)
        self.clear_button = button("C&lear filters", self.clear_filters)
        filters.addWidget(self.clear_button, 3, 4)
        for column in range(4):
            filters.setColumnStretch(column, 1)
        layout.addLayout(filters)

        self.count_label = QLabel()
        self.count_label.setObjectName("sessions_count")
        self.count_label.setAccessibleName("Sessions found")
        layout.addWidget(self.count_label)
        self.model = SessionsTableModel(ctx, self)
        self.model.count_changed.connect(self._say_count)  # a long list's count follows
        self.table = list_table(self.model, "Sessions")
        self.table.doubleClicked.connect(lambda _index: self.open_session())
        layout.addWidget(self.table, 1)

        actions = QHBoxLayout()
        self.new_button = button("&New session…", self.new_session)
        self.new_button.setShortcut(QKeySequence.StandardKey.New)
        self.open_button = button("Op&en…", self.open_session)
        self.duplicate_button = button("D&uplicate…", self.duplicate_session)
        self.change_button = button("Chan&ge…", self.change_session)
        for widget in (
            self.new_button,
            self.open_button,
            self.duplicate_button,
            self.change_button,
        ):
            actions.addWidget(widget)
        for widget in (self.new_button, self.duplicate_button, self.change_button):
            widget.setVisible(self.can_record)
        actions.addStretch(1)
        self.export_button = button("E&xport CSV…", self.export_csv)
        self.export_button.setAccessibleName("Export the sessions listed as CSV")
        actions.addWidget(self.export_button)
        layout.addLayout(actions)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        for combo in self.combos:
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        for optional in (self.date_from, self.date_to):
            optional.changed.connect(self.apply_filters)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        ctx.changes.changed.connect(self._on_changed)
        self._load_choices()
        self._load_drafts()
        self.apply_filters()
        self._size_columns()

    def _filter(
        self, grid: QGridLayout, row: int, column: int, label: str, widget: QWidget
    ) -> None:
        caption = QLabel(label)
        caption.setBuddy(widget)
        widget.setAccessibleName(label.replace("&", ""))
        grid.addWidget(caption, row, column)
        grid.addWidget(widget, row + 1, column)

    def _size_columns(self) -> None:
        """Date, time and attendees on one line; the wordy columns share what is left."""
        metrics = self.fontMetrics()
        pad = metrics.averageCharWidth() * 3
        for column, sample in ((0, "Wed 25 Nov 2026"), (1, "18:30 to 19:00"), (6, "Attendees")):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + pad)
        for column, chars in ((2, 24), (3, 26), (4, 24), (5, 16)):
            self.table.setColumnWidth(column, metrics.averageCharWidth() * chars)

    def _load_choices(self) -> None:
        found, people = self.ctx.read(
            lambda session: (
                organisations.list_organisations(session, self.ctx.actor),
                engagement.facilitator_choices(session, self.ctx.actor),
            )
        )
        self.organisation.set_choices(
            [("All organisations", None), *((o.name, o.id) for o in found)]
        )
        self.facilitator.set_choices(
            [("All facilitators", None), *((p.full_name, p.id) for p in people)]
        )

    def _load_drafts(self) -> None:
        if not self.can_record:
            self.drafts_row.hide()
            return
        drafts = self.ctx.read(lambda session: list_session_drafts(session, self.ctx.actor))
        self.drafts.set_choices([(d.summary or "Untitled draft", d.id) for d in drafts], keep=False)
        self.drafts_row.setVisible(bool(drafts))

    def current_filter(self) -> SessionFilter:
        return SessionFilter(
            text=self.search.text(),
            session_type=self.session_type.value(),
            ward=self.ward.value(),
            organisation_id=self.organisation.value(),
            date_from=self.date_from.value(),
            date_to=self.date_to.value(),
            facilitator_id=self.facilitator.value(),
            topic=self.topic.value(),
        )

    def show_filter(self, flt: SessionFilter) -> None:
        """Show the sessions ``flt`` selects (a list opened from the dashboard); a choice the
        lists do not offer shows as "All"."""
        widgets = (self.search, *self.combos, self.date_from.check, self.date_to.check)
        for widget in widgets:
            widget.blockSignals(True)
        self.search.setText(flt.text)
        for combo, value in (
            (self.session_type, flt.session_type),
            (self.ward, flt.ward),
            (self.organisation, flt.organisation_id),
            (self.facilitator, flt.facilitator_id),
            (self.topic, flt.topic),
        ):
            combo.set_value(value)
        for optional, day in ((self.date_from, flt.date_from), (self.date_to, flt.date_to)):
            optional.check.setChecked(day is not None)
            optional.edit.setEnabled(day is not None)
            optional.edit.blockSignals(True)
            set_date(optional.edit, day)
            optional.edit.blockSignals(False)
        for widget in widgets:
            widget.blockSignals(False)
        self.apply_filters()

    def export_csv(self) -> None:
        """The sessions as filtered now, as a CSV file, once the user confirms."""
        from hfhate.ui.reports.csv_export import export_list_csv

        export_list_csv(self, self.ctx, self.current_filter(), "sessions")

    def apply_filters(self) -> None:
        self._search_timer.stop()
        self.model.set_filter(self.current_filter())
        self._say_count()

    def _say_count(self) -> None:
        total = self.model.total
        if not self.model.counted:
            self.count_label.setText(f"First {total:,} sessions shown, counting the rest…")
            return
        self.count_label.setText(f"{total:,} session{'s' if total != 1 else ''} found")

    def clear_filters(self) -> None:
        widgets = (self.search, *self.combos, self.date_from.check, self.date_to.check)
        for widget in widgets:
            widget.blockSignals(True)
        self.search.clear()
        for combo in self.combos:
            combo.setCurrentIndex(0)
        for optional in (self.date_from, self.date_to):
            optional.clear()
        for widget in widgets:
            widget.blockSignals(False)
        self.apply_filters()

    def _on_changed(self, changes: OpChanges) -> None:
        if not changes.touches(*REFRESH_ON):
            return
        if changes.touches("organisations"):
            self._load_choices()
        self._load_drafts()
        # A draft kept as the officer types changes no listed session: the list stays as it is.
        if changes.touches("engagement_sessions", "organisations"):
            self.apply_filters()

    def selected_id(self) -> uuid.UUID | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()).id if rows else None

    def select_session(self, session_id: uuid.UUID) -> None:
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).id == session_id:
                self.table.selectRow(row)
                return

    def _update_buttons(self) -> None:
        chosen = self.selected_id() is not None
        for widget in (self.open_button, self.duplicate_button, self.change_button):
            widget.setEnabled(chosen)

    def new_session(self) -> None:
        saved = SessionForm.ask(self.ctx, parent=self)
        if saved is not None:
            self.select_session(saved)

    def open_session(self) -> None:
        chosen = self.selected_id()
        if chosen is not None:
            SessionView.ask(self.ctx, chosen, self)
            self.apply_filters()

    def change_session(self) -> None:
        chosen = self.selected_id()
        if chosen is not None and SessionForm.ask(self.ctx, session_id=chosen, parent=self):
            self.select_session(chosen)

    def duplicate_session(self) -> None:
        chosen = self.selected_id()
        if chosen is None:
            return
        template = self.ctx.read(
            lambda session: engagement.template_from(session, self.ctx.actor, chosen)
        )
        saved = SessionForm.ask(self.ctx, template=template, duplicated_from=chosen, parent=self)
        if saved is not None:
            self.select_session(saved)

    def continue_draft(self) -> None:
        draft_id = self.drafts.value()
        if draft_id is not None:
            saved = SessionForm.ask(self.ctx, draft_id=draft_id, parent=self)
            if saved is not None:
                self.select_session(saved)

    def discard_draft(self) -> None:
        draft_id = self.drafts.value()
        if draft_id is None:
            return
        self.ctx.run(
            lambda session: discard_session_draft(
                session, self.ctx.actor, draft_id, finished=False
            ),
            parent=self,
        )

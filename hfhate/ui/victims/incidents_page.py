"""The Incidents area: the hate crimes and hate incidents recorded, newest first.

Officers see the ones they recorded and record new ones (offline too); supervisors see every
one. Opening one shows it with its people, from whom a referral can be made.
"""

from __future__ import annotations

import uuid

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from hfhate.models import Role
from hfhate.services.ops import OpChanges
from hfhate.services.reference_lists import lists_for
from hfhate.services.victims.incidents import IncidentRow, incidents_list
from hfhate.services.victims.words import victim_words
from hfhate.ui.context import UiContext
from hfhate.ui.engagement.widgets import button
from hfhate.ui.formatting import london_time
from hfhate.ui.forms import titled_layout
from hfhate.ui.tables import ListTableModel, fit_columns, list_table
from hfhate.ui.victims.incident_form import IncidentForm
from hfhate.ui.victims.incident_view import IncidentView

REFRESH_ON = ("incidents", "person_links", "people", "referrals")
RECORDERS = (Role.AUTHORISED_OFFICER, Role.ENGAGEMENT_OFFICER)


class IncidentsModel(ListTableModel[IncidentRow]):
    """One line per incident: when, what, where, the hostility, people, police, officer."""

    HEADERS = ("When", "Kind", "Place", "Ward", "Hostility", "People", "Police", "Officer")
    RIGHT_ALIGNED = frozenset({5})
    full_text_tips = True

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.lists = ctx.read(lists_for)
        self.kinds = victim_words().incident_kinds

    def text(self, row: IncidentRow, column: int) -> str:
        match column:
            case 0:
                return london_time(row.occurred_at)
            case 1:
                return self.kinds.get(row.kind, row.kind)
            case 2:
                return row.place
            case 3:
                return self.lists.label("wards", row.ward) if row.ward else ""
            case 4:
                return ", ".join(self.lists.label("hostilities", h) for h in row.hostilities)
            case 5:
                return str(row.people_count)
            case 6:
                return "Reported" if row.reported_to_police else ""
            case _:
                return row.officer_name


class IncidentsPage(QWidget):
    """The list above, the actions below."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.can_record = ctx.actor.has(*RECORDERS)
        layout = titled_layout(
            self,
            "Incidents",
            "Hate crimes and hate incidents disclosed to officers or witnessed by them, "
            "whether or not a notice followed, with the victims and witnesses in each.",
        )
        self.count_label = QLabel()
        self.count_label.setObjectName("incidents_count")
        self.count_label.setAccessibleName("Incidents found")
        layout.addWidget(self.count_label)
        self.model = IncidentsModel(ctx, self)
        self.table = list_table(self.model, "Incidents")
        self.fitter = fit_columns(self.table, elastic=(2, 4))
        self.table.doubleClicked.connect(lambda _index: self.open_incident())
        layout.addWidget(self.table, 1)

        actions = QHBoxLayout()
        self.new_button = button("&New incident…", self.new_incident)
        self.new_button.setShortcut(QKeySequence.StandardKey.New)
        self.new_button.setVisible(self.can_record)
        self.open_button = button("Op&en…", self.open_incident)
        actions.addWidget(self.new_button)
        actions.addWidget(self.open_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        ctx.changes.changed.connect(self._changed)
        self.reload()

    def _changed(self, changes: OpChanges) -> None:
        if changes.touches(*REFRESH_ON):
            self.reload()

    def reload(self) -> None:
        chosen = self.selected_id()
        self.model.set_rows(self.ctx.read(lambda s: incidents_list(s, self.ctx.actor)))
        count = len(self.model.rows)
        self.count_label.setText(
            f"{count} incident{'s' if count != 1 else ''}"
            + ("" if self.ctx.actor.has(Role.SUPERVISOR) else " you recorded")
        )
        if chosen is not None:
            self.select_incident(chosen)

    def selected_id(self) -> uuid.UUID | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()).id if rows else None

    def select_incident(self, incident_id: uuid.UUID) -> None:
        for row, line in enumerate(self.model.rows):
            if line.id == incident_id:
                self.table.selectRow(row)
                return

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.selected_id() is not None)

    def new_incident(self) -> None:
        saved = IncidentForm.ask(self.ctx, parent=self)
        if saved is not None:
            self.reload()
            self.select_incident(saved)

    def open_incident(self) -> None:
        chosen = self.selected_id()
        if chosen is not None:
            IncidentView.ask(self.ctx, chosen, self)

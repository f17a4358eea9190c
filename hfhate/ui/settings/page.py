"""The Settings area: every council setting with the value in force today, its next scheduled
change and its history; an administrator changes one from a date.

Connected to the server, the list is the server's and a change is made there (it reaches this
laptop, and every other, at the next sync). On a stand-alone laptop the settings are this
laptop's own and a change is made here. Enrolled but not connected, the area shows what this
laptop last synced, read-only, and says that central changes need a connection.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hfhate.clock import london_date
from hfhate.models import utc_now
from hfhate.services.ops import OpChanges
from hfhate.services.settings.catalogue import BY_NAME, value_problem
from hfhate.services.settings.checking import IN_THE_PAST, by_field, change_problems
from hfhate.services.settings.resolution import DatedValue
from hfhate.services.settings.stored import base_values, change_setting, changes_here
from hfhate.sync.errors import SyncError
from hfhate.sync.settings_schemas import (
    SettingChangeRequest,
    SettingChangeRow,
    SettingsList,
    settings_list,
)
from hfhate.sync.transport import KEPT
from hfhate.ui.central_bar import CentralBar
from hfhate.ui.context import UiContext
from hfhate.ui.forms import hint_label, set_role, titled_layout
from hfhate.ui.settings.change_dialog import ChangeSettingDialog
from hfhate.ui.settings.models import HistoryTable, SettingsTable

PATH = "/admin/settings"
OFFLINE = "Read-only: central changes need a connection to the server. Connect to change a setting."


class SettingsPage(QWidget):
    """Administrators see every setting and change one from a date."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.listing: SettingsList | None = None
        self.dialog: ChangeSettingDialog | None = None
        layout = titled_layout(
            self,
            "Settings",
            "Notice amounts and periods, reminder letters, retention periods, laptop limits "
            "and the council's details printed on notices and letters. Each change applies "
            "from a date: a notice keeps the settings in force on the day it was issued.",
        )
        self.bar = CentralBar(ctx.central, "settings")
        layout.addWidget(self.bar)
        self.state = QLabel()
        self.state.setObjectName("settings_state")
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        self.table = SettingsTable()
        self.view = QTableView()
        self.view.setObjectName("settings_table")
        self.view.setAccessibleName("Settings")
        self.view.setModel(self.table)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.history = HistoryTable()
        self.history_view = QTableView()
        self.history_view.setObjectName("settings_history")
        self.history_view.setAccessibleName("History of the chosen setting")
        self.history_view.setModel(self.history)
        self.history_view.verticalHeader().hide()
        self.history_view.setWordWrap(False)
        history_header = self.history_view.horizontalHeader()
        for column_number in range(4):
            history_header.setSectionResizeMode(
                column_number, QHeaderView.ResizeMode.ResizeToContents
            )
        history_header.setStretchLastSection(True)
        lower = QWidget()
        column = QVBoxLayout(lower)
        column.setContentsMargins(0, 0, 0, 0)
        line = QHBoxLayout()
        self.history_title = QLabel("History: choose a setting above.")
        line.addWidget(self.history_title, 1)
        self.change_button = QPushButton("&Change from a date…")
        self.change_button.setAccessibleName("Change from a date")
        line.addWidget(self.change_button)
        column.addLayout(line)
        column.addWidget(self.history_view)
        column.addWidget(hint_label("The history lists every change of the chosen setting."))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([400, 170])
        layout.addWidget(splitter, 1)
        self.change_button.clicked.connect(self.open_change)
        self.view.doubleClicked.connect(lambda _index: self.open_change())
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self.show_history())
        ctx.central.changed.connect(self.refresh)
        ctx.changes.changed.connect(self._on_changed)
        self.refresh()

    def _on_changed(self, changes: OpChanges) -> None:
        """A sync brought setting changes, or one was made here: show them."""
        if changes.touches("setting_changes", "store_settings"):
            self.refresh()

    # --- reading ----------------------------------------------------------------------

    def _today(self) -> date:
        return london_date(utc_now())

    def _local(self) -> SettingsList:
        today = self._today()
        return self.ctx.read(lambda s: settings_list(changes_here(s), base_values(s), today))

    def refresh(self) -> None:
        access = self.ctx.central
        standalone, online = access.standalone, access.online
        message, role = "", "hint"
        listing = None
        if online and access.connection is not None:
            try:
                listing = access.connection.call("GET", PATH, SettingsList)
            except SyncError as error:
                message, role = f"The server's settings could not be read: {error}", "alarm"
        if listing is None:
            listing = self._local()
            if not standalone:
                message, role = message or OFFLINE, "alarm" if message else "hint"
        self.listing = listing
        self.state.setText(message)
        set_role(self.state, role)
        self.state.setVisible(bool(message))
        self.editable = standalone or (online and not message)
        self.change_button.setEnabled(self.editable)
        self.change_button.setToolTip("" if self.editable else OFFLINE)
        chosen = self.chosen()
        self.table.set_rows(listing.settings)
        if chosen is not None:
            names = [row.name for row in listing.settings]
            self.view.selectRow(names.index(chosen) if chosen in names else 0)
        elif listing.settings:
            self.view.selectRow(0)
        self.show_history()

    def chosen(self) -> str | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= len(self.table.rows):
            return None
        return self.table.rows[index.row()].name

    def choose(self, name: str) -> None:
        names = [row.name for row in self.table.rows]
        self.view.selectRow(names.index(name))

    def show_history(self) -> None:
        name = self.chosen()
        if name is None or self.listing is None:
            self.history.set_rows([])
            return
        self.history_title.setText(f"History of “{BY_NAME[name].label}”")
        self.history.set_rows([c for c in self.listing.changes if c.name == name])

    # --- changing ---------------------------------------------------------------------

    def open_change(self) -> ChangeSettingDialog | None:
        """Open "Change from a date…" for the chosen setting (None when it cannot change)."""
        name = self.chosen()
        if name is None or not self.editable or self.listing is None:
            return None
        current = next(row.value for row in self.listing.settings if row.name == name)
        self.dialog = ChangeSettingDialog(
            BY_NAME[name],
            current,
            self._today(),
            lambda value, start, note: self.submit(name, value, start, note),
            self,
        )
        self.dialog.accepted.connect(self.refresh)
        self.dialog.open()
        return self.dialog

    def submit(self, name: str, value: Any, start: date, note: str) -> Mapping[str, str]:
        """Make the change where it belongs; the problems by field (empty when made)."""
        access = self.ctx.central
        if access.standalone:
            problems = self._local_problems(name, value, start)
            if problems:
                return problems
            done = self.ctx.run(
                lambda s: change_setting(s, self.ctx.actor, name, value, start, note),
                parent=self,
            )
            return {} if done is not None else {"value": "The change was not made."}
        if not access.online or access.connection is None:
            return {"value": OFFLINE}
        problems = self._local_problems(name, value, start)
        if problems:
            return problems  # the server would refuse it for the same reasons
        request = SettingChangeRequest(name=name, value=value, in_force_from=start, note=note)
        try:
            access.connection.call(
                "POST", PATH, SettingChangeRow, json=request.model_dump(mode="json")
            )
        except SyncError as error:
            return {"value": _refusal(error)}
        return {}

    def _local_problems(self, name: str, value: Any, start: date) -> dict[str, str]:
        """The catalogue's checks against what this laptop holds: all of them stand-alone; the
        value and date alone when connected (the server checks the rest on its own history)."""
        today = self._today()
        proposed = DatedValue(name, value, start, utc_now())
        if self.ctx.central.standalone:
            found = self.ctx.read(
                lambda s: change_problems([proposed], changes_here(s), base_values(s), today)
            )
        else:
            setting = BY_NAME[name]
            problem = value_problem(setting, value)
            found = {name: problem} if problem else {}
            if not found and start < today:
                found = {"in_force_from": IN_THE_PAST}
        return by_field(found, name)


def _refusal(error: SyncError) -> str:
    """The server's reason alone (not the sync's words about what is kept)."""
    return str(error).removeprefix("The server refused: ").removesuffix(KEPT).strip()

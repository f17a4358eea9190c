"""The Lists area: an administrator picks a list, sees its entries (retired ones shown as
such), adds one, gives one new words, retires one or puts it back in use.

Online (signed in to the server) the lists are read from and changed on the server, and reach
every laptop at its next sync; on a stand-alone laptop they are changed here; an enrolled
laptop that is not connected shows what it last synced, read-only.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from hfhate.services import reference_entries
from hfhate.services.reference_lists import (
    LIST_TITLES,
    ORGANISATIONS_ADDED_ELSEWHERE,
    check_entry,
    lists_for,
)
from hfhate.sync.central import NEEDS_CONNECTION
from hfhate.sync.errors import SyncError
from hfhate.sync.reference_schemas import ReferenceListOut
from hfhate.ui.central_bar import CentralBar
from hfhate.ui.context import UiContext
from hfhate.ui.forms import FieldErrors, error_label, hint_label, show_problem, titled_layout
from hfhate.ui.reference.entries_model import EntriesModel, EntryRow
from hfhate.ui.tables import fit_columns, list_table

ORGANISATION_LISTS = ("partners", "schools")
AREA = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?( [0-9])?$")


class ListsPage(QWidget):
    """Administrators keep the council's reference lists."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = titled_layout(
            self,
            "Reference lists",
            "Wards, prohibitions, hostility categories, partners and schools that forms offer. "
            "A retired entry is no longer offered for new records, but records that already "
            "hold it still show it.",
        )
        self.bar = CentralBar(ctx.central, "reference lists")
        layout.addWidget(self.bar)
        top = QHBoxLayout()
        caption = QLabel("&List")
        top.addWidget(caption)
        self.list_name = QComboBox()
        self.list_name.setAccessibleName("List")
        for name, title in LIST_TITLES.items():
            self.list_name.addItem(title, name)
        caption.setBuddy(self.list_name)
        top.addWidget(self.list_name)
        self.list_hint = hint_label(ORGANISATIONS_ADDED_ELSEWHERE)
        top.addWidget(self.list_hint, 10)
        top.addStretch(1)  # the list's drop-down keeps its size when there is no hint
        layout.addLayout(top)
        self.message = error_label("Lists message", "lists_message", selectable=True)
        layout.addWidget(self.message)
        self.model = EntriesModel(self)
        self.table = list_table(self.model, "Entries")
        self.fitter = fit_columns(self.table, elastic=(0, 4))
        layout.addWidget(self.table, 1)

        self.editor = QGroupBox("Add an entry, or change the selected one")
        form = QFormLayout(self.editor)
        self.rows = FieldErrors(form)
        self.label = self.rows.add("label", "&Words shown", QLineEdit(), limit=200)
        self.code = self.rows.add(
            "code",
            "C&ode",
            QLineEdit(),
            hint="Kept on records; a ward's code is its name. It cannot change once added.",
            limit=60,
        )
        self.postcodes = self.rows.add(
            "postcodes",
            "&Postcodes",
            QLineEdit(),
            hint="Wards only: postcode districts or sectors for the lookup, e.g. W6, W14 9.",
        )
        buttons = QHBoxLayout()
        self.save_button = QPushButton("&Save entry")
        self.retire_button = QPushButton("&Retire")
        self.restore_button = QPushButton("Put &back in use")
        self.new_button = QPushButton("&New entry")
        for button in (self.save_button, self.retire_button, self.restore_button, self.new_button):
            button.setAccessibleName(button.text().replace("&", ""))
            buttons.addWidget(button)
        buttons.addStretch(1)
        form.addRow(buttons)
        layout.addWidget(self.editor)

        self.list_name.currentIndexChanged.connect(self.reload)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.save_button.clicked.connect(self.save)
        self.retire_button.clicked.connect(lambda: self.set_retired(True))
        self.restore_button.clicked.connect(lambda: self.set_retired(False))
        self.new_button.clicked.connect(self.clear_form)
        ctx.central.changed.connect(self.reload)
        self.reload()

    # --- reading --------------------------------------------------------------------------

    @property
    def current_list(self) -> str:
        return str(self.list_name.currentData())

    @property
    def editable(self) -> bool:
        return self.ctx.central.online or self.ctx.central.standalone

    def reload(self) -> None:
        show_problem(self.message, "")
        rows: list[EntryRow] | None = None
        if self.ctx.central.online:
            rows = self._server_rows()
        if rows is None:
            lists = self.ctx.read(lists_for)
            rows = [EntryRow.of_local(e) for e in lists.entries(self.current_list)]
            if not self.editable:
                show_problem(self.message, NEEDS_CONNECTION.replace(" Nothing was changed.", ""))
        self.model.set_rows(rows)
        self._enable()

    def _server_rows(self) -> list[EntryRow] | None:
        try:
            answer = self._call("GET", None)
        except SyncError as error:
            show_problem(self.message, str(error))
            return None
        return [EntryRow.of_server(e) for e in answer.entries]

    def _call(self, path: str | None, body: dict[str, object] | None) -> ReferenceListOut:
        connection = self.ctx.central.connection
        assert connection is not None
        url = f"/admin/reference/{self.current_list}" + (f"/{path}" if path else "")
        method = "GET" if body is None else "POST"
        try:
            return connection.call(method, url, ReferenceListOut, json=body)
        finally:
            if not connection.signed_in:
                self.ctx.central.lost()

    def _selected_row(self) -> EntryRow | None:
        chosen = self.table.selectionModel().selectedRows()
        return self.model.row_at(chosen[0].row()) if chosen else None

    def _selected(self) -> None:
        row = self._selected_row()
        if row is not None:
            self.label.setText(row.label)
            self.code.setText(row.code)
            self.postcodes.setText(", ".join(row.districts))
        self._enable()

    def _enable(self) -> None:
        row = self._selected_row()
        editable = self.editable
        # Schools and partners are organisations: added and named where sessions are.
        words = editable and self.current_list not in ORGANISATION_LISTS
        self.list_hint.setVisible(self.current_list in ORGANISATION_LISTS)
        for field in (self.label, self.code, self.postcodes):
            field.setReadOnly(not words)
        self.code.setReadOnly(not words or row is not None)
        self.postcodes.setEnabled(self.current_list == "wards")
        self.save_button.setEnabled(words)
        self.new_button.setEnabled(words)
        self.retire_button.setEnabled(editable and row is not None and not row.retired)
        self.restore_button.setEnabled(editable and row is not None and row.retired)

    def clear_form(self) -> None:
        self.table.clearSelection()
        for field in (self.label, self.code, self.postcodes):
            field.clear()
        self.rows.clear()
        self._enable()
        self.label.setFocus()

    # --- changing -------------------------------------------------------------------------

    def _postcodes(self) -> tuple[dict[str, list[str]] | None, str]:
        """The districts and sectors typed (None: not a ward), or what is wrong with them."""
        if self.current_list != "wards":
            return None, ""
        parts = [" ".join(p.split()).upper() for p in self.postcodes.text().split(",")]
        parts = [p for p in parts if p]
        wrong = [p for p in parts if not AREA.match(p)]
        if wrong:
            return None, (
                f"{wrong[0]} is not a postcode district (like W6) or sector (like W6 9). "
                "Separate them with commas."
            )
        return {
            "districts": [p for p in parts if " " not in p],
            "sectors": [p for p in parts if " " in p],
        }, ""

    def save(self) -> None:
        if not self.editable:
            show_problem(self.message, NEEDS_CONNECTION)
            return
        code = self.code.text().strip() or (
            " ".join(self.label.text().split()) if self.current_list == "wards" else ""
        )
        label = self.label.text()
        errors = check_entry(self.current_list, code, label)
        postcodes, wrong = self._postcodes()
        if wrong:
            errors["postcodes"] = wrong
        self.rows.show_errors(errors)
        if errors:
            return
        if self.ctx.central.online:
            body: dict[str, object] = {"code": code, "label": label}
            if postcodes is not None:
                body["postcodes"] = postcodes
            self._send(None, body)
        else:
            self.ctx.run(
                lambda s: reference_entries.save_entry(
                    s, self.ctx.actor, self.current_list, code, label, extra=postcodes
                ),
                show_field_errors=self.rows.show_errors,
                show_error=lambda m: show_problem(self.message, m),
            )
            self.reload()
        self._select(code)

    def set_retired(self, retired: bool) -> None:
        row = self._selected_row()
        if row is None:
            return
        if not self.editable:
            show_problem(self.message, NEEDS_CONNECTION)
            return
        if self.ctx.central.online:
            self._send("retirement", {"code": row.code, "retired": retired})
        else:
            self.ctx.run(
                lambda s: reference_entries.set_retired(
                    s, self.ctx.actor, self.current_list, row.code, retired=retired
                ),
                show_error=lambda m: show_problem(self.message, m),
            )
            self.reload()
        self._select(row.code)

    def _send(self, path: str | None, body: dict[str, object]) -> None:
        show_problem(self.message, "")
        try:
            answer = self._call(path, body)
        except SyncError as error:
            show_problem(self.message, str(error))
            return
        self.model.set_rows([EntryRow.of_server(e) for e in answer.entries])
        self._enable()

    def _select(self, code: str) -> None:
        for number, row in enumerate(self.model.rows):
            if row.code == code:
                self.table.selectRow(number)
                return

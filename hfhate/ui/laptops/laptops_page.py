"""The Laptops area: every laptop enrolled with the server, as the server last saw it (who
used it last, its last sync, how many changes it holds unsent, its app and store schema), and
revoking one.

The list lives on the server: it needs a connection. A stand-alone laptop has no server and
so no list of laptops; this laptop's own name and device code are in the Laptop area.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from hfhate.sync.device_schemas import DeviceList, DeviceOut
from hfhate.sync.errors import SyncError
from hfhate.ui.central_bar import CentralBar
from hfhate.ui.context import UiContext
from hfhate.ui.forms import error_label, show_problem, titled_layout
from hfhate.ui.laptops.devices_model import DevicesModel
from hfhate.ui.laptops.revoke_dialog import RevokeDialog
from hfhate.ui.tables import fit_columns, list_table

STANDALONE = (
    "This laptop is not enrolled with a server, so there is no list of laptops: each "
    "stand-alone laptop is looked after on its own (its name and device code are in the "
    "Laptop area)."
)
OFFLINE = (
    "The list of laptops is kept on the server: it needs a connection. Connect to the server "
    "to see every laptop and to revoke one."
)


class LaptopsPage(QWidget):
    """Administrators see every enrolled laptop and revoke one."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = titled_layout(
            self,
            "Laptops",
            "Every laptop enrolled with the server: who signed in on it last, when it last "
            "synced, how many changes it held unsent then, and its hfhate and store schema "
            "versions. Revoke a laptop that is lost, stolen or out of use.",
        )
        self.bar = CentralBar(ctx.central, "laptops")
        layout.addWidget(self.bar)
        self.message = QLabel()
        self.message.setObjectName("laptops_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.problem = error_label("Laptops problem", "laptops_problem", selectable=True)
        layout.addWidget(self.problem)
        self.model = DevicesModel(self)
        self.table = list_table(self.model, "Laptops")
        self.fitter = fit_columns(self.table, elastic=(1, 3))
        layout.addWidget(self.table, 1)
        self.filler = QWidget()  # takes the room when there is no table to show
        layout.addWidget(self.filler, 1)
        buttons = QHBoxLayout()
        self.refresh_button = QPushButton("Re&fresh")
        self.revoke_button = QPushButton("&Revoke…")
        for button in (self.refresh_button, self.revoke_button):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.refresh_button.clicked.connect(self.reload)
        self.revoke_button.clicked.connect(self.revoke)
        self.table.selectionModel().selectionChanged.connect(self._enable)
        ctx.central.changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        show_problem(self.problem, "")
        online = self.ctx.central.online
        if self.ctx.central.standalone:
            self.message.setText(STANDALONE)
        elif not online:
            self.message.setText(OFFLINE)
        else:
            self.message.setText("")
        self.message.setVisible(bool(self.message.text()))
        # The bar's stand-alone sentence is about local changes; here the message says it all.
        self.bar.setVisible(not self.ctx.central.standalone)
        self.table.setVisible(online)
        self.filler.setVisible(not online)
        self.refresh_button.setVisible(online)
        self.revoke_button.setVisible(online)
        rows: list[DeviceOut] = []
        if online:
            try:
                rows = self._call("GET", "/admin/devices", None).devices
            except SyncError as error:
                show_problem(self.problem, str(error))
        self.model.set_rows(rows)
        self._enable()

    def _call(self, method: str, path: str, body: dict[str, object] | None) -> DeviceList:
        connection = self.ctx.central.connection
        assert connection is not None
        try:
            return connection.call(method, path, DeviceList, json=body)
        finally:
            if not connection.signed_in:
                self.ctx.central.lost()

    def selected(self) -> DeviceOut | None:
        chosen = self.table.selectionModel().selectedRows()
        return self.model.row_at(chosen[0].row()) if chosen else None

    def _enable(self) -> None:
        device = self.selected()
        self.revoke_button.setEnabled(
            device is not None and device.state in ("active", "cloned", "revoked")
        )

    def revoke(self) -> None:
        device = self.selected()
        if device is None:
            return
        erase = RevokeDialog.ask(device, self)
        if erase is None:
            return
        try:
            answer = self._call("POST", f"/admin/devices/{device.code}/revoke", {"erase": erase})
        except SyncError as error:
            show_problem(self.problem, str(error))
            return
        self.model.set_rows(answer.devices)
        self._enable()

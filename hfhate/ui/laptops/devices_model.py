"""The table of enrolled laptops: code, name, state, last user, last sync, unsent, versions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from hfhate.sync.device_schemas import DeviceOut
from hfhate.ui.formatting import london_time
from hfhate.ui.tables import ListTableModel

STATES = {
    "active": "Active",
    "revoked": "Revoked",
    "erase ordered": "Revoked, erase ordered",
    "cloned": "Copy refused",
}


class DevicesModel(ListTableModel[DeviceOut]):
    """One enrolled laptop a line."""

    HEADERS = (
        "Code",
        "Name",
        "State",
        "Last used by",
        "Last synced",
        "Unsent",
        "App",
        "Schema",
        "Enrolled",
    )
    RIGHT_ALIGNED = frozenset({5})
    full_text_tips = True

    def text(self, row: DeviceOut, column: int) -> str:
        return (
            f"{row.code:03d}",
            row.name,
            STATES[row.state],
            row.last_user or "Nobody yet",
            london_time(row.last_synced_at) if row.last_synced_at else "Never",
            "Not said" if row.unsent is None else str(row.unsent),
            row.app_version or "Not said",
            row.store_schema or "Not said",
            london_time(row.enrolled_at),
        )[column]

    def role_data(self, row: DeviceOut, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ForegroundRole and row.state != "active":
            return QBrush(QColor("#6b6b6b"))
        return None

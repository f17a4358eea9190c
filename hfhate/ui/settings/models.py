"""The two lists of the Settings area: every setting (value today, next change), and the
history of the one chosen."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from hfhate.services.settings.catalogue import BY_NAME, GROUPS, describe
from hfhate.sync.settings_schemas import SettingChangeRow, SettingRow

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


def _shown(name: str, value: Any) -> str:
    setting = BY_NAME.get(name)
    return str(value) if setting is None else describe(setting, value)


class SettingsTable(QAbstractTableModel):
    """One row per setting: its group, its name in words, the value today, the next change."""

    HEADERS = ("Group", "Setting", "In force today", "Next change")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[SettingRow] = []

    def set_rows(self, rows: list[SettingRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if column == 0:
            return GROUPS.get(row.group, row.group)
        if column == 1:
            return row.label if role == Qt.ItemDataRole.DisplayRole else row.name
        if column == 2:
            return _shown(row.name, row.value)
        upcoming = row.next_change
        if upcoming is None:
            return ""
        return f"{_shown(row.name, upcoming.value)} from {upcoming.in_force_from:%-d %b %Y}"


class HistoryTable(QAbstractTableModel):
    """The changes of one setting, newest in force first."""

    HEADERS = ("In force from", "Value", "Made by", "Made at", "Note")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[SettingChangeRow] = []

    def set_rows(self, rows: list[SettingChangeRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self.rows[index.row()]
        return (
            f"{row.in_force_from:%-d %b %Y}",
            _shown(row.name, row.value),
            row.made_by,
            row.made_at[:16].replace("T", " ") + " UTC",
            row.note,
        )[index.column()]

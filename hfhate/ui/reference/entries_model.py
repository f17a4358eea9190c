"""The table of one reference list's entries, retired ones shown as such."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from hfhate.services.reference_lists import ListEntry
from hfhate.sync.reference_schemas import EntryOut
from hfhate.ui.tables import ListTableModel


@dataclass(frozen=True)
class EntryRow:
    """One entry as the Lists area shows it, from the server or from this laptop."""

    code: str
    label: str
    retired: bool
    shipped: bool
    central: bool
    districts: tuple[str, ...] = ()

    @classmethod
    def of_local(cls, entry: ListEntry) -> EntryRow:
        return cls(
            entry.code,
            entry.label,
            entry.retired,
            entry.shipped,
            entry.central,
            tuple(entry.extra.get("districts", ())) + tuple(entry.extra.get("sectors", ())),
        )

    @classmethod
    def of_server(cls, entry: EntryOut) -> EntryRow:
        return cls(
            entry.code,
            entry.label,
            entry.retired,
            entry.shipped,
            entry.central,
            tuple(entry.districts) + tuple(entry.sectors),
        )

    @property
    def source(self) -> str:
        if self.shipped and self.central:
            return "Shipped, changed"
        return "Shipped" if self.shipped else "Added"


class EntriesModel(ListTableModel[EntryRow]):
    """Words shown, code, in use or retired, where it comes from, postcodes (wards)."""

    HEADERS = ("Words shown", "Code", "State", "From", "Postcodes")
    full_text_tips = True

    def text(self, row: EntryRow, column: int) -> str:
        return (
            row.label,
            row.code,
            "Retired" if row.retired else "In use",
            row.source,
            ", ".join(row.districts),
        )[column]

    def role_data(self, row: EntryRow, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ForegroundRole and row.retired:
            return QBrush(QColor("#6b6b6b"))
        return None

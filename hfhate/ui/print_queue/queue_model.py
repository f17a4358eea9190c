"""The print queue's list: notices found by the filters, each with a tick box.

Ticking works row by row or all at once; ``ticked_ids`` gives the ticked notices in the list's
order, which is the order they print in. The "Printed before" column says which will print as
a COPY; the status says which notices are time-barred, so none is posted to its recipient as
if it could still be prosecuted.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal

from hfhate.clock import london_date
from hfhate.models import FixedPenaltyNotice, NoticeStatus, utc_now
from hfhate.services.notices.moves import UNPAID, time_barred
from hfhate.ui.formatting import london_time
from hfhate.ui.tables import ListTableModel, ParentIndex


@dataclass(frozen=True)
class QueueRow:
    """One notice in the queue, as the list shows it."""

    notice_id: uuid.UUID
    cells: tuple[str, ...]

    @classmethod
    def of(cls, notice: FixedPenaltyNotice, printed_before: bool) -> QueueRow:
        return cls(
            notice.id,
            (
                notice.number or "",
                london_time(notice.offence_at),
                status_text(notice),
                notice.recipient_name,
                notice.ward,
                "Yes (prints as COPY)" if printed_before else "No",
            ),
        )


BARRED = "TIME-BARRED: "  # first, so a narrow column still shows it


def status_text(notice: FixedPenaltyNotice) -> str:
    """The notice's status, and whether it is time-barred (unpaid past its last day to start
    proceedings: printed for posting, it would demand what can no longer be enforced)."""
    if notice.prosecute_by is not None and time_barred(notice, london_date(utc_now())):
        if notice.status in UNPAID | {NoticeStatus.REPRESENTATION_RECEIVED}:
            return f"{BARRED}{notice.status.label.lower()}"
    return notice.status.label


class PrintQueueModel(ListTableModel[QueueRow]):
    """Rows with a tick box in the first column; emits ``ticked_changed`` with the count."""

    HEADERS = ("Number", "Offence date", "Status", "Recipient", "Ward", "Printed before")

    ticked_changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ticked: set[uuid.UUID] = set()

    def show_rows(self, rows: list[QueueRow]) -> None:
        """Show ``rows``; ticks on notices still listed are kept."""
        self.beginResetModel()
        self.rows = rows
        self.ticked &= {row.notice_id for row in rows}
        self.endResetModel()
        self.ticked_changed.emit(len(self.ticked))

    def tick_all(self, on: bool) -> None:
        self.ticked = {row.notice_id for row in self.rows} if on else set()
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self.rows) - 1, 0),
                [Qt.ItemDataRole.CheckStateRole],
            )
        self.ticked_changed.emit(len(self.ticked))

    def ticked_ids(self) -> list[uuid.UUID]:
        return [row.notice_id for row in self.rows if row.notice_id in self.ticked]

    def text(self, row: QueueRow, column: int) -> str:
        return row.cells[column]

    def role_data(self, row: QueueRow, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ToolTipRole and column == 2 and row.cells[2].startswith(BARRED):
            return (
                "Time-barred: proceedings can no longer start, so this notice is not to be "
                "posted to its recipient as a demand. Print it for the case file only."
            )
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            ticked = row.notice_id in self.ticked
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        return None

    def flags(self, index: ParentIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == 0:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(
        self,
        index: ParentIndex,
        value: object,  # noqa: N802
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != 0:
            return False
        notice_id = self.rows[index.row()].notice_id
        state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(value)
        if state == Qt.CheckState.Checked:
            self.ticked.add(notice_id)
        else:
            self.ticked.discard(notice_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.ticked_changed.emit(len(self.ticked))
        return True

"""The Due actions area: notices waiting for a supervisor, each with the reason it is due.

A notice is due when its reduced-payment period has ended unpaid, when it is unpaid past the
14 days, when a representation waits for a decision, or when it is time-barred and waits to
be written off (``notice_queries.due_actions``). The nearest last day to start proceedings
comes first, and each row shows it. Opening one shows its detail, where the move can be made;
the list follows every change.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QWidget

from hfhate.clock import london_date
from hfhate.models import utc_now
from hfhate.services.notices.queries import DueAction, due_actions
from hfhate.ui.context import UiContext
from hfhate.ui.formatting import london_time
from hfhate.ui.notices.list_and_detail import NoticeListAndDetail
from hfhate.ui.notices.table_model import money_text
from hfhate.ui.tables import ListTableModel, list_table


class DueActionsModel(ListTableModel[DueAction]):
    """The due notices, as ``due_actions`` orders them (nearest prosecution deadline first)."""

    HEADERS = (
        "Number",
        "Why it is due",
        "Status",
        "Recipient",
        "Issued",
        "Officer",
        "Amount due",
        "Proceedings by",
    )

    def text(self, item: DueAction, column: int) -> str:
        notice = item.notice
        deadline = f"{item.prosecute_by:%d %b %Y}" if item.prosecute_by else ""
        return (
            notice.number or "",
            item.why,
            notice.status.label,
            notice.recipient_name,
            london_time(notice.issued_at),
            notice.officer_name,
            money_text(notice, london_date(utc_now())),
            f"{deadline} (passed)" if item.time_barred else deadline,
        )[column]

    def role_data(self, item: DueAction, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            if item.time_barred and item.prosecute_by is not None:
                return (
                    f"Time-barred: proceedings had to start by {item.prosecute_by:%d %B %Y}, "
                    "so the notice can only be written off."
                )
            return item.why  # the reason in full when the column is too narrow for it
        return None


class DueActionsPage(NoticeListAndDetail):
    """Supervisors' work queue, with each notice's detail behind it."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            "Due actions",
            "Notices waiting for you: the reduced-payment period is over and they "
            "are unpaid, proceedings are possible, a representation needs a decision, "
            "or they are time-barred (proceedings must start within six months of the "
            "offence) and can only be written off. The nearest deadline comes first.",
            parent,
        )
        self.model = DueActionsModel(self)
        table = list_table(
            self.model,
            "Due actions",
            resize=QHeaderView.ResizeMode.ResizeToContents,
            stretch_last=False,
        )
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # why
        self.add_table(table, "due_problem")
        self.refresh()

    def refresh(self) -> None:
        due = self.ctx.read(
            lambda session: due_actions(session, self.ctx.actor, london_date(utc_now()))
        )
        self.model.set_rows(due)
        count = len(due)
        self.count_label.setText(
            "Nothing is due."
            if not count
            else f"{count:,} notice{'s' if count != 1 else ''} waiting for a supervisor"
        )
        self.open_button.setEnabled(self.table.currentIndex().isValid())

    def notice_at(self, row: int) -> uuid.UUID | None:
        return self.model.rows[row].notice.id if row < len(self.model.rows) else None

"""The Drafts area: the officer's unfinished warnings and notices, to resume or discard.

Drafts are saved while the officer types, so a crash or a flat battery loses nothing. A
resumed draft opens here in the same form, with every value and photo as it was saved.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hfhate.models import NoticeKind
from hfhate.services.notices.drafts import discard_draft, list_drafts
from hfhate.services.ops import OpChanges
from hfhate.ui.context import UiContext
from hfhate.ui.formatting import london_time
from hfhate.ui.forms import heading, hint_label, titled_layout
from hfhate.ui.notices.form.rows import button_row
from hfhate.ui.notices.new_notice_page import NoticeDesk
from hfhate.ui.tables import ListTableModel, list_table

ParentIndex = QModelIndex | QPersistentModelIndex
KIND_LABELS = {NoticeKind.NOTICE: "Notice", NoticeKind.WARNING: "Warning"}


@dataclass(frozen=True)
class DraftRow:
    """One draft as the list shows it."""

    draft_id: uuid.UUID
    kind: NoticeKind
    summary: str
    saved_at: datetime


class DraftsTableModel(ListTableModel[DraftRow]):
    """The signed-in officer's drafts, last saved first."""

    HEADERS = ("Kind", "Draft", "Last saved")

    def text(self, draft: DraftRow, column: int) -> str:
        return (KIND_LABELS[draft.kind], draft.summary, london_time(draft.saved_at))[column]


class DraftsPage(QStackedWidget):
    """The list of drafts; a resumed draft replaces the list until the officer goes back."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.desk: NoticeDesk | None = None
        self.list_page = QWidget()
        layout = titled_layout(self.list_page, "Drafts")
        layout.addWidget(
            hint_label(
                "Warnings and notices you started and did not finish. They are saved while you "
                "type and stay on this laptop; nobody else sees them."
            )
        )
        self.model = DraftsTableModel(self)
        self.table = list_table(
            self.model,
            "Drafts",
            resize=QHeaderView.ResizeMode.ResizeToContents,
            stretch_last=False,
        )
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.resume_selected())
        layout.addWidget(self.table, 1)
        self.empty = QLabel("You have no drafts.")
        self.empty.setObjectName("no_drafts")
        layout.addWidget(self.empty)
        self.resume_button = QPushButton("&Resume")
        self.discard_button = QPushButton("&Discard…")
        layout.addLayout(button_row(self.resume_button, self.discard_button))
        self.addWidget(self.list_page)
        self.resume_button.clicked.connect(self.resume_selected)
        self.discard_button.clicked.connect(self.discard_selected)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        ctx.changes.changed.connect(self._changed)
        self.refresh()

    def _changed(self, changes: OpChanges) -> None:
        if changes.touches("notice_drafts"):
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        selected = self.selected()
        rows = [
            DraftRow(d.id, d.kind, d.summary, d.updated_at)
            for d in self.ctx.read(lambda session: list_drafts(session, self.ctx.actor))
        ]
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))
        ids = [r.draft_id for r in rows]
        if rows:
            keep = selected.draft_id if selected and selected.draft_id in ids else ids[0]
            self.table.selectRow(ids.index(keep))
        self._update_buttons()

    def selected(self) -> DraftRow | None:
        chosen = self.table.selectionModel().selectedRows()
        return self.model.row_at(chosen[0].row()) if chosen else None

    def _update_buttons(self) -> None:
        for button in (self.resume_button, self.discard_button):
            button.setEnabled(self.selected() is not None)

    def resume_selected(self) -> None:
        draft = self.selected()
        if draft is None:
            return
        self.close_desk()
        page = QWidget()
        column = QVBoxLayout(page)
        line = QHBoxLayout()
        self.back_button = QPushButton("&Back to drafts")
        self.back_button.setAccessibleName("Back to drafts")
        self.back_button.clicked.connect(self.back_to_list)
        line.addWidget(self.back_button)
        line.addWidget(heading("Resumed draft"), 1)
        column.addLayout(line)
        self.desk = NoticeDesk(self.ctx)
        column.addWidget(self.desk, 1)
        self.addWidget(page)
        self.desk.resume(draft.draft_id)
        self.setCurrentWidget(page)
        self.desk.form.notice_choice.setFocus()

    def back_to_list(self) -> None:
        self.close_desk()
        self.refresh()
        self.table.setFocus()

    def close_desk(self) -> None:
        """Leave the resumed draft (saving it first) and show the list."""
        if self.desk is None:
            return
        self.desk.form.save_draft_now()
        page = self.currentWidget() if self.currentWidget() is not self.list_page else None
        self.setCurrentWidget(self.list_page)
        self.desk = None
        if page is not None:
            self.removeWidget(page)
            page.deleteLater()

    def discard_selected(self) -> None:
        draft = self.selected()
        if draft is None:
            return
        answer = QMessageBox.question(
            self,
            "Discard draft",
            f"Discard the draft {KIND_LABELS[draft.kind].lower()} “{draft.summary}”, last "
            f"saved {london_time(draft.saved_at)}? What you typed in it will be lost.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.ctx.run(
            lambda session: discard_draft(session, self.ctx.actor, draft.draft_id, finished=False),
            parent=self,
        )

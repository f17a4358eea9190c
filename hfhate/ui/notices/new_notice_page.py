"""The New notice area: the form, then the outcome with "Start another".

``NoticeDesk`` (form plus outcome) is also what the Drafts area opens a draft in.
"""

from __future__ import annotations

import uuid

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from hfhate.services.notices.drafts import list_drafts
from hfhate.services.ops import OpChanges
from hfhate.ui.context import UiContext
from hfhate.ui.forms import heading
from hfhate.ui.notices.form.page import NoticeForm
from hfhate.ui.notices.result_view import NoticeOutcome, ResultView
from hfhate.ui.print_queue import print_notices


class NoticeDesk(QStackedWidget):
    """The notice form and, once saved, its outcome."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = NoticeForm(ctx)
        self.result = ResultView()
        self.addWidget(self.form)
        self.addWidget(self.result)
        self.form.finished.connect(self._finished)
        self.result.start_another.connect(self.start_new)
        self.result.print_requested.connect(lambda notice_id: print_notices(ctx, [notice_id], self))

    def _finished(self, outcome: NoticeOutcome) -> None:
        self.result.show_outcome(outcome)
        self.setCurrentWidget(self.result)
        self.result.start_button.setFocus()

    def start_new(self) -> None:
        self.form.start_new()
        self.setCurrentWidget(self.form)
        self.form.notice_choice.setFocus()

    def resume(self, draft_id: uuid.UUID) -> None:
        self.form.resume(draft_id)
        self.setCurrentWidget(self.form)


class NewNoticePage(QWidget):
    """Record a warning or issue a notice; says when unfinished drafts are waiting."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.addWidget(heading("New warning or notice"))
        self.drafts_note = QLabel()
        self.drafts_note.setObjectName("drafts_waiting")
        self.drafts_note.setProperty("role", "hint")
        self.drafts_note.setWordWrap(True)
        self.drafts_note.hide()
        layout.addWidget(self.drafts_note)
        self.desk = NoticeDesk(ctx)
        layout.addWidget(self.desk, 1)
        ctx.changes.changed.connect(self._changed)

    @property
    def form(self) -> NoticeForm:
        return self.desk.form

    def _changed(self, changes: OpChanges) -> None:
        if changes.touches("notice_drafts"):
            self.show_waiting_drafts()

    def show_waiting_drafts(self) -> None:
        drafts = self.ctx.read(lambda session: list_drafts(session, self.ctx.actor))
        waiting = [d for d in drafts if d.id != self.form.draft_id]
        count = len(waiting)
        self.drafts_note.setText(
            f"You have {count} unfinished draft{'s' if count != 1 else ''}: open Drafts to "
            "resume or discard them."
        )
        self.drafts_note.setVisible(bool(count))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        self.show_waiting_drafts()
        super().showEvent(event)

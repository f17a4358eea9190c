"""Recording a session, changing one, or starting a new one from a past one (duplicate).

The form is saved as a draft a moment after each change, so nothing typed is lost if the
laptop is closed; the draft goes when the session is saved. Saving goes through the services,
which check every rule; their messages appear beside the fields.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, TypedDict, Unpack

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from hfhate.clock import LONDON
from hfhate.services.engagement import sessions as engagement
from hfhate.services.engagement.drafts import (
    discard_session_draft,
    load_session_draft,
    save_session_draft,
)
from hfhate.services.engagement.rules import SessionInput, check_session, london_today
from hfhate.ui.context import UiContext
from hfhate.ui.engagement.session_fields import SessionFields
from hfhate.ui.engagement.widgets import button
from hfhate.ui.engagement.wording import type_text
from hfhate.ui.forms import heading, set_role

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

DRAFT_DELAY_MS = 1500


class FormStart(TypedDict, total=False):
    """What a form starts from (the keyword arguments of ``SessionForm``): nothing for a new
    session, ``session_id`` to change one, ``template`` and ``duplicated_from`` for a
    duplicate, ``draft_id`` to go on with a draft."""

    session_id: uuid.UUID | None
    template: SessionInput | None
    duplicated_from: uuid.UUID | None
    draft_id: uuid.UUID | None
    parent: QWidget | None


class SessionForm(QDialog):
    """One session's form; ``ask`` returns the id of the session saved, or None."""

    def __init__(
        self,
        ctx: UiContext,
        *,
        session_id: uuid.UUID | None = None,
        template: SessionInput | None = None,
        duplicated_from: uuid.UUID | None = None,
        draft_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session_id = session_id
        self.duplicated_from = duplicated_from
        self.draft_id = draft_id
        self.saved_id: uuid.UUID | None = None
        self._loading = True

        self.fields = SessionFields(ctx)
        if draft_id is not None:
            draft = ctx.read(lambda session: load_session_draft(session, ctx.actor, draft_id))
            self.session_id, state = draft.session_id, dict(draft.form)
            self.fields.restore(state)
        elif session_id is not None:
            current = ctx.read(
                lambda session: engagement.as_input(
                    engagement.get_session(session, ctx.actor, session_id)
                )
            )
            self.fields.fill(current)
        elif template is not None:
            self.fields.fill(template)
        else:
            self.fields.facilitators.set_chosen([str(ctx.actor.user_id)])

        title = (
            "Change the session"
            if self.session_id is not None
            else "Record a session from a past one"
            if duplicated_from is not None
            else "Record a session"
        )
        self.setWindowTitle(f"{title} - hfhate")
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title))
        intro = QLabel(
            "Fields with a message beside them need attention. What you type is kept "
            "as a draft on this laptop until the session is saved."
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "hint")
        layout.addWidget(intro)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.fields)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        layout.addWidget(self.scroll_area, 1)

        row = QHBoxLayout()
        self.status = QLabel()
        self.status.setObjectName("form_status")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Form status")
        self.status.setProperty("role", "hint")
        row.addWidget(self.status, 1)
        self.save_button = button(
            "Save session" if self.session_id is None else "Save changes", self.save
        )
        self.save_button.setToolTip("Ctrl+S")
        self.cancel_button = button("Cancel", self.reject)
        row.addWidget(self.save_button)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save_shortcut.activated.connect(self.save)

        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        self.fields.changed.connect(self._changed)
        self._size_to_screen()
        self._loading = False
        self.fields.session_type.setFocus(Qt.FocusReason.OtherFocusReason)

    def _size_to_screen(self) -> None:
        metrics = self.fontMetrics()
        width = metrics.averageCharWidth() * 120
        height = metrics.height() * 52
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 60)
        self.resize(width, height)

    def _changed(self) -> None:
        if not self._loading and self.saved_id is None:
            self._draft_timer.start()

    def save_draft(self) -> None:
        """Keep what is on the form as the officer's draft."""
        self._draft_timer.stop()
        state = self.fields.state()
        kind = state["session_type"]
        summary = " - ".join(
            part
            for part in (
                type_text(kind, state["specialised_topic"]) if kind else "Session",
                state["title"] or state["venue"],
                state["session_date"],
            )
            if part
        )
        done = self.ctx.run(
            lambda session: save_session_draft(
                session, self.ctx.actor, self.draft_id, state, summary, session_id=self.session_id
            ),
            show_error=self._refused,
        )
        if done is None:
            return
        self.draft_id = done.value
        self.status.setText(f"Draft kept on this laptop at {_now_text()}.")
        set_role(self.status, "hint")

    def save(self) -> None:
        """Check and save the session; on problems, show each message beside its field."""
        entry, problems = self.fields.read()
        if problems:
            self._show_problems(check_session(entry, london_today()) | problems)
            return
        done = self.ctx.run(
            lambda session: self._store(session, entry),
            show_error=self._refused,
            show_field_errors=self._show_problems,
        )
        if done is None:
            return
        self._draft_timer.stop()
        self.saved_id = done.value
        self.accept()

    def _store(self, session: Session, entry: SessionInput) -> uuid.UUID:
        """Save the session (new, or the one being changed) and finish its draft."""
        if self.session_id is not None:
            engagement.update_session(session, self.ctx.actor, self.session_id, entry)
            saved = self.session_id
        else:
            saved = engagement.record_session(
                session, self.ctx.actor, entry, duplicated_from=self.duplicated_from
            ).id
        if self.draft_id is not None:
            discard_session_draft(session, self.ctx.actor, self.draft_id, finished=True)
        return saved

    def _refused(self, message: str) -> None:
        self.status.setText(message)
        set_role(self.status, "error")

    def _show_problems(self, errors: dict[str, str]) -> None:
        self.fields.show_errors(errors)
        count = len(errors)
        self.status.setText(
            f"Not saved yet: {count} thing{'s' if count != 1 else ''} to "
            "put right, shown beside the fields."
        )
        set_role(self.status, "error")

    def reject(self) -> None:
        if self._draft_timer.isActive():
            self.save_draft()
        super().reject()

    @classmethod
    def ask(cls, ctx: UiContext, **start: Unpack[FormStart]) -> uuid.UUID | None:
        form = cls(ctx, **start)
        form.exec()
        return form.saved_id


def _now_text() -> str:
    return datetime.now(LONDON).strftime("%H:%M")

"""Adding a follow-up to a session (an action, or a disclosure and its referral) and marking
one done with what was done."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, timedelta

from PySide6.QtWidgets import QCheckBox, QDialog, QFormLayout, QHBoxLayout, QPlainTextEdit, QWidget

from hfhate.services.engagement import sessions as engagement
from hfhate.services.engagement.follow_ups import add_follow_up, complete_follow_up
from hfhate.services.engagement.rules import FollowUpInput, engagement_reference, london_today
from hfhate.ui.context import UiContext
from hfhate.ui.dialogs import dialog_layout
from hfhate.ui.engagement.widgets import ChoiceBox, button, date_field, name_inner_editor
from hfhate.ui.forms import FieldErrors, read_date, set_row_visible

DISCLOSURE_HINT = (
    "Do not write the name of the person who disclosed, or of anyone else. "
    "Say what kind of thing happened and what you did."
)


def _widen(dialog: QDialog, chars: int) -> None:
    """Open at a comfortable width for the text (the layout only keeps its minimum)."""
    width = max(dialog.sizeHint().width(), dialog.fontMetrics().averageCharWidth() * chars)
    dialog.resize(
        width,
        dialog.heightForWidth(width) if dialog.hasHeightForWidth() else dialog.sizeHint().height(),
    )


def _show_errors(dialog: QDialog, rows: FieldErrors, errors: Mapping[str, str]) -> None:
    """Each message beside its field, with room made for the messages under wrapped hints."""
    rows.show_errors(errors)
    dialog.adjustSize()


def _text_box(lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


class FollowUpDialog(QDialog):
    """An action (what, who, by when) or a disclosure (what kind, referred where, flagged)."""

    def __init__(
        self, ctx: UiContext, session_id: uuid.UUID, kind: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session_id = session_id
        self.kind = kind
        self.added: uuid.UUID | None = None
        ref = engagement_reference()
        title = "Add an action" if kind == "action" else "Record a disclosure"
        layout = dialog_layout(self, title)
        self.form = QFormLayout()
        self.rows = FieldErrors(self.form)
        self.category = self.referral = None
        self.flagged: QCheckBox | None = None
        if kind == "disclosure":
            self.category = self.rows.add(
                "category",
                "&Kind of disclosure",
                ChoiceBox(
                    [("Choose…", ""), *((v, k) for k, v in ref.disclosure_categories.items())]
                ),
            )
            self.referral = self.rows.add(
                "referral",
                "&Referred to",
                ChoiceBox([("Choose…", ""), *((v, k) for k, v in ref.referral_routes.items())]),
            )
        self.description = self.rows.add(
            "description",
            "&What needs doing" if kind == "action" else "&What was disclosed",
            _text_box(3),
            hint="" if kind == "action" else DISCLOSURE_HINT,
        )
        if kind == "disclosure":
            self.flagged = QCheckBox("&Flag for follow-up")
            self.flagged.setAccessibleName("Flag for follow-up")
            self.form.addRow("", self.flagged)
        owners = ctx.read(lambda session: engagement.follow_up_owners(session, ctx.actor))
        self.owner = self.rows.add(
            "owner",
            "&Owner",
            ChoiceBox([("Choose…", None), *((u.full_name, u.id) for u in owners)]),
        )
        self.owner.set_value(ctx.actor.user_id)
        self.due_on = self.rows.add(
            "due_on", "&Due by", date_field(london_today() + timedelta(days=14))
        )
        name_inner_editor(self.due_on, "Due by")
        self.due_on.setMaximumWidth(self.fontMetrics().averageCharWidth() * 18)
        layout.addLayout(self.form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = button(
            "Add action" if kind == "action" else "Record disclosure", self.save
        )
        self.cancel_button = button("Cancel", self.reject)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        if self.flagged is not None:
            self.flagged.toggled.connect(self._flag_changed)
            self._flag_changed(False)
        (self.category or self.description).setFocus()
        _widen(self, 80)

    def _flag_changed(self, on: bool) -> None:
        set_row_visible(self.form, self.owner, on)
        set_row_visible(self.form, self.due_on, on)

    def entry(self) -> FollowUpInput:
        return FollowUpInput(
            kind=self.kind,
            description=self.description.toPlainText(),
            category=self.category.value() if self.category else "",
            referral=self.referral.value() if self.referral else "",
            flagged=bool(self.flagged and self.flagged.isChecked()),
            owner_id=self.owner.value(),
            due_on=read_date(self.due_on),
        )

    def save(self) -> None:
        done = self.ctx.run(
            lambda session: (
                add_follow_up(session, self.ctx.actor, self.session_id, self.entry()).id
            ),
            parent=self,
            show_field_errors=lambda errors: _show_errors(self, self.rows, errors),
        )
        if done is not None:
            self.added = done.value
            self.accept()

    @classmethod
    def ask(
        cls, ctx: UiContext, session_id: uuid.UUID, kind: str, parent: QWidget | None = None
    ) -> uuid.UUID | None:
        dialog = cls(ctx, session_id, kind, parent)
        return dialog.added if dialog.exec() == QDialog.DialogCode.Accepted else None


class CompleteFollowUpDialog(QDialog):
    """Mark a follow-up done, saying what was done; ``ask`` returns True when it was."""

    def __init__(
        self,
        ctx: UiContext,
        follow_up_id: uuid.UUID,
        description: str,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.follow_up_id = follow_up_id
        self.today = today
        layout = dialog_layout(self, "Mark a follow-up done", description)
        form = QFormLayout()
        self.rows = FieldErrors(form)
        self.outcome = self.rows.add("outcome", "&What was done", _text_box(3))
        layout.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.done_button = button("Mark done", self.save)
        self.cancel_button = button("Cancel", self.reject)
        buttons.addWidget(self.done_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self.outcome.setFocus()
        _widen(self, 70)

    def save(self) -> None:
        done = self.ctx.run(
            lambda session: complete_follow_up(
                session,
                self.ctx.actor,
                self.follow_up_id,
                self.outcome.toPlainText(),
                today=self.today,
            ),
            parent=self,
            show_field_errors=lambda errors: _show_errors(self, self.rows, errors),
        )
        if done is not None:
            self.accept()

    @classmethod
    def ask(
        cls,
        ctx: UiContext,
        follow_up_id: uuid.UUID,
        description: str,
        parent: QWidget | None = None,
    ) -> bool:
        dialog = cls(ctx, follow_up_id, description, parent)
        return dialog.exec() == QDialog.DialogCode.Accepted

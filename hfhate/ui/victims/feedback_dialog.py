"""Recording what a victim said of the support they had: how satisfied they were (1 to 5),
whether they felt listened to, their comments, when, and whether an officer took it or it
came on a paper form. Feedback is reported only in aggregate (no names, no comments)."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QPlainTextEdit, QWidget

from hfhate.services.engagement.rules import london_today
from hfhate.services.victims.feedback import FeedbackInput, record_feedback
from hfhate.services.victims.words import victim_words
from hfhate.ui.context import UiContext
from hfhate.ui.dialogs import dialog_layout
from hfhate.ui.engagement.widgets import ChoiceBox, button, date_field, name_inner_editor
from hfhate.ui.forms import FieldErrors, read_date

SATISFACTION_WORDS = {
    1: "1 - very dissatisfied",
    2: "2 - dissatisfied",
    3: "3 - neither",
    4: "4 - satisfied",
    5: "5 - very satisfied",
}


class FeedbackDialog(QDialog):
    """One person's feedback; ``ask`` returns the saved feedback's id, or None."""

    def __init__(
        self,
        ctx: UiContext,
        person_id: uuid.UUID | None,
        referral_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.referral_id = referral_id
        self.saved: uuid.UUID | None = None
        words = victim_words()
        layout = dialog_layout(
            self,
            "Record feedback",
            "What the person said of the support they had. Feedback is only ever reported "
            "in totals: no names and no comments leave this record.",
            width_chars=64,
        )
        form = QFormLayout()
        self.rows = FieldErrors(form)
        self.satisfaction = self.rows.add(
            "satisfaction",
            "How &satisfied",
            ChoiceBox([("Choose…", 0), *((text, n) for n, text in SATISFACTION_WORDS.items())]),
        )
        self.listened = self.rows.add(
            "felt_listened_to",
            "Felt &listened to",
            ChoiceBox(
                [("Choose…", ""), *((text, code) for code, text in words.felt_listened_to.items())]
            ),
        )
        self.comments = self.rows.add("comments", "&Comments", QPlainTextEdit(), limit=2000)
        self.comments.setTabChangesFocus(True)
        self.comments.setFixedHeight(self.fontMetrics().height() * 5)
        self.received = self.rows.add("received_on", "&Date given", date_field(london_today()))
        name_inner_editor(self.received, "Date given")
        self.received.setMaximumWidth(self.fontMetrics().averageCharWidth() * 18)
        self.source = self.rows.add(
            "source",
            "&Taken",
            ChoiceBox([(text, code) for code, text in words.feedback_sources.items()]),
        )
        layout.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = button("Record feedback", self.save)
        self.save_button.setDefault(True)
        buttons.addWidget(self.save_button)
        buttons.addWidget(button("Cancel", self.reject))
        layout.addLayout(buttons)
        self.satisfaction.setFocus()

    def entry(self) -> FeedbackInput:
        return FeedbackInput(
            received_on=read_date(self.received),
            source=str(self.source.value() or ""),
            satisfaction=int(self.satisfaction.value() or 0),
            felt_listened_to=str(self.listened.value() or ""),
            comments=self.comments.toPlainText(),
            person_id=self.person_id,
            referral_id=self.referral_id,
        )

    def save(self) -> None:
        entry = self.entry()
        done = self.ctx.run(
            lambda session: record_feedback(session, self.ctx.actor, entry).id,
            parent=self,
            show_field_errors=self.rows.show_errors,
        )
        if done is not None:
            self.saved = done.value
            self.accept()

    @classmethod
    def ask(
        cls,
        ctx: UiContext,
        person_id: uuid.UUID | None,
        referral_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
    ) -> uuid.UUID | None:
        dialog = cls(ctx, person_id, referral_id, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

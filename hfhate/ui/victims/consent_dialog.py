"""Recording a person's consent for one purpose, or its withdrawal.

Consent is kept as it was given and never edited: each time the person agrees or changes
their mind is a new record, and the latest for a purpose (and partner, for a referral)
decides. A withdrawal stops, in the same step, every referral it covers that has not been
sent yet; the dialog says so before it is saved.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QWidget,
)

from hfhate.clock import LONDON
from hfhate.services.engagement.rules import london_today
from hfhate.services.reference_lists import lists_for
from hfhate.services.victims.consent import record_consent
from hfhate.services.victims.words import victim_words
from hfhate.ui.context import UiContext
from hfhate.ui.dialogs import dialog_layout
from hfhate.ui.engagement.widgets import (
    ChoiceBox,
    button,
    date_field,
    name_inner_editor,
    read_time,
    time_field,
)
from hfhate.ui.forms import FieldErrors, read_date, set_row_visible

WITHDRAW_INTRO = (
    "The person no longer agrees. This is recorded as a new entry, beside what they agreed "
    "before. Any referral it covers that has not been sent yet is stopped."
)
GIVE_INTRO = (
    "What the person agrees to, as they told you. For a referral, choose the partner: each "
    "partner needs its own consent, and a referral to the police also needs consent to "
    "sharing with the police."
)


class WhenField(QWidget):
    """A date and a time side by side, starting at now (London time)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        now = datetime.now(LONDON)
        self.day = date_field(london_today())
        name_inner_editor(self.day, "When, date")
        self.time = time_field(now.time())
        name_inner_editor(self.time, "When, time")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.day)
        row.addWidget(self.time)
        row.addStretch(1)
        self.setFocusProxy(self.day)

    def value(self) -> datetime:
        return datetime.combine(read_date(self.day), read_time(self.time), LONDON)


class ConsentDialog(QDialog):
    """Consent given (``given``) or withdrawn for one purpose; ``ask`` returns the saved id."""

    def __init__(
        self,
        ctx: UiContext,
        person_id: uuid.UUID,
        given: bool,
        parent: QWidget | None = None,
        *,
        purpose: str = "",
        partner: str = "",
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.given = given
        self.saved: uuid.UUID | None = None
        words = victim_words()
        partners = ctx.read(lambda session: lists_for(session).choosable("referral_partners"))
        layout = dialog_layout(
            self,
            "Record consent" if given else "Withdraw consent",
            GIVE_INTRO if given else WITHDRAW_INTRO,
            width_chars=70,
        )
        form = QFormLayout()
        self.form = form
        self.rows = FieldErrors(form)
        self.purpose = self.rows.add(
            "purpose",
            "&For",
            ChoiceBox([(text, code) for code, text in words.consent_purposes.items()]),
        )
        self.partner = self.rows.add(
            "partner",
            "&Partner",
            ChoiceBox([("Choose a partner…", ""), *((t, c) for c, t in partners.items())]),
        )
        self.method = self.rows.add(
            "method",
            "&How they told you",
            ChoiceBox([(text, code) for code, text in words.consent_methods.items()]),
        )
        self.when_field = self.rows.add("recorded_at", "&When", WhenField(self))
        self.day, self.time = self.when_field.day, self.when_field.time
        self.note = self.rows.add("note", "&Note", QPlainTextEdit(), limit=500)
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.fontMetrics().height() * 4)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = button("Record consent" if given else "Record withdrawal", self.save)
        self.save_button.setDefault(True)
        buttons.addWidget(self.save_button)
        buttons.addWidget(button("Cancel", self.reject))
        layout.addLayout(buttons)
        if purpose:
            self.purpose.set_value(purpose)
        if partner:
            self.partner.set_value(partner)
        self.purpose.currentIndexChanged.connect(lambda _i: self._show_partner())
        self._show_partner()
        self.purpose.setFocus()

    def _show_partner(self) -> None:
        set_row_visible(self.form, self.partner, self.purpose.value() == "referral")

    def save(self) -> None:
        purpose = str(self.purpose.value() or "")
        partner = str(self.partner.value() or "") if purpose == "referral" else ""
        method = str(self.method.value() or "")
        note = self.note.toPlainText()
        at = self.when_field.value()
        done = self.ctx.run(
            lambda session: (
                record_consent(
                    session,
                    self.ctx.actor,
                    self.person_id,
                    purpose,
                    self.given,
                    method,
                    partner=partner,
                    note=note,
                    at=at,
                ).id
            ),
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
        person_id: uuid.UUID,
        given: bool,
        parent: QWidget | None = None,
        *,
        purpose: str = "",
        partner: str = "",
    ) -> uuid.UUID | None:
        dialog = cls(ctx, person_id, given, parent, purpose=purpose, partner=partner)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

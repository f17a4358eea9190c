"""One referral: where it has got to, and only the steps its state allows.

A referral moves drafted -> sent -> acknowledged -> outcome -> closed, or is stopped before it
is sent (``NEXT`` in ``services.victims.referrals``). The dialog shows its dates and offers
the next steps as buttons; each step asks for what it records (how it was sent, the
partner's reference, the outcome, why it was stopped) with any problem beside its field.
"Print referral pack…" makes the pack the partner needs and previews it, with Print… and
Save PDF…, as notices are previewed before printing (``ui.print_queue.preview``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from hfhate.clock import LONDON
from hfhate.printing.referral_pack_pdf import referral_pack_bytes
from hfhate.services.errors import NotFound
from hfhate.services.notices.wording import current_wording
from hfhate.services.victims import referrals as service
from hfhate.services.victims.referrals import NEXT, ReferralRow, referrals_list
from hfhate.services.victims.words import STATE_LABELS, victim_words
from hfhate.ui.context import UiContext
from hfhate.ui.dialogs import dialog_layout, problem_label
from hfhate.ui.engagement.widgets import ChoiceBox, button
from hfhate.ui.forms import FieldErrors, line_edit, set_role, show_problem
from hfhate.ui.print_queue.preview import PdfPreview
from hfhate.ui.victims.consent_dialog import WhenField
from hfhate.ui.victims.person_view import day_and_time

# Each step: its button, the dialog's title and intro, and its accept button.
STEPS: dict[str, tuple[str, str, str, str]] = {
    "send": (
        "&Send…",
        "Send the referral",
        "Say how and when it went to the partner. Consent is checked again first.",
        "Mark as sent",
    ),
    "acknowledge": (
        "&Acknowledge…",
        "The partner acknowledged it",
        "Record the partner's acknowledgement and the reference they gave it.",
        "Record acknowledgement",
    ),
    "record_outcome": (
        "Record &outcome…",
        "Record the outcome",
        "What the partner did or decided, as they told you.",
        "Record outcome",
    ),
    "close": (
        "&Close…",
        "Close the referral",
        "Nothing more is expected from the partner.",
        "Close referral",
    ),
    "stop": (
        "S&top…",
        "Stop the referral",
        "It will not be sent. Say why, for the record.",
        "Stop referral",
    ),
}
# What a service may call a step's fields, and the field of the step dialog each goes beside.
FIELD_NAMES = {
    "how": "how",
    "sent_how": "how",
    "at": "at",
    "sent_at": "at",
    "acknowledged_at": "at",
    "outcome_at": "at",
    "closed_at": "at",
    "partner_reference": "partner_reference",
    "outcome": "outcome",
    "reason": "reason",
    "stop_reason": "reason",
}


def referral_row(session: Session, ctx: UiContext, referral_id: uuid.UUID) -> ReferralRow:
    """The referral as the user's list of referrals has it."""
    for row in referrals_list(session, ctx.actor):
        if row.id == referral_id:
            return row
    raise NotFound("This referral is not one you can see.")


@dataclass(frozen=True)
class StepValues:
    """What a step dialog asked for."""

    how: str = ""
    at: datetime | None = None
    partner_reference: str = ""
    outcome: str = ""
    reason: str = ""


def run_step(
    session: Session, ctx: UiContext, referral_id: uuid.UUID, action: str, values: StepValues
) -> object:
    """Take step ``action`` with what the step dialog asked for."""
    actor = ctx.actor
    if action == "send":
        return service.send_referral(session, actor, referral_id, values.how, at=values.at)
    if action == "acknowledge":
        return service.acknowledge_referral(
            session, actor, referral_id, at=values.at, partner_reference=values.partner_reference
        )
    if action == "record_outcome":
        return service.record_outcome(session, actor, referral_id, values.outcome, at=values.at)
    if action == "close":
        return service.close_referral(session, actor, referral_id, at=values.at)
    if action == "stop":
        return service.stop_referral(session, actor, referral_id, values.reason)
    raise ValueError(action)


class StepDialog(QDialog):
    """What one step records; taking it runs the service and closes."""

    def __init__(
        self, ctx: UiContext, referral_id: uuid.UUID, action: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.referral_id = referral_id
        self.action = action
        _button, title, intro, accept_text = STEPS[action]
        layout = dialog_layout(self, title, intro, width_chars=64)
        form = QFormLayout()
        self.rows = FieldErrors(form)
        self.how: ChoiceBox | None = None
        self.when: WhenField | None = None
        self.reference: QWidget | None = None
        self.text: QPlainTextEdit | None = None
        if action == "send":
            self.how = self.rows.add(
                "how",
                "&How",
                ChoiceBox([(t, c) for c, t in victim_words().sent_how.items()]),
            )
        if action == "acknowledge":
            self.reference = self.rows.add(
                "partner_reference", "Partner's &reference", line_edit(60)
            )
        if action in ("record_outcome", "stop"):
            key, label, limit = (
                ("outcome", "&Outcome", 2000)
                if action == "record_outcome"
                else ("reason", "&Why it is stopped", 500)
            )
            self.text = self.rows.add(key, label, QPlainTextEdit(), limit=limit)
            self.text.setTabChangesFocus(True)
            self.text.setFixedHeight(self.fontMetrics().height() * 5)
        if action != "stop":
            self.when = self.rows.add("at", "&When", WhenField(self))
        layout.addLayout(form)
        self.problem = problem_label()
        layout.addWidget(self.problem)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.accept_button = button(accept_text, self.take)
        self.accept_button.setDefault(True)
        buttons.addWidget(self.accept_button)
        buttons.addWidget(button("Cancel", self.reject))
        layout.addLayout(buttons)
        first = next(iter(self.rows.fields.values()), None)
        if first is not None:
            first.setFocus()

    def values(self) -> StepValues:
        text = self.text.toPlainText() if self.text is not None else ""
        return StepValues(
            how=str(self.how.value() or "") if self.how is not None else "",
            at=self.when.value() if self.when is not None else None,
            partner_reference=self.reference.text() if self.reference is not None else "",  # type: ignore[attr-defined]
            outcome=text if self.action == "record_outcome" else "",
            reason=text if self.action == "stop" else "",
        )

    def show_errors(self, errors: dict[str, str]) -> None:
        beside: dict[str, str] = {}
        elsewhere: list[str] = []
        for key, message in errors.items():
            field = FIELD_NAMES.get(key)
            if field in self.rows.fields:
                beside[field] = message
            else:
                elsewhere.append(message)
        self.rows.show_errors(beside)
        show_problem(self.problem, " ".join(elsewhere))

    def take(self) -> None:
        values = self.values()
        done = self.ctx.run(
            lambda session: run_step(session, self.ctx, self.referral_id, self.action, values),
            parent=self,
            show_error=lambda message: show_problem(self.problem, message),
            show_field_errors=self.show_errors,
        )
        if done is not None:
            self.accept()


class PackDialog(QDialog):
    """The referral pack, previewed, with Print… and Save PDF…."""

    def __init__(self, pdf: bytes, name: str, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"{title} - hfhate")
        self.message = QLabel(
            "The pack holds this person's particulars and account: print it or save it "
            "only to send it to the partner."
        )
        self.message.setObjectName("pack_message")
        self.message.setAccessibleName("Pack message")
        self.message.setWordWrap(True)
        self.preview = PdfPreview(self)
        self.preview.output_done.connect(lambda where: self._say(f"The pack was {where}.", "ok"))
        self.preview.output_failed.connect(lambda problem: self._say(problem, "error"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(close.text().replace("&", ""))
        column = QVBoxLayout(self)
        column.addWidget(self.message)
        column.addWidget(self.preview, 1)
        column.addWidget(buttons)
        height = self.fontMetrics().height()
        self.resize(height * 40, height * 40)
        self.preview.show_pdf(pdf, suggested_name=name)

    def _say(self, text: str, role: str) -> None:
        self.message.setText(text)
        set_role(self.message, role)


class ReferralActionsDialog(QDialog):
    """The referral's state and dates, and a button for each step it may take next."""

    def __init__(
        self, ctx: UiContext, referral_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.referral_id = referral_id
        self.row: ReferralRow | None = None
        self.changed = False
        layout = dialog_layout(self, "Referral", width_chars=70)
        form = QFormLayout()
        self.facts: dict[str, QLabel] = {}
        for key, label in (
            ("person", "Person"),
            ("partner", "Partner"),
            ("state", "State"),
            ("drafted", "Drafted"),
            ("sent", "Sent"),
            ("acknowledged", "Acknowledged"),
            ("officer", "Referred by"),
        ):
            value = QLabel()
            value.setObjectName(f"referral_{key}")
            value.setAccessibleName(label)
            value.setWordWrap(True)
            value.setMinimumWidth(self.fontMetrics().averageCharWidth() * 48)
            form.addRow(f"{label}:", value)
            self.facts[key] = value
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setObjectName("referral_message")
        self.message.setAccessibleName("What was done")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        actions = QHBoxLayout()
        self.step_buttons: dict[str, QWidget] = {}
        for action in service.ACTIONS:
            widget = button(STEPS[action][0], self._opener(action))
            self.step_buttons[action] = widget
            actions.addWidget(widget)
        actions.addStretch(1)
        layout.addLayout(actions)
        bottom = QHBoxLayout()
        self.pack_button = button("&Print referral pack…", self.print_pack)
        bottom.addWidget(self.pack_button)
        bottom.addStretch(1)
        bottom.addWidget(button("Close window", self.accept))
        layout.addLayout(bottom)
        self.reload()

    def _opener(self, action: str) -> Callable[[], None]:
        def open_step() -> None:
            self.take(action)

        return open_step

    def reload(self) -> bool:
        done = self.ctx.run(
            lambda session: referral_row(session, self.ctx, self.referral_id), parent=self
        )
        if done is None:
            return False
        row = done.value
        self.row = row
        self.facts["person"].setText(row.person_label)
        self.facts["partner"].setText(row.partner_label)
        state = STATE_LABELS.get(row.status, row.status_label)
        if row.overdue:
            state += f": not acknowledged after {row.days_waiting} days"
        self.facts["state"].setText(state)
        set_role(self.facts["state"], "alarm" if row.overdue else "")
        self.facts["drafted"].setText(day_and_time(row.drafted_at))
        self.facts["sent"].setText(day_and_time(row.sent_at) or "Not yet")
        self.facts["acknowledged"].setText(day_and_time(row.acknowledged_at) or "Not yet")
        self.facts["officer"].setText(row.officer_name)
        allowed = NEXT.get(row.status, {})
        for action, widget in self.step_buttons.items():
            widget.setVisible(action in allowed)
        self.pack_button.setEnabled(row.status != "stopped")
        return True

    def allowed_actions(self) -> list[str]:
        return [a for a, w in self.step_buttons.items() if not w.isHidden()]

    def take(self, action: str) -> bool:
        """Open step ``action``'s dialog; True when the step was taken."""
        dialog = StepDialog(self.ctx, self.referral_id, action, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.changed = True
        self.reload()
        if self.row is not None:
            self.say(f"Done: the referral is now {STATE_LABELS.get(self.row.status, '').lower()}.")
        return True

    def say(self, text: str, role: str = "ok") -> None:
        self.message.setText(text)
        set_role(self.message, role)
        self.message.setVisible(bool(text))

    def make_pack(self) -> tuple[bytes, str] | None:
        """The referral pack's PDF and a file name for it (an audited printing)."""
        printed_at = datetime.now(LONDON)
        done = self.ctx.run(
            lambda session: (
                service.referral_pack(
                    session, self.ctx.actor, self.referral_id, printed_at=printed_at
                ),
                # The council's details as they stand on the day it is printed.
                current_wording(session, printed_at.date()),
            ),
            parent=self,
        )
        if done is None:
            return None
        pack, wording = done.value
        return referral_pack_bytes(pack, wording=wording), f"referral-{pack.reference}.pdf"

    def print_pack(self) -> None:
        made = self.make_pack()
        if made is None:
            return
        pdf, name = made
        PackDialog(pdf, name, "Referral pack", self).exec()

    @classmethod
    def ask(cls, ctx: UiContext, referral_id: uuid.UUID, parent: QWidget | None = None) -> bool:
        """Show the referral; True when a step was taken."""
        dialog = cls(ctx, referral_id, parent)
        dialog.exec()
        return dialog.changed


ReferralActions = ReferralActionsDialog  # the name the Start page's overdue box opens it by

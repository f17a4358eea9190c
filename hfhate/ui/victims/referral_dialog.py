"""Drafting a referral of one person to one partner.

Every partner of the administrator's list is shown. A partner the person has not agreed to be
referred to (or whose consent they withdrew) is shown greyed out with the reason under it,
so the officer sees what consent is missing rather than wondering where the partner went.
For a partner whose entry asks for the risk checklist (the Community MARAC), the checklist's
questions are ticked as the person answers yes; the score counts them as they are ticked,
and "High risk" shows once it reaches the list's high score.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from hfhate.services.reference_lists import lists_for
from hfhate.services.victims.consent import may_refer
from hfhate.services.victims.referrals import ReferralInput, draft_referral
from hfhate.services.victims.words import victim_words
from hfhate.ui.context import UiContext
from hfhate.ui.dialogs import dialog_layout
from hfhate.ui.engagement.widgets import ChoiceBox, button
from hfhate.ui.forms import FieldErrors, error_label, set_role, show_problem


@dataclass(frozen=True)
class PartnerChoice:
    """One partner as the dialog offers it: whether it may be chosen, and why not."""

    code: str
    label: str
    refused: str | None  # the reason it cannot be chosen (no consent), or None
    risk_checklist: bool


def partner_choices(ctx: UiContext, person_id: uuid.UUID) -> list[PartnerChoice]:
    """The partners of the list in force, each with what ``may_refer`` says for the person."""

    def read(session) -> list[PartnerChoice]:  # type: ignore[no-untyped-def]
        lists = lists_for(session)
        choosable = lists.choosable("referral_partners")
        return [
            PartnerChoice(
                entry.code,
                entry.label,
                may_refer(session, person_id, entry.code),
                bool(entry.extra.get("risk_checklist")),
            )
            for entry in lists.entries("referral_partners")
            if entry.code in choosable
        ]

    return ctx.read(read)


class ReferralDialog(QDialog):
    """Partner, reason and (for the MARAC) the risk checklist; ``ask`` returns the draft's id.

    ``sources`` (label, record type, id) lets the officer choose which of the person's records
    the referral is made from; without it, it is made from ``from_type``/``from_id``.
    """

    def __init__(
        self,
        ctx: UiContext,
        person_id: uuid.UUID,
        from_type: str,
        from_id: uuid.UUID,
        parent: QWidget | None = None,
        *,
        sources: Sequence[tuple[str, str, uuid.UUID]] = (),
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.from_type = from_type
        self.from_id = from_id
        self.saved: uuid.UUID | None = None
        words = victim_words()
        self.high_score = words.risk_high_score
        layout = dialog_layout(
            self,
            "Refer to a partner",
            "Choose the partner and say why. Partners the person has not agreed to be "
            "referred to are greyed out: record their consent first. The referral is kept "
            "as a draft until you send it.",
            width_chars=110,
        )
        columns = QHBoxLayout()
        left = QVBoxLayout()
        form = QFormLayout()
        self.rows = FieldErrors(form)
        self.source = ChoiceBox([(label, (kind, rid)) for label, kind, rid in sources])
        if sources:
            self.source.set_value((from_type, from_id))
            self.rows.add("from_type", "&Made from", self.source)
        left.addLayout(form)

        self.partner_box = QGroupBox("&Partner")
        self.partner_box.setAccessibleName("Partner")
        grid = QGridLayout(self.partner_box)
        self.partner_group = QButtonGroup(self)
        self.partner_buttons: dict[str, QRadioButton] = {}
        self.partner_reasons: dict[str, QLabel] = {}
        self.choices = partner_choices(ctx, person_id)
        for row, choice in enumerate(self.choices):
            radio = QRadioButton(choice.label)
            radio.setAccessibleName(choice.label)
            radio.setEnabled(choice.refused is None)
            self.partner_group.addButton(radio, row)
            reason = QLabel(choice.refused or "")
            reason.setObjectName(f"partner_{choice.code}_reason")
            reason.setAccessibleName(f"{choice.label}: why it cannot be chosen")
            reason.setVisible(choice.refused is not None)
            set_role(reason, "hint")
            if choice.refused:
                radio.setAccessibleDescription(choice.refused)
            reason.setContentsMargins(radio.sizeHint().height() + 4, 0, 0, 0)
            grid.addWidget(radio, 2 * row, 0)
            grid.addWidget(reason, 2 * row + 1, 0)  # under its partner, in grey
            self.partner_buttons[choice.code] = radio
            self.partner_reasons[choice.code] = reason
        grid.setVerticalSpacing(2)
        self.partner_error = error_label("Partner problem", "partner_error", selectable=True)
        grid.addWidget(self.partner_error, 2 * len(self.choices), 0)
        left.addWidget(self.partner_box)

        reason_form = QFormLayout()
        self.reason_rows = FieldErrors(reason_form)
        self.reason = self.reason_rows.add(
            "reason",
            "&Why you refer them",
            QPlainTextEdit(),
            limit=2000,
            hint="What the partner should know: what support the person asked for.",
        )
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(self.fontMetrics().height() * 5)
        left.addLayout(reason_form)
        left.addStretch(1)
        columns.addLayout(left, 1)

        self.checklist = QGroupBox("Risk checklist (tick each question answered yes)")
        self.checklist.setAccessibleName("Risk checklist")
        checks = QVBoxLayout(self.checklist)
        self.risk_checks: dict[str, QCheckBox] = {}
        for code, question in words.risk_checklist.items():
            check = QCheckBox(question)
            check.setAccessibleName(question)
            check.toggled.connect(lambda _on: self._score())
            checks.addWidget(check)
            self.risk_checks[code] = check
        self.score = QLabel()
        self.score.setObjectName("risk_score")
        self.score.setAccessibleName("Risk score")
        self.high = QLabel("High risk")
        self.high.setObjectName("high_risk")
        self.high.setAccessibleName("High risk")
        set_role(self.high, "alarm")
        score_row = QHBoxLayout()
        score_row.addWidget(self.score)
        score_row.addWidget(self.high)
        score_row.addStretch(1)
        checks.addLayout(score_row)
        columns.addWidget(self.checklist, 1)
        layout.addLayout(columns)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = button("Draft referral", self.save)
        self.save_button.setDefault(True)
        buttons.addWidget(self.save_button)
        buttons.addWidget(button("Cancel", self.reject))
        layout.addLayout(buttons)

        self.partner_group.idToggled.connect(lambda _id, _on: self._partner_chosen())
        self._partner_chosen()
        self._score()

    # What is chosen ----------------------------------------------------------------------

    def chosen_partner(self) -> PartnerChoice | None:
        index = self.partner_group.checkedId()
        return self.choices[index] if index >= 0 else None

    def choose(self, code: str) -> bool:
        """Choose partner ``code`` as a click would; False when it cannot be chosen."""
        radio = self.partner_buttons[code]
        if not radio.isEnabled():
            return False
        radio.setChecked(True)
        return True

    def risk_answers(self) -> tuple[str, ...]:
        return tuple(code for code, check in self.risk_checks.items() if check.isChecked())

    def risk_score(self) -> int:
        return len(self.risk_answers())

    def is_high_risk(self) -> bool:
        return self.risk_score() >= self.high_score

    def _partner_chosen(self) -> None:
        chosen = self.chosen_partner()
        self.checklist.setVisible(chosen is not None and chosen.risk_checklist)
        show_problem(self.partner_error, "")
        self.adjustSize()

    def _score(self) -> None:
        total = len(self.risk_checks)
        self.score.setText(
            f"Score: {self.risk_score()} of {total} (high risk from {self.high_score})"
        )
        self.high.setVisible(self.is_high_risk())

    # Saving ------------------------------------------------------------------------------

    def entry(self) -> ReferralInput:
        chosen = self.chosen_partner()
        return ReferralInput(
            partner=chosen.code if chosen else "",
            reason=self.reason.toPlainText(),
            risk_answers=self.risk_answers() if chosen and chosen.risk_checklist else (),
        )

    def show_errors(self, errors: dict[str, str]) -> None:
        self.rows.show_errors({k: v for k, v in errors.items() if k in self.rows.fields})
        self.reason_rows.show_errors(errors)
        show_problem(self.partner_error, errors.get("partner", ""))
        if errors.get("partner"):
            self.partner_box.setFocus()

    def save(self) -> None:
        entry = self.entry()
        if self.source.count():
            self.from_type, self.from_id = self.source.value()
        from_type, from_id = self.from_type, self.from_id
        if not entry.partner:
            self.show_errors({"partner": "Choose the partner to refer them to."})
            return
        done = self.ctx.run(
            lambda session: (
                draft_referral(
                    session, self.ctx.actor, self.person_id, from_type, from_id, entry
                ).id
            ),
            parent=self,
            show_field_errors=self.show_errors,
        )
        if done is not None:
            self.saved = done.value
            self.accept()

    @classmethod
    def ask(
        cls,
        ctx: UiContext,
        person_id: uuid.UUID,
        from_type: str,
        from_id: uuid.UUID,
        parent: QWidget | None = None,
        *,
        sources: Sequence[tuple[str, str, uuid.UUID]] = (),
    ) -> uuid.UUID | None:
        dialog = cls(ctx, person_id, from_type, from_id, parent, sources=sources)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

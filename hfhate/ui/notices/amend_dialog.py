"""Correcting a notice after issue: an amendment with a reason, the original kept on the timeline.

Only the fields a correction makes sense for are offered (circumstances, the recipient's name,
date of birth, address and postcode, the body-worn video reference); only the fields the user
changed are sent to ``notices.amend_notice``. ``ask()`` returns the changes made, or None.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from hfhate.models import FixedPenaltyNotice
from hfhate.services.notices import issuing as notices
from hfhate.ui.context import UiContext
from hfhate.ui.forms import line_edit, show_problem
from hfhate.ui.notices.actions import NoticeDialog, text_box

DATE_FORMAT = "%d/%m/%Y"
DATE_PROBLEM = "Enter the date as day/month/year, like 21/03/1990, or leave it empty."
# The service reports the recipient's age under "recipient_age"; it belongs to the date field.
ERROR_FIELDS = {"recipient_age": "recipient_date_of_birth"}


def parse_day(text: str) -> date | None:
    """A date typed as 21/03/1990; raises ValueError when it is not one."""
    text = text.strip()
    return datetime.strptime(text, DATE_FORMAT).date() if text else None


class AmendmentDialog(NoticeDialog):
    """The correctable fields, filled with what the notice says now, and the reason."""

    def __init__(
        self, ctx: UiContext, notice: FixedPenaltyNotice, parent: QWidget | None = None
    ) -> None:
        what = notice.number or f"the {notice.kind.value} for {notice.recipient_name}"
        super().__init__(
            ctx,
            notice,
            f"Amend {what}",
            "Correct only what was recorded wrongly. The original stays on the "
            "timeline, with who amended it, when and why.",
            width_chars=70,
            parent=parent,
        )
        self.amended: dict[str, Any] | None = None
        self.circumstances = self.rows.add("circumstances", "&Circumstances", text_box(5))
        self.circumstances.setPlainText(notice.circumstances)
        self.recipient_name = self._line(
            "recipient_name", "Recipient's &name", notice.recipient_name, 200
        )
        born = notice.recipient_date_of_birth
        self.date_of_birth = self._line(
            "recipient_date_of_birth",
            "&Date of birth",
            born.strftime(DATE_FORMAT) if born else "",
            10,
            hint="Day/month/year, like 21/03/1990. Leave empty if only an age band was given.",
        )
        self.recipient_address = self.rows.add("recipient_address", "&Address", text_box(2))
        self.recipient_address.setPlainText(notice.recipient_address)
        self.recipient_postcode = self._line(
            "recipient_postcode", "Recipient's &postcode", notice.recipient_postcode, 10
        )
        self.body_worn_video = self._line(
            "body_worn_video", "&Body-worn video", notice.body_worn_video, 100
        )
        self.reason = self.rows.add(
            "reason", "&Reason for the amendment", text_box(2), hint="Required: say what was wrong."
        )
        self.add_buttons("Save amendment")
        self.circumstances.setFocus()

    def _line(self, key: str, label: str, value: str, length: int, *, hint: str = "") -> QLineEdit:
        return self.rows.add(key, label, line_edit(length, value), hint=hint)

    def changes(self) -> dict[str, Any]:
        """The fields that differ from the notice; raises ValueError for an unreadable date."""
        typed: dict[str, Any] = {
            "circumstances": self.circumstances.toPlainText().strip(),
            "recipient_name": self.recipient_name.text().strip(),
            "recipient_date_of_birth": parse_day(self.date_of_birth.text()),
            "recipient_address": self.recipient_address.toPlainText().strip(),
            "recipient_postcode": self.recipient_postcode.text().strip(),
            "body_worn_video": self.body_worn_video.text().strip(),
        }
        return {k: v for k, v in typed.items() if v != getattr(self.notice, k)}

    def save(self) -> None:
        try:
            changes = self.changes()
        except ValueError:
            self.rows.show_errors({"recipient_date_of_birth": DATE_PROBLEM})
            return
        if not changes:
            self.rows.show_errors({"reason": "Nothing was changed: correct a field first."})
            return
        made = self.apply(
            lambda session: notices.amend_notice(
                session,
                self.ctx.actor,
                self.notice.id,
                changes,
                reason=self.reason.toPlainText(),
            )
        )
        if made:
            self.amended = changes
            self.accept()

    def show_errors(self, field_errors: dict[str, str]) -> None:
        errors = {ERROR_FIELDS.get(k, k): v for k, v in field_errors.items()}
        self.rows.show_errors(errors)
        others = [v for k, v in errors.items() if k not in self.rows.fields]
        show_problem(self.problem, " ".join(others))

    @classmethod
    def ask(
        cls, ctx: UiContext, notice: FixedPenaltyNotice, parent: QWidget | None = None
    ) -> dict[str, Any] | None:
        dialog = cls(ctx, notice, parent)
        dialog.exec()
        return dialog.amended

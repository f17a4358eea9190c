"""Recording a new subject access request: who asked, when it came, how they were identified.

The deadline is worked out from the date received (one calendar month) and shown as the date
changes, so the supervisor sees it before saving.
"""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLabel, QWidget

from hfhate.printing.particulars import long_date
from hfhate.services.engagement.rules import london_today
from hfhate.services.subject_access.requests import record_request
from hfhate.services.subject_access.rules import RequestInput, one_month_after
from hfhate.ui.context import UiContext
from hfhate.ui.dialogs import dialog_layout
from hfhate.ui.engagement.widgets import OptionalDate, button, date_field, name_inner_editor
from hfhate.ui.forms import FieldErrors, line_edit, read_date


class NewRequestDialog(QDialog):
    """The request's details; ``ask`` returns the saved request's id, or None."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.saved: uuid.UUID | None = None
        layout = dialog_layout(
            self,
            "New subject access request",
            "A person asks for the personal data the council holds about them. The reply is "
            "due one calendar month after the request reached the council.",
            width_chars=70,
        )
        form = QFormLayout()
        self.rows = FieldErrors(form)
        self.name = self.rows.add("requester_name", "&Name of the person asking", line_edit(200))
        self.born = self.rows.add(
            "requester_date_of_birth",
            "Date of &birth",
            OptionalDate("&Known", london_today().replace(year=1990)),
        )
        self.address = self.rows.add("requester_address", "&Address", line_edit(200))
        self.postcode = self.rows.add("requester_postcode", "&Postcode", line_edit(10))
        self.received = self.rows.add("received_on", "&Received on", date_field(london_today()))
        name_inner_editor(self.received, "Received on")
        self.received.setMaximumWidth(self.fontMetrics().averageCharWidth() * 18)
        self.identified = self.rows.add(
            "identified_by",
            "How they were &identified",
            line_edit(200),
            hint="For example: passport seen at the Town Hall; council tax bill at the address.",
        )
        self.due = QLabel()
        self.due.setObjectName("due_on")
        self.due.setAccessibleName("Reply due by")
        form.addRow("Reply due by", self.due)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = button("Record request", self.save)
        self.save_button.setDefault(True)
        buttons.addWidget(self.save_button)
        buttons.addWidget(button("Cancel", self.reject))
        layout.addLayout(buttons)
        self.received.dateChanged.connect(lambda _date: self._show_due())
        self._show_due()
        self.name.setFocus()

    def _show_due(self) -> None:
        self.due.setText(long_date(one_month_after(read_date(self.received))))

    def entry(self) -> RequestInput:
        return RequestInput(
            requester_name=self.name.text(),
            requester_date_of_birth=self.born.value(),
            requester_address=self.address.text(),
            requester_postcode=self.postcode.text(),
            received_on=read_date(self.received),
            identified_by=self.identified.text(),
        )

    def save(self) -> None:
        done = self.ctx.run(
            lambda session: (
                record_request(session, self.ctx.actor, self.entry(), today=london_today()).id
            ),
            parent=self,
            show_field_errors=self.rows.show_errors,
        )
        if done is not None:
            self.saved = done.value
            self.accept()

    @classmethod
    def ask(cls, ctx: UiContext, parent: QWidget | None = None) -> uuid.UUID | None:
        dialog = cls(ctx, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

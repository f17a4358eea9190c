"""Adding a school, partner or group to the shared list of organisations.

For a school the officer also gives its phase; the year groups it teaches are ticked for
that phase and can be changed.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QWidget

from hfhate.services.engagement.organisations import OrganisationInput, add_organisation
from hfhate.services.engagement.rules import engagement_reference
from hfhate.services.reference_lists import lists_for
from hfhate.ui.context import UiContext
from hfhate.ui.dialogs import dialog_layout
from hfhate.ui.engagement.widgets import ChoiceBox, ChoiceList, button
from hfhate.ui.forms import FieldErrors, line_edit, set_row_visible


class OrganisationDialog(QDialog):
    """Name, kind, and for schools the phase and year groups; ``ask`` returns the new id."""

    def __init__(self, ctx: UiContext, kind: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.added: uuid.UUID | None = None
        ref = engagement_reference()
        layout = dialog_layout(self, "Add an organisation")
        self.form = QFormLayout()
        self.rows = FieldErrors(self.form)
        self.name = self.rows.add(
            "name",
            "&Name",
            line_edit(200),
            hint="As the organisation writes it, e.g. Lillie Road Primary School.",
        )
        self.kind = self.rows.add(
            "kind",
            "&Kind",
            ChoiceBox(
                [
                    ("Choose…", ""),
                    *((label, code) for code, label in ref.organisation_kinds.items()),
                ]
            ),
        )
        self.phase = self.rows.add(
            "school_phase",
            "School &phase",
            ChoiceBox(
                [("Choose…", ""), *((label, code) for code, label in ref.school_phases.items())]
            ),
        )
        self.years = self.rows.add(
            "year_groups",
            "&Year groups taught",
            ChoiceList([(y, y) for y in ref.year_groups], rows=7),
        )
        wards = ctx.read(lists_for).choosable("wards")
        self.ward = self.rows.add(
            "ward", "&Ward", ChoiceBox([("Not known", ""), *((w, c) for c, w in wards.items())])
        )
        layout.addLayout(self.form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.add_button = button("&Add organisation", self.save)
        self.cancel_button = button("Cancel", self.reject)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.phase.currentIndexChanged.connect(self._phase_changed)
        self.kind.set_value(kind)
        self._kind_changed()
        self.name.setFocus()
        self.resize(
            max(self.sizeHint().width(), self.fontMetrics().averageCharWidth() * 80),
            self.sizeHint().height(),
        )

    def _kind_changed(self) -> None:
        school = self.kind.value() == "school"
        set_row_visible(self.form, self.phase, school)
        set_row_visible(self.form, self.years, school)

    def _phase_changed(self) -> None:
        years = engagement_reference().phase_year_groups.get(self.phase.value(), [])
        if years:
            self.years.set_chosen(years)

    def save(self) -> None:
        entry = OrganisationInput(
            name=self.name.text(),
            kind=self.kind.value(),
            school_phase=self.phase.value(),
            year_groups=tuple(self.years.chosen()),
            ward=self.ward.value(),
        )
        done = self.ctx.run(
            lambda session: add_organisation(session, self.ctx.actor, entry).id,
            parent=self,
            show_field_errors=self._show_errors,
        )
        if done is not None:
            self.added = done.value
            self.accept()

    def _show_errors(self, errors: Mapping[str, str]) -> None:
        self.rows.show_errors(errors)
        self.adjustSize()  # room for the messages under the wrapped hints

    @classmethod
    def ask(cls, ctx: UiContext, kind: str = "", parent: QWidget | None = None) -> uuid.UUID | None:
        dialog = cls(ctx, kind, parent)
        return dialog.added if dialog.exec() == QDialog.DialogCode.Accepted else None

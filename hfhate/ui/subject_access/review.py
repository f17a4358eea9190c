"""Reviewing what a search found for a request: each item included, withheld with a reason,
or set aside as someone else's; then the reply exported as one PDF and one JSON file.

The search starts from the request's details and can be changed (another spelling, a former
address). Every search is logged as one combination (its ids and count, never the terms).
The decisions saved with the last export come back when the request is searched again.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hfhate.services.engagement.rules import london_today
from hfhate.services.subject_access.export import (
    Decision,
    Exported,
    decision_problems,
    default_decision,
    export_reply,
)
from hfhate.services.subject_access.requests import get_request
from hfhate.services.subject_access.search import Hit, PersonQuery, search_person
from hfhate.ui.context import UiContext
from hfhate.ui.engagement.widgets import ChoiceBox, OptionalDate, button, set_date
from hfhate.ui.forms import FieldErrors, error_label, hint_label, line_edit, show_problem
from hfhate.ui.subject_access.rectify_dialog import RectifyDialog

CHOICES = (("Include", "include"), ("Withhold", "withhold"), ("Not this person", "someone_else"))
COLUMNS = ("Decision", "Reason withheld", "Found", "Why it matched")


def choose_folder(parent: QWidget) -> Path | None:
    """Ask where to save the reply (a folder only the council's staff can reach)."""
    chosen = QFileDialog.getExistingDirectory(parent, "Save the reply in")
    return Path(chosen) if chosen else None


class ReviewPanel(QWidget):
    """The search, its hits with a decision each, and the export."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.request_id: uuid.UUID | None = None
        self.hits: list[Hit] = []
        self.saved_decisions: dict[str, dict[str, object]] = {}
        self.ask_folder: Callable[[QWidget], Path | None] = choose_folder
        self.exported: Exported | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        self.rows = FieldErrors(form)
        self.name = self.rows.add("name", "Search by &name", line_edit(200))
        self.born = self.rows.add(
            "date_of_birth", "Date of &birth", OptionalDate("&Match", london_today())
        )
        self.born.setMaximumWidth(self.fontMetrics().averageCharWidth() * 30)
        place = QWidget()
        place_row = QHBoxLayout(place)
        place_row.setContentsMargins(0, 0, 0, 0)
        self.address = line_edit(200)
        self.address.setAccessibleName("Address")
        self.address.setPlaceholderText("Address")
        self.postcode = line_edit(10)
        self.postcode.setAccessibleName("Postcode")
        self.postcode.setPlaceholderText("Postcode")
        self.postcode.setMaximumWidth(self.fontMetrics().averageCharWidth() * 14)
        place_row.addWidget(self.address, 1)
        place_row.addWidget(self.postcode)
        place.setAccessibleName("Address, postcode")
        form.addRow("Address, postcode", place)
        column.addLayout(form)
        actions = QHBoxLayout()
        self.search_button = button("Search everything held", self.search)
        actions.addWidget(self.search_button)
        actions.addWidget(
            hint_label("Typos and accents are allowed for. The search is logged, not its terms.")
        )
        actions.addStretch(1)
        column.addLayout(actions)
        self.summary = QLabel("Choose a request, then search.")
        self.summary.setObjectName("hits_summary")
        column.addWidget(self.summary)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName("What was found")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        chars = self.fontMetrics().averageCharWidth()
        for index, width in enumerate((21, 24, 44)):
            self.table.setColumnWidth(index, chars * width)
        column.addWidget(self.table, 1)
        self.problem = error_label("Problem", "review_problem", selectable=True)
        column.addWidget(self.problem)
        foot = QHBoxLayout()
        self.correct_button = button("Correct the person's details…", self.correct)
        self.export_button = button("Export the reply…", self.export)
        foot.addWidget(self.correct_button)
        foot.addStretch(1)
        foot.addWidget(self.export_button)
        column.addLayout(foot)
        self._enable()

    def _enable(self) -> None:
        has_request = self.request_id is not None
        self.search_button.setEnabled(has_request)
        self.export_button.setEnabled(has_request and bool(self.hits))
        self.correct_button.setEnabled(bool(self.hits))

    def show_request(self, request_id: uuid.UUID | None) -> None:
        """Start the search from the request's details; the hits of another are cleared."""
        self.request_id = request_id
        self.hits = []
        self.table.setRowCount(0)
        show_problem(self.problem, "")
        self.summary.setText("Search to see what is held." if request_id else "")
        if request_id is not None:
            request = self.ctx.read(lambda s: get_request(s, self.ctx.actor, request_id))
            self.name.setText(request.requester_name)
            self.address.setText(request.requester_address)
            self.postcode.setText(request.requester_postcode)
            self.born.check.setChecked(request.requester_date_of_birth is not None)
            if request.requester_date_of_birth:
                set_date(self.born.edit, request.requester_date_of_birth)
            self.saved_decisions = dict(request.decisions)
        self._enable()

    def query(self) -> PersonQuery:
        return PersonQuery(
            self.name.text(), self.born.value(), self.address.text(), self.postcode.text()
        )

    def search(self) -> None:
        request_id = self.request_id
        done = self.ctx.run(
            lambda s: search_person(s, self.ctx.actor, self.query(), request_id=request_id),
            parent=self,
            show_field_errors=self.rows.show_errors,
        )
        if done is None:
            return
        self.rows.clear()
        self.hits = done.value
        self._fill()
        self._enable()

    def _fill(self) -> None:
        self.table.setRowCount(len(self.hits))
        for row, hit in enumerate(self.hits):
            decision = self._first_decision(hit)
            choice = ChoiceBox(CHOICES)
            choice.setMinimumContentsLength(15)
            choice.setAccessibleName(f"Decision for row {row + 1}")
            choice.set_value(
                "include"
                if decision.include
                else "someone_else"
                if decision.someone_else
                else "withhold"
            )
            reason = QLineEdit(decision.reason)
            reason.setMaxLength(200)
            reason.setAccessibleName(f"Reason withheld for row {row + 1}")
            reason.setPlaceholderText("Why it is withheld")
            choice.currentIndexChanged.connect(
                lambda _i, c=choice, r=reason: r.setEnabled(c.value() == "withhold")
            )
            reason.setEnabled(choice.value() == "withhold")
            self.table.setCellWidget(row, 0, choice)
            self.table.setCellWidget(row, 1, reason)
            found = QTableWidgetItem(hit.where + (f"\n{hit.flag}" if hit.flag else ""))
            self.table.setItem(row, 2, found)
            self.table.setItem(row, 3, QTableWidgetItem("\n".join(hit.why)))
        self.table.resizeRowsToContents()
        flagged = sum(1 for hit in self.hits if hit.flag)
        said = f"{len(self.hits)} found"
        if flagged:
            said += f"; {flagged} look like someone else (set aside unless you include them)"
        self.summary.setText(said + ".")

    def _first_decision(self, hit: Hit) -> Decision:
        saved = self.saved_decisions.get(hit.key)
        if isinstance(saved, dict):
            return Decision(
                bool(saved.get("include", True)),
                str(saved.get("reason", "")),
                bool(saved.get("someone_else", False)),
            )
        return default_decision(hit)

    def decisions(self) -> dict[str, Decision]:
        found: dict[str, Decision] = {}
        for row, hit in enumerate(self.hits):
            choice = self.table.cellWidget(row, 0)
            reason = self.table.cellWidget(row, 1)
            assert isinstance(choice, ChoiceBox) and isinstance(reason, QLineEdit)
            value = choice.value()
            found[hit.key] = Decision(
                value == "include", reason.text(), someone_else=value == "someone_else"
            )
        return found

    def set_decision(self, row: int, value: str, reason: str = "") -> None:
        """Choose ``value`` (include, withhold, someone_else) on ``row``, as a user would."""
        choice = self.table.cellWidget(row, 0)
        editor = self.table.cellWidget(row, 1)
        assert isinstance(choice, ChoiceBox) and isinstance(editor, QLineEdit)
        choice.set_value(value)
        editor.setText(reason)

    def export(self) -> None:
        request_id = self.request_id
        if request_id is None:
            return
        decisions = self.decisions()
        problems = decision_problems(self.hits, decisions)
        self._mark_reasons(problems)
        if problems:
            show_problem(self.problem, " ".join(problems.values()))
            return
        folder = self.ask_folder(self)
        if folder is None:
            return
        done = self.ctx.run(
            lambda s: export_reply(
                s,
                self.ctx.actor,
                request_id,
                self.hits,
                decisions,
                folder=folder,
                evidence_dir=self.ctx.paths.evidence,
                photo_key=self.ctx.photo_key,
                today=london_today(),
            ),
            parent=self,
        )
        if done is None:
            return
        self.exported = done.value
        show_problem(self.problem, "")
        self.summary.setText(
            f"Saved {done.value.pdf.name} and {done.value.json.name} in {folder}: "
            f"{done.value.included} included, {done.value.withheld} withheld."
        )

    def _mark_reasons(self, problems: dict[str, str]) -> None:
        for row, hit in enumerate(self.hits):
            editor = self.table.cellWidget(row, 1)
            assert isinstance(editor, QLineEdit)
            message = problems.get(hit.key, "")
            editor.setAccessibleDescription(message)
            editor.setToolTip(message)
            editor.setProperty("role", "error" if message else "")
            editor.style().polish(editor)

    def selected_hits(self) -> list[Hit]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.hits[row] for row in rows]

    def correct(self) -> None:
        chosen = self.selected_hits()
        if not chosen:
            show_problem(
                self.problem,
                "Select the rows of the records to correct (Ctrl+click to pick several).",
            )
            return
        if RectifyDialog.ask(self.ctx, chosen, self) is not None:
            self.search()

"""Confidence questions asked before and after a session, answered 1 to 5 by attendees.

Each question from the council's list is a box to tick. Ticked, it asks for the answers
before and after, either as an average score with the number of responses, or as counts of
how many gave each answer 1 to 5. The change is worked out and shown when the session is read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hfhate.services.engagement.rules import (
    Answers,
    ConfidenceInput,
    InputProblem,
    engagement_reference,
    read_average,
    read_counts,
    read_whole_number,
)
from hfhate.ui.engagement.widgets import ChoiceBox
from hfhate.ui.forms import error_label

MOMENTS = ("before", "after")
MODES = (
    ("Average score and number of responses", "average"),
    ("Number giving each answer, 1 to 5", "counts"),
)


def _number(value: float | int | None) -> str:
    return "" if value is None else f"{value:g}"


class QuestionBox(QWidget):
    """One question: tick it, choose how the answers were counted, enter before and after."""

    changed = Signal()

    def __init__(self, code: str, question: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = code
        self.tick = QCheckBox(question)
        self.tick.setAccessibleName(question)
        self.body = QFrame()
        self.body.setFrameShape(QFrame.Shape.StyledPanel)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.tick)
        outer.addWidget(self.body)
        grid = QGridLayout(self.body)
        grid.setHorizontalSpacing(self.fontMetrics().averageCharWidth() * 2)
        self.mode = ChoiceBox(MODES)
        self._row(grid, 0, "Entered as", self.mode, span=3)
        self.average: dict[str, QLineEdit] = {}
        self.responses: dict[str, QLineEdit] = {}
        self.counts: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self.count_widgets: list[QWidget] = []
        self.average_widgets: list[QWidget] = []
        for offset, moment in enumerate(MOMENTS):
            row = 1 + offset * 2
            self.average[moment] = self._edit(
                grid, row, 0, f"Average {moment}", "e.g. 3.4", self.average_widgets
            )
            self.responses[moment] = self._edit(
                grid, row, 2, f"Responses {moment}", "e.g. 24", self.average_widgets
            )
            self.counts[moment] = self._edit(
                grid,
                row,
                0,
                f"Counts {moment}",
                "answers 1, 2, 3, 4, 5: e.g. 1, 3, 8, 9, 4",
                self.count_widgets,
                span=3,
            )
            error = error_label(
                f"{question}, {moment}: problem", f"confidence.{code}.{moment}_error"
            )
            grid.addWidget(error, row + 1, 0, 1, 4)
            self.errors[moment] = error
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.mode.currentIndexChanged.connect(self._show_mode)
        self.tick.toggled.connect(self._ticked)
        self._show_mode()
        self.body.setVisible(False)

    def isChecked(self) -> bool:  # noqa: N802 - reads like the tick box it stands for
        return self.tick.isChecked()

    def setChecked(self, on: bool) -> None:  # noqa: N802
        self.tick.setChecked(on)

    def _row(self, grid: QGridLayout, row: int, label: str, field: QWidget, span: int) -> None:
        caption = QLabel(label)
        caption.setBuddy(field)
        field.setAccessibleName(label)
        grid.addWidget(caption, row, 0)
        grid.addWidget(field, row, 1, 1, span)

    def _edit(
        self,
        grid: QGridLayout,
        row: int,
        column: int,
        label: str,
        hint_text: str,
        group: list[QWidget],
        span: int = 1,
    ) -> QLineEdit:
        caption = QLabel(label)
        field = QLineEdit()
        field.setPlaceholderText(hint_text)
        field.setMaxLength(40)
        field.setAccessibleName(label)
        caption.setBuddy(field)
        field.textChanged.connect(lambda _text: self.changed.emit())
        grid.addWidget(caption, row, column)
        grid.addWidget(field, row, column + 1, 1, span)
        group += [caption, field]
        return field

    def _ticked(self, on: bool) -> None:
        self.body.setVisible(on)
        self.changed.emit()

    def _show_mode(self) -> None:
        counting = self.mode.value() == "counts"
        for widget in self.count_widgets:
            widget.setVisible(counting)
        for widget in self.average_widgets:
            widget.setVisible(not counting)
        self.changed.emit()

    def read(self, problems: dict[str, str]) -> ConfidenceInput:
        """The answers typed; text that is not a number adds a message to ``problems``."""
        answers: dict[str, Answers] = {}
        for moment in MOMENTS:
            key = f"confidence.{self.code}.{moment}"
            try:
                if self.mode.value() == "counts":
                    answers[moment] = Answers(counts=read_counts(self.counts[moment].text()))
                else:
                    answers[moment] = Answers(
                        read_average(self.average[moment].text()),
                        read_whole_number(self.responses[moment].text()),
                    )
            except InputProblem as problem:
                problems[key] = str(problem)
                answers[moment] = Answers()
        return ConfidenceInput(self.code, answers["before"], answers["after"])

    def fill(self, item: ConfidenceInput) -> None:
        self.setChecked(True)
        counted = bool(item.before.counts or item.after.counts)
        self.mode.set_value("counts" if counted else "average")
        for moment, answers in (("before", item.before), ("after", item.after)):
            self.counts[moment].setText(", ".join(str(n) for n in answers.counts))
            self.average[moment].setText("" if counted else _number(answers.average))
            self.responses[moment].setText("" if counted else _number(answers.responses))

    def show_errors(self, errors: Mapping[str, str]) -> QWidget | None:
        """Show this question's messages; returns the first field with a problem."""
        first: QWidget | None = None
        for moment in MOMENTS:
            message = errors.get(f"confidence.{self.code}.{moment}", "")
            self.errors[moment].setText(message)
            self.errors[moment].setVisible(bool(message))
            counting = self.mode.value() == "counts"
            field = self.counts[moment] if counting else self.average[moment]
            field.setAccessibleDescription(message)
            if message and first is None:
                first = field
        return first

    def state(self) -> dict[str, Any]:
        return {
            "mode": self.mode.value(),
            **{
                f"{kind}_{m}": edits[m].text()
                for m in MOMENTS
                for kind, edits in (
                    ("average", self.average),
                    ("responses", self.responses),
                    ("counts", self.counts),
                )
            },
        }

    def restore(self, state: Mapping[str, Any]) -> None:
        self.setChecked(True)
        self.mode.set_value(state.get("mode", "average"))
        for moment in MOMENTS:
            for kind, edits in (
                ("average", self.average),
                ("responses", self.responses),
                ("counts", self.counts),
            ):
                edits[moment].setText(str(state.get(f"{kind}_{moment}", "")))


class ConfidenceEditor(QWidget):
    """All the council's confidence questions, each ticked if it was asked."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(
            "Tick each question attendees answered (1 = disagree strongly, 5 = agree strongly)."
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "hint")
        layout.addWidget(intro)
        self.questions: dict[str, QuestionBox] = {}
        for code, question in engagement_reference().confidence_questions.items():
            box = QuestionBox(code, question)
            box.changed.connect(self.changed)
            layout.addWidget(box)
            self.questions[code] = box
        self.problem = error_label("Confidence questions problem", "confidence_error")
        layout.addWidget(self.problem)

    def read(self, problems: dict[str, str]) -> tuple[ConfidenceInput, ...]:
        return tuple(box.read(problems) for box in self.questions.values() if box.isChecked())

    def fill(self, items: tuple[ConfidenceInput, ...]) -> None:
        for box in self.questions.values():
            box.setChecked(False)
        for item in items:
            if item.question in self.questions:
                self.questions[item.question].fill(item)

    def show_errors(self, errors: Mapping[str, str]) -> QWidget | None:
        message = errors.get("confidence", "")
        self.problem.setText(message)
        self.problem.setVisible(bool(message))
        first: QWidget | None = None
        for box in self.questions.values():
            found = box.show_errors(errors)
            first = first or found
        return first

    def state(self) -> dict[str, Any]:
        return {code: box.state() for code, box in self.questions.items() if box.isChecked()}

    def restore(self, state: Mapping[str, Any]) -> None:
        for code, box in self.questions.items():
            if code in state:
                box.restore(state[code])
            else:
                box.setChecked(False)

"""The Staff training area: who was trained and when, and who has not been trained within the
last N months (the council's setting, which supervisors can change).

People come from the attendance registers of training sessions; the same name at the same
organisation is one person.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from hfhate.models import Role
from hfhate.services.engagement.queries import (
    months_before,
    register_organisations,
    set_training_period_months,
    trained_people,
    training_period_months,
)
from hfhate.services.engagement.rules import london_today
from hfhate.services.ops import OpChanges
from hfhate.ui.context import UiContext
from hfhate.ui.engagement.table_models import TrainedPeopleModel
from hfhate.ui.engagement.widgets import ChoiceBox, button, name_inner_editor
from hfhate.ui.forms import set_role, titled_layout
from hfhate.ui.tables import list_table, set_column_widths

SEARCH_DELAY_MS = 300


class StaffTrainingPage(QWidget):
    """The period, filters, and the people trained (those due training drawn in red)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = titled_layout(
            self,
            "Staff training",
            "Everyone on the register of a staff, specialised or bystander training "
            "session, with their latest training. Find who has not been trained "
            "recently and invite them to the next session.",
        )

        grid = QGridLayout()
        grid.setHorizontalSpacing(self.fontMetrics().averageCharWidth() * 3)
        self.setting = ctx.read(training_period_months)
        self.months = QSpinBox()
        self.months.setRange(1, 120)
        self.months.setValue(self.setting)
        self.months.setSuffix(" months")
        name_inner_editor(self.months, "Not trained in the last")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Name or role")
        self.search.setClearButtonEnabled(True)
        self.organisation = ChoiceBox()
        self._field(grid, 0, "&Not trained in the last", self.months)
        self._field(grid, 1, "&Find a person", self.search)
        self._field(grid, 2, "O&rganisation", self.organisation)
        self.due_only = QCheckBox("Show &only people due training")
        self.due_only.setAccessibleName("Show only people due training")
        self.due_only.setChecked(True)
        grid.addWidget(self.due_only, 2, 0, 1, 2)
        self.save_setting = button("&Keep as the council's setting", self.keep_setting)
        self.save_setting.setVisible(ctx.actor.has(Role.SUPERVISOR))
        grid.addWidget(self.save_setting, 3, 0)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        layout.addLayout(grid)
        self.result = QLabel()
        self.result.setObjectName("training_result")
        self.result.setAccessibleName("Staff training result")
        self.result.setWordWrap(True)
        layout.addWidget(self.result)

        self.model = TrainedPeopleModel(self)
        self.table = list_table(self.model, "People trained", single=False)
        set_column_widths(self.table, (24, 28, 30, 0, 36))
        width = self.fontMetrics().averageCharWidth()
        self.table.setColumnWidth(
            3, self.fontMetrics().horizontalAdvance("Wed 19 Nov 2025") + width * 3
        )
        layout.addWidget(self.table, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.months.valueChanged.connect(lambda _n: self.refresh())
        self.organisation.currentIndexChanged.connect(lambda _i: self.refresh())
        self.due_only.toggled.connect(lambda _on: self.refresh())
        ctx.changes.changed.connect(self._on_changed)
        self._load_organisations()
        self.refresh()

    def _field(self, grid: QGridLayout, column: int, label: str, widget: QWidget) -> None:
        caption = QLabel(label)
        caption.setBuddy(widget)
        if not isinstance(widget, QSpinBox):
            widget.setAccessibleName(label.replace("&", ""))
        grid.addWidget(caption, 0, column)
        grid.addWidget(widget, 1, column)

    def _load_organisations(self) -> None:
        names = self.ctx.read(lambda session: register_organisations(session, self.ctx.actor))
        self.organisation.set_choices([("All organisations", ""), *((n, n) for n in names)])

    def _on_changed(self, changes: OpChanges) -> None:
        if changes.touches("engagement_sessions"):
            self._load_organisations()
            self.refresh()

    def refresh(self) -> None:
        self._search_timer.stop()
        months = self.months.value()
        cutoff = months_before(london_today(), months)
        people = self.ctx.read(
            lambda session: trained_people(
                session,
                self.ctx.actor,
                text=self.search.text(),
                organisation=self.organisation.value(),
            )
        )
        due = [p for p in people if p.due(cutoff)]
        shown = due if self.due_only.isChecked() else people
        self.model.set_people(shown, cutoff)
        self.result.setText(
            f"{len(due)} of {len(people)} {'person' if len(people) == 1 else 'people'} "
            f"not trained since {cutoff:%d %b %Y} ({months} months)."
            + ("" if self.due_only.isChecked() else " Those due are shown in red.")
        )
        self.save_setting.setEnabled(months != self.setting)

    def keep_setting(self) -> None:
        done = self.ctx.run(
            lambda session: set_training_period_months(
                session, self.ctx.actor, self.months.value()
            ),
            show_error=self._refused,
        )
        if done is None:
            return
        self.setting = self.months.value()
        self.save_setting.setEnabled(False)
        set_role(self.result, "ok")
        self.result.setText(f"From now on, staff are due training after {self.setting} months.")

    def _refused(self, message: str) -> None:
        self.result.setText(message)
        set_role(self.result, "error")

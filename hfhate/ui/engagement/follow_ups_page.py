"""The Follow-ups area: actions and flagged disclosures from sessions, soonest due first.

Overdue ones are drawn in red. Engagement officers mark them done with what was done;
supervisors see everyone's.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from hfhate.models import Role
from hfhate.services.engagement.follow_ups import STATES, FollowUpRow
from hfhate.services.ops import OpChanges
from hfhate.ui.context import UiContext
from hfhate.ui.engagement.follow_up_dialogs import CompleteFollowUpDialog
from hfhate.ui.engagement.session_view import SessionView
from hfhate.ui.engagement.table_models import FollowUpsTableModel
from hfhate.ui.engagement.widgets import ChoiceBox, button
from hfhate.ui.forms import titled_layout
from hfhate.ui.tables import list_table, set_column_widths

REFRESH_ON = {"engagement_sessions", "session_follow_ups"}


class FollowUpsPage(QWidget):
    """Which follow-ups to show, the list, and Mark done / Open session."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        can_complete = ctx.actor.has(Role.ENGAGEMENT_OFFICER)
        layout = titled_layout(
            self,
            "Follow-ups",
            "Actions arising from sessions, and disclosures flagged for follow-up "
            "with the referral made. Overdue ones are shown in red.",
        )

        row = QHBoxLayout()
        show_label = QLabel("&Show")
        self.state = ChoiceBox([(label, code) for code, label in STATES.items()])
        self.state.setAccessibleName("Show")
        show_label.setBuddy(self.state)
        self.mine = QCheckBox("&Only mine")
        self.mine.setAccessibleName("Only mine")
        self.mine.setChecked(can_complete)
        row.addWidget(show_label)
        row.addWidget(self.state)
        row.addWidget(self.mine)
        row.addStretch(1)
        layout.addLayout(row)
        self.count_label = QLabel()
        self.count_label.setObjectName("follow_ups_count")
        self.count_label.setAccessibleName("Follow-ups found")
        layout.addWidget(self.count_label)

        self.model = FollowUpsTableModel(ctx, self)
        self.model.count_changed.connect(self._say_count)  # a long list's count follows
        self.table = list_table(self.model, "Follow-ups")
        self.table.setWordWrap(True)
        set_column_widths(self.table, (26, 32, 14, 16, 16, 42))
        self.table.doubleClicked.connect(lambda _index: self.open_session())
        layout.addWidget(self.table, 1)

        actions = QHBoxLayout()
        self.done_button = button("&Mark done…", self.mark_done)
        self.done_button.setVisible(can_complete)
        self.open_button = button("Open &session…", self.open_session)
        actions.addWidget(self.done_button)
        actions.addWidget(self.open_button)
        actions.addStretch(1)
        layout.addLayout(actions)

        self.state.currentIndexChanged.connect(lambda _i: self.refresh())
        self.mine.toggled.connect(lambda _on: self.refresh())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        ctx.changes.changed.connect(self._on_changed)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_view(self.state.value(), self.mine.isChecked())
        self._say_count()

    def _say_count(self) -> None:
        total = self.model.total
        if not self.model.counted:
            self.count_label.setText(f"First {total:,} follow-ups shown, counting the rest…")
            return
        self.count_label.setText(f"{total:,} follow-up{'s' if total != 1 else ''}")

    def _on_changed(self, changes: OpChanges) -> None:
        if changes.touches(*REFRESH_ON):
            self.refresh()

    def selected(self) -> FollowUpRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.done_button.setEnabled(chosen is not None and chosen.is_open)
        self.open_button.setEnabled(chosen is not None)

    def mark_done(self) -> None:
        chosen = self.selected()
        if chosen is not None and chosen.is_open:
            CompleteFollowUpDialog.ask(self.ctx, chosen.id, chosen.description, self)

    def open_session(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            SessionView.ask(self.ctx, chosen.session_id, self)
            self.refresh()

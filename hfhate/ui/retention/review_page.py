"""The Retention review area: what is past its retention period and what is held, and the
supervisor's erasure of what is due, after a confirmation that says exactly what goes.

Each record is erased in a transaction of its own (``services/retention/erasure``), so a
failure part-way leaves every record either erased or untouched; the list then shows what is
left. Photo files no longer needed are deleted once the records are.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QWidget

from hfhate.clock import london_date
from hfhate.models import utc_now
from hfhate.services.retention.erasure import drop_erased_photo_files, erase_record
from hfhate.services.retention.review import ReviewItem, retention_review
from hfhate.ui.context import UiContext
from hfhate.ui.forms import set_role, titled_layout
from hfhate.ui.retention.confirm_dialog import ConfirmErasureDialog
from hfhate.ui.tables import ListTableModel, list_table


class ReviewTableModel(ListTableModel[ReviewItem]):
    """The review's items: due ones first, then the held ones with their reason."""

    HEADERS = ("Record", "Rule", "Fell due", "Status")
    full_text_tips = True

    def text(self, row: ReviewItem, column: int) -> str:
        if column == 0:
            return row.title
        if column == 1:
            return row.rule_words or row.rule.label
        if column == 2:
            return f"{row.due_on:%d %b %Y}" if row.due_on else ""
        return f"Held: {row.held}" if row.held else "Due for erasure"


class RetentionReviewPage(QWidget):
    """Supervisors review what is due and erase it; held records are listed, never erased."""

    def __init__(
        self,
        ctx: UiContext,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = lambda: london_date(utc_now()),
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today
        layout = titled_layout(
            self,
            "Retention review",
            "Records past the period the council keeps them for, with the date each fell "
            "due. Erasing removes the personal details and photos and keeps the facts for "
            "statistics. Records under a legal hold, or with changes not yet sent, are listed "
            "as held with the reason and are never erased.",
        )
        self.model = ReviewTableModel(self)
        self.table = list_table(
            self.model, "Retention review", resize=QHeaderView.ResizeMode.ResizeToContents
        )
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.erase_button = QPushButton()
        self.erase_button.clicked.connect(self.erase)
        self.refresh_button = QPushButton("&Review again")
        self.refresh_button.setAccessibleName("Review again")
        self.refresh_button.clicked.connect(self.refresh)
        self.summary = QLabel()
        self.summary.setObjectName("review_summary")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Review summary")
        row.addWidget(self.erase_button)
        row.addWidget(self.refresh_button)
        row.addWidget(self.summary, 1)
        layout.addLayout(row)
        self.refresh()

    @property
    def due(self) -> list[ReviewItem]:
        return [item for item in self.model.rows if item.erasable]

    def refresh(self) -> None:
        done = self.ctx.run(
            lambda session: retention_review(session, self.ctx.actor, self.today()), parent=self
        )
        self.model.set_rows(done.value if done is not None else [])
        due, held = len(self.due), len(self.model.rows) - len(self.due)
        label = f"&Erase personal data of {due} due record{'s' if due != 1 else ''}..."
        self.erase_button.setText(label)
        self.erase_button.setAccessibleName(label.replace("&", "").rstrip("."))
        self.erase_button.setEnabled(due > 0)
        if not self.model.rows:
            self.summary.setText("Nothing is past its retention period.")
            set_role(self.summary, "ok")
        else:
            self.summary.setText(f"{due} due for erasure, {held} held.")
            set_role(self.summary, "hint")

    def erase(self) -> None:
        items = self.due
        if not items or not ConfirmErasureDialog.ask(items, self):
            return
        now, today = utc_now(), self.today()
        erased = 0
        for item in items:
            done = self.ctx.run(
                lambda session, i=item: erase_record(  # type: ignore[misc]
                    session, self.ctx.actor, i.record_type, i.record_id, now=now, today=today
                ),
                parent=self,
            )
            erased += done is not None
        drop_erased_photo_files(self.ctx.session_factory, self.ctx.paths.evidence)
        self.refresh()
        self.summary.setText(
            f"Erased the personal data of {erased} record{'s' if erased != 1 else ''}. "
            + self.summary.text()
        )

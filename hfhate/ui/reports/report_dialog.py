"""Making the partnership report: the PDF for the Community Safety Partnership and the Policy
and Accountability Committee.

The supervisor chooses the period, types the commentary that goes in the report and chooses
where to save it. The report is counted and drawn in a worker, so the window stays responsive;
a problem is said in plain words in the dialog, which stays open to try again.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from sqlalchemy.orm import Session

from hfhate.printing.partnership_report_pdf import write_partnership_report
from hfhate.services.reports.partnership import partnership_report
from hfhate.services.reports.period import Period
from hfhate.ui.context import UiContext
from hfhate.ui.dialogs import CANCEL, dialog_buttons, dialog_layout, problem_label
from hfhate.ui.engagement.widgets import button
from hfhate.ui.forms import show_problem
from hfhate.ui.reports.csv_export import file_name
from hfhate.ui.reports.period_picker import PeriodPicker
from hfhate.ui.reports.worker import ReportJob

PDF_FILES = "PDF files (*.pdf)"
INTRO = (
    "A PDF for the Community Safety Partnership and the Policy and Accountability Committee: "
    "headline figures, tables by ward and category, engagement against each strategy "
    "objective and trend alerts. It holds no names or addresses, and small counts show as "
    '"fewer than" the threshold.'
)


class PartnershipReportDialog(QDialog):
    """``ask`` returns the file the report was saved to, or None."""

    def __init__(
        self, ctx: UiContext, period: Period, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today
        self.saved: Path | None = None
        self.job: ReportJob | None = None
        layout = dialog_layout(self, "Partnership report", INTRO, width_chars=80)
        form = QFormLayout()
        self.period = PeriodPicker(today)
        self.period.show_period(period)
        form.addRow(self.period)  # the picker says "Period" itself
        self.commentary = QPlainTextEdit()
        self.commentary.setAccessibleName("Commentary")
        self.commentary.setPlaceholderText(
            "What the figures show, what was done, and what comes next."
        )
        self.commentary.setMinimumHeight(self.fontMetrics().lineSpacing() * 8)
        commentary_label = QLabel("&Commentary")
        commentary_label.setBuddy(self.commentary)
        form.addRow(commentary_label, self.commentary)
        file_row = QHBoxLayout()
        self.file = QLineEdit()
        self.file.setAccessibleName("Save as")
        self.file.setPlaceholderText("Choose where to save the PDF")
        self.choose_button = button("C&hoose…", self.choose_file)
        self.choose_button.setAccessibleName("Choose where to save the PDF")
        file_row.addWidget(self.file, 1)
        file_row.addWidget(self.choose_button)
        file_label = QLabel("Save &as")
        file_label.setBuddy(self.file)
        form.addRow(file_label, file_row)
        layout.addLayout(form)
        self.status = QLabel()
        self.status.setObjectName("report_status")
        self.status.setAccessibleName("Report status")
        self.status.setProperty("role", "hint")
        layout.addWidget(self.status)
        self.problem = problem_label()
        layout.addWidget(self.problem)
        buttons, self.make_button = dialog_buttons(
            self, "Make the PDF", CANCEL, on_accept=self.make
        )
        layout.addWidget(buttons)

    def choose_file(self) -> bool:
        """Ask where to save; False when the user changed their mind."""
        suggested = file_name(f"partnership report {self.period.period().label}")[:-4] + ".pdf"
        chosen, _kind = QFileDialog.getSaveFileName(
            self, "Save the partnership report", str(Path.home() / suggested), PDF_FILES
        )
        if not chosen:
            return False
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        self.file.setText(str(path))
        return True

    def make(self) -> None:
        """Count, draw and save the report in a worker."""
        if self.job is not None:
            return
        if not self.file.text().strip() and not self.choose_file():
            return
        out = Path(self.file.text().strip()).expanduser()
        if not out.parent.is_dir():
            show_problem(self.problem, f"There is no folder {out.parent}: choose another place.")
            return
        period, commentary = self.period.period(), self.commentary.toPlainText().strip()
        actor, today = self.ctx.actor, self.today

        def make_pdf(session: Session) -> Path:
            report = partnership_report(session, actor, period, commentary=commentary, today=today)
            write_partnership_report(report, out)
            return out

        show_problem(self.problem, "")
        self.status.setText(f"Making the report for {period.label}…")
        self.make_button.setEnabled(False)
        self.job = ReportJob(self.ctx.session_factory, make_pdf, 1, "The report")
        self.job.signals.finished.connect(self._made)
        self.job.signals.failed.connect(self._failed)
        self.job.start()

    def _made(self, _number: int, out: object) -> None:
        self.job = None
        assert isinstance(out, Path)
        self.saved = out
        self.accept()

    def _failed(self, _number: int, message: str) -> None:
        self.job = None
        self.status.setText("")
        self.make_button.setEnabled(True)
        show_problem(self.problem, message)

    def reject(self) -> None:
        if self.job is None:  # a report being made finishes first
            super().reject()

    @classmethod
    def ask(
        cls, ctx: UiContext, period: Period, today: date, parent: QWidget | None = None
    ) -> Path | None:
        dialog = cls(ctx, period, today, parent)
        dialog.exec()
        if dialog.saved is not None and parent is not None:
            from hfhate.ui.reports.csv_export import tell

            tell(parent, f"The partnership report was saved to {dialog.saved}.")
        return dialog.saved

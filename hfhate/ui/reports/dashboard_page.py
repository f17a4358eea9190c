"""The Reports area: a supervisor's dashboard of what happened in the borough over a period.

Above, the period (this month to start with) and the ward (every ward, or one), with the
partnership report. Below, in a view of its own that scrolls: trend alerts, the headline
figures and the charts, each with its table one click away. The figures are counted in a
worker (``worker.ReportJob``) while "Counting…" shows, so the window never freezes; when the
period or ward changes before an answer comes, that older answer is ignored.

A click on a bar or a table row asks the main window to open the matching list, filtered
(``list_requested``: the area's title and a ``NoticeFilter`` or ``SessionFilter``). A notice
list's dates are those of the offence; the dashboard counts notices by the day they were
issued, so near a period's edges the list may differ by the odd notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from hfhate.clock import london_date
from hfhate.models import NoticeKind, Role, utc_now
from hfhate.services.engagement.queries import SessionFilter
from hfhate.services.engagement.rules import SessionInput
from hfhate.services.notices.queries import NoticeFilter
from hfhate.services.ops import OpChanges
from hfhate.services.reference_lists import lists_for
from hfhate.services.reports.figures import Breakdown, DashboardFigures, dashboard_figures
from hfhate.services.reports.period import Period
from hfhate.services.reports.trends import TrendAlert, trend_alerts
from hfhate.ui.context import UiContext
from hfhate.ui.engagement.widgets import button
from hfhate.ui.forms import error_label, show_problem, titled_layout
from hfhate.ui.notices.filters import labelled_combo
from hfhate.ui.reports.alerts_box import AlertsBox
from hfhate.ui.reports.chart_panel import ChartPanel
from hfhate.ui.reports.charts import BLUE, GREEN, ORANGE, PURPLE
from hfhate.ui.reports.csv_export import export_breakdown_csv
from hfhate.ui.reports.figures_view import FiguresView
from hfhate.ui.reports.period_picker import PeriodPicker
from hfhate.ui.reports.worker import ReportJob

INTRO = (
    "What happened in the borough over a period, and what was done about it. Click a bar or "
    "a row of a table to see the notices or sessions behind it."
)
COUNTING = "Counting…"
# The records whose change may change a figure.
COUNTED = (
    "notices",
    "notice_events",
    "engagement_sessions",
    "follow_ups",
    "incidents",
    "referrals",
)
# The engagement topic of specialised training on each hostility category.
TRAINING_TOPIC = {
    "misogyny": "misogyny",
    "homophobic": "lgbt_hate",
    "transphobic": "lgbt_hate",
    "race": "racism",
    "antisemitic": "antisemitism",
    "islamophobic": "islamophobia",
    "disability": "disability_hate",
}


@dataclass(frozen=True)
class Counted:
    """One answer of the worker: the figures, and the trend alerts as of today."""

    figures: DashboardFigures
    alerts: list[TrendAlert]


class DashboardPage(QWidget):
    """The dashboard; ``figures`` is the last answer shown (None while the first is counted)."""

    list_requested = Signal(str, object)

    def __init__(
        self, ctx: UiContext, parent: QWidget | None = None, *, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today or london_date(utc_now())
        self.figures: DashboardFigures | None = None
        self.asked = 0
        self.job: ReportJob | None = None
        self.out_of_date = False
        layout = titled_layout(self, "Reports", INTRO)

        controls = QHBoxLayout()
        self.period = PeriodPicker(self.today)
        controls.addWidget(self.period)
        wards = ctx.read(lists_for).entries("wards")
        self.ward = labelled_combo(
            controls, "&Ward", [("Every ward", "")] + [(w.label, w.code) for w in wards]
        )
        self.ward.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.ward.setMinimumContentsLength(16)  # a small screen keeps room for the rest
        self.status = QLabel()
        self.status.setObjectName("dashboard_status")
        self.status.setAccessibleName("Dashboard status")
        self.status.setProperty("role", "hint")
        # It gives way to the controls and the report button on a narrow window.
        self.status.setWordWrap(True)
        self.status.setMinimumWidth(self.fontMetrics().averageCharWidth() * 10)
        controls.addSpacing(12)
        controls.addWidget(self.status, 1)
        self.report_button = button("Partnership &report…", self.partnership_report)
        controls.addWidget(self.report_button)
        layout.addLayout(controls)
        self.problem = error_label("Problem", "dashboard_problem")
        layout.addWidget(self.problem)

        self.view = QScrollArea()
        self.view.setWidgetResizable(True)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setAccessibleName("Dashboard")
        inner = QWidget()
        body = QVBoxLayout(inner)
        self.inner_margin = 8  # between the figures and the view's scroll bar
        body.setContentsMargins(0, 0, self.inner_margin, 0)
        self.alerts = AlertsBox(ctx.actor.has(Role.ENGAGEMENT_OFFICER))
        self.alerts.show_these.connect(self.show_alert_notices)
        self.alerts.training.connect(self.record_training)
        body.addWidget(self.alerts)
        self.headline = FiguresView()
        body.addWidget(self.headline)
        self.panels = self._charts(body)
        self.view.setWidget(inner)
        layout.addWidget(self.view, 1)

        self.period.changed.connect(self.refresh)
        self.ward.currentIndexChanged.connect(lambda _i: self.refresh())
        ctx.changes.changed.connect(self._on_changed)
        self.refresh()

    def _charts(self, body: QVBoxLayout) -> dict[str, ChartPanel]:
        panels = {
            "months": ChartPanel(
                "Warnings and notices by month",
                "bars",
                ("Month", "Notices", "Warnings"),
                (BLUE, ORANGE),
            ),
            "session_months": ChartPanel(
                "Sessions and attendees by month",
                "lines",
                ("Month", "Sessions", "Attendees"),
                (GREEN, PURPLE),
            ),
            "by_ward": ChartPanel(
                "Warnings and notices by ward",
                "across",
                ("Ward", "Warnings and notices"),
                (BLUE,),
            ),
            "by_hostility": ChartPanel(
                "Warnings and notices by hostility",
                "across",
                ("Hostility", "Warnings and notices"),
                (PURPLE,),
            ),
            "by_prohibition": ChartPanel(
                "Warnings and notices by prohibition",
                "across",
                ("Prohibition", "Warnings and notices"),
                (ORANGE,),
            ),
            "session_types": ChartPanel(
                "Sessions by type",
                "across",
                ("Type of session", "Sessions", "Attendees"),
                (GREEN, PURPLE),
            ),
            "session_wards": ChartPanel(
                "Sessions by ward",
                "across",
                ("Ward", "Sessions", "Attendees"),
                (GREEN, PURPLE),
            ),
        }
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(16)
        row_height = self.fontMetrics().lineSpacing()
        places = {
            "months": (0, 0, 13),
            "session_months": (0, 1, 13),
            "by_ward": (1, 0, 16),
            "by_hostility": (1, 1, 16),
            "by_prohibition": (2, 0, 16),
            "session_types": (2, 1, 16),
            "session_wards": (3, 0, 16),
        }
        for name, panel in panels.items():
            row, column, lines = places[name]
            panel.setObjectName(f"chart_{name}")
            panel.setFixedHeight(row_height * lines)
            panel.picked.connect(lambda r, s, name=name: self.open_list(name, r, s))
            panel.export_requested.connect(lambda panel=panel: self.export_table(panel))
            grid.addWidget(panel, row, column, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        body.addLayout(grid)
        body.addStretch(1)
        return panels

    # Counting

    def chosen_ward(self) -> str:
        return str(self.ward.currentData() or "")

    def refresh(self) -> None:
        """Count again for the period and ward chosen; an answer still on its way is ignored."""
        self.asked += 1
        period, ward, today, actor = (
            self.period.period(),
            self.chosen_ward(),
            self.today,
            self.ctx.actor,
        )

        def count(session: Session) -> Counted:
            figures = dashboard_figures(session, actor, period, ward=ward, today=today)
            return Counted(figures, trend_alerts(session, actor, today))

        self.status.setText(COUNTING)
        self.status.setAccessibleDescription(f"Counting {period.label}")
        self.job = ReportJob(self.ctx.session_factory, count, self.asked, "The figures")
        self.job.signals.finished.connect(self.counted)
        self.job.signals.failed.connect(self.count_failed)
        self.job.start()

    def counting(self) -> bool:
        return self.status.text() == COUNTING

    def counted(self, number: int, answer: object) -> None:
        if number != self.asked:  # the period or ward changed while it was counted
            return
        assert isinstance(answer, Counted)
        figures = answer.figures
        self.figures = figures
        where = "every ward" if not figures.ward else self.ward.currentText()
        self.status.setText(f"{figures.period.label}, {where}")
        show_problem(self.problem, "")
        self.alerts.show_alerts(answer.alerts)
        self.headline.show_figures(figures)
        self._fit_headline()  # longer numbers may not fit side by side any more
        months = figures.months
        one_year = figures.period.first.year == figures.period.last.year
        labels = [(m.month.first.isoformat(), _month_label(m.month, one_year)) for m in months]
        self.panels["months"].show_breakdown(
            [
                Breakdown(*label, m.notices, m.warnings)
                for label, m in zip(labels, months, strict=True)
            ],
            second=True,
        )
        self.panels["session_months"].show_breakdown(
            [
                Breakdown(*label, m.sessions, m.attendees)
                for label, m in zip(labels, months, strict=True)
            ],
            second=True,
        )
        self.panels["by_ward"].show_breakdown(figures.by_ward)
        self.panels["by_hostility"].show_breakdown(figures.by_hostility)
        self.panels["by_prohibition"].show_breakdown(figures.by_prohibition)
        for name, rows in (
            ("session_types", figures.engagement.by_type),
            ("session_wards", figures.engagement.by_ward),
        ):
            self.panels[name].show_breakdown(rows, second=True, chart_second=False)

    def count_failed(self, number: int, message: str) -> None:
        if number != self.asked:
            return
        self.status.setText("")
        show_problem(self.problem, message)

    def _on_changed(self, changes: OpChanges) -> None:
        if not changes.touches(*COUNTED):
            return
        if self.isVisible():
            self.refresh()
        else:  # counted when next shown, not on every change made elsewhere meanwhile
            self.out_of_date = True

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_headline()

    def _fit_headline(self) -> None:
        room = self.view.viewport().width() - self.inner_margin
        self.headline.arrange(wide=room >= self.headline.wide_width())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self._fit_headline()
        if self.out_of_date:
            self.out_of_date = False
            self.refresh()

    # Opening lists

    def open_list(self, panel: str, row: int, series: int) -> None:
        """Open the notices, warnings or sessions behind a bar or a row."""
        figures = self.figures
        if figures is None or self.counting():
            return
        rows = self.panels[panel].breakdown
        if not 0 <= row < len(rows):
            return
        key, ward, period = rows[row].key, figures.ward, figures.period
        if panel in ("months", "session_months"):
            period = next(m.month for m in figures.months if m.month.first.isoformat() == key)
        if panel in ("session_months", "session_types", "session_wards"):
            session_filter = SessionFilter(
                ward=key if panel == "session_wards" else ward,
                session_type=key if panel == "session_types" else "",
                date_from=period.first,
                date_to=period.last,
            )
            self.list_requested.emit("Sessions", session_filter)
            return
        kind = NoticeKind.WARNING if panel == "months" and series == 1 else NoticeKind.NOTICE
        notice_filter = NoticeFilter(
            kind=kind,
            ward=key if panel == "by_ward" else ward,
            hostility=key if panel == "by_hostility" else "",
            prohibition=key if panel == "by_prohibition" else "",
            date_from=period.first,
            date_to=period.last,
        )
        self.list_requested.emit(
            "Warnings" if kind is NoticeKind.WARNING else "Notices", notice_filter
        )

    def show_alert_notices(self, alert: TrendAlert) -> None:
        period = alert.recent_period
        self.list_requested.emit(
            "Notices",
            NoticeFilter(hostility=alert.category, date_from=period.first, date_to=period.last),
        )

    def record_training(self, alert: TrendAlert) -> None:
        """The new-session form set to specialised training on the alert's category; for a
        supervisor who does not record sessions, the specialised training recorded."""
        topic = TRAINING_TOPIC.get(alert.category, "")
        if not self.alerts.can_record:
            self.list_requested.emit(
                "Sessions", SessionFilter(session_type="specialised_training", topic=topic)
            )
            return
        from hfhate.ui.engagement.session_form import SessionForm

        start = SessionInput(
            session_type="specialised_training",
            specialised_topic=topic,
            facilitator_ids=(self.ctx.actor.user_id,),
        )
        SessionForm.ask(self.ctx, template=start, parent=self)

    # Reports and exports

    def partnership_report(self) -> None:
        from hfhate.ui.reports.report_dialog import PartnershipReportDialog

        PartnershipReportDialog.ask(self.ctx, self.period.period(), self.today, parent=self)

    def export_table(self, panel: ChartPanel) -> None:
        figures = self.figures
        if figures is None or not panel.breakdown:
            return
        where = "" if not figures.ward else f" {self.ward.currentText()}"
        export_breakdown_csv(
            self,
            panel.breakdown,
            tuple(panel.headings),
            f"{panel.title}{where} {figures.period.label}",
        )


def _month_label(month: Period, one_year: bool) -> str:
    """ "Mar" (or "Mar 26" when the period spans years), or the days of a month cut short."""
    name = f"{month.first:%b}" if one_year else f"{month.first:%b %y}"
    whole = Period.month(month.first.year, month.first.month)
    if (month.first, month.last) == (whole.first, whole.last):
        return name
    return f"{month.first.day}-{month.last.day} {name}"

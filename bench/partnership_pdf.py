"""Partnership report benchmark: the report's PDF for a year over 100,000 notices and 20,000
sessions, against its queries plus raw reportlab drawing of the same pages.

The store is filled as the reports benchmark fills it (``bench.reports``). hfhate's figure is
what ``hfhate report`` does: ``partnership_report`` (the dashboard's aggregates, the report's
own, the trend alerts, the audit row) and the PDF drawn in memory. The baseline is the
plainest way to make the same document: the reports benchmark's hand-written ``GROUP BY``
statements on the raw sqlite3 connection, then a bare reportlab canvas drawing the same
strings a line each, the same number of pages, and the same two bar charts with their data
set directly. The issue's target is under three times the baseline.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from bench import reports
from bench._notice_rows import BenchStore, fill_notices, make_store
from bench.core import Options, Result, interleaved
from hfhate.printing.fonts import REGULAR, register_fonts
from hfhate.printing.partnership_report_pdf import partnership_report_bytes
from hfhate.services.reports.partnership import PartnershipReport, partnership_report

TARGET_RATIO = 3.0
COMMENTARY = "\n\n".join(
    "The team concentrated its patrols on the town centres and worked with every school. " * 8
    for _ in range(6)
)


def run(options: Options) -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="hfhate-bench-report-pdf-") as tmp:
        bench, team = make_store(Path(tmp) / "data", officers=5)
        try:
            fill_notices(bench, team, reports.NOTICES)
            reports._fill_engagement_and_incidents(bench)
            return [_measure(bench, runs=options.repeat * 2)]
        finally:
            bench.store.close()


def _measure(bench: BenchStore, runs: int) -> Result:
    made: list[tuple[PartnershipReport, bytes]] = []

    def ours() -> None:
        with bench.store.session_factory.begin() as session:
            report = partnership_report(
                session, bench.supervisor, reports.YEAR, commentary=COMMENTARY, today=reports.TODAY
            )
        made.append((report, partnership_report_bytes(report)))

    ours()  # warm up, and the pages and strings the baseline draws
    report, pdf = made[-1]
    pages = max(pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages"), 1)
    strings = list(_strings(report))
    raw = bench.store.engine.raw_connection()
    params = {
        "start": reports._instant(reports.YEAR.start),
        "end": reports._instant(reports.YEAR.end),
        "first": reports.YEAR.first.isoformat(),
        "last": reports.YEAR.last.isoformat(),
        "today": reports.TODAY.isoformat(),
    }

    def plain() -> None:
        cursor = raw.cursor()
        found = {
            name: cursor.execute(sql, params).fetchall() for name, sql in reports.PLAIN.items()
        }
        _raw_pdf(strings, pages, found)

    try:
        figure, baseline = interleaved(ours, plain, runs)
    finally:
        raw.close()
    return Result(
        name="reports: partnership PDF for a year",
        figure=figure,
        baseline=baseline,
        unit="ms",
        target_ratio=TARGET_RATIO,
        note=f"{pages} pages, {len(strings)} strings; baseline: "
        f"{len(reports.PLAIN)} plain statements and a bare reportlab canvas",
    )


def _strings(report: PartnershipReport) -> Iterator[str]:
    """Every string the report prints, commentary wrapped as a page would."""
    yield from (report.council, report.team, report.title, report.period.label, report.area)
    for figure in report.headlines:
        yield f"{figure.label}  {figure.value}"
    for table in report.tables:
        yield table.title
        yield "  ".join(table.headings)
        yield from ("  ".join(row) for row in table.rows)
    for objective in report.objectives:
        yield objective.title
        yield from (f"{figure.label}  {figure.value}" for figure in objective.figures)
        yield objective.supported_by
    yield from report.alerts
    register_fonts()
    for paragraph in report.commentary.splitlines():
        yield from simpleSplit(paragraph, REGULAR, 9.5, A4[0] - 120)


def _raw_pdf(strings: list[str], pages: int, found: dict[str, list[Any]]) -> bytes:
    """The same strings on the same number of pages, and two charts of the queries' data."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=1)
    per_page = -(-len(strings) // pages)
    wards = [int(row[1]) for row in found["wards"]]
    for page in range(pages):
        canvas.setFont(REGULAR, 9)
        y = A4[1] - 60
        for text in strings[page * per_page : (page + 1) * per_page]:
            canvas.drawString(40, y, text)
            y -= 11
        if page == 0:
            _chart(canvas, VerticalBarChart(), [[float(n) for n in range(1, 13)]] * 2, 60)
        elif page == 1:
            _chart(canvas, HorizontalBarChart(), [wards], 60)
        canvas.drawString(40, 30, f"Page {page + 1} of {pages}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _chart(
    canvas: Canvas, bars: VerticalBarChart | HorizontalBarChart, data: list[list[float]], y: int
) -> None:
    drawing = Drawing(480, 200)
    bars.x, bars.y, bars.width, bars.height = 40, 20, 420, 160
    bars.data = data
    bars.categoryAxis.labels.fontName = REGULAR
    bars.valueAxis.labels.fontName = REGULAR
    drawing.add(bars)
    renderPDF.draw(drawing, canvas, 40, y)

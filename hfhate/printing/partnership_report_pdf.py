"""The partnership report as PDF, for the Community Safety Partnership and the Policy and
Accountability Committee.

In the house style of the other printed documents (``referral_pack_pdf``): the council's name
and team at the head of the first page, a rule, the title, labels and values side by side,
a rule and a heading for each section, "Page n of N" at the foot of every page. It is marked
OFFICIAL, not OFFICIAL-SENSITIVE: it holds figures only, counts below the small-number
threshold already shown as "fewer than 5" by the service (``services.reports.partnership``).

The charts are reportlab graphics (a ``VerticalBarChart`` of the months, a
``HorizontalBarChart`` of the wards) drawn into the page's flow like any other row; a bar
too small to show is left out and the chart says so. The commentary is the supervisor's own
text: it wraps and flows over as many pages as it needs. The file is written atomically and
owner-only (``security.private_files.write_private``).
"""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.graphics import renderPDF
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from hfhate.printing.fonts import BOLD, REGULAR, register_fonts, unprintable_characters
from hfhate.printing.layout import Flow, Row, Style, draw_rows, new_canvas, paginate, wrap
from hfhate.printing.particulars import long_date
from hfhate.security.private_files import write_private

if TYPE_CHECKING:  # printing sits below the services: the report's types are for the checker
    from hfhate.services.reports.partnership import Chart, PartnershipReport, Table

MARKING = "OFFICIAL"
MARGIN = 15 * mm
HEAD = 7 * mm  # the marking above the text
FOOTER = 11 * mm
WIDTH = A4[0] - 2 * MARGIN
TEXT_HEIGHT = A4[1] - 2 * MARGIN - HEAD - FOOTER
LABEL_WIDTH = 95 * mm
# The council's blue and a lighter one, for the two series of a chart.
SERIES_COLOURS = (colors.HexColor("#1F4E79"), colors.HexColor("#8FB3D9"))
STYLES = {
    "council": Style(BOLD, 12, 15),
    "team": Style(REGULAR, 8.5, 10.5),
    "title": Style(BOLD, 16, 20),
    "subtitle": Style(REGULAR, 10, 13),
    "heading": Style(BOLD, 11, 15),
    "subheading": Style(BOLD, 9.5, 13),
    "label": Style(BOLD, 8.5, 11.5),
    "value": Style(REGULAR, 9, 11.5),
    "cell": Style(REGULAR, 8.5, 11),
    "cell_bold": Style(BOLD, 8.5, 11),
    "body": Style(REGULAR, 9.5, 12.5),
    "small": Style(REGULAR, 7.5, 9.5),
}


def partnership_report_bytes(report: PartnershipReport) -> bytes:
    """The report as the bytes of one PDF."""
    buffer = io.BytesIO()
    _write(buffer, report)
    return buffer.getvalue()


def write_partnership_report(report: PartnershipReport, out: Path) -> None:
    """Write the report to ``out``, atomically and readable by its owner only; the folder
    must exist (``FileNotFoundError`` otherwise, and nothing is written)."""
    if out.is_dir():
        raise IsADirectoryError(f"{out} is a folder: give the name of the PDF to write.")
    if not out.parent.is_dir():
        raise FileNotFoundError(f"The folder {out.parent} does not exist. Nothing was written.")
    write_private(out, partnership_report_bytes(report))


def _write(target: io.BytesIO, report: PartnershipReport) -> int:
    canvas = new_canvas(target, title=_title(report), author=report.council)
    pages = paginate(_body(report).rows, TEXT_HEIGHT)
    for number, rows in enumerate(pages, start=1):
        _marking(canvas)
        draw_rows(canvas, rows, MARGIN, A4[1] - MARGIN - HEAD)
        _footer(canvas, report, number, len(pages))
    canvas.save()
    return len(pages)


def _title(report: PartnershipReport) -> str:
    return f"{report.title}: {report.period.label}"


def _body(report: PartnershipReport) -> Flow:
    s = STYLES
    flow = Flow(WIDTH)
    flow.text(_shown(report.council), s["council"])
    flow.text(_shown(report.team), s["team"])
    flow.rule(1.0, 5)
    flow.text(_shown(report.title), s["title"])
    flow.text(
        "A report to the Community Safety Partnership and the Policy and Accountability Committee",
        s["subtitle"],
    )
    flow.space(6)
    for label, value in (
        ("Period", _period(report)),
        ("Area", report.area),
        ("Made on", long_date(report.made_on)),
    ):
        flow.field(label, value, s["label"], s["value"], label_width=40 * mm)
    _section(flow, "Headline figures")
    for figure in report.headlines:
        flow.field(figure.label, figure.value, s["value"], s["label"], label_width=LABEL_WIDTH)
    flow.space(4)
    flow.text(report.suppression_note, s["small"])
    _section(flow, report.monthly.title)
    _chart(flow, _monthly_drawing(report.monthly), report.monthly.note)
    if not report.ward:  # one ward's report has its one bar in the table below
        _section(flow, report.wards.title)
        _chart(flow, _ward_drawing(report.wards, report.threshold), report.wards.note)
    for table in report.tables:
        _table(flow, table)
    _section(flow, "What was delivered against the strategy's objectives")
    flow.text(
        "The Hate Crime Strategy 2024-2028 has four objectives. Under each, the work of the "
        "period that serves it, and the records the figures come from.",
        s["body"],
    )
    for objective in report.objectives:
        flow.heading(
            f"Objective {objective.number}: {objective.title}", s["subheading"], space_before=6
        )
        start = len(flow.rows)
        for figure in objective.figures:
            flow.field(figure.label, figure.value, s["value"], s["label"], label_width=LABEL_WIDTH)
        for row in flow.rows[start:]:  # an objective's figures and their source stay together
            row.keep_with_next = True
        flow.text(f"Figures from: {objective.supported_by}", s["small"])
    _section(flow, "Trend alerts")
    if report.alerts:
        flow.text(
            "Where a hostility category of the whole borough rose clearly above its own usual "
            "level in the months up to the end of the period, the strategy commits the council "
            "to specialised training:",
            s["body"],
        )
        for alert in report.alerts:
            flow.text(_shown(alert), s["body"], indent=10, bullet="•")
    else:
        flow.text(
            "No hostility category of the whole borough rose clearly above its usual level in "
            "the months up to the end of the period.",
            s["body"],
        )
    _section(flow, "Commentary")
    flow.text(_shown(report.commentary or "No commentary was given."), s["body"])
    flow.rows[-1].keep_with_next = True  # the closing note never stands alone on a page
    flow.space(10)
    flow.rows[-1].keep_with_next = True
    flow.text(
        f"{MARKING}. This report holds figures only: no recipient, victim, witness or "
        f"attendee is named in it. {report.suppression_note}",
        s["small"],
    )
    return flow


def _period(report: PartnershipReport) -> str:
    """The period's name and its days ("2026 (1 January 2026 to 31 December 2026)"), or
    its days alone when they are its name."""
    period = report.period
    dates = type(period)(period.first, period.last).label  # the days, without a name
    return dates if period.label == dates else f"{period.label} ({dates})"


def _section(flow: Flow, title: str) -> None:
    """A rule and a heading, kept with what follows (no rule left alone at a page's foot)."""
    flow.space(6)
    flow.rule(0.5, 4)
    flow.rows[-2].keep_with_next = flow.rows[-1].keep_with_next = True
    flow.heading(title, STYLES["heading"])


def _table(flow: Flow, table: Table) -> None:
    """Headings in bold over a rule, then a row a line; the first column takes what the
    figures leave."""
    _section(flow, table.title)
    figures = len(table.headings) - 1
    figure_width = 40 * mm
    first_width = WIDTH - figures * figure_width
    widths = (first_width, *([figure_width] * figures))
    _table_row(flow, table.headings, widths, STYLES["cell_bold"], keep=True, ruled=True)
    if not table.rows:
        flow.text("None recorded in the period.", STYLES["cell"])
    for number, cells in enumerate(table.rows):
        _table_row(flow, cells, widths, STYLES["cell"], shaded=number % 2 == 1)
    if table.note:
        flow.space(2)
        flow.text(table.note, STYLES["small"])


def _table_row(
    flow: Flow,
    cells: tuple[str, ...],
    widths: tuple[float, ...],
    style: Style,
    *,
    keep: bool = False,
    ruled: bool = False,
    shaded: bool = False,
) -> None:
    pad = 2.0
    lines = [
        wrap(_shown(cell), style.font, style.size, width - 2 * pad)
        for cell, width in zip(cells, widths, strict=True)
    ]
    height = max(len(cell) for cell in lines) * style.leading + 2
    baseline = (style.leading - style.size) / 2 + style.size * 0.8 + 1

    def draw(c: Canvas, left: float, top: float) -> None:
        if shaded:
            c.saveState()
            c.setFillGray(0.94)
            c.rect(left, top - height, sum(widths), height, stroke=0, fill=1)
            c.restoreState()
        c.setFont(style.font, style.size)
        x = left
        for column, (cell, width) in enumerate(zip(lines, widths, strict=True)):
            for number, line in enumerate(cell):
                y = top - baseline - number * style.leading
                if column == 0:
                    c.drawString(x + pad, y, line)
                else:
                    c.drawRightString(x + width - pad, y, line)
            x += width
        if ruled:
            c.setLineWidth(0.5)
            c.line(left, top - height, left + sum(widths), top - height)

    flow.rows.append(Row(height, [draw], keep_with_next=keep))


def _chart(flow: Flow, drawing: Drawing, note: str) -> None:
    def draw(c: Canvas, left: float, top: float) -> None:
        renderPDF.draw(drawing, c, left, top - drawing.height)

    flow.rows[-1].keep_with_next = True
    flow.rows.append(Row(drawing.height, [draw], keep_with_next=True))
    flow.text(note, STYLES["small"])


def _values(chart: Chart) -> list[list[float | None]]:
    return [[bar.values[series] for bar in chart.bars] for series in range(len(chart.series))]


def _monthly_drawing(chart: Chart) -> Drawing:
    """Grouped bars, a pair a month, with the legend above them."""
    register_fonts()
    height = 70 * mm
    drawing = Drawing(WIDTH, height)
    bars = VerticalBarChart()
    many = len(chart.bars) > 12
    # reportlab's types take whole points here
    bars.x, bars.y = round(12 * mm), round((16 if many else 10) * mm)
    bars.width, bars.height = round(WIDTH - 16 * mm), round(height - bars.y - 12 * mm)
    bars.data = _values(chart) or [[0]]
    bars.categoryAxis.categoryNames = [bar.label for bar in chart.bars] or [""]
    _axes(bars, chart)
    if many:
        bars.barLabels.fontSize = 5
        bars.categoryAxis.labels.angle = 45
        bars.categoryAxis.labels.boxAnchor = "ne"
    bars.categoryAxis.labels.fontSize = 6.5 if many else 7.5
    bars.groupSpacing = 4
    bars.barSpacing = 1
    _colour(bars, len(chart.series))
    drawing.add(bars)
    drawing.add(_legend(chart, x=bars.x, y=height - 4 * mm))
    return drawing


def _ward_drawing(chart: Chart, threshold: int) -> Drawing:
    """A bar a ward, its name at the left (and "fewer than 5" beside it when it has no bar)."""
    register_fonts()
    per_bar = 5.2 * mm
    label_room = 62 * mm
    height = max(len(chart.bars), 1) * per_bar + 14 * mm
    drawing = Drawing(WIDTH, height)
    bars = HorizontalBarChart()
    bars.x, bars.y = round(label_room), round(8 * mm)
    bars.width, bars.height = round(WIDTH - label_room - 10 * mm), round(height - 12 * mm)
    rows = list(reversed(chart.bars))  # the first ward at the top
    bars.data = [[bar.values[0] for bar in rows]] or [[0]]
    bars.categoryAxis.categoryNames = [
        _shown(bar.label) + (f" (fewer than {threshold})" if bar.values[0] is None else "")
        for bar in rows
    ] or [""]
    _axes(bars, chart)
    bars.categoryAxis.labels.fontSize = 7.5
    bars.barSpacing = 1
    _colour(bars, 1)
    drawing.add(bars)
    if not chart.bars:
        drawing.add(String(label_room, height / 2, "None recorded", fontName=REGULAR))
    return drawing


def _axes(bars: VerticalBarChart | HorizontalBarChart, chart: Chart) -> None:
    """Axes in whole numbers from 0, at least to the threshold (a chart of empty bars has
    a scale of counts too, not of fractions)."""
    top = max((v for bar in chart.bars for v in bar.values if v is not None), default=0)
    top = max(top, 5)
    step = next(n * 10**p for p in range(8) for n in (1, 2, 5) if n * 10**p * 6 >= top)
    bars.valueAxis.valueMin = 0
    bars.valueAxis.valueMax = step * math.ceil(top / step)
    bars.valueAxis.valueStep = step
    bars.valueAxis.labels.fontName = REGULAR
    bars.valueAxis.labels.fontSize = 7
    bars.valueAxis.forceZero = True
    bars.valueAxis.visibleGrid = True
    bars.valueAxis.gridStrokeColor = colors.HexColor("#DDDDDD")
    bars.valueAxis.gridStrokeWidth = 0.4
    bars.categoryAxis.labels.fontName = REGULAR
    bars.categoryAxis.strokeWidth = 0.5
    bars.valueAxis.strokeWidth = 0.5
    bars.barLabelFormat = _bar_label
    bars.barLabels.fontName = REGULAR
    bars.barLabels.fontSize = 6.5
    bars.barLabels.nudge = 5


def _bar_label(value: float | None) -> str:
    """A bar's figure above it; none over an empty bar, where the axis says 0 already."""
    return f"{value:.0f}" if value else ""


def _colour(bars: VerticalBarChart | HorizontalBarChart, series: int) -> None:
    for number in range(series):
        bars.bars[number].fillColor = SERIES_COLOURS[number % len(SERIES_COLOURS)]
        bars.bars[number].strokeColor = None


def _legend(chart: Chart, *, x: float, y: float) -> Legend:
    legend = Legend()
    legend.x, legend.y = round(x), round(y)
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = round(70 * mm)
    legend.fontName = REGULAR
    legend.fontSize = 7.5
    legend.boxAnchor = "nw"
    legend.colorNamePairs = [
        (SERIES_COLOURS[number % len(SERIES_COLOURS)], name)
        for number, name in enumerate(chart.series)
    ]
    return legend


def _shown(text: str) -> str:
    """``text`` as the fonts can draw it: a character they lack by its code point."""
    for character in unprintable_characters(text):
        text = text.replace(character, f"[U+{ord(character):04X}]")
    return text


def _marking(canvas: Canvas) -> None:
    canvas.setFont(BOLD, 8)
    canvas.drawCentredString(A4[0] / 2, A4[1] - MARGIN - 3 * mm, MARKING)


def _footer(canvas: Canvas, report: PartnershipReport, page: int, pages: int) -> None:
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, MARGIN + 7 * mm, A4[0] - MARGIN, MARGIN + 7 * mm)
    canvas.setFont(REGULAR, 7)
    canvas.drawString(
        MARGIN,
        MARGIN + 3 * mm,
        _shown(f"{report.council} · Partnership report · {report.period.label} · {report.area}"),
    )
    canvas.setFont(BOLD, 7.5)
    canvas.drawRightString(A4[0] - MARGIN, MARGIN + 3 * mm, f"Page {page} of {pages}")
    canvas.setFont(BOLD, 8)
    canvas.drawCentredString(A4[0] / 2, MARGIN - 3 * mm, MARKING)
    canvas.showPage()

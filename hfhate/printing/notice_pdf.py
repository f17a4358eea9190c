"""Fixed penalty notices as PDF: A4 pages for posting and the file, or an 80 mm roll.

Both layouts carry the same particulars, in the council's wording: the council, the legal basis,
the notice number as text and as a Code 128 barcode, the date and time and place, the
circumstances, the prohibition, the officer and their authorisation number, the amounts with
the last date for each, the date before which no proceedings are taken, how, where and to whom
to pay, representations, what happens if it is not paid, and a privacy notice. A reprint is
marked COPY with its print date; a cancelled notice prints only as a record, without the
barcode, marked CANCELLED - NOT VALID FOR PAYMENT. Many notices go into one PDF.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from hfhate.printing.fonts import BOLD, REGULAR
from hfhate.printing.layout import (
    Flow,
    Row,
    Style,
    Target,
    barcode_width,
    draw_rows,
    paginate,
    text_width,
    watermark,
    write_pdf,
)
from hfhate.printing.particulars import Layout, NoticeToPrint, long_date
from hfhate.printing.template import Wording, fill

Progress = Callable[[int, int], None]
A4_MARGIN = 12 * mm
A4_FOOTER = 11 * mm
ROLL_WIDTH = 80 * mm
ROLL_MARGIN = 4 * mm
BARCODE_HEIGHT = 12 * mm
BAR_WIDTH = {Layout.A4: 1.0, Layout.ROLL: 0.9}
GAP = {Layout.A4: 4.5, Layout.ROLL: 6.0}  # space above each heading

STYLES: dict[Layout, dict[str, Style]] = {
    Layout.A4: {
        "council": Style(BOLD, 12, 15),
        "team": Style(REGULAR, 8.5, 10.5),
        "title": Style(BOLD, 16, 19),
        "basis": Style(REGULAR, 9.5, 12),
        "number_label": Style(REGULAR, 8, 10),
        "number": Style(BOLD, 14, 18),
        "heading": Style(BOLD, 10, 14),
        "label": Style(BOLD, 8.5, 11),
        "value": Style(REGULAR, 9, 11),
        "body": Style(REGULAR, 8.5, 10.5),
        "amount": Style(BOLD, 10.5, 14),
        "small": Style(REGULAR, 7, 9),
        "mark": Style(BOLD, 13, 16),
    },
    Layout.ROLL: {
        "council": Style(BOLD, 10, 12.5),
        "team": Style(REGULAR, 7.5, 9.5),
        "title": Style(BOLD, 12.5, 15.5),
        "basis": Style(REGULAR, 7.5, 9.5),
        "number_label": Style(REGULAR, 7, 9),
        "number": Style(BOLD, 11.5, 14.5),
        "heading": Style(BOLD, 8.5, 11.5),
        "label": Style(BOLD, 7.5, 9.5),
        "value": Style(REGULAR, 8, 10),
        "body": Style(REGULAR, 7.5, 9.5),
        "amount": Style(BOLD, 8.5, 11),
        "small": Style(REGULAR, 6.5, 8),
        "mark": Style(BOLD, 9.5, 12),
    },
}


def write_notices(
    target: Target,
    prints: Sequence[NoticeToPrint],
    wording: Wording,
    layout: Layout,
    *,
    progress: Progress | None = None,
    stop: Callable[[], bool] | None = None,
) -> int:
    """Write ``prints`` into one PDF at ``target``; returns the number of pages.

    ``progress(done, total)`` is called after each notice; when ``stop()`` turns true the
    batch ends with ``PrintingStopped`` and nothing is written.
    """
    draw = _draw_a4 if layout is Layout.A4 else _draw_roll
    return write_pdf(
        target,
        prints,
        lambda canvas, item: draw(canvas, item, wording),
        title="Fixed penalty notices",
        author=wording.settings["council_name"],
        progress=progress,
        stop=stop,
    )


def notice_values(item: NoticeToPrint, wording: Wording) -> dict[str, str]:
    """Every field of the notice wording, filled for this print."""
    values = dict(wording.settings) | item.particulars.values()
    values["printed_on"] = long_date(item.printed_on)
    values["cancelled_on"] = long_date(item.cancelled_on) if item.cancelled_on else ""
    values["paid_on"] = long_date(item.paid_on) if item.paid_on else ""
    values["page"], values["pages"] = "1", "1"
    return values


def _body(
    item: NoticeToPrint, wording: Wording, layout: Layout, flow: Flow, values: dict[str, str]
) -> None:
    """Everything below the header, the same in both layouts."""
    s = STYLES[layout]

    def text(key: str) -> str:
        return fill(wording.notice(key), values)

    marks = [
        text(key)
        for key, shown in (
            ("cancelled_mark", item.cancelled_on is not None),
            ("paid_mark", item.cancelled_on is None and item.paid_on is not None),
            ("copy_mark", item.copy),
        )
        if shown
    ]
    if marks:
        flow.boxed("\n".join(marks), s["mark"])
        flow.space(4)
    if item.cancelled_on is not None:
        flow.text(text("cancelled_note"), s["amount"])
        flow.space(4)
    flow.text(
        text("title").upper(), s["title"], align="center" if layout is Layout.ROLL else "left"
    )
    flow.text(text("legal_basis"), s["basis"], align="center" if layout is Layout.ROLL else "left")
    flow.space(4)
    flow.text(text("offence"), s["body"])
    flow.heading(text("particulars_heading"), s["heading"], space_before=GAP[layout])
    label_width = 54 * mm if layout is Layout.A4 else 0.0
    place = values["place"] + (f" ({values['ward']} ward)" if values["ward"] else "")
    fields = (
        ("label_number", values["number"]),
        ("label_date_of_notice", f"{values['issued_on']} at {values['issued_time']}"),
        ("label_offence_at", values["offence_on"]),
        ("label_place", place),
        ("label_prohibition", values["prohibition"]),
        ("label_circumstances", values["circumstances"]),
        ("label_recipient", values["recipient_name"]),
        ("label_address", values["recipient_address"]),
        ("label_officer", values["officer_name"]),
        ("label_authorisation", values["officer_authorisation_number"]),
    )
    for key, value in fields:
        flow.field(text(key), value, s["label"], s["value"], label_width=label_width)
        flow.space(1.5 if layout is Layout.A4 else 2.5)
    flow.heading(text("payment_heading"), s["heading"], space_before=GAP[layout])
    flow.text(text("amount_reduced"), s["amount"])
    flow.text(text("amount_full"), s["amount"])
    flow.space(2)
    flow.text(text("no_proceedings"), s["body"])
    flow.heading(text("how_to_pay_heading"), s["heading"], space_before=GAP[layout])
    flow.text(text("how_to_pay"), s["body"])
    bullet_indent = s["body"].size * 1.2
    for key in ("pay_online", "pay_phone", "pay_post", "pay_in_person"):
        flow.text(text(key), s["body"], indent=bullet_indent, bullet="•")
    for heading, key in (
        ("representations_heading", "representations"),
        ("unpaid_heading", "unpaid"),
    ):
        flow.heading(text(heading), s["heading"], space_before=GAP[layout])
        flow.text(text(key), s["body"])
    flow.heading(text("privacy_heading"), s["heading"], space_before=GAP[layout])
    flow.text(text("privacy"), s["small"])
    if item.copy and item.cancelled_on is None:
        flow.space(GAP[layout])
        flow.text(text("copy_note"), s["body"])


def _number_block(
    item: NoticeToPrint,
    wording: Wording,
    layout: Layout,
    width: float,
    values: dict[str, str],
    *,
    centred: bool,
) -> Flow:
    s = STYLES[layout]
    block = Flow(width)
    align = "center" if centred else "left"
    block.text(fill(wording.notice("label_number"), values), s["number_label"], align=align)
    block.text(values["number"], s["number"], align=align)
    if item.payable:
        code = item.particulars.compact_number
        bar = BAR_WIDTH[layout]
        drawn = barcode_width(code, bar)
        if drawn > width:
            bar, drawn = bar * width / drawn, width
        block.space(2)
        block.barcode(
            code, bar_width=bar, height=BARCODE_HEIGHT, x=(width - drawn) / 2 if centred else 0.0
        )
    return block


def _side_by_side(left: Flow, right: Flow, right_x: float) -> Row:
    def draw(c: Canvas, x: float, top: float) -> None:
        draw_rows(c, left.rows, x, top)
        draw_rows(c, right.rows, x + right_x, top)

    return Row(max(left.height, right.height), [draw])


def _draw_a4(canvas: Canvas, item: NoticeToPrint, wording: Wording) -> int:
    s = STYLES[Layout.A4]
    page_width, page_height = A4
    width = page_width - 2 * A4_MARGIN
    values = notice_values(item, wording)
    right_width = 62 * mm
    council = Flow(width - right_width - 6 * mm)
    council.text(values["council_name"], s["council"])
    council.text(values["team"], s["team"])
    council.text(values["council_address"], s["team"])
    council.text(f"{values['phone']} · {values['web']}", s["team"])
    number = _number_block(item, wording, Layout.A4, right_width, values, centred=False)
    flow = Flow(width)
    flow.rows.append(_side_by_side(council, number, width - right_width))
    flow.rule(1.0, 5)
    _body(item, wording, Layout.A4, flow, values)

    pages = paginate(flow.rows, page_height - 2 * A4_MARGIN - A4_FOOTER)
    mark = "CANCELLED" if item.cancelled_on is not None else "COPY" if item.copy else ""
    footer = fill(wording.notice("footer"), values)
    for page_number, rows in enumerate(pages, start=1):
        canvas.setPageSize(A4)
        if mark:
            watermark(canvas, mark, page_width / 2, page_height / 2, 96)
        draw_rows(canvas, rows, A4_MARGIN, page_height - A4_MARGIN)
        page_text = fill(
            wording.notice("page"), values | {"page": str(page_number), "pages": str(len(pages))}
        )
        canvas.setLineWidth(0.5)
        canvas.line(A4_MARGIN, A4_MARGIN + 9 * mm, page_width - A4_MARGIN, A4_MARGIN + 9 * mm)
        canvas.setFont(REGULAR, min(7.0, 7.0 * width / text_width(footer, REGULAR, 7.0)))
        canvas.drawString(A4_MARGIN, A4_MARGIN + 5 * mm, footer)
        canvas.setFont(BOLD, 7.5)
        canvas.drawRightString(
            page_width - A4_MARGIN, A4_MARGIN + 1 * mm, page_text + (f" · {mark}" if mark else "")
        )
        canvas.showPage()
    return len(pages)


def _draw_roll(canvas: Canvas, item: NoticeToPrint, wording: Wording) -> int:
    s = STYLES[Layout.ROLL]
    width = ROLL_WIDTH - 2 * ROLL_MARGIN
    values = notice_values(item, wording)
    flow = Flow(width)
    flow.text(values["council_name"], s["council"], align="center")
    flow.text(values["team"], s["team"], align="center")
    flow.space(3)
    flow.rows.extend(_number_block(item, wording, Layout.ROLL, width, values, centred=True).rows)
    flow.rule(0.8, 4)
    _body(item, wording, Layout.ROLL, flow, values)
    flow.rule(0.5, 4)
    flow.text(fill(wording.notice("footer"), values), s["small"], align="center")
    height = flow.height + 2 * ROLL_MARGIN
    canvas.setPageSize((ROLL_WIDTH, height))
    draw_rows(canvas, flow.rows, ROLL_MARGIN, height - ROLL_MARGIN)
    canvas.showPage()
    return 1

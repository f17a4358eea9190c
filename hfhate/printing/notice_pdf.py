"""Fixed penalty notices as PDF: A4 sheets for posting and the file, or an 80 mm roll.

Both layouts carry the same particulars, in the council's wording (see ``notice_body``). Each
A4 notice is one sheet: when long values (a 200-character name, a long account of what
happened) do not fit at the usual size, the notice is set a little smaller, never below a
readable size; only circumstances longer than that continue on a page headed "continued",
with "page 2 of 2" beside the notice number. The roll is one long page sized to what it holds.
A reprint is marked COPY with its print date; a cancelled notice prints only as a record,
without the barcode, marked CANCELLED - NOT VALID FOR PAYMENT. Many notices go into one PDF.
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
    Target,
    draw_rows,
    fitted_watermark,
    paginate,
    text_width,
    write_pdf,
)
from hfhate.printing.notice_body import (
    BARCODE_HEIGHT,
    notice_body,
    notice_values,
    number_block,
    styles,
)
from hfhate.printing.particulars import Layout, NoticeToPrint
from hfhate.printing.template import Wording, fill

__all__ = ["BARCODE_HEIGHT", "write_notices"]  # letters_pdf draws its barcode as high

Progress = Callable[[int, int], None]
A4_MARGIN = 12 * mm
A4_FOOTER = 11 * mm
# Tried in turn until the notice fits one sheet: at 0.8 the values are 7.2 points, the
# paragraphs 6.8 and nothing smaller than 6.5 (notice_body.SMALLEST).
A4_SCALES = (1.0, 0.95, 0.9, 0.85, 0.8)
ROLL_WIDTH = 80 * mm
ROLL_MARGIN = 4 * mm
_A4_WIDTH = A4[0] - 2 * A4_MARGIN
_A4_TEXT_HEIGHT = A4[1] - 2 * A4_MARGIN - A4_FOOTER


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


def a4_pages(item: NoticeToPrint, wording: Wording) -> list[list[Row]]:
    """The notice's rows on A4 pages: one page at the largest scale that fits one."""
    pages: list[list[Row]] = []
    for scale in A4_SCALES:
        pages = paginate(_a4_flow(item, wording, scale).rows, _A4_TEXT_HEIGHT)
        if len(pages) == 1:
            return pages
    return _continued(item, wording, paginate(_a4_flow(item, wording).rows, _A4_TEXT_HEIGHT))


def _a4_flow(item: NoticeToPrint, wording: Wording, scale: float = 1.0) -> Flow:
    s = styles(Layout.A4, scale)
    values = notice_values(item, wording)
    right_width = 62 * mm
    council = Flow(_A4_WIDTH - right_width - 6 * mm)
    council.text(values["council_name"], s["council"])
    council.text(values["team"], s["team"])
    council.text(values["council_address"], s["team"])
    council.text(f"{values['phone']} · {values['web']}", s["team"])
    number = number_block(item, wording, Layout.A4, right_width, values, centred=False, scale=scale)
    flow = Flow(_A4_WIDTH)
    flow.rows.append(_side_by_side(council, number, _A4_WIDTH - right_width))
    flow.rule(1.0, 5 * scale)
    notice_body(item, wording, Layout.A4, flow, values, scale=scale)
    return flow


def _continued(item: NoticeToPrint, wording: Wording, pages: list[list[Row]]) -> list[list[Row]]:
    """The first page as laid out, then the rest on pages headed "Notice HF-..., continued"."""
    head = Flow(_A4_WIDTH)
    head.text(
        fill(wording.notice("continued"), notice_values(item, wording)),
        styles(Layout.A4)["heading"],
    )
    head.rule(0.5, 4)
    rest = [row for rows in pages[1:] for row in rows]
    return [pages[0], *(head.rows + rows for rows in paginate(rest, _A4_TEXT_HEIGHT - head.height))]


def _side_by_side(left: Flow, right: Flow, right_x: float) -> Row:
    def draw(c: Canvas, x: float, top: float) -> None:
        draw_rows(c, left.rows, x, top)
        draw_rows(c, right.rows, x + right_x, top)

    return Row(max(left.height, right.height), [draw])


def _draw_a4(canvas: Canvas, item: NoticeToPrint, wording: Wording) -> int:
    page_width, page_height = A4
    values = notice_values(item, wording)
    pages = a4_pages(item, wording)
    mark = "CANCELLED" if item.record_only else "COPY" if item.copy else ""
    footer = fill(wording.notice("footer"), values)
    for page_number, rows in enumerate(pages, start=1):
        canvas.setPageSize(A4)
        if mark:
            fitted_watermark(canvas, mark, (0.0, 0.0, page_width, page_height), A4_MARGIN, 96)
        draw_rows(canvas, rows, A4_MARGIN, page_height - A4_MARGIN)
        page_text = fill(
            wording.notice("page"), values | {"page": str(page_number), "pages": str(len(pages))}
        )
        canvas.setLineWidth(0.5)
        canvas.line(A4_MARGIN, A4_MARGIN + 9 * mm, page_width - A4_MARGIN, A4_MARGIN + 9 * mm)
        canvas.setFont(REGULAR, min(7.0, 7.0 * _A4_WIDTH / text_width(footer, REGULAR, 7.0)))
        canvas.drawString(A4_MARGIN, A4_MARGIN + 5 * mm, footer)
        canvas.setFont(BOLD, 7.5)
        canvas.drawRightString(
            page_width - A4_MARGIN, A4_MARGIN + 1 * mm, page_text + (f" · {mark}" if mark else "")
        )
        canvas.showPage()
    return len(pages)


def _draw_roll(canvas: Canvas, item: NoticeToPrint, wording: Wording) -> int:
    s = styles(Layout.ROLL)
    width = ROLL_WIDTH - 2 * ROLL_MARGIN
    values = notice_values(item, wording)
    flow = Flow(width)
    flow.text(values["council_name"], s["council"], align="center")
    flow.text(values["team"], s["team"], align="center")
    flow.space(3)
    flow.rows.extend(number_block(item, wording, Layout.ROLL, width, values, centred=True).rows)
    flow.rule(0.8, 4)
    notice_body(item, wording, Layout.ROLL, flow, values)
    flow.rule(0.5, 4)
    flow.text(fill(wording.notice("footer"), values), s["small"], align="center")
    height = flow.height + 2 * ROLL_MARGIN
    canvas.setPageSize((ROLL_WIDTH, height))
    draw_rows(canvas, flow.rows, ROLL_MARGIN, height - ROLL_MARGIN)
    canvas.showPage()
    return 1

"""First and second reminder letters about unpaid notices, many in one PDF, from the wording.

Each letter is one A4 page (more if the wording is long): the council's letterhead, the
recipient's name and address where a window envelope shows it, the date and reference, the
letter in the council's words, and a payment slip with the amount, the new last date to pay
and the notice number as text and as a Code 128 barcode.

The letter is dated the day it is posted, and its last date to pay is the wording's days from
that date: the same date the supervisor records when the letters go in the post. When part of
the amount was received, the letter says how much and asks for the balance (``{amount}`` is
then the balance).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from hfhate.printing.fonts import BOLD, REGULAR
from hfhate.printing.layout import (
    Flow,
    Row,
    Style,
    Target,
    barcode_draw,
    draw_rows,
    paginate,
    text_width,
    write_pdf,
)
from hfhate.printing.notice_pdf import BARCODE_HEIGHT
from hfhate.printing.particulars import ReminderLetter, long_date, pounds
from hfhate.printing.template import Wording, fill

MARGIN = 20 * mm
FOOTER = 12 * mm
# Where a DL window envelope shows the address: 20 mm from the left, 45 mm from the top.
ADDRESS_TOP = 45 * mm
STYLES = {
    "council": Style(BOLD, 11, 14),
    "team": Style(REGULAR, 8.5, 11),
    "address": Style(REGULAR, 10.5, 13.5),
    "title": Style(BOLD, 12, 16),
    "body": Style(REGULAR, 10, 13.5),
    "slip": Style(BOLD, 10.5, 14),
    "small": Style(REGULAR, 7, 9),
}


def letter_values(letter: ReminderLetter, wording: Wording) -> dict[str, str]:
    """Every field of the letter wording, filled for this letter."""
    days = int(wording.letter(letter.reminder)["days_to_pay"])
    values = dict(wording.settings) | letter.particulars.values()
    first = letter.first_reminder_on
    values |= {
        "letter_date": long_date(letter.letter_date),
        "letter_pay_by": long_date(letter.letter_date + timedelta(days=days)),
        "first_reminder_on": long_date(first) if first else "",
        "printed_on": long_date(letter.letter_date),
        "cancelled_on": "",
        "paid_on": "",
        "page": "1",
        "pages": "1",
    }
    if letter.received_pence:
        values["amount"] = pounds(letter.particulars.amount_pence - letter.received_pence)
    return values


def part_payment_note(letter: ReminderLetter) -> str:
    """What the letter says of a part payment received, or "" when nothing was received."""
    if not letter.received_pence:
        return ""
    full = letter.particulars.amount_pence
    return (
        f"We have received {pounds(letter.received_pence)} towards this notice, which is less "
        f"than the {pounds(full)} now due: the balance of "
        f"{pounds(full - letter.received_pence)} remains to be paid."
    )


def write_letters(
    target: Target,
    letters: Sequence[ReminderLetter],
    wording: Wording,
    *,
    progress: Callable[[int, int], None] | None = None,
    stop: Callable[[], bool] | None = None,
) -> int:
    """Write ``letters`` into one PDF at ``target``; returns the number of pages."""
    return write_pdf(
        target,
        letters,
        lambda canvas, letter: _draw_letter(canvas, letter, wording),
        title="Reminder letters",
        author=wording.settings["council_name"],
        progress=progress,
        stop=stop,
    )


def _letterhead(letter: ReminderLetter, values: dict[str, str], width: float) -> Row:
    council = Flow(width * 0.6)
    council.text(values["council_name"], STYLES["council"], align="right")
    for line in (values["team"], values["council_address"], values["phone"], values["web"]):
        council.text(line, STYLES["team"], align="right")
    recipient = Flow(width * 0.5)
    recipient.space(ADDRESS_TOP - MARGIN)
    recipient.text(values["recipient_name"], STYLES["address"])
    recipient.text("\n".join(letter.particulars.address_lines()), STYLES["address"])

    def draw(c: Canvas, x: float, top: float) -> None:
        draw_rows(c, recipient.rows, x, top)
        draw_rows(c, council.rows, x + width * 0.4, top)

    return Row(max(council.height, recipient.height), [draw])


def _slip(wording: Wording, values: dict[str, str], code: str, width: float) -> Row:
    """The payment slip: amount, last date, number and barcode in a dashed box."""
    style = STYLES["slip"]
    lines = [
        fill(wording.letters("slip_amount"), values),
        fill(wording.letters("slip_number"), values),
    ]
    padding = 5.0
    height = 2 * padding + len(lines) * style.leading + 3 + BARCODE_HEIGHT
    bars = barcode_draw(code, bar_width=1.0, height=BARCODE_HEIGHT)

    def draw(c: Canvas, x: float, top: float) -> None:
        c.saveState()
        c.setDash(3, 2)
        c.setLineWidth(0.8)
        c.rect(x, top - height, width, height, stroke=1, fill=0)
        c.restoreState()
        c.setFont(style.font, style.size)
        for number, line in enumerate(lines):
            c.drawString(x + padding, top - padding - (number + 0.8) * style.leading, line)
        bars(c, x + padding, top - padding - len(lines) * style.leading - 3)

    return Row(height, [draw])


def _draw_letter(canvas: Canvas, letter: ReminderLetter, wording: Wording) -> int:
    page_width, page_height = A4
    width = page_width - 2 * MARGIN
    values = letter_values(letter, wording)
    text = wording.letter(letter.reminder)
    flow = Flow(width)
    flow.rows.append(_letterhead(letter, values, width))
    flow.space(14)
    flow.text(fill(wording.letters("date"), values), STYLES["body"], align="right")
    flow.text(fill(wording.letters("reference"), values), STYLES["body"], align="right")
    flow.space(10)
    flow.text(fill(text["title"], values), STYLES["title"])
    flow.space(8)
    flow.text(fill(text["greeting"], values), STYLES["body"])
    note = part_payment_note(letter)  # just before the paragraph that asks for the amount
    for paragraph in text["paragraphs"]:
        if note and "{amount}" in paragraph:
            flow.space(6)
            flow.text(note, STYLES["body"])
            note = ""
        flow.space(6)
        flow.text(fill(paragraph, values), STYLES["body"])
    flow.space(10)
    flow.text(fill(text["closing"], values), STYLES["body"], keep_with_next=True)
    flow.space(6)
    flow.text(fill(text["signature"], values), STYLES["body"])
    flow.space(14)
    flow.rows.append(_slip(wording, values, letter.particulars.compact_number, width))
    flow.space(10)
    flow.text(fill(wording.notice("privacy"), values), STYLES["small"])

    pages = paginate(flow.rows, page_height - 2 * MARGIN - FOOTER)
    footer = fill(wording.letters("footer"), values)
    size = min(7.0, 7.0 * width / text_width(footer, REGULAR, 7.0))
    for page_number, rows in enumerate(pages, start=1):
        canvas.setPageSize(A4)
        draw_rows(canvas, rows, MARGIN, page_height - MARGIN)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, MARGIN + 7 * mm, page_width - MARGIN, MARGIN + 7 * mm)
        canvas.setFont(REGULAR, size)
        canvas.drawString(MARGIN, MARGIN + 3 * mm, footer)
        if len(pages) > 1:
            canvas.setFont(BOLD, 7)
            canvas.drawRightString(
                page_width - MARGIN,
                MARGIN - 1 * mm,
                f"{values['number']} · page {page_number} of {len(pages)}",
            )
        canvas.showPage()
    return len(pages)

"""What a printed notice says, laid out as a ``Flow``: the same in the A4 and the roll layouts.

An original or a copy states every particular, the payment offer, how to pay, representations
and what happens if it is not paid. A cancelled notice prints as a record only: the particulars
of the offence and of the cancellation (its date and the kind of reason, never the free-text
reason), without the payment offer, the barcode or any word of prosecution. The styles come in
sizes (``scale``) so that an A4 notice with long values can still fit one sheet.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence, Set
from dataclasses import replace
from functools import cache

from reportlab.lib.units import mm

from hfhate.printing.fonts import BOLD, REGULAR
from hfhate.printing.layout import Flow, Style, barcode_width
from hfhate.printing.particulars import Layout, NoticeToPrint, long_date
from hfhate.printing.template import Wording, fill

BARCODE_HEIGHT = 12 * mm
BAR_WIDTH = {Layout.A4: 1.0, Layout.ROLL: 0.9}
GAP = {Layout.A4: 4.5, Layout.ROLL: 6.0}  # space above each heading
A4_LABEL_WIDTH = 54 * mm

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
Words = Callable[[str], str]  # a wording key filled with this notice's values
SMALLEST = 6.5  # no text is printed smaller than this (points), whatever the scale


def styles(layout: Layout, scale: float = 1.0) -> dict[str, Style]:
    """The layout's styles at ``scale`` (1.0 is the usual size), never below ``SMALLEST``."""
    return dict(_styles(layout, scale))  # each notice of a batch asks: worked out once


@cache
def _styles(layout: Layout, scale: float) -> dict[str, Style]:
    found = {}
    for name, style in STYLES[layout].items():
        size = max(style.size * scale, min(style.size, SMALLEST))
        found[name] = replace(style, size=size, leading=style.leading * size / style.size)
    return found


def notice_values(item: NoticeToPrint, wording: Wording) -> dict[str, str]:
    """Every field of the notice wording, filled for this print."""
    values = dict(wording.settings) | item.particulars.values()
    values["printed_on"] = long_date(item.printed_on)
    values["cancelled_on"] = long_date(item.cancelled_on) if item.cancelled_on else ""
    values["paid_on"] = long_date(item.paid_on) if item.paid_on else ""
    values["page"], values["pages"] = "1", "1"
    return values


def number_block(
    item: NoticeToPrint,
    wording: Wording,
    layout: Layout,
    width: float,
    values: dict[str, str],
    *,
    centred: bool,
    scale: float = 1.0,
) -> Flow:
    """The notice number in words and, when it can be paid, as a Code 128 barcode."""
    s = styles(layout, scale)
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


def notice_body(
    item: NoticeToPrint,
    wording: Wording,
    layout: Layout,
    flow: Flow,
    values: dict[str, str],
    *,
    scale: float = 1.0,
) -> None:
    """Everything below the header."""
    s = styles(layout, scale)
    gap = GAP[layout] * scale
    centred = "center" if layout is Layout.ROLL else "left"

    def text(key: str) -> str:
        return fill(wording.notice(key), values)

    marks = [
        text(key)
        for key, shown in (
            ("cancelled_mark", item.record_only),
            ("paid_mark", not item.record_only and item.paid_on is not None),
            ("copy_mark", item.copy),
        )
        if shown
    ]
    if marks:
        flow.boxed("\n".join(marks), s["mark"])
        flow.space(3 * scale)
    if item.copy and not item.record_only:
        flow.text(text("copy_note"), s["body"], align=centred)
        flow.space(3 * scale)
    if item.record_only:
        flow.text(text("cancelled_note"), s["amount"])
        flow.space(3 * scale)
    flow.text(text("title").upper(), s["title"], align=centred)
    flow.text(text("legal_basis"), s["basis"], align=centred)
    flow.space(3 * scale)
    flow.text(text("record_offence" if item.record_only else "offence"), s["body"])
    flow.heading(text("particulars_heading"), s["heading"], space_before=gap)
    _particulars(layout, flow, values, text, s, scale)
    if item.record_only:
        flow.heading(text("cancellation_heading"), s["heading"], space_before=gap)
        because = text(f"cancelled_because_{item.cancelled_because.value}")
        _fields(
            layout,
            flow,
            (
                (text("label_cancelled_on"), values["cancelled_on"]),
                (text("label_cancelled_because"), because),
            ),
            s,
            scale,
        )
    elif item.paid_on is not None:
        # A paid notice prints as a record of the payment: no offer, no threat of prosecution.
        flow.heading(text("paid_heading"), s["heading"], space_before=gap)
        flow.text(text("paid_note"), s["body"])
    else:
        _payment(flow, text, s, gap)
    flow.heading(text("privacy_heading"), s["heading"], space_before=gap)
    flow.text(text("privacy"), s["small"])


def _particulars(
    layout: Layout,
    flow: Flow,
    values: dict[str, str],
    text: Words,
    s: dict[str, Style],
    scale: float,
) -> None:
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
    _fields(
        layout,
        flow,
        [(text(key), value) for key, value in fields],
        s,
        scale,
        wide={text("label_circumstances")},
    )


def _fields(
    layout: Layout,
    flow: Flow,
    fields: Sequence[tuple[str, str]],
    s: dict[str, Style],
    scale: float,
    *,
    wide: Set[str] = frozenset(),
) -> None:
    """Labels and values: side by side on A4, the label above its value on the roll and for
    the ``wide`` labels (a long account reads better, and takes fewer lines, across the page).
    """
    label_width = A4_LABEL_WIDTH * min(1.0, scale + 0.05) if layout is Layout.A4 else 0.0
    for label, value in fields:
        across = label in wide and layout is Layout.A4
        if across:
            flow.space(2.5 * scale)  # set apart from the table's labels above and below
        flow.field(label, value, s["label"], s["value"], label_width=0.0 if across else label_width)
        if across:
            flow.space(2.5 * scale)
        flow.space((1.5 if layout is Layout.A4 else 2.5) * scale)


def _payment(flow: Flow, text: Words, s: dict[str, Style], gap: float) -> None:
    """The payment offer: amounts, how to pay, representations, and what if it is not paid."""
    flow.heading(text("payment_heading"), s["heading"], space_before=gap)
    flow.text(text("amount_reduced"), s["amount"])
    flow.text(text("amount_full"), s["amount"])
    flow.space(2)
    flow.text(text("no_proceedings"), s["body"])
    flow.heading(text("how_to_pay_heading"), s["heading"], space_before=gap)
    flow.text(text("how_to_pay"), s["body"])
    bullet_indent = s["body"].size * 1.2
    for key in ("pay_online", "pay_phone", "pay_post", "pay_in_person"):
        flow.text(text(key), s["body"], indent=bullet_indent, bullet="•")
    for heading, key in (
        ("representations_heading", "representations"),
        ("unpaid_heading", "unpaid"),
    ):
        flow.heading(text(heading), s["heading"], space_before=gap)
        flow.text(text(key), s["body"])

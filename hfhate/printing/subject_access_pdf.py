"""The reply to a subject access request as one PDF, in the house style of the notices.

A cover page names the request (who asked, when it was received, the deadline, how they were
identified) and lists what is included and what is withheld and why; then each included item
with its fields; then the photos, each on its own page, drawn from bytes held in memory (the
caller decrypts them; nothing clear is written to disk). The document holds only what the
caller gives it: redacting other people is done before (``services.subject_access.export``).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from hfhate.printing.fonts import BOLD, REGULAR
from hfhate.printing.layout import Flow, Style, Target, draw_rows, new_canvas, paginate
from hfhate.printing.particulars import long_date

MARGIN = 15 * mm
FOOTER = 10 * mm
WIDTH = A4[0] - 2 * MARGIN
TEXT_HEIGHT = A4[1] - 2 * MARGIN - FOOTER
LABEL_WIDTH = 55 * mm
STYLES = {
    "council": Style(BOLD, 12, 15),
    "team": Style(REGULAR, 8.5, 10.5),
    "title": Style(BOLD, 16, 20),
    "heading": Style(BOLD, 11, 15),
    "item": Style(BOLD, 10, 14),
    "label": Style(BOLD, 8.5, 11),
    "value": Style(REGULAR, 9, 11.5),
    "body": Style(REGULAR, 9, 11.5),
    "small": Style(REGULAR, 7.5, 9.5),
}


@dataclass(frozen=True)
class ReplyItem:
    """One included item: its title, its fields in order, and a photo's clear bytes."""

    key: str
    title: str
    fields: tuple[tuple[str, str], ...]
    photo: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True)
class WithheldItem:
    """One item left out of the reply, and the reason the requester is told."""

    key: str
    title: str
    reason: str


@dataclass(frozen=True)
class AccessReply:
    """Everything the reply says."""

    council_name: str
    team: str
    council_address: str
    requester_name: str
    received_on: date
    due_on: date
    identified_by: str
    prepared_on: date
    included: Sequence[ReplyItem]
    withheld: Sequence[WithheldItem]


def write_reply(target: Target, reply: AccessReply) -> int:
    """Write the reply into one PDF at ``target``; returns the number of pages."""
    canvas = new_canvas(
        target, title="Reply to a subject access request", author=reply.council_name
    )
    pages = paginate(_cover(reply).rows, TEXT_HEIGHT)
    items = _items(reply)
    if items.rows:
        pages += paginate(items.rows, TEXT_HEIGHT)
    photos = [item for item in reply.included if item.photo]
    total = len(pages) + len(photos)
    for number, rows in enumerate(pages, start=1):
        draw_rows(canvas, rows, MARGIN, A4[1] - MARGIN)
        _footer(canvas, reply, number, total)
    for number, item in enumerate(photos, start=len(pages) + 1):
        _photo_page(canvas, item)
        _footer(canvas, reply, number, total)
    canvas.save()
    return total


def _cover(reply: AccessReply) -> Flow:
    s = STYLES
    flow = Flow(WIDTH)
    flow.text(reply.council_name, s["council"])
    flow.text(f"{reply.team} · {reply.council_address}", s["team"])
    flow.rule(1.0, 5)
    flow.text("Your personal data: reply to your subject access request", s["title"])
    flow.text(
        "Under section 45 of the Data Protection Act 2018 you asked for the personal data the "
        "council holds about you. This document sets out what we hold, and what we have "
        "withheld and why.",
        s["body"],
    )
    flow.space(4)
    for label, value in (
        ("Prepared for", reply.requester_name),
        ("Request received", long_date(reply.received_on)),
        ("Reply due by", long_date(reply.due_on)),
        ("How you were identified", reply.identified_by),
        ("Prepared on", long_date(reply.prepared_on)),
    ):
        flow.field(label, value, s["label"], s["value"], label_width=LABEL_WIDTH)
    flow.heading(f"What is included ({len(reply.included)})", s["heading"], space_before=8)
    if not reply.included:
        flow.text("We hold nothing about you that can be given.", s["body"])
    for number, item in enumerate(reply.included, start=1):
        flow.text(f"{number}. {item.title}", s["body"], indent=8)
    flow.heading(f"What is withheld ({len(reply.withheld)})", s["heading"], space_before=8)
    if not reply.withheld:
        flow.text("Nothing has been withheld.", s["body"])
    for left_out in reply.withheld:
        flow.text(f"{left_out.title}: withheld because of {left_out.reason}", s["body"], indent=8)
    flow.space(6)
    flow.text(
        "Other people named in these records (victims, witnesses, other attendees) are shown "
        "as [withheld: another person]: their data is theirs, not part of this reply.",
        s["small"],
    )
    return flow


def _items(reply: AccessReply) -> Flow:
    s = STYLES
    flow = Flow(WIDTH)
    for number, item in enumerate(reply.included, start=1):
        if flow.rows:
            flow.rule(0.5, 5)
        flow.heading(f"{number}. {item.title}", s["item"], space_before=2)
        for label, value in item.fields:
            flow.field(label, value or "-", s["label"], s["value"], label_width=LABEL_WIDTH)
        if item.photo:
            flow.text("The photo is on its own page at the end of this document.", s["small"])
    return flow


def _photo_page(canvas: Canvas, item: ReplyItem) -> None:
    assert item.photo is not None
    flow = Flow(WIDTH)
    flow.text(item.title, STYLES["item"])
    draw_rows(canvas, flow.rows, MARGIN, A4[1] - MARGIN)
    image = ImageReader(io.BytesIO(item.photo))
    width, height = image.getSize()
    room_w, room_h = WIDTH, TEXT_HEIGHT - flow.height - 6 * mm
    scale = min(room_w / width, room_h / height, 2.0)  # a small photo at most twice its size
    drawn_w, drawn_h = width * scale, height * scale
    top = A4[1] - MARGIN - flow.height - 4 * mm
    canvas.drawImage(image, MARGIN, top - drawn_h, drawn_w, drawn_h)


def _footer(canvas: Canvas, reply: AccessReply, page: int, pages: int) -> None:
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, MARGIN + 7 * mm, A4[0] - MARGIN, MARGIN + 7 * mm)
    canvas.setFont(REGULAR, 7)
    canvas.drawString(
        MARGIN,
        MARGIN + 3 * mm,
        f"{reply.council_name} · Reply to a subject access request · "
        f"received {long_date(reply.received_on)}",
    )
    canvas.setFont(BOLD, 7.5)
    canvas.drawRightString(A4[0] - MARGIN, MARGIN + 3 * mm, f"Page {page} of {pages}")
    canvas.showPage()

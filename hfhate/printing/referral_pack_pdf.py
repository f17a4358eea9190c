"""A referral pack as PDF: what a partner receives so they never have to ask again.

In the house style of the notices and the subject access reply: the council's letterhead on
the first page, labels and values side by side, a rule between sections, the reference and
"page n of N" at the foot of every page. The pack is marked OFFICIAL-SENSITIVE at the head and
foot of every page (it carries a victim's personal data, shared with their consent, and the
partners - the police, Community MARAC - handle it under that marking). Sections: who the
referral is for and how to answer it, the person referred, what happened, why they are
referred, their consent to each purpose, and for Community MARAC the risk checklist with its
score. A long account flows onto further pages headed "continued"; nothing is cut.

It prints only what the ``ReferralPack`` (``services.victims.pack``) holds: one person's
particulars (the services build it so). The file is written owner-only
(``security.private_files.write_private``).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from hfhate.clock import LONDON
from hfhate.printing.fonts import BOLD, REGULAR, unprintable_characters
from hfhate.printing.layout import (
    Flow,
    Row,
    Style,
    draw_rows,
    new_canvas,
    paginate,
    text_width,
    wrap,
)
from hfhate.printing.particulars import long_date
from hfhate.printing.template import Wording, shipped_wording
from hfhate.security.private_files import write_private

if TYPE_CHECKING:  # printing sits below the services: the pack's types are for the checker
    from hfhate.services.victims.pack import PackConsent, PackRisk, ReferralPack

MARKING = "OFFICIAL-SENSITIVE"
MARGIN = 15 * mm
HEAD = 7 * mm  # the marking above the text
FOOTER = 11 * mm
WIDTH = A4[0] - 2 * MARGIN
TEXT_HEIGHT = A4[1] - 2 * MARGIN - HEAD - FOOTER
LABEL_WIDTH = 50 * mm
ANSWER_WIDTH = 22 * mm  # the risk checklist's Yes/No column
NOT_GIVEN = "Not given"
STYLES = {
    "council": Style(BOLD, 12, 15),
    "team": Style(REGULAR, 8.5, 10.5),
    "title": Style(BOLD, 16, 20),
    "reference": Style(BOLD, 11, 14),
    "heading": Style(BOLD, 11, 15),
    "label": Style(BOLD, 8.5, 11.5),
    "value": Style(REGULAR, 9, 11.5),
    "body": Style(REGULAR, 9.5, 12.5),
    "answer": Style(BOLD, 9, 11.5),
    "small": Style(REGULAR, 7.5, 9.5),
}


def referral_pack_bytes(pack: ReferralPack, *, wording: Wording | None = None) -> bytes:
    """The pack as the bytes of one PDF (``wording``: the council's details in force; the
    shipped ones by default)."""
    buffer = io.BytesIO()
    _write(buffer, pack, wording or shipped_wording())
    return buffer.getvalue()


def write_referral_pack(pack: ReferralPack, out: Path, *, wording: Wording | None = None) -> Path:
    """Write the pack to ``out`` readable by its owner only; returns ``out``."""
    write_private(out, referral_pack_bytes(pack, wording=wording))
    return out


def _write(target: io.BytesIO, pack: ReferralPack, wording: Wording) -> int:
    council = wording.settings["council_name"]
    canvas = new_canvas(
        target, title=f"Referral {pack.reference} to {pack.partner}", author=council
    )
    first = paginate(_body(pack, wording).rows, TEXT_HEIGHT)
    pages = [first[0]]
    if len(first) > 1:  # the rest again, under a "continued" heading on each page
        head = Flow(WIDTH)
        head.text(
            _shown(f"Referral {pack.reference} to {pack.partner}, continued"), STYLES["heading"]
        )
        head.rule(0.5, 4)
        rest = [row for rows in first[1:] for row in rows]
        pages += [head.rows + rows for rows in paginate(rest, TEXT_HEIGHT - head.height)]
    for number, rows in enumerate(pages, start=1):
        _marking(canvas)
        draw_rows(canvas, rows, MARGIN, A4[1] - MARGIN - HEAD)
        _footer(canvas, pack, council, number, len(pages))
    canvas.save()
    return len(pages)


def _body(pack: ReferralPack, wording: Wording) -> Flow:
    s = STYLES
    settings = wording.settings
    flow = Flow(WIDTH)
    flow.rows.append(_letterhead(pack, settings))
    flow.rule(1.0, 5)
    flow.text(_shown(f"Referral to {pack.partner}"), s["title"])
    flow.space(4)
    _for_whom(flow, pack, settings)
    _person(flow, pack)
    _what_happened(flow, pack)
    _section(flow, "Why they are referred")
    flow.text(_shown(pack.reason or NOT_GIVEN), s["body"])
    _consents(flow, pack.consents)
    if pack.risk is not None:
        _risk(flow, pack.risk)
    flow.space(10)
    flow.text(
        f"{MARKING}. This pack holds the personal data of the person named in it, shared with "
        f"their consent for this referral only. Keep it secure, do not pass it on without "
        f"their consent, and destroy it when the referral is closed.",
        s["small"],
    )
    return flow


def _letterhead(pack: ReferralPack, values: Mapping[str, str]) -> Row:
    reference_width = 60 * mm
    council = Flow(WIDTH - reference_width - 6 * mm)
    council.text(_shown(values["council_name"]), STYLES["council"])
    council.text(_shown(values["team"]), STYLES["team"])
    council.text(_shown(values["council_address"]), STYLES["team"])
    council.text(_shown(values["phone"]), STYLES["team"])
    reference = Flow(reference_width)
    reference.text("Referral reference", STYLES["label"], align="right")
    reference.text(pack.reference, STYLES["reference"], align="right")
    reference.text(_shown(f"Status: {pack.status}"), STYLES["team"], align="right")

    def draw(c: Canvas, x: float, top: float) -> None:
        draw_rows(c, council.rows, x, top)
        draw_rows(c, reference.rows, x + WIDTH - reference_width, top)

    return Row(max(council.height, reference.height), [draw])


def _for_whom(flow: Flow, pack: ReferralPack, values: Mapping[str, str]) -> None:
    if pack.sent_at is not None:
        sent = f"{_when(pack.sent_at)}" + (f", {pack.sent_how.lower()}" if pack.sent_how else "")
    else:
        sent = "Not sent yet"
    rows = [
        ("For", pack.partner),
        ("Referral reference", pack.reference),
        ("Drafted", _when(pack.drafted_at)),
        ("Sent", sent),
        ("Referred by", pack.officer_name),
        ("Reply to", _lines(pack.council_team) or _council_contact(values)),
    ]
    if pack.risk is not None:
        risk = pack.risk
        rows.append(
            (
                "Risk",
                f"{'High' if risk.high else 'Not high'}: scored {risk.score} of "
                f"{len(risk.answers)} (the checklist is below)",
            )
        )
    _fields(flow, tuple(rows))
    flow.space(4)
    flow.text(
        f"Please acknowledge this referral when you receive it, and tell us its outcome when "
        f"there is one. Quote the reference {pack.reference} when you reply.",
        STYLES["body"],
    )


def _council_contact(values: Mapping[str, str]) -> str:
    """Who to reply to when the pack names no team: the council's details in force."""
    return (
        f"{values['team']}\n{values['council_address']}\n{values['phone']} "
        f"({values['phone_hours']})"
    )


def _lines(contact: str) -> str:
    """ "Team, Council, 020 7946 0123" as an address block, a part a line, so that a phone
    number is never broken between two lines."""
    return "\n".join(part.strip() for part in contact.split(",") if part.strip())


def _person(flow: Flow, pack: ReferralPack) -> None:
    _section(flow, "The person referred")
    address = ", ".join(part for part in (pack.address.strip(), pack.postcode.strip()) if part)
    _fields(
        flow,
        (
            ("Name", pack.person_name),
            ("Known as", pack.known_as),
            ("Their part", pack.role),
            ("Date of birth", long_date(pack.date_of_birth) if pack.date_of_birth else ""),
            ("Phone", pack.phone),
            ("Email", pack.email),
            ("Address", address),
            ("How to contact them", pack.contact_preference),
            ("Contact notes", pack.contact_notes),
        ),
    )


def _what_happened(flow: Flow, pack: ReferralPack) -> None:
    _section(flow, "What happened")
    police = "Yes" if pack.reported_to_police else "No"
    _fields(
        flow,
        (
            ("Recorded as", pack.source),
            ("When", _when(pack.occurred_at) if pack.occurred_at else ""),
            ("Where", pack.place),
            ("Ward", pack.ward),
            ("Hostility", ", ".join(pack.hostilities)),
            ("Reported to the police", police),
            (
                "Crime reference",
                pack.crime_reference if pack.reported_to_police else "None: not reported",
            ),
        ),
    )
    flow.heading("The account, as recorded", STYLES["label"], space_before=6)
    flow.text(_shown(pack.account or NOT_GIVEN), STYLES["body"])


def _consents(flow: Flow, consents: tuple[PackConsent, ...]) -> None:
    _section(flow, "Consent")
    if not consents:
        flow.text("No consent is recorded.", STYLES["body"])
        return
    for consent in consents:
        state = "Given" if consent.given else "Withdrawn"
        flow.field(
            _shown(consent.purpose),
            _shown(
                f"{state} on {_when(consent.recorded_at)}, recorded by {consent.recorded_by}, "
                f"{consent.method.lower()}"
            ),
            STYLES["label"],
            STYLES["value"],
            label_width=LABEL_WIDTH,
        )


def _risk(flow: Flow, risk: PackRisk) -> None:
    """Every question with its answer, and the score boxed below: kept together on one page
    (the heading too), so the partner reads the checklist as a whole."""
    _section(flow, "Risk checklist (Community MARAC)")
    for number, (question, yes) in enumerate(risk.answers, start=1):
        _answer(flow, _shown(f"{number}. {question}"), "Yes" if yes else "No")
    flow.space(4)
    flow.rows[-1].keep_with_next = True
    verdict = (
        f"at or above the high-risk score of {risk.high_score}: high risk"
        if risk.high
        else f"below the high-risk score of {risk.high_score}"
    )
    flow.boxed(f"Score: {risk.score} of {len(risk.answers)}, {verdict}.", STYLES["reference"])


def _answer(flow: Flow, question: str, answer: str) -> None:
    """A question, dots leading to its answer at the right (the last line of a long question)."""
    style, bold = STYLES["value"], STYLES["answer"]
    room = WIDTH - ANSWER_WIDTH
    lines = wrap(question, style.font, style.size, room - style.size)
    for number, line in enumerate(lines):
        last = number == len(lines) - 1

        def draw(c: Canvas, x: float, top: float, line: str = line, last: bool = last) -> None:
            baseline = top - (style.leading - style.size) / 2 - style.size * 0.8
            c.setFont(style.font, style.size)
            c.drawString(x, baseline, line)
            if not last:
                return
            start = x + text_width(line, style.font, style.size) + 3
            c.saveState()
            c.setDash(0.5, 2.5)
            c.setLineWidth(0.6)
            c.setStrokeGray(0.55)
            c.line(start, baseline + 1, x + room - 3, baseline + 1)
            c.restoreState()
            c.setFont(bold.font, bold.size)
            c.drawString(x + room, baseline, answer)

        flow.rows.append(Row(max(style.leading, bold.leading), [draw], keep_with_next=True))


def _section(flow: Flow, title: str) -> None:
    """A rule and a heading, kept with what follows (no rule left alone at a page's foot)."""
    flow.space(6)
    flow.rule(0.5, 4)
    flow.rows[-2].keep_with_next = flow.rows[-1].keep_with_next = True
    flow.heading(title, STYLES["heading"])


def _fields(flow: Flow, fields: tuple[tuple[str, str], ...]) -> None:
    for label, value in fields:
        flow.field(
            label,
            _shown(value.strip() or NOT_GIVEN),
            STYLES["label"],
            STYLES["value"],
            label_width=LABEL_WIDTH,
        )


def _when(at: datetime | date) -> str:
    """``03 March 2026 at 14:05`` (London time), or the date alone."""
    if not isinstance(at, datetime):
        return long_date(at)
    local = at.astimezone(LONDON) if at.tzinfo else at
    return f"{long_date(local.date())} at {local:%H:%M}"


def _shown(text: str) -> str:
    """``text`` as the fonts can draw it: a character they lack is shown by its code point
    (``[U+6F22]``), never as an empty box; the forms refuse such characters, so this is rare."""
    missing = unprintable_characters(text)
    for character in missing:
        text = text.replace(character, f"[U+{ord(character):04X}]")
    return text


def _marking(canvas: Canvas) -> None:
    canvas.setFont(BOLD, 8)
    canvas.drawCentredString(A4[0] / 2, A4[1] - MARGIN - 3 * mm, MARKING)


def _footer(canvas: Canvas, pack: ReferralPack, council: str, page: int, pages: int) -> None:
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, MARGIN + 7 * mm, A4[0] - MARGIN, MARGIN + 7 * mm)
    printed = f" · printed {_when(pack.printed_at)}" if pack.printed_at else ""
    footer = _shown(f"{council} · Referral {pack.reference} to {pack.partner}{printed}")
    room = WIDTH - 25 * mm  # "Page 10 of 10" at the right
    if text_width(footer, REGULAR, 7.0) > room:  # the letterhead names the council already
        footer = _shown(f"Referral {pack.reference} to {pack.partner}{printed}")
    canvas.setFont(REGULAR, min(7.0, 7.0 * room / text_width(footer, REGULAR, 7.0)))
    canvas.drawString(MARGIN, MARGIN + 3 * mm, footer)
    canvas.setFont(BOLD, 7.5)
    canvas.drawRightString(A4[0] - MARGIN, MARGIN + 3 * mm, f"Page {page} of {pages}")
    canvas.setFont(BOLD, 8)
    canvas.drawCentredString(A4[0] / 2, MARGIN - 3 * mm, MARKING)
    canvas.showPage()

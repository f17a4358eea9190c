"""Printed notices: every particular the law requires, with the right values, in both layouts;
the barcode; COPY, CANCELLED and PAID marking; names in Latin, Greek and Cyrillic scripts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from hfhate.printing.layout import PrintingStopped
from hfhate.printing.notice_pdf import BARCODE_HEIGHT, write_notices
from hfhate.printing.particulars import Layout, NoticeParticulars, NoticeToPrint
from hfhate.printing.template import shipped_wording

PrintedText = Callable[[Path], list[str]]

# What a notice issued at 14:30 on 12 March 2025 must state (the values are the fixture's).
PARTICULARS = (
    "London Borough of Hammersmith & Fulham",
    "Law Enforcement Team",
    "Hammersmith Town Hall, King Street, London W6 9JU",
    "FIXED PENALTY NOTICE",
    "Section 68 of the Anti-social Behaviour, Crime and Policing Act 2014",
    "an offence under section 67 of the Anti-social Behaviour, Crime and Policing Act 2014",
    "failing, without reasonable excuse, to comply with the Hammersmith & Fulham Public Spaces "
    "Protection Order (Street Harassment) 2024, in force since 08 July 2024",
    "HF-042-000123-7",
    "12 March 2025 at 14:30",  # date of the notice
    "12 March 2025 at 14:00",  # the offence
    "King Street, outside Lyric Square, W6 9JU (Ravenscourt ward)",
    "Unwanted sexualised comments",
    "shouting sexual comments at her while she asked him to stop and walked faster.",
    "Zoë Łukasiewicz-O'Brien",
    "12 Sample Road, London, W12 8QQ",
    "Olivia Officer",
    "LET-0042",
    "£60.00 if paid on or before 22 March 2025 (within 10 days of the date of this notice).",
    "£100.00 if paid after 22 March 2025 and on or before 26 March 2025.",
    "No proceedings will be taken against you for this offence before 27 March 2025, that is "
    "during the 14 days following the date of this notice.",
    "Pay London Borough of Hammersmith & Fulham, quoting the notice number HF-042-000123-7",
    "Online: www.lbhf.gov.uk/pay-fpn",
    "By phone: 020 7946 0123 (Monday to Friday, 9am to 5pm), by debit or credit card.",
    "payable to London Borough of Hammersmith & Fulham",
    "Law Enforcement Team (Fixed Penalty Notices), Hammersmith Town Hall, King Street, "
    "London W6 9JU",
    "you may make representations. Write to Law Enforcement Team (Representations)",
    "the council may prosecute you for the offence",
    "fined up to £1,000 (level 3 on the standard scale)",
    "Part 3 of the Data Protection Act 2018",
)


def write(tmp_path: Path, prints: list[NoticeToPrint], layout: Layout = Layout.A4) -> Path:
    out = tmp_path / f"notices-{layout.value}.pdf"
    write_notices(out, prints, shipped_wording(), layout)
    return out


@pytest.mark.parametrize("layout", list(Layout))
def test_every_particular_with_its_value(
    tmp_path: Path,
    particulars: Callable[..., NoticeParticulars],
    pdf_text: PrintedText,
    layout: Layout,
) -> None:
    out = write(tmp_path, [NoticeToPrint(particulars(), date(2025, 3, 12))], layout)
    text = " ".join(pdf_text(out))
    missing = [p for p in PARTICULARS if p not in text]
    assert missing == []
    assert "COPY" not in text and "CANCELLED" not in text


def test_a4_is_one_page_and_the_roll_is_80_mm_wide(
    tmp_path: Path,
    particulars: Callable[..., NoticeParticulars],
) -> None:
    item = NoticeToPrint(particulars(), date(2025, 3, 12))
    a4 = PdfReader(write(tmp_path, [item, item], Layout.A4))
    roll = PdfReader(write(tmp_path, [item, item], Layout.ROLL))
    assert len(a4.pages) == 2
    assert [round(float(v)) for v in a4.pages[0].mediabox[2:]] == [595, 842]
    assert len(roll.pages) == 2
    width, height = (float(v) for v in roll.pages[0].mediabox[2:])
    assert round(width / 72 * 25.4) == 80
    assert height > 3 * width  # one long receipt, sized to what it holds


@pytest.mark.parametrize("layout", list(Layout))
def test_barcode_encodes_the_notice_number(
    tmp_path: Path,
    particulars: Callable[..., NoticeParticulars],
    read_barcodes: Callable[[Path, int, float], list[str]],
    layout: Layout,
) -> None:
    prints = [
        NoticeToPrint(particulars(number=n), date(2025, 3, 12))
        for n in ("HF-042-000123-7", "HF-007-000005-1")
    ]
    out = write(tmp_path, prints, layout)
    assert read_barcodes(out, 0, BARCODE_HEIGHT) == ["HF0420001237"]
    assert read_barcodes(out, 1, BARCODE_HEIGHT) == ["HF0070000051"]


def test_a_reprint_is_marked_copy_with_its_print_date(
    tmp_path: Path,
    particulars: Callable[..., NoticeParticulars],
    pdf_text: PrintedText,
    read_barcodes: Callable[[Path, int, float], list[str]],
) -> None:
    out = write(tmp_path, [NoticeToPrint(particulars(), date(2025, 4, 1), copy=True)])
    text = pdf_text(out)[0]
    assert "COPY - printed 01 April 2025" in text
    assert "This is a copy of the notice issued on 12 March 2025." in text
    assert "£60.00 if paid on or before 22 March 2025" in text  # the original's amounts
    assert read_barcodes(out, 0, BARCODE_HEIGHT) == ["HF0420001237"]


@pytest.mark.parametrize("layout", list(Layout))
def test_a_cancelled_notice_prints_only_as_a_record(
    tmp_path: Path,
    particulars: Callable[..., NoticeParticulars],
    pdf_text: PrintedText,
    read_barcodes: Callable[[Path, int, float], list[str]],
    layout: Layout,
) -> None:
    item = NoticeToPrint(particulars(), date(2025, 4, 1), copy=True, cancelled_on=date(2025, 3, 20))
    out = write(tmp_path, [item], layout)
    text = " ".join(pdf_text(out))
    assert "CANCELLED - NOT VALID FOR PAYMENT" in text
    assert (
        "This notice was cancelled on 20 March 2025. It is printed as a record only: "
        "nothing is to be paid."
    ) in text
    assert read_barcodes(out, 0, BARCODE_HEIGHT) == []  # nothing to pay, nothing to scan


def test_a_paid_notice_says_there_is_nothing_more_to_pay(
    tmp_path: Path,
    particulars: Callable[..., NoticeParticulars],
    pdf_text: PrintedText,
) -> None:
    item = NoticeToPrint(particulars(), date(2025, 4, 1), copy=True, paid_on=date(2025, 3, 15))
    text = pdf_text(write(tmp_path, [item]))[0]
    assert "PAID on 15 March 2025 - NOTHING MORE TO PAY" in text
    assert "COPY - printed 01 April 2025" in text
    flat = " ".join(text.split())
    assert "was paid on 15 March 2025. Nothing more is to be paid" in flat
    # A record of a payment makes no offer and threatens nothing.
    for offer in ("How to pay", "If you do not pay", "may prosecute you", "£60.00 if paid"):
        assert offer not in flat


@pytest.mark.parametrize(
    "name",
    [
        "Zoë Łukasiewicz-O'Brien",
        "Ελένη Παπαδοπούλου",
        "Дмитрий Иванович Соколов",
        "Şükrü Øyvind Ðorđević",
    ],
)
def test_names_in_other_scripts_print_as_typed(
    tmp_path: Path,
    particulars: Callable[..., NoticeParticulars],
    pdf_text: PrintedText,
    name: str,
) -> None:
    item = NoticeToPrint(
        particulars(recipient_name=name, place=f"Outside {name}'s shop"), date(2025, 3, 12)
    )
    text = pdf_text(write(tmp_path, [item]))[0]
    assert f"Issued to {name}" in text or name in text
    assert f"Outside {name}'s shop" in text


def test_long_circumstances_continue_on_a_numbered_page(
    tmp_path: Path,
    particulars: Callable[..., NoticeParticulars],
    pdf_text: PrintedText,
) -> None:
    long = " ".join(f"Sentence {n} of what the officer saw and heard." for n in range(120))
    pages = pdf_text(
        write(tmp_path, [NoticeToPrint(particulars(circumstances=long), date(2025, 3, 12))])
    )
    assert len(pages) == 2
    assert "Notice HF-042-000123-7, page 1 of 2" in pages[0]
    assert "Notice HF-042-000123-7, page 2 of 2" in pages[1]
    assert "Sentence 119 of what the officer saw and heard." in " ".join(pages)


def test_stopping_a_batch_writes_nothing(
    tmp_path: Path,
    particulars: Callable[..., NoticeParticulars],
) -> None:
    done: list[int] = []
    out = tmp_path / "stopped.pdf"
    with pytest.raises(PrintingStopped):
        write_notices(
            out,
            [NoticeToPrint(particulars(), date(2025, 3, 12))] * 5,
            shipped_wording(),
            Layout.A4,
            progress=lambda n, _total: done.append(n),
            stop=lambda: len(done) >= 2,
        )
    assert done == [1, 2]
    assert not out.exists()

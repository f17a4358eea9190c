"""Reminder letters as PDF: one page each, the address where a window envelope shows it, the
new last date counted from the letter's date, and the payment slip's barcode."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from hfhate.printing.letters_pdf import write_letters
from hfhate.printing.notice_pdf import BARCODE_HEIGHT
from hfhate.printing.particulars import NoticeParticulars, ReminderLetter
from hfhate.printing.template import shipped_wording


def test_letters_one_page_each_with_the_slip_barcode(
    tmp_path: Path,
    particulars: Callable[..., NoticeParticulars],
    pdf_text: Callable[[Path], list[str]],
    read_barcodes: Callable[[Path, int, float], list[str]],
) -> None:
    letters = [
        ReminderLetter(1, particulars(), date(2025, 3, 24)),
        ReminderLetter(
            2,
            particulars(number="HF-007-000005-1", recipient_name="Дмитрий Соколов"),
            date(2025, 4, 10),
            first_reminder_on=date(2025, 3, 24),
        ),
    ]
    out = tmp_path / "letters.pdf"
    assert write_letters(out, letters, shipped_wording()) == 2
    first, second = pdf_text(out)
    assert "Zoë Łukasiewicz-O'Brien 12 Sample Road London W12 8QQ" in first
    assert "Please pay £100.00 by 07 April 2025, quoting HF-042-000123-7." in first
    assert "Our reference: HF-042-000123-7" in first
    assert "Dear Дмитрий Соколов," in second
    assert "We wrote to you on 24 March 2025 about fixed penalty notice HF-007-000005-1" in second
    assert "Amount to pay: £100.00 by 17 April 2025" in second
    assert read_barcodes(out, 0, BARCODE_HEIGHT) == ["HF0420001237"]
    assert read_barcodes(out, 1, BARCODE_HEIGHT) == ["HF0070000051"]
    assert len(PdfReader(out).pages) == 2

"""Issue 12 point 2: a copy takes one sheet.

Three A4 copies of a notice are three pages, each with the whole notice on it (the COPY mark,
the sentence saying it is a copy, the payment offer and the privacy notice, the page saying
"page 1 of 1"): for a notice as the demo issues them, and for one with every value as long as
entry allows. Originals too; and on the 80 mm roll each notice is one page, 80 mm wide.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from hfhate.printing.notice_pdf import write_notices
from hfhate.printing.particulars import Layout, NoticeParticulars, NoticeToPrint
from hfhate.printing.template import shipped_wording
from tests.fixtures.printed_notices import (
    longest_particulars,
    page_size,
    pages_text,
    typical_particulars,
)

CONTENTS = {"typical": typical_particulars, "longest": longest_particulars}


def three(particulars: NoticeParticulars, *, copy: bool) -> list[NoticeToPrint]:
    return [NoticeToPrint(particulars, date(2026, 12, 3), copy=copy)] * 3


@pytest.mark.parametrize("content", list(CONTENTS))
def test_three_a4_copies_are_three_sheets(tmp_path: Path, content: str) -> None:
    out = tmp_path / "copies.pdf"
    particulars = CONTENTS[content]()
    pages = write_notices(out, three(particulars, copy=True), shipped_wording(), Layout.A4)
    assert pages == 3
    assert len(PdfReader(out).pages) == 3
    for text in pages_text(out):
        assert "COPY - printed 03 December 2026" in text
        assert "This is a copy of the notice issued on 05 December 2024." in text
        assert "£60.00 if paid on or before 15 December 2024" in text
        assert "How we use your information" in text
        assert f"Notice {particulars.number}, page 1 of 1 · COPY" in text


@pytest.mark.parametrize("content", list(CONTENTS))
def test_three_a4_originals_are_three_sheets(tmp_path: Path, content: str) -> None:
    out = tmp_path / "originals.pdf"
    particulars = CONTENTS[content]()
    assert write_notices(out, three(particulars, copy=False), shipped_wording(), Layout.A4) == 3
    assert len(PdfReader(out).pages) == 3
    assert all(f"{particulars.number}, page 1 of 1" in text for text in pages_text(out))


@pytest.mark.parametrize("content", list(CONTENTS))
def test_each_roll_copy_is_one_80_mm_page(tmp_path: Path, content: str) -> None:
    out = tmp_path / "roll.pdf"
    particulars = CONTENTS[content]()
    assert write_notices(out, three(particulars, copy=True), shipped_wording(), Layout.ROLL) == 3
    texts = pages_text(out)
    assert len(texts) == 3
    for index, text in enumerate(texts):
        width, _height = page_size(out, index)
        assert round(width / 72 * 25.4) == 80
        assert "This is a copy of the notice issued on 05 December 2024." in text
        assert "How we use your information" in text

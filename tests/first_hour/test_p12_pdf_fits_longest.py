"""Issue 12 point 12 (the printed side): nothing is cut, and the longest notice fits.

Every free-text value as long as entry allows (the recipient's name, the place, the officer's
name, the address, the circumstances: limits read from the model's columns) prints in full on
A4 and on the 80 mm roll, every character of it; no line of text runs past the page's edge;
and the A4 notice is still one sheet.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hfhate.printing.notice_pdf import write_notices
from hfhate.printing.particulars import Layout, NoticeToPrint
from hfhate.printing.template import shipped_wording
from tests.fixtures.printed_notices import (
    entry_limit,
    is_turned,
    longest_particulars,
    longest_values,
    page_size,
    pages_text,
    text_runs,
)


def printed(tmp_path: Path, layout: Layout, *, copy: bool = False) -> Path:
    out = tmp_path / f"longest-{layout.value}.pdf"
    write_notices(
        out,
        [NoticeToPrint(longest_particulars(), date(2026, 12, 3), copy=copy)],
        shipped_wording(),
        layout,
    )
    return out


def test_the_longest_values_are_as_long_as_entry_allows() -> None:
    values = longest_values()
    assert len(values["recipient_name"]) == entry_limit("recipient_name") >= 200
    assert len(values["place"]) == entry_limit("place") >= 200
    assert len(values["officer_name"]) == entry_limit("officer_name") >= 200
    assert len(values["recipient_address"]) == entry_limit("recipient_address")
    assert len(values["circumstances"]) == entry_limit("circumstances")


@pytest.mark.parametrize("layout", list(Layout))
@pytest.mark.parametrize("copy", [False, True], ids=["original", "copy"])
def test_every_character_of_the_longest_values_is_printed(
    tmp_path: Path, layout: Layout, copy: bool
) -> None:
    out = printed(tmp_path, layout, copy=copy)
    pages = pages_text(out)
    assert len(pages) == 1  # one A4 sheet; one roll
    text = pages[0]
    for field, value in longest_values().items():
        assert value in text, f"the {field} is not printed in full"


@pytest.mark.parametrize("layout", list(Layout))
def test_no_text_runs_off_the_page(tmp_path: Path, layout: Layout) -> None:
    out = printed(tmp_path, layout)
    width, height = page_size(out, 0)
    runs = [run for run in text_runs(out, 0) if not is_turned(run)]
    assert runs
    outside = [
        run.text
        for run in runs
        if not all(0 <= x <= width + 0.01 and 0 <= y <= height for x, y in run.corners)
    ]
    assert outside == []

"""Fixtures for the printed documents: particulars to print, and readers of the PDF written.

``pdf_text`` extracts each page's text with pypdf (whitespace collapsed, so wrapped lines read
as one sentence); ``read_barcodes`` finds the Code 128 bars drawn on a page and decodes them
independently of the code that drew them (widths in modules -> symbol patterns -> values).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from hfhate.printing.particulars import NoticeParticulars

ISSUED_AT = datetime(2025, 3, 12, 14, 30, tzinfo=UTC)
CIRCUMSTANCES = (
    "At 14:00 I saw the recipient follow a woman along King Street for about fifty metres, "
    "shouting sexual comments at her while she asked him to stop and walked faster."
)

# Code 128 symbol patterns, bar and space widths in modules (ISO/IEC 15417 table).
CODE128 = [
    "212222",
    "222122",
    "222221",
    "121223",
    "121322",
    "131222",
    "122213",
    "122312",
    "132212",
    "221213",
    "221312",
    "231212",
    "112232",
    "122132",
    "122231",
    "113222",
    "123122",
    "123221",
    "223211",
    "221132",
    "221231",
    "213212",
    "223112",
    "312131",
    "311222",
    "321122",
    "321221",
    "312212",
    "322112",
    "322211",
    "212123",
    "212321",
    "232121",
    "111323",
    "131123",
    "131321",
    "112313",
    "132113",
    "132311",
    "211313",
    "231113",
    "231311",
    "112133",
    "112331",
    "132131",
    "113123",
    "113321",
    "133121",
    "313121",
    "211331",
    "231131",
    "213113",
    "213311",
    "213131",
    "311123",
    "311321",
    "331121",
    "312113",
    "312311",
    "332111",
    "314111",
    "221411",
    "431111",
    "111224",
    "111422",
    "121124",
    "121421",
    "141122",
    "141221",
    "112214",
    "112412",
    "122114",
    "122411",
    "142112",
    "142211",
    "241211",
    "221114",
    "413111",
    "241112",
    "134111",
    "111242",
    "121142",
    "121241",
    "114212",
    "124112",
    "124211",
    "411212",
    "421112",
    "421211",
    "212141",
    "214121",
    "412121",
    "111143",
    "111341",
    "131141",
    "114113",
    "114311",
    "411113",
    "411311",
    "113141",
    "114131",
    "311141",
    "411131",
    "211412",
    "211214",
    "211232",
    "2331112",
]
START_B, START_C, STOP = 104, 105, 106


def build_particulars(**changes: Any) -> NoticeParticulars:
    particulars = NoticeParticulars(
        number="HF-042-000123-7",
        issued_at=ISSUED_AT,
        offence_at=ISSUED_AT - timedelta(minutes=30),
        place="King Street, outside Lyric Square",
        postcode="W6 9JU",
        ward="Ravenscourt",
        prohibition="Unwanted sexualised comments",
        circumstances=CIRCUMSTANCES,
        recipient_name="Zoë Łukasiewicz-O'Brien",
        recipient_address="12 Sample Road\nLondon",
        recipient_postcode="W12 8QQ",
        officer_name="Olivia Officer",
        officer_authorisation_number="LET-0042",
        amount_pence=10000,
        reduced_amount_pence=6000,
        reduced_until=date(2025, 3, 22),
        pay_by=date(2025, 3, 26),
        no_proceedings_until=date(2025, 3, 26),
        pspo_in_force_from=date(2024, 7, 8),
    )
    return dataclasses.replace(particulars, **changes)


@pytest.fixture
def particulars() -> Callable[..., NoticeParticulars]:
    return build_particulars


def _collapse(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def pdf_text() -> Callable[[Path], list[str]]:
    def read(path: Path) -> list[str]:
        return [_collapse(page.extract_text()) for page in PdfReader(path).pages]

    return read


def _bars(page: Any) -> list[tuple[float, float, float, float]]:
    """Filled rectangles drawn on the page: (x, y, width, height) in their own transform."""
    found = []
    for operands, operator in page.get_contents().operations:
        if operator == b"re":
            found.append(tuple(float(v) for v in operands))
    return found


def decode_bars(bars: list[tuple[float, float, float, float]]) -> str:
    """The text of one Code 128 symbol from its bars (left to right)."""
    bars = sorted(bars)
    module = min(w for _x, _y, w, _h in bars)
    widths: list[int] = []
    for index, (x, _y, w, _h) in enumerate(bars):
        widths.append(round(w / module))
        if index + 1 < len(bars):
            widths.append(round((bars[index + 1][0] - x - w) / module))
    symbols = ["".join(str(n) for n in widths[i : i + 6]) for i in range(0, len(widths) - 7, 6)]
    symbols.append("".join(str(n) for n in widths[-7:]))
    values = [CODE128.index(s) for s in symbols]
    assert values[-1] == STOP, "no stop pattern"
    data, check = values[1:-2], values[-2]
    assert (values[0] + sum(i * v for i, v in enumerate(data, start=1))) % 103 == check
    text, code_set = "", values[0]
    for value in data:
        if code_set == START_C and value < 100:
            text += f"{value:02d}"
        elif code_set == START_B and value < 96:
            text += chr(value + 32)
        elif value == 99:
            code_set = START_C
        elif value == 100:
            code_set = START_B
        else:
            raise AssertionError(f"unexpected Code 128 value {value}")
    return text


@pytest.fixture
def read_barcodes() -> Callable[[Path, int, float], list[str]]:
    """Decode the barcodes on page ``index``: groups of bars ``height`` points high."""

    def read(path: Path, index: int, height: float) -> list[str]:
        bars = [b for b in _bars(PdfReader(path).pages[index]) if abs(b[3] - height) < 0.01]
        groups: dict[float, list[tuple[float, float, float, float]]] = {}
        for bar in bars:
            groups.setdefault(round(bar[1], 1), []).append(bar)
        return [decode_bars(group) for group in groups.values()]

    return read

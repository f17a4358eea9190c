"""Printing benchmark: 1,000 notices into one PDF, against a raw reportlab canvas.

hfhate's figure is ``write_notices`` laying out and drawing 1,000 prepared notices (wording
filled in, text wrapped, a Code 128 barcode each, marks and footers) into one PDF file. The
baseline, measured in the same run, is a bare reportlab canvas with the same embedded font
writing the same number of pages with the same text: before any timing, one PDF of each kind
of notice is written and its text extracted line by line (pypdf), and the baseline draws
exactly those lines, one ``drawString`` each, with no layout at all. Both write compressed
pages to a file in a temporary folder. Each is run ``options.repeat`` times, interleaved
(after one untimed warm-up); the table shows the medians.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from bench.core import BenchmarkError, Options, Result, median
from hfhate.printing.fonts import REGULAR, register_fonts
from hfhate.printing.notice_pdf import write_notices
from hfhate.printing.particulars import Layout, NoticeParticulars, NoticeToPrint
from hfhate.printing.template import shipped_wording

NOTICES = 1000
TARGET_RATIO = 3.0
ISSUED = datetime(2025, 3, 12, 14, 30, tzinfo=UTC)
NAMES = (
    "Zoë Łukasiewicz-O'Brien",
    "Kevin Example",
    "Ελένη Παπαδοπούλου",
    "Дмитрий Соколов",
    "Aisha Rahman-Okafor",
)
CIRCUMSTANCES = (
    "At 14:00 I saw the recipient follow a woman along King Street for about fifty metres, "
    "shouting sexual comments at her while she asked him to stop and walked faster.",
    "The recipient stood by the bus stop on Fulham Broadway and whistled and called out at "
    "two women waiting there; when they moved away he followed them to the station entrance "
    "and kept asking for their phone numbers although they told him clearly to go away.",
)


def sample_prints(count: int) -> list[NoticeToPrint]:
    """``count`` notices of a few kinds (names, circumstances, copies), as a batch would hold."""
    prints = []
    for n in range(count):
        particulars = NoticeParticulars(
            number=f"HF-042-{n + 1:06d}-0",
            issued_at=ISSUED + timedelta(minutes=n),
            offence_at=ISSUED - timedelta(minutes=30),
            place="King Street, by Lyric Square",
            postcode="W6 9JU",
            ward="Ravenscourt",
            prohibition="Unwanted sexualised comments",
            circumstances=CIRCUMSTANCES[n % len(CIRCUMSTANCES)],
            recipient_name=NAMES[n % len(NAMES)],
            recipient_address=f"{n % 90 + 1} Sample Road\nLondon",
            recipient_postcode="W12 8QQ",
            officer_name="Tom Walsh",
            officer_authorisation_number="LET-0142",
            amount_pence=10000,
            reduced_amount_pence=6000,
            reduced_until=date(2025, 3, 22),
            pay_by=date(2025, 3, 26),
            no_proceedings_until=date(2025, 3, 26),
            pspo_in_force_from=date(2024, 7, 8),
        )
        prints.append(NoticeToPrint(particulars, date(2025, 4, 1), copy=n % 7 == 0))
    return prints


def _kind(item: NoticeToPrint) -> tuple[str, str, bool]:
    p = item.particulars
    return p.recipient_name, p.circumstances, item.copy


def page_lines(prints: Sequence[NoticeToPrint], folder: Path) -> list[list[str]]:
    """For each notice, the text lines of its printed page (read back from a PDF of its kind)."""
    lines_of: dict[tuple[str, str, bool], list[str]] = {}
    for item in prints:
        kind = _kind(item)
        if kind not in lines_of:
            sample = folder / "sample.pdf"
            if write_notices(sample, [item], shipped_wording(), Layout.A4) != 1:
                raise BenchmarkError("a sample notice did not fit on one A4 page")
            lines_of[kind] = PdfReader(sample).pages[0].extract_text().splitlines()
    return [lines_of[_kind(item)] for item in prints]


def raw_canvas(target: Path, pages: Sequence[Sequence[str]]) -> None:
    """The baseline: each page's lines drawn one after another, nothing else."""
    canvas = Canvas(str(target), pagesize=A4, pageCompression=1)
    for lines in pages:
        canvas.setFont(REGULAR, 8.5)
        y = 800.0
        for line in lines:
            canvas.drawString(36, y, line)
            y -= 10.5
        canvas.showPage()
    canvas.save()


def run(options: Options) -> list[Result]:
    register_fonts()
    prints = sample_prints(NOTICES)
    wording = shipped_wording()
    with tempfile.TemporaryDirectory(prefix="hfhate-bench-print-") as tmp:
        folder = Path(tmp)
        pages = page_lines(prints, folder)
        characters = sum(len(line) for lines in pages for line in lines)
        ours: list[float] = []
        baseline: list[float] = []
        for attempt in range(options.repeat + 1):  # the first of each is a warm-up
            started = time.perf_counter()
            written = write_notices(folder / "hfhate.pdf", prints, wording, Layout.A4)
            hfhate_s = time.perf_counter() - started
            started = time.perf_counter()
            raw_canvas(folder / "raw.pdf", pages)
            raw_s = time.perf_counter() - started
            if written != NOTICES or len(PdfReader(folder / "raw.pdf").pages) != NOTICES:
                raise BenchmarkError(f"expected {NOTICES} pages from each, hfhate: {written}")
            if attempt:
                ours.append(hfhate_s)
                baseline.append(raw_s)
        size_mib = (folder / "hfhate.pdf").stat().st_size / 2**20

    def runs(values: list[float]) -> str:
        return ", ".join(f"{v:.2f}" for v in values)

    return [
        Result(
            name=f"printing: {NOTICES:,} notices into one A4 PDF",
            figure=median(ours),
            baseline=median(baseline),
            unit="s",
            target_ratio=TARGET_RATIO,
            note=(
                f"hfhate runs s: {runs(ours)}; raw canvas runs s: {runs(baseline)}; "
                f"{characters:,} characters on {NOTICES:,} pages; hfhate PDF {size_mib:.1f} MiB"
            ),
        )
    ]

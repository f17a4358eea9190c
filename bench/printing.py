"""Printing benchmark: the whole ``hfhate print`` process for 1,000 notices, against a bare
reportlab process writing the same pages.

Before any timing, the parent makes one data folder (``bench._notice_rows``: a store numbered
42 whose notices were bulk-inserted, of every status, so some print as paid or cancelled
records) and picks 1,000 numbered notices. The figure is one ``python -m hfhate print --user
super --out FILE NUMBER...`` child process, from spawn to exit: its imports, opening the
encrypted store, signing in, reading the notices, writing the PDF and recording the 1,000
prints in the audit trail. Each run gets a fresh copy of the folder (copied before the clock
starts), so every run prints the same originals, never copies.

The baseline is one ``python -m bench._raw_pages`` child process, also from spawn to exit: it
imports reportlab, registers the same TrueType font and draws, one ``drawString`` each, the
text lines read back (pypdf) from the PDF that ``hfhate print`` wrote in the warm-up, page by
page: the same text on the same number of pages, with no layout, no store and no barcode.
Both write compressed pages to a file. The two are run ``options.repeat`` times, interleaved,
after one untimed warm-up of each; the table shows the medians.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select

from bench._notice_rows import PASSWORD, fill_notices, make_store
from bench.core import BenchmarkError, Options, Result, median
from hfhate.models import FixedPenaltyNotice, NoticeKind
from hfhate.resource_files import resource
from hfhate.security.store_key import load_or_create_key
from hfhate.services import accounts

NOTICES = 1000
# Rows bulk-inserted to find 1,000 numbered notices among them (warnings and referrals to
# police have no number).
ROWS = 1400
TARGET_RATIO = 2.5
PROJECT_DIR = Path(__file__).resolve().parent.parent
CHILD_TIMEOUT_S = 300.0
SUPERVISOR_PASSWORD = PASSWORD + " again"


def make_folder(data_dir: Path) -> list[str]:
    """A data folder with the demo key, its supervisor ``super`` signed in once (a new
    password chosen), and the numbers of ``NOTICES`` notices to print."""
    load_or_create_key(data_dir, demo=True)  # the key file: commands open it like a demo
    bench, team = make_store(data_dir)
    try:
        fill_notices(bench, team, ROWS)
        with bench.store.session_factory.begin() as session:
            accounts.change_own_password(
                session,
                bench.supervisor,
                current=PASSWORD,
                password=SUPERVISOR_PASSWORD,
                confirm=SUPERVISOR_PASSWORD,
            )
            numbers = session.scalars(
                select(FixedPenaltyNotice.number)
                .where(
                    FixedPenaltyNotice.kind == NoticeKind.NOTICE,
                    FixedPenaltyNotice.number.is_not(None),
                )
                .order_by(FixedPenaltyNotice.number)
                .limit(NOTICES)
            ).all()
    finally:
        bench.store.close()
    if len(numbers) != NOTICES:
        raise BenchmarkError(f"only {len(numbers)} numbered notices in {ROWS} rows")
    return [number for number in numbers if number]


def timed(cmd: list[str], env: dict[str, str]) -> float:
    """Seconds from spawning ``cmd`` to its exit; a failed child stops the bench."""
    started = time.perf_counter()
    done = subprocess.run(
        cmd,
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT_S,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise BenchmarkError(f"{cmd[2]} exited {done.returncode}: {done.stderr[-2000:]}")
    return elapsed


def run(options: Options) -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="hfhate-bench-print-") as tmp:
        folder = Path(tmp)
        template = folder / "template"
        numbers = make_folder(template)
        env = dict(os.environ)
        env.update(HFHATE_PASSWORD=SUPERVISOR_PASSWORD, HFHATE_LOG_DIR=str(folder / "logs"))
        env.pop("HFHATE_DATA_DIR", None)
        data, ours_pdf, raw_pdf = folder / "data", folder / "hfhate.pdf", folder / "raw.pdf"
        hfhate_cmd = [
            sys.executable, "-m", "hfhate", "print", "--data-dir", str(data),
            "--user", "super", "--out", str(ours_pdf), *numbers,
        ]  # fmt: skip
        lines_file = folder / "lines.json"
        with resource("fonts", "DejaVuSans.ttf").open("rb") as font:
            (folder / "font.ttf").write_bytes(font.read())
        raw_cmd = [
            sys.executable, "-m", "bench._raw_pages", str(lines_file), str(raw_pdf),
            str(folder / "font.ttf"),
        ]  # fmt: skip

        def hfhate_print() -> float:
            shutil.rmtree(data, ignore_errors=True)
            shutil.copytree(template, data)
            return timed(hfhate_cmd, env)

        hfhate_print()  # warm-up, and the pages the baseline writes again
        pages = [page.extract_text().splitlines() for page in PdfReader(ours_pdf).pages]
        lines_file.write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
        timed(raw_cmd, env)  # warm-up
        if len(pages) != NOTICES or len(PdfReader(raw_pdf).pages) != NOTICES:
            raise BenchmarkError(f"expected {NOTICES} pages from each, hfhate: {len(pages)}")
        ours: list[float] = []
        baseline: list[float] = []
        for _ in range(options.repeat):
            ours.append(hfhate_print())
            baseline.append(timed(raw_cmd, env))
        characters = sum(len(line) for lines in pages for line in lines)
        size_mib = ours_pdf.stat().st_size / 2**20

    def runs(values: list[float]) -> str:
        return ", ".join(f"{v:.2f}" for v in values)

    return [
        Result(
            name=f"printing: hfhate print of {NOTICES:,} notices, whole process",
            figure=median(ours),
            baseline=median(baseline),
            unit="s",
            target_ratio=TARGET_RATIO,
            note=(
                f"hfhate print runs s: {runs(ours)}; raw reportlab process runs s: "
                f"{runs(baseline)}; {characters:,} characters on {NOTICES:,} pages; "
                f"hfhate PDF {size_mib:.1f} MiB"
            ),
        )
    ]

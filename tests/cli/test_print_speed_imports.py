"""``hfhate print`` loads only what printing needs: a batch printed in a process of its own
imports no Qt, no window code and no sync client (``python -X importtime`` shows the rest)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from hfhate.config import Paths
from hfhate.models import FixedPenaltyNotice, NoticeKind, NoticeStatus
from hfhate.startup import prepare_store

CHILD = """
import json, sys
from hfhate.cli.main import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""
NOT_FOR_PRINTING = (
    "PySide6", "shiboken6", "hfhate.ui", "hfhate.app", "hfhate.sync.client", "httpx",
)  # fmt: skip


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A demo data folder and three of its issued notices' numbers."""
    data = tmp_path_factory.mktemp("print-imports") / "data"
    ready = prepare_store(Paths(data), demo=True)
    try:
        with ready.store.session_factory() as session:
            numbers = session.scalars(
                select(FixedPenaltyNotice.number)
                .where(
                    FixedPenaltyNotice.kind == NoticeKind.NOTICE,
                    FixedPenaltyNotice.status == NoticeStatus.ISSUED,
                )
                .order_by(FixedPenaltyNotice.number)
                .limit(3)
            ).all()
    finally:
        ready.store.close()
    assert len(numbers) == 3
    return data, [n for n in numbers if n]


def test_print_in_its_own_process_imports_no_qt_and_no_sync_client(
    demo: tuple[Path, list[str]], tmp_path: Path
) -> None:
    data, numbers = demo
    out = tmp_path / "batch.pdf"
    env = dict(os.environ, HFHATE_PASSWORD="demo", HFHATE_LOG_DIR=str(tmp_path / "logs"))
    argv = ["print", "--data-dir", str(data), "--user", "supervisor", "--out", str(out)]
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *argv, *numbers],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["code"] == 0
    loaded = report["modules"]
    assert "reportlab.pdfgen.canvas" in loaded  # it did print
    unwanted = [m for m in loaded if m.startswith(NOT_FOR_PRINTING)]
    assert unwanted == []
    assert len(PdfReader(out).pages) == 3

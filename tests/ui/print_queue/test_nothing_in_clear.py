"""Issue 13 point 3: a notice's PDF is never written in clear, temporary folders included.

The print queue and the print dialog after issue make, preview, print (to a replaced printer)
and save a PDF; then no file under the data folder, the temporary folder or the log folder holds
a PDF header or the recipient's name. Only the two deliberate outputs (the printer's file and
the saved PDF, both outside those folders) hold the PDF. The temporary folder is one of the
test's own (TMPDIR and ``tempfile.tempdir`` point at it), so other programs' PDFs do not count;
the real one is searched too, for the recipient's name in files changed during the test.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hfhate.models import FixedPenaltyNotice
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.ui.context import UiContext
from hfhate.ui.print_queue import print_notices
from hfhate.ui.print_queue.batch import OLD_PREVIEW_FOLDER
from hfhate.ui.print_queue.preview_dialog import PrintPreviewDialog
from hfhate.ui.print_queue.queue_page import PrintQueuePage

Issue = Callable[..., list[FixedPenaltyNotice]]
NAME = "Philippa Quennell-Marchbanks"
PDF_HEADER = b"%PDF"
REAL_TEMP = Path(tempfile.gettempdir())  # read before any test points it elsewhere


@pytest.fixture
def own_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The temporary folder Python and Qt use during the test: an empty one of its own."""
    folder = tmp_path / "temp"
    folder.mkdir()
    for variable in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.setenv(variable, str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder


def holding(
    folder: Path, needles: tuple[bytes, ...], *, since: float = 0.0, outputs: tuple[Path, ...] = ()
) -> list[str]:
    """Files under ``folder`` (changed at ``since`` or later, not ``outputs``) holding any of
    ``needles``."""
    found = []
    for root, _dirs, files in os.walk(folder, onerror=lambda _error: None):
        for name in files:
            path = Path(root, name)
            try:
                if path in outputs or path.is_symlink() or path.stat().st_mtime < since:
                    continue
                content = path.read_bytes()
            except OSError:  # gone, or another user's: not ours to search
                continue
            found += [f"{path}: {needle!r}" for needle in needles if needle in content]
    return found


def clear_copies(store: Store, temp: Path) -> list[str]:
    needles = (PDF_HEADER, NAME.encode(), NAME.encode("utf-16-le"))
    folders = (store.paths.data_dir, temp, Path(os.environ["HFHATE_LOG_DIR"]))
    return [found for folder in folders for found in holding(folder, needles)]


def test_the_scan_finds_a_pdf_in_clear(store: Store, own_temp: Path) -> None:
    (own_temp / "tmpab12.pdf").write_bytes(b"%PDF-1.4 " + NAME.encode())
    assert len(clear_copies(store, own_temp)) == 2  # the header and the name


def test_queue_preview_print_and_save_write_no_clear_pdf(  # type: ignore[no-untyped-def]
    ui,
    qtbot,
    store: Store,
    supervisor: Actor,
    issue: Issue,
    pdf_printer,
    save_as: Path,
    own_temp: Path,
    ctx_for: Callable[[Actor], UiContext],
) -> None:
    started = time.time()
    issue(NAME, "Anna Adams")
    page = PrintQueuePage(ctx_for(supervisor))
    qtbot.addWidget(page)
    ui.show_active(page)
    ui.click(page.tick_all_button)
    for output in (page.preview.print_button, page.preview.save_button):
        ui.click(page.make_button)
        qtbot.waitUntil(lambda: page.preview.page_count() > 0, timeout=30_000)
        assert clear_copies(store, own_temp) == []  # while the preview is open
        ui.click(output)
        assert page.message.text().startswith("2 notices "), page.message.text()
        assert clear_copies(store, own_temp) == []
    # The deliberate outputs are there, and only there.
    assert pdf_printer.path.read_bytes().startswith(PDF_HEADER)
    assert save_as.read_bytes().startswith(PDF_HEADER)
    page.close()
    assert clear_copies(store, own_temp) == []
    outputs = (pdf_printer.path, save_as)
    assert holding(REAL_TEMP, (NAME.encode(),), since=started, outputs=outputs) == []


def test_the_dialog_after_issue_writes_no_clear_pdf(  # type: ignore[no-untyped-def]
    ui,
    qtbot,
    store: Store,
    officer: Actor,
    issue: Issue,
    pdf_printer,
    save_as: Path,
    own_temp: Path,
    ctx_for: Callable[[Actor], UiContext],
) -> None:
    [notice] = issue(NAME)
    seen: dict[str, list[str]] = {}

    def actions(dialog: PrintPreviewDialog) -> None:
        qtbot.waitUntil(lambda: dialog.preview.page_count() == 1, timeout=30_000)
        seen["previewing"] = clear_copies(store, own_temp)
        ui.click(dialog.preview.print_button)
        qtbot.waitUntil(lambda: "COPY" in dialog.message.text(), timeout=30_000)
        seen["printed"] = clear_copies(store, own_temp)
        ui.click(dialog.preview.save_button)
        qtbot.waitUntil(lambda: dialog.preview.page_count() == 1, timeout=30_000)
        seen["saved"] = clear_copies(store, own_temp)

    run = ui.drive_modal(PrintPreviewDialog, actions)
    assert print_notices(ctx_for(officer), [notice.id]) is True
    run.check()
    assert seen == {"previewing": [], "printed": [], "saved": []}
    assert save_as.read_bytes().startswith(PDF_HEADER)
    assert clear_copies(store, own_temp) == []


def test_previews_an_earlier_version_left_are_shredded_at_start(  # type: ignore[no-untyped-def]
    qtbot, store: Store, supervisor: Actor, own_temp: Path, ctx_for: Callable[[Actor], UiContext]
) -> None:
    old = store.paths.data_dir / OLD_PREVIEW_FOLDER
    (old / "nested").mkdir(parents=True)
    (old / "0123abcd.pdf").write_bytes(b"%PDF-1.4 " + NAME.encode())
    (old / "4567ef.pdf.partial").write_bytes(b"%PDF-1.4 partial")
    (old / "nested" / "left.pdf").write_bytes(b"%PDF-1.4")
    page = PrintQueuePage(ctx_for(supervisor))
    qtbot.addWidget(page)
    assert not old.exists()
    assert clear_copies(store, own_temp) == []

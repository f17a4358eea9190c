"""Fixtures for the printing screens: a numbered laptop, an officer, a supervisor, notices
issued at a fixed moment, and the printer and file dialogs of the operating system replaced
(the printer by a PDF file, as Qt can print to one)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog

from hfhate.models import FixedPenaltyNotice
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.notices import issuing as notices
from tests.fixtures.notices import notice_entry, numbered_name
from tests.fixtures.printing import olivia, sam  # noqa: F401  (fixtures used by the tests here)

NOW = datetime(2025, 3, 12, 14, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _workers_done() -> Iterator[None]:
    """No PDF is still being written when a test's widgets go away."""
    yield
    QThreadPool.globalInstance().waitForDone(30_000)


@pytest.fixture
def issue(store: Store, officer: Actor) -> Callable[..., list[FixedPenaltyNotice]]:
    """Issue notices at NOW to recipients with the given names (or ``count`` of them)."""

    def issue_(*names: str, count: int = 0) -> list[FixedPenaltyNotice]:
        names = names or tuple(numbered_name(n, "Recipient") for n in range(count))
        issued = []
        with store.session_factory.begin() as session:
            for minute, name in enumerate(names):
                entry = notice_entry(
                    NOW,
                    offence_at=NOW - timedelta(hours=2) + timedelta(seconds=10 * minute),
                    recipient_name=name,
                    recipient_address="4 Example Road\nLondon",
                    body_worn_video="",
                    people=(),
                )
                issued.append(notices.issue_notice(session, officer, entry, now=NOW))
        return issued

    return issue_


@dataclasses.dataclass
class PrinterTarget:
    """Where the replaced print dialog sends the pages, and the printer it was given."""

    path: Path
    printer: QPrinter | None = None


@pytest.fixture
def pdf_printer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> PrinterTarget:
    """The system print dialog, replaced: it accepts and points the printer at a PDF file."""
    target = PrinterTarget(tmp_path / "printed.pdf")

    def accept(dialog: QPrintDialog) -> int:
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target.path))
        target.printer = printer
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    return target


@pytest.fixture
def save_as(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The save-file dialog, replaced: the person chooses ``saved.pdf`` in tmp_path."""
    chosen = tmp_path / "saved.pdf"

    def choose(*_args: Any, **_kwargs: Any) -> tuple[str, str]:
        return str(chosen), "PDF files (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    return chosen

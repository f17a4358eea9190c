"""``hfhate print``, ``hfhate letters`` and ``hfhate wording`` on a demo data folder: the PDF of
the numbers that are right, a clear word about those that are not, the prints recorded."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.cli.main import main
from hfhate.clock import london_date
from hfhate.config import Paths
from hfhate.models import FixedPenaltyNotice, NoticeEvent, NoticeKind, NoticeStatus, utc_now
from hfhate.services.notices.numbering import NoticeNumber, parse_notice_number
from hfhate.startup import prepare_store


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One data folder filled with the demo data (slow to make), copied for each test."""
    data = tmp_path_factory.mktemp("demo") / "data"
    prepare_store(Paths(data), demo=True).store.close()
    return data


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo data folder; commands sign in with the password demo."""
    data = tmp_path / "data"
    shutil.copytree(demo_template, data)
    monkeypatch.setenv("HFHATE_PASSWORD", "demo")
    return data


def hfhate(data: Path, verb: str, user: str, *args: str) -> int:
    """Run ``hfhate VERB`` in this process on the data folder ``data``, signed in as ``user``."""
    return main([verb, "--data-dir", str(data), "--user", user, *args])


@contextmanager
def reading(data: Path) -> Iterator[Session]:
    """A session on the store in the data folder ``data``, the store closed after."""
    ready = prepare_store(Paths(data))
    try:
        with ready.store.session_factory() as session:
            yield session
    finally:
        ready.store.close()


def notices_of(data: Path, *statuses: NoticeStatus) -> list[FixedPenaltyNotice]:
    with reading(data) as session:
        return list(
            session.scalars(
                select(FixedPenaltyNotice)
                .where(
                    FixedPenaltyNotice.kind == NoticeKind.NOTICE,
                    FixedPenaltyNotice.status.in_(statuses),
                    FixedPenaltyNotice.officer_name == "Tom Walsh",
                )
                .order_by(FixedPenaltyNotice.number)
            )
        )


def events_of(data: Path, notice: FixedPenaltyNotice, action: str) -> list[NoticeEvent]:
    with reading(data) as session:
        return list(
            session.scalars(
                select(NoticeEvent).where(
                    NoticeEvent.notice_id == notice.id, NoticeEvent.action == action
                )
            )
        )


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


def wrong_check_digit(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def test_print_writes_the_right_numbers_and_names_the_wrong_ones(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notice = notices_of(demo, NoticeStatus.ISSUED)[0]
    assert notice.number is not None
    wrong = wrong_check_digit(notice.number)
    unknown = str(NoticeNumber(parse_notice_number(notice.number).device_code, 999_999))
    out = tmp_path / "batch.pdf"
    code = hfhate(demo, "print", "supervisor", "--out", str(out), notice.number, wrong, unknown)
    captured = capsys.readouterr()
    assert code == 1
    assert f"hfhate: {wrong}: The check digit does not match" in captured.err
    assert f"hfhate: {unknown}: No notice has this number on this laptop." in captured.err
    assert "2 numbers left out of the PDF." in captured.err
    assert f"Wrote 1 notice to {out}." in captured.out
    text = pdf_text(out)
    assert notice.number in text and notice.recipient_name in text
    assert wrong not in text and "COPY" not in text
    [event] = events_of(demo, notice, "printed")
    assert event.reason == "Batch print from the command line"
    assert event.details["destination"] == "command line: batch.pdf"

    again = tmp_path / "again.pdf"
    copy = ("--layout", "roll", "--reason", "Replacement for the recipient", notice.number)
    assert hfhate(demo, "print", "supervisor", "--out", str(again), *copy) == 0
    assert "(1 marked COPY)." in capsys.readouterr().out
    assert f"COPY - printed {london_date(utc_now()):%d %B %Y}" in pdf_text(again)
    width = float(PdfReader(again).pages[0].mediabox[2])
    assert round(width / 72 * 25.4) == 80


def test_print_with_no_right_number_writes_no_pdf(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "none.pdf"
    assert hfhate(demo, "print", "supervisor", "--out", str(out), "HF-1") == 1
    err = capsys.readouterr().err
    assert "hfhate: HF-1: A notice number has HF, 3 digits, 6 digits and a check digit" in err
    assert "no notice to print; no PDF was written." in err
    assert not out.exists()


def test_letters_send_the_first_reminder(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    today = london_date(utc_now())
    with reading(demo) as session:
        issued = list(
            session.scalars(
                select(FixedPenaltyNotice).where(FixedPenaltyNotice.status == NoticeStatus.ISSUED)
            )
        )
    due = [
        n
        for n in issued
        if n.reduced_until is not None
        and n.reduced_until < today
        and n.prosecute_by is not None
        and n.prosecute_by > today + timedelta(days=14)  # not time-barred, nor too near it
    ][0]
    assert due.number is not None
    out = tmp_path / "letters.pdf"
    code = hfhate(demo, "letters", "supervisor", "--reminder", "1", "--out", str(out), due.number)
    assert code == 0, capsys.readouterr().err
    assert f"reminder letter dated {today:%d %B %Y} to {out}." in capsys.readouterr().out
    assert f"First reminder: fixed penalty notice {due.number}" in pdf_text(out)
    # Made, not sent: recording the posting is the second step.
    with reading(demo) as session:
        assert session.get_one(FixedPenaltyNotice, due.id).status is NoticeStatus.ISSUED
    code = hfhate(
        demo, "letters", "supervisor", "--reminder", "1", "--record-posted", "--yes", due.number
    )
    assert code == 0, capsys.readouterr().err
    with reading(demo) as session:
        assert session.get_one(FixedPenaltyNotice, due.id).status is NoticeStatus.REMINDER_1


def test_wording_export_edit_import(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = tmp_path / "wording.json"
    assert hfhate(demo, "wording", "admin", "--export", str(exported)) == 0
    document = json.loads(exported.read_text(encoding="utf-8"))
    document["settings"]["phone"] = "020 7946 0999"
    exported.write_text(json.dumps(document), encoding="utf-8")
    assert hfhate(demo, "wording", "admin", "--import", str(exported)) == 0
    assert "1 text changed (settings.phone)." in capsys.readouterr().out

    document["notice"]["amount_full"] = "Pay {amount} whenever you like, {name}."
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document), encoding="utf-8")
    assert hfhate(demo, "wording", "admin", "--import", str(broken)) == 1
    err = capsys.readouterr().err
    assert "notice > amount_full: unknown field {name}" in err
    assert "notice > amount_full: must keep {pay_by}" in err

    notice = notices_of(demo, NoticeStatus.ISSUED)[0]
    assert notice.number is not None
    out = tmp_path / "phone.pdf"
    hfhate(demo, "print", "supervisor", "--out", str(out), notice.number)
    text = pdf_text(out)
    assert "By phone: 020 7946 0999" in text and "{name}" not in text
    assert hfhate(demo, "wording", "supervisor", "--import", str(exported)) == 1
    assert "Only a user with the administrator role" in capsys.readouterr().err


def test_print_runs_as_a_real_process(demo: Path, tmp_path: Path) -> None:
    notice = notices_of(demo, NoticeStatus.ISSUED)[0]
    assert notice.number is not None
    env = {k: v for k, v in os.environ.items() if k != "HFHATE_DATA_DIR"}
    env |= {"HFHATE_PASSWORD": "demo", "HFHATE_LOG_DIR": str(tmp_path / "logs")}
    out = tmp_path / "process.pdf"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "hfhate",
            "print",
            "--data-dir",
            str(demo),
            "--user",
            "officer",
            "--out",
            str(out),
            notice.number,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert notice.number in pdf_text(out)

"""What a lost laptop gives away: nothing (issue 13, "what it must show").

A notice naming a recipient (name, date of birth, address) and a victim (name, telephone),
with a JPEG and a PNG photo, is written through the services on one laptop, synced through a
real ``hfhate-server`` on 127.0.0.1 to a supervisor's laptop (which downloads the photos),
and printed with the ``print`` command to a PDF outside the data folder. Then every file in
both laptops' data folders, the log folder and the temporary folder the processes used
(``TMPDIR``, a fresh one for this test) is scanned for those bytes and for JPEG and PNG
headers: none may be found. (The server's photo folder is scanned in
``tests/server/test_hardening_live.py``.)
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from hfhate.cli.main import main
from hfhate.models import FixedPenaltyNotice, Role
from hfhate.services import accounts
from hfhate.services.notices.evidence import attach_photos, read_photo, store_photo
from hfhate.services.notices.issuing import issue_notice
from tests.fixtures.notices import notice_entry
from tests.sync.conftest import PASSWORD, Laptop, ServerProcess
from tests.sync.test_end_to_end import north_and_office

NAMES = ("Kevin Example", "Jane Witness")
ADDRESS = "12 Sample Road"
TELEPHONE = "07700 900123"
BORN = date(1990, 5, 17)
# Long enough not to turn up by chance in megabytes of ciphertext.
JPEG_HEADER = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
# What follows each header up to the photo's size (640 x 480), which the server reads.
SIZES = {
    JPEG_HEADER: bytes(9) + b"\xff\xc0\x00\x11\x08\x01\xe0\x02\x80\x03",
    PNG_HEADER: b"\x00\x00\x02\x80\x00\x00\x01\xe0",
}


@pytest.fixture
def own_temporary_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh TMPDIR for this test and the processes it starts (server, commands)."""
    folder = tmp_path / "system-temp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    return folder


def _needles() -> dict[str, bytes]:
    texts = {
        **{f"name {n}": n.encode() for n in NAMES},
        "address": ADDRESS.encode(),
        "telephone": TELEPHONE.encode(),
        "date of birth": BORN.isoformat().encode(),
    }
    return {**texts, "JPEG header": JPEG_HEADER, "PNG header": PNG_HEADER}


def _found_in(folders: list[Path]) -> list[str]:
    found = []
    needles = _needles()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                content = path.read_bytes()
                found += [
                    f"{path}: {what}" for what, needle in needles.items() if needle in content
                ]
    return found


def _photo(folder: Path, name: str, header: bytes) -> Path:
    path = folder / name
    path.write_bytes(header + SIZES[header] + hashlib.sha256(name.encode()).digest() * 100)
    return path


def test_nothing_personal_and_no_photo_is_left_in_clear(
    own_temporary_folder: Path,
    sqlite_server: ServerProcess,
    make_laptop: Callable[..., Laptop],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    north, olly, office, sue = north_and_office(
        make_laptop, sqlite_server, Role.AUTHORISED_OFFICER, notices=0
    )
    sources = tmp_path / "camera"
    sources.mkdir()
    with north.store.session_factory.begin() as session:
        photos = [
            store_photo(north.store.paths.evidence, north.store.photo_key, source)
            for source in (
                _photo(sources, "scene.jpg", JPEG_HEADER),
                _photo(sources, "scene.png", PNG_HEADER),
            )
        ]
        notice = issue_notice(
            session, olly, notice_entry(datetime.now(UTC), recipient_date_of_birth=BORN)
        )
        attach_photos(session, olly, notice.id, photos)
        number = notice.number
    assert number is not None
    assert north.sync(olly).photos == 2
    office.sync(sue)
    office.sync(sue)  # the records, then the photos
    with office.store.session_factory() as session:
        kept = session.scalars(select(FixedPenaltyNotice)).one()
        assert (kept.recipient_name, kept.recipient_date_of_birth) == (NAMES[0], BORN)
    for photo in photos:
        opened = read_photo(
            office.store.paths.evidence, office.store.photo_key, photo.sha256, photo.media_type
        )
        assert opened == read_photo(
            north.store.paths.evidence, north.store.photo_key, photo.sha256, photo.media_type
        )

    new_password = "olly's own long password"
    with north.store.session_factory.begin() as session:
        accounts.change_own_password(
            session, olly, current=PASSWORD, password=new_password, confirm=new_password
        )
    monkeypatch.setenv("HFHATE_PASSWORD", new_password)
    printed = tmp_path / "printed" / "notice.pdf"
    printed.parent.mkdir()
    code = main(
        [
            "print",
            "--data-dir",
            str(north.store.paths.data_dir),
            "--user",
            "olly",
            "--out",
            str(printed),
            number,
        ]
    )
    assert code == 0 and printed.stat().st_size > 0

    logs = tmp_path / "logs"  # HFHATE_LOG_DIR (tests/conftest.py)
    folders = [north.store.paths.data_dir, office.store.paths.data_dir, logs, own_temporary_folder]
    assert all(folder.is_dir() for folder in folders[:3])
    files = [p for folder in folders for p in folder.rglob("*") if p.is_file()]
    assert len(files) > 10  # the scan looked at real folders
    assert _found_in(folders) == []
    # The scan finds what it looks for: the photo sources and the store's own data are seen.
    assert _found_in([sources]) != []

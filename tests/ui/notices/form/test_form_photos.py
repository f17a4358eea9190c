"""Evidence photos on the form: chosen from files (the OS file dialog is patched), copied into
the evidence folder under their SHA-256, shown with it, and the same photo kept once."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import select

from hfhate.models import EvidencePhoto


def _photo(folder: Path, name: str, colour: str) -> Path:
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    path = folder / name
    assert image.save(str(path), "PNG")
    return path


@pytest.fixture
def photos(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "camera"
    folder.mkdir()
    first = _photo(folder, "IMG_0001.png", "red")
    same = folder / "IMG_0001 copy.png"
    same.write_bytes(first.read_bytes())
    note = folder / "notes.txt"
    note.write_text("not a photo")
    return {
        "first": first,
        "same": same,
        "second": _photo(folder, "IMG_0002.png", "blue"),
        "note": note,
    }


def _choose_files(monkeypatch, paths: list[Path]) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *args, **kwargs: ([str(p) for p in paths], "Photos")
    )


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_photos_added_twice_are_listed_and_stored_once_with_their_hash(
    officer_form, numbered_laptop, photos, monkeypatch, store, stored_notices, ui
):
    form = officer_form.form
    listing = form.photos
    _choose_files(monkeypatch, [photos["first"], photos["note"]])
    ui.click(listing.add_button)
    assert listing.error.text() == "notes.txt is not a photo (JPEG, PNG, HEIC or WebP)."
    _choose_files(monkeypatch, [photos["same"], photos["second"], photos["first"]])
    ui.click(listing.add_button)
    assert listing.error.isHidden()
    assert listing.note.text() == (
        "IMG_0001 copy.png is the same photo as IMG_0001.png, so it is kept once. "
        "IMG_0001.png is already listed."
    )

    rows = [
        (listing.table.topLevelItem(i).text(0), listing.table.topLevelItem(i).text(1))
        for i in range(listing.table.topLevelItemCount())
    ]
    assert rows == [
        ("IMG_0001.png", _sha(photos["first"])),
        ("IMG_0002.png", _sha(photos["second"])),
    ]
    stored = sorted(p.name for p in store.paths.evidence.rglob("*") if p.is_file())
    assert stored == sorted(
        [f"{_sha(photos['first'])}.png.sealed", f"{_sha(photos['second'])}.png.sealed"]
    )
    officer_form.reveal(listing)
    officer_form.shot("notice-form-photos")

    officer_form.fill_notice()
    officer_form.wait_ready()
    ui.click(form.issue_button)
    assert "2 photos kept as evidence." in officer_form.page.desk.result.explanation.text()
    [notice] = stored_notices()
    with store.session_factory() as session:
        kept = sorted(
            (p.original_name, p.sha256)
            for p in session.scalars(
                select(EvidencePhoto).where(EvidencePhoto.notice_id == notice.id)
            )
        )
    assert kept == [
        ("IMG_0001.png", _sha(photos["first"])),
        ("IMG_0002.png", _sha(photos["second"])),
    ]


def test_a_photo_can_be_taken_off_the_list_before_issuing(officer_form, photos, monkeypatch, ui):
    listing = officer_form.form.photos
    _choose_files(monkeypatch, [photos["first"], photos["second"]])
    ui.click(listing.add_button)
    assert not listing.remove_button.isEnabled()
    listing.table.setCurrentItem(listing.table.topLevelItem(0))
    ui.click(listing.remove_button)
    assert [p.original_name for p in listing.stored] == ["IMG_0002.png"]
    assert officer_form.form.values().photos[0].sha256 == _sha(photos["second"])


def test_choosing_no_file_changes_nothing(officer_form, monkeypatch, ui):
    listing = officer_form.form.photos
    _choose_files(monkeypatch, [])
    ui.click(listing.add_button)
    assert listing.stored == [] and listing.table.topLevelItemCount() == 0
    assert not officer_form.form.dirty

"""Fixtures for the security tests: an in-memory credential store, a data folder with a plain
store holding known personal data and photos, and a way to scan files for bytes."""

from __future__ import annotations

import hashlib
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import keyring
import keyring.backend
import pytest

from hfhate.config import Paths
from hfhate.models import Role
from hfhate.services import accounts
from hfhate.services.actor import Actor
from hfhate.services.device import set_device_code
from hfhate.services.notices.issuing import issue_notice
from tests.fixtures.accounts import first_administrator
from tests.fixtures.notices import notice_entry
from tests.fixtures.plain_store import keep_clear_photo, open_plain_store, plain_backup

# Written into every store these tests make; none may be found in an encrypted file.
KNOWN_TEXTS = ("Kevin Example", "Jane Witness", "12 Sample Road", "07700 900123")
# Long enough not to turn up by chance in kilobytes of ciphertext (a bare 3-byte JPEG start
# would: about once in every 5 MB of random bytes).
IMAGE_HEADERS = (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
SQLITE_HEADER = b"SQLite format 3\x00"
PASSWORD = "correct horse battery"


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A credential store that lives in memory: the tests' stand-in for the OS one."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.kept.pop((service, username), None)


@pytest.fixture(autouse=True)
def _no_credential_store() -> Iterator[None]:
    """As on a headless Linux box: no credential store, unless a test sets ``memory_keyring``."""
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    yield
    keyring.set_keyring(before)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """A credential store for the test, set as keyring's own (conftest sets none otherwise)."""
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def store_key() -> bytes:
    return secrets.token_bytes(32)


@dataclass
class PlainFolder:
    """A data folder as the current version leaves it: plain store, a backup, clear photos."""

    data_dir: Path
    photo_hashes: list[str]


@pytest.fixture(scope="session")
def _pristine_plain_folder(tmp_path_factory: pytest.TempPathFactory) -> PlainFolder:
    """Made once per run (a store takes a second or two to make); copied for each test."""
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]  # never a real one
    try:
        return _make_plain_folder(tmp_path_factory.mktemp("pristine"))
    finally:
        keyring.set_keyring(before)


@pytest.fixture
def plain_folder(tmp_path: Path, _pristine_plain_folder: PlainFolder) -> PlainFolder:
    """A plain store with a notice naming KNOWN_TEXTS, a plain backup and two clear photos."""
    data_dir = tmp_path / "data"
    shutil.copytree(_pristine_plain_folder.data_dir, data_dir)
    return PlainFolder(data_dir, list(_pristine_plain_folder.photo_hashes))


def _make_plain_folder(folder: Path) -> PlainFolder:
    paths = Paths(folder / "data")
    store = open_plain_store(paths)
    photos = [
        keep_clear_photo(
            paths.evidence, _photo_file(folder, "one.jpg", IMAGE_HEADERS[0]), "image/jpeg"
        ),
        keep_clear_photo(
            paths.evidence, _photo_file(folder, "two.png", IMAGE_HEADERS[1]), "image/png"
        ),
    ]
    try:
        with store.session_factory.begin() as session:
            admin = first_administrator(session, "Ada Admin", "ada", PASSWORD)
            officer = accounts.add_user(
                session,
                admin,
                accounts.NewUser(
                    full_name="Olu Officer",
                    username="olu",
                    roles=frozenset({Role.AUTHORISED_OFFICER}),
                    authorisation_number="LET-olu",
                    password=PASSWORD,
                    confirm=PASSWORD,
                ),
            )
            set_device_code(session, admin, 42)
            issue_notice(
                session,
                Actor.of(officer, admin.device_id),
                notice_entry(datetime.now(UTC)),
                photos=photos,
            )
    finally:
        store.close()
    plain_backup(paths, "before-test")
    return PlainFolder(paths.data_dir, [photo.sha256 for photo in photos])


def _photo_file(folder: Path, name: str, start: bytes) -> Path:
    path = folder / name
    # A recognisable body, so a clear copy anywhere would be found by a scan.
    path.write_bytes(start + hashlib.sha256(name.encode()).digest() * 64)
    return path


def files_holding(folder: Path, needles: tuple[bytes, ...]) -> list[str]:
    """Every file under ``folder`` holding any of ``needles``, as 'file: needle'."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            content = path.read_bytes()
            found += [f"{path.name}: {needle!r}" for needle in needles if needle in content]
    return found


def personal_bytes() -> tuple[bytes, ...]:
    """KNOWN_TEXTS as SQLite may keep them (UTF-8)."""
    return tuple(text.encode("utf-8") for text in KNOWN_TEXTS)

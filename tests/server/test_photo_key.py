"""The server's photo key (made once, 0600, or where the environment says) and the photos an
older server kept in clear, sealed when the app is made, resumably."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from hfhate.security import photo_box
from hfhate.server import photo_key, photos
from hfhate.server.app import create_app
from hfhate.server.db import make_server_engine, migrate
from hfhate.server.settings import ServerSettings
from tests.fixtures.photo_bytes import jpeg


def _app_on(tmp_path: Path, env: dict[str, str] | None = None) -> bytes:
    url = f"sqlite:///{tmp_path / 'server.sqlite'}"
    engine = make_server_engine(url)
    migrate(engine, tmp_path / "backups")
    engine.dispose()
    app = create_app(ServerSettings.resolve(tmp_path, url, env or {}))
    key: bytes = app.state.server.photo_key
    app.state.server.engine.dispose()
    return key


def test_the_key_is_made_once_owner_only_or_read_from_where_the_environment_says(
    tmp_path: Path,
) -> None:
    key = _app_on(tmp_path)
    path = tmp_path / "photo.key"
    assert path.read_bytes() == key and len(key) == 32
    assert path.stat().st_mode & 0o777 == 0o600
    assert _app_on(tmp_path) == key  # the same key on the next start
    elsewhere = tmp_path / "secrets" / "server-photo.key"
    other = _app_on(tmp_path, {"HFHATE_SERVER_PHOTO_KEY_FILE": str(elsewhere)})
    assert elsewhere.read_bytes() == other != key
    elsewhere.write_bytes(b"short")
    with pytest.raises(photo_key.PhotoKeyError):
        _app_on(tmp_path, {"HFHATE_SERVER_PHOTO_KEY_FILE": str(elsewhere)})


def test_clear_photos_of_an_older_server_are_sealed_at_start_even_after_a_kill(
    tmp_path: Path,
) -> None:
    key = _app_on(tmp_path)
    contents = [jpeg(100 + n, 100, b"CLEAR-PHOTO-BYTES" * 10) for n in range(3)]
    names = [hashlib.sha256(c).hexdigest() for c in contents]
    for name, content in zip(names, contents, strict=True):
        clear = tmp_path / "evidence" / name[:2] / name
        clear.parent.mkdir(parents=True, exist_ok=True)
        clear.write_bytes(content)
    # Killed between sealing the first and shredding its clear copy: both are there.
    photo_box.write_sealed(photos.final_path(tmp_path, names[0]), key, contents[0])
    old_part = tmp_path / "evidence" / "partial" / f"{names[1]}.part"
    old_part.parent.mkdir(parents=True, exist_ok=True)
    old_part.write_bytes(contents[1][:50])

    assert _app_on(tmp_path) == key
    for name, content in zip(names, contents, strict=True):
        assert not (tmp_path / "evidence" / name[:2] / name).exists()
        assert photos.read(tmp_path, name, key) == content
        assert photos.status(tmp_path, name).received == len(content)
    assert not old_part.exists()
    for path in (tmp_path / "evidence").rglob("*"):
        if path.is_file():
            assert b"CLEAR-PHOTO" not in path.read_bytes() and b"\xff\xd8\xff" not in (
                path.read_bytes()
            )

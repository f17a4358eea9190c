"""The server's photo key, and sealing the clear photos an older server kept.

The key is 32 random bytes in a file readable by its owner only (0600): ``photo.key`` in
the server's data folder, beside a SQLite database, or wherever
``HFHATE_SERVER_PHOTO_KEY_FILE`` points (a separate volume, a secrets mount). It is made on
the server's first start, by exclusive creation, so two processes starting at once end up
with one key. Without it no photo on the server can be opened: a backup of the photo folder
needs the key, kept apart from it.

Photos an older server kept in clear (``evidence/<2>/<sha256>``) are sealed when the app is
made (``seal_clear_photos``), before any request: each is sealed to ``<sha256>.sealed``
(written atomically), then the clear file is shredded. The step is resumable: killed
between the two, the next start finds both and only shreds the clear one. Doing it at
start, not on first read, means no clear photo stays on disk because nobody asked for it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from hfhate.security import photo_box
from hfhate.security.private_files import shred, sync_folder, write_private
from hfhate.server import photos

KEY_BYTES = 32


class PhotoKeyError(RuntimeError):
    """The photo key file is there but is not a key: the server must not start."""


def load_or_create(path: Path) -> bytes:
    """The key in ``path``; made (32 random bytes, 0600) if there is no file there yet."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        made = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
        write_private(made, secrets.token_bytes(KEY_BYTES))
        with contextlib.suppress(FileExistsError):
            os.link(made, path)  # exclusive: another process's key, if first, stays
        made.unlink()
        sync_folder(path.parent)
    key = path.read_bytes()
    if len(key) != KEY_BYTES:
        raise PhotoKeyError(
            f"The server photo key file {path} is not a photo key ({KEY_BYTES} bytes): restore "
            "it from where it was kept. Without it the photos on the server cannot be opened."
        )
    return key


def seal_clear_photos(data_dir: Path, key: bytes) -> int:
    """Seal every photo kept in clear by an older server; how many were sealed."""
    sealed = 0
    for clear in sorted((data_dir / "evidence").glob("??/*")):
        if not photos.SHA256.match(clear.name):
            continue
        target = photos.final_path(data_dir, clear.name)
        if not target.exists():
            photo_box.write_sealed(target, key, clear.read_bytes())
            sealed += 1
        shred(clear)
    return sealed

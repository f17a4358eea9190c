"""Owner-only atomic writes, and shredding that overwrites a file's bytes before removing it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from hfhate.security.private_files import shred, write_private

SECRET = b"Kevin Example, 12 Sample Road" * 100


def test_a_private_file_is_owner_only_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "folder" / "kept.json"

    write_private(path, SECRET)
    write_private(path, b"second")

    assert path.read_bytes() == b"second"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["kept.json"]


def test_shredding_overwrites_the_bytes_themselves(tmp_path: Path) -> None:
    path = tmp_path / "clear.jpg"
    path.write_bytes(SECRET)
    # A second name for the same bytes on disk shows what happened to them.
    witness = tmp_path / "witness"
    os.link(path, witness)

    shred(path)

    assert not path.exists()
    left = witness.read_bytes()
    assert len(left) == len(SECRET) and b"Kevin" not in left and left != bytes(len(SECRET))


def test_shredding_a_missing_file_does_nothing(tmp_path: Path) -> None:
    shred(tmp_path / "not-there")

    assert list(tmp_path.iterdir()) == []

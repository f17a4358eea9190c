"""Owner-only atomic writes, and shredding that overwrites a file's bytes before removing it."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from hfhate.security.private_files import owner_only_folder, shred, write_private

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


class FakeWindows:
    """Stands in for whoami and icacls (outside the project): records each command."""

    def __init__(self, whoami: str = '"COUNCIL\\\\tom","S-1-5-21-111-222-333-1001"\r\n') -> None:
        self.whoami = whoami
        self.commands: list[list[str]] = []

    def __call__(self, command: list[str], **options: object) -> subprocess.CompletedProcess[str]:
        self.commands.append(command)
        assert options.get("check") is True
        stdout = self.whoami if command[0] == "whoami" else "Successfully processed 1 files"
        return subprocess.CompletedProcess(command, 0, stdout, "")


def test_on_windows_the_folder_acl_lets_in_only_its_user_and_the_system(tmp_path: Path) -> None:
    windows = FakeWindows()
    owner_only_folder(tmp_path, windows=True, run=windows)
    whoami, icacls = windows.commands
    assert whoami[0] == "whoami"
    assert icacls[:3] == ["icacls", str(tmp_path), "/inheritance:r"]
    grants = icacls[icacls.index("/grant:r") + 1 : icacls.index("/T")]
    assert grants == ["*S-1-5-21-111-222-333-1001:(OI)(CI)F", "*S-1-5-18:(OI)(CI)F"]


def test_on_windows_a_failed_acl_is_logged_without_the_user_name(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    owner_only_folder(tmp_path, windows=True, run=FakeWindows(whoami="nonsense"))
    assert "owner-only" in caplog.text and "tom" not in caplog.text


def test_on_posix_group_and_others_lose_their_bits_and_read_only_stays(tmp_path: Path) -> None:
    open_folder, read_only = tmp_path / "open", tmp_path / "read-only"
    open_folder.mkdir(mode=0o755)
    read_only.mkdir()
    read_only.chmod(0o555)
    owner_only_folder(open_folder, windows=False)
    owner_only_folder(read_only, windows=False)
    assert open_folder.stat().st_mode & 0o777 == 0o700
    assert read_only.stat().st_mode & 0o777 == 0o500
    read_only.chmod(0o700)

"""Issue 12 point 17: a command never makes a new store in a mistyped folder.

Only the window's first start on a folder (which then asks for the first administrator) makes
a store, and ``--demo`` with an empty ``--data-dir`` fills a new demo one. A command pointed at
a folder without a store says so, naming the folder, and leaves nothing behind.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hfhate.cli.main import main
from hfhate.models.store import Store
from hfhate.services.actor import Actor

COMMANDS = (["users"], ["audit"], ["sync"], ["notices"])


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_command_refuses_a_folder_without_a_store(
    command: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("HFHATE_PASSWORD", "whatever")
    typo = tmp_path / "hfhtae-data"
    code = main([*command, "--user", "admin", "--data-dir", str(typo)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"There is no hfhate store in {typo}" in err
    assert "password" not in err
    assert not typo.exists()


def test_command_refuses_an_empty_folder_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("HFHATE_DATA_DIR", str(empty))
    monkeypatch.setenv("HFHATE_PASSWORD", "whatever")
    assert main(["users", "--user", "admin"]) == 2
    assert f"There is no hfhate store in {empty}" in capsys.readouterr().err
    assert list(empty.iterdir()) == []


def test_command_still_opens_an_existing_store(
    store: Store,
    admin: Actor,
    admin_password: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store.close()
    monkeypatch.setenv("HFHATE_PASSWORD", admin_password)
    data = str(store.paths.data_dir)
    assert main(["users", "--user", admin.username, "--data-dir", data]) == 0
    assert "Ada Admin" in capsys.readouterr().out

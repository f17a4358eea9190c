"""Issue 12 point 18: ``hfhate --demo COMMAND`` never touches the real data folder.

Without ``--data-dir`` the command runs on a throw-away demo store in the temporary folder,
removed when it ends; the real folder (here HFHATE_DATA_DIR) is neither made nor changed.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from hfhate.cli.main import main
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from tests.fixtures.store_files import sha256_of, table_rows


@pytest.fixture
def temp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary folder where the throw-away demo store goes, watched by the test."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("HFHATE_PASSWORD", "demo")
    return folder


def test_demo_command_leaves_a_missing_real_folder_unmade(
    temp_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    real = tmp_path / "real-data"
    monkeypatch.setenv("HFHATE_DATA_DIR", str(real))
    assert main(["--demo", "users", "--user", "admin"]) == 0
    out, err = capsys.readouterr()
    assert "Tom Walsh" in out  # the demo accounts
    assert not real.exists()
    assert list(temp_dir.iterdir()) == []  # the throw-away store is gone too
    assert "throw-away demo store" in err


def test_demo_command_leaves_a_real_store_unchanged(
    store: Store,
    admin: Actor,
    temp_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    store.close()
    before = (sha256_of(store.paths.store), table_rows(store.paths.store, store.key))
    monkeypatch.setenv("HFHATE_DATA_DIR", str(store.paths.data_dir))
    assert main(["--demo", "audit", "--user", "supervisor"]) == 0
    assert "Audit trail intact" in capsys.readouterr().out
    assert (sha256_of(store.paths.store), table_rows(store.paths.store, store.key)) == before
    assert list(temp_dir.iterdir()) == []

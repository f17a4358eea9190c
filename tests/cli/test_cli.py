"""The ``hfhate`` command as a user runs it: a real process, a real data folder, no display."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hfhate import __version__


def run_hfhate(
    *args: str, tmp_path: Path, password: str | None = "demo", input_text: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HFHATE_")}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["HFHATE_LOG_DIR"] = str(tmp_path / "logs")
    if password is not None:
        env["HFHATE_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "hfhate", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        input=input_text,
        cwd=tmp_path,
    )


def test_version_and_help_need_no_display(tmp_path: Path) -> None:
    version = run_hfhate("--version", tmp_path=tmp_path)
    assert version.returncode == 0
    assert version.stdout.strip() == f"hfhate {__version__}"
    helped = run_hfhate("--help", tmp_path=tmp_path)
    assert helped.returncode == 0
    assert "--data-dir DIR" in helped.stdout and "--demo" in helped.stdout
    assert "users" in helped.stdout and "audit" in helped.stdout


def test_verb_signs_in_and_is_audited(tmp_path: Path) -> None:
    data = tmp_path / "data"
    listed = run_hfhate(
        "--demo", "users", "--data-dir", str(data), "--user", "admin", tmp_path=tmp_path
    )
    assert listed.returncode == 0, listed.stderr
    assert "Tom Walsh" in listed.stdout and "LET-0142" in listed.stdout
    checked = run_hfhate(
        "audit", "--data-dir", str(data), "--user", "supervisor", tmp_path=tmp_path
    )
    assert checked.returncode == 0, checked.stderr
    assert "Audit trail intact" in checked.stdout
    # The earlier listing by admin was audited under admin.
    assert any(
        line.split()[3:4] == ["admin"] and line.rstrip().endswith("Listed the users")
        for line in checked.stdout.splitlines()
    )


def test_data_dir_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "from-env"
    run_hfhate("--demo", "users", "--data-dir", str(data), "--user", "admin", tmp_path=tmp_path)
    env_run = subprocess.run(
        [sys.executable, "-m", "hfhate", "users", "--user", "admin"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={
            **os.environ,
            "HFHATE_DATA_DIR": str(data),
            "HFHATE_PASSWORD": "demo",
            "HFHATE_LOG_DIR": str(tmp_path / "logs"),
        },
    )
    assert env_run.returncode == 0, env_run.stderr
    assert "Grace Okafor" in env_run.stdout


def test_wrong_password_and_wrong_role_are_refused(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    run_hfhate("--demo", "users", "--data-dir", data, "--user", "admin", tmp_path=tmp_path)
    wrong = run_hfhate(
        "users", "--data-dir", data, "--user", "admin", password="nope", tmp_path=tmp_path
    )
    assert wrong.returncode == 3
    assert "username or password is not right" in wrong.stderr
    officer = run_hfhate("users", "--data-dir", data, "--user", "officer", tmp_path=tmp_path)
    assert officer.returncode == 1
    assert "administrator or supervisor role" in officer.stderr


def test_password_asked_on_the_terminal_when_not_in_environment(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    run_hfhate("--demo", "users", "--data-dir", data, "--user", "admin", tmp_path=tmp_path)
    # getpass falls back to reading stdin when there is no terminal.
    asked = run_hfhate(
        "users",
        "--data-dir",
        data,
        "--user",
        "admin",
        password=None,
        input_text="demo\n",
        tmp_path=tmp_path,
    )
    assert asked.returncode == 0, asked.stderr
    assert "Sam Adeyemi" in asked.stdout


def test_corrupt_store_is_refused_and_left_untouched(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    store = data / "hfhate.sqlite"
    store.write_bytes(b"this is not a database\n" * 50)
    before = store.read_bytes()
    refused = run_hfhate("users", "--data-dir", str(data), "--user", "admin", tmp_path=tmp_path)
    assert refused.returncode == 2
    assert "not an hfhate store or is badly damaged" in refused.stderr
    assert store.read_bytes() == before
    assert sorted(p.name for p in data.iterdir()) == ["hfhate.sqlite"]


def test_demo_refuses_a_folder_with_real_records(tmp_path: Path) -> None:
    from hfhate.config import Paths
    from hfhate.services import accounts
    from hfhate.startup import prepare_store

    data = tmp_path / "real"
    ready = prepare_store(Paths(data))
    with ready.store.session_factory.begin() as session:
        accounts.create_first_administrator(
            session,
            ready.device_id,
            full_name="Real Admin",
            username="real",
            password="a long real password",
            confirm="a long real password",
        )
    ready.store.close()
    refused = run_hfhate(
        "--demo",
        "users",
        "--data-dir",
        str(data),
        "--user",
        "real",
        password="a long real password",
        tmp_path=tmp_path,
    )
    assert refused.returncode == 2
    assert "--demo fills only an empty folder" in refused.stderr


def test_errors_go_to_the_log_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "hfhate.sqlite").write_bytes(b"garbage" * 10)
    run_hfhate("users", "--data-dir", str(data), "--user", "admin", tmp_path=tmp_path)
    log = (tmp_path / "logs" / "hfhate.log").read_text(encoding="utf-8")
    assert "hfhate.sqlite" in log


def test_a_command_with_no_terminal_is_not_asked_for_the_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No credential store (keyring's fail backend, as on a headless box) and no terminal:
    the command says the passphrase is needed and changes nothing."""
    import keyring
    from keyring.backends import fail

    from hfhate.config import Paths
    from hfhate.startup import prepare_store

    data = tmp_path / "locked"
    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    prepare_store(
        Paths(data), ask_passphrase=lambda _choosing: "a long passphrase here"
    ).store.close()
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    before = sorted(p.name for p in data.iterdir())
    refused = run_hfhate("users", "--data-dir", str(data), "--user", "admin", tmp_path=tmp_path)
    assert refused.returncode == 2
    assert "administrator passphrase" in refused.stderr
    assert "none could be asked for here" in refused.stderr
    assert sorted(p.name for p in data.iterdir()) == before


def test_the_demo_works_with_no_credential_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo store's key is the public one in the README: nothing to keep, nothing asked."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    data = tmp_path / "demo"
    listed = run_hfhate(
        "--demo", "users", "--data-dir", str(data), "--user", "admin", tmp_path=tmp_path
    )
    assert listed.returncode == 0, listed.stderr
    assert "Tom Walsh" in listed.stdout
    assert (data / "hfhate.sqlite").read_bytes()[:16] != b"SQLite format 3\x00"
    again = run_hfhate("audit", "--data-dir", str(data), "--user", "admin", tmp_path=tmp_path)
    assert again.returncode == 0, again.stderr


def test_store_key_says_where_the_key_is_and_refuses_to_move_a_demo_key(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    shown = run_hfhate(
        "--demo", "store-key", "--data-dir", data, "--user", "admin", tmp_path=tmp_path
    )
    assert shown.returncode == 0, shown.stderr
    assert "public demo key" in shown.stdout
    moved = run_hfhate(
        "store-key",
        "--to-credential-store",
        "--data-dir",
        data,
        "--user",
        "admin",
        tmp_path=tmp_path,
    )
    assert moved.returncode == 1
    assert "demo key" in moved.stderr and "Traceback" not in moved.stderr
    officer = run_hfhate("store-key", "--data-dir", data, "--user", "officer", tmp_path=tmp_path)
    assert officer.returncode == 1 and "administrator" in officer.stderr.lower()

"""Packaging: every package ships, resources and migrations are inside the wheel."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from hfhate.resource_files import read_bytes, read_text

ROOT = Path(__file__).resolve().parents[1]


def listed_packages() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return set(config["tool"]["setuptools"]["packages"])


def test_every_package_folder_is_listed_in_pyproject() -> None:
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "hfhate").rglob("__init__.py")
    }
    on_disk.add("hfhate.resources")
    assert on_disk == listed_packages()


def test_resources_are_read_through_the_package() -> None:
    assert "demo_banner" in read_text("styles", "app.qss")
    assert read_bytes("icons", "hfhate.svg").startswith(b"<svg")


def test_wheel_holds_resources_and_migrations(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    wheel = next(tmp_path.glob("hfhate-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "hfhate/resources/styles/app.qss",
        "hfhate/resources/icons/hfhate.svg",
        "hfhate/migrations/env.py",
        "hfhate/migrations/script.py.mako",
        "hfhate/migrations/versions/0001_accounts_audit_device_outbox.py",
        "hfhate/ui/main_window.py",
        "hfhate/sync/wire_history/0012.json",  # the previous release's wire format
    ):
        assert expected in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[console_scripts]\nhfhate = hfhate.cli.main:main" in text
    assert "[gui_scripts]\nhfhate-window = hfhate.cli.main:window_main" in text


def test_a_source_checkout_reads_the_resources_folder_beside_the_package(tmp_path: Path) -> None:
    """Without the install's ``hfhate.resources`` (``python -S``: no site-packages at all),
    ``resource_files`` reads ``resources/`` in the checkout, as a server started there does."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "from hfhate.resource_files import read_text; "
        "print(read_text('reference', 'notice_settings.json'))"
    )
    shown = subprocess.run(
        [sys.executable, "-S", "-c", code, str(ROOT)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(shown.stdout) == json.loads(
        (ROOT / "resources" / "reference" / "notice_settings.json").read_text()
    )

"""Machines for the tests: each with its own credential store or machine identifier.

The only things replaced are outside hfhate: the OS credential store (``keyring``'s backend,
an in-memory one per machine) and the machine identifier (the file ``/etc/machine-id`` is read
from, one per machine), as on a box without a credential store.
"""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from hfhate.sync import install


class MemoryKeyring(KeyringBackend):
    """One machine's credential store, in memory."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.kept.pop((service, username), None)


class Machines:
    """Switch which machine the code under test runs on: ``use("a")``."""

    def __init__(self, kind: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.kind, self.folder, self.monkeypatch = kind, folder, monkeypatch
        self.keyrings: dict[str, MemoryKeyring] = {}
        folder.mkdir(exist_ok=True)

    def use(self, name: str) -> None:
        if self.kind == "keyring":
            keyring.set_keyring(self.keyrings.setdefault(name, MemoryKeyring()))
            return
        keyring.set_keyring(fail.Keyring())  # no credential store: the machine identifier
        machine_id = self.folder / f"machine-id-{name}"
        if not machine_id.exists():
            machine_id.write_text(f"{name * 32}"[:32] + "\n")
        self.monkeypatch.setattr(install, "LINUX_MACHINE_ID_FILES", (machine_id,))
        self.monkeypatch.setattr(install.sys, "platform", "linux")

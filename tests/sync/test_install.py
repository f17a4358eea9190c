"""This install's id: kept in the credential store, else derived from the machine identifier."""

from __future__ import annotations

import uuid
from pathlib import Path

import keyring
import keyring.errors
import pytest

from hfhate.sync import install
from hfhate.sync.errors import SyncError
from tests.sync.machines import Machines, MemoryKeyring

STORE = uuid.UUID("0190f000-0000-7000-8000-000000000001")


@pytest.mark.parametrize("kind", ["keyring", "machine-id"])
def test_one_id_per_machine_and_store(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    machines = Machines(kind, tmp_path / "machines", monkeypatch)
    machines.use("a")
    first = install.install_id(STORE)
    assert install.install_id(STORE) == first  # kept (or derived again) the same
    assert install.install_id(uuid.uuid4()) != first  # another store on the same machine
    machines.use("b")
    assert install.install_id(STORE) != first  # the same folder on another machine
    machines.use("a")
    assert install.install_id(STORE) == first


def test_the_id_is_kept_in_the_credential_store() -> None:
    store = MemoryKeyring()
    keyring.set_keyring(store)
    made = install.install_id(STORE)
    assert store.kept == {(install.SERVICE, f"install-{STORE}"): made}


class LockedKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")


def test_a_locked_credential_store_is_an_error_not_another_id() -> None:
    keyring.set_keyring(LockedKeyring())
    with pytest.raises(SyncError, match="credential store could not be read"):
        install.install_id(STORE)


def test_machine_identifier_read_from_the_first_file_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    second = tmp_path / "dbus-machine-id"
    second.write_text("abc123\n")
    monkeypatch.setattr(install.sys, "platform", "linux")
    monkeypatch.setattr(install, "LINUX_MACHINE_ID_FILES", (tmp_path / "missing", second))
    assert install.machine_identifier() == "abc123"
    monkeypatch.setattr(install, "LINUX_MACHINE_ID_FILES", (tmp_path / "missing",))
    assert install.machine_identifier().startswith("node-")

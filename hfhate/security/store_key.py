"""The store key: 256 random bits per install, kept where a lost laptop's finder cannot read it.

Every data folder has its own key, made once (``secrets.token_bytes(32)``) when its store is
first made encrypted. It is kept in one of two places, and the data folder's small
``store-key.json`` (0600, written atomically) says which:

- **The operating system's credential store** through ``keyring`` (Windows Credential
  Manager, macOS Keychain, Secret Service on Linux), under the service ``hfhate`` and the
  name ``store-key-<folder id>``; the folder id is a random id kept in ``store-key.json``, so a
  folder can be moved on the same machine, and a copy taken to another machine has no key there.
- **Wrapped by an administrator passphrase** where there is no credential store
  (``keyring.errors.NoKeyringError``, or keyring's ``fail`` backend, as on a headless Linux
  box). The key is encrypted with AES-256-GCM under a key derived from the passphrase by
  argon2id with stronger settings than sign-in (``PASSPHRASE_KDF``: 128 MiB and 3 passes
  against sign-in's 19 MiB and 2; about half a second, asked once at start). The salt, the
  argon2id settings, the nonce and the wrapped key are in ``store-key.json``; the passphrase
  and the clear key are never written anywhere.

A demo store (``hfhate --demo``) uses the fixed, public key ``DEMO_KEY``, hex
``4593044804f4d9da63a1cc4a1357e6489e1c1f5f7d1704da70f5549afa82000a`` (SHA-256 of
"hfhate demo store: not secret"), so the demo and every CLI verb on it work on a machine with
no credential store. It protects nothing and holds no real data. ``--demo`` takes it only for
a new folder (no store yet, or an empty one), and ``store-key.json`` then says ``demo``, so
later starts and commands on that folder, with or without ``--demo``, use it too. A folder
that already has a key, or a plain store with records, is never given the demo key.

A store that exists and is encrypted but whose key cannot be found (the folder was copied
from another laptop, the credential store was reset) cannot be opened on this laptop: the
error says so, and that an administrator restores the laptop's data from the server by
enrolling it again (``StoreKeyMissing``).

``destroy_key`` deletes a folder's key for good (a laptop the server ordered erased,
``hfhate.security.erase``).
"""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

import keyring
import keyring.backend
import keyring.errors
from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from hfhate.config import STORE_FILE_NAME
from hfhate.security.cipher_store import file_kind
from hfhate.security.errors import SecurityError
from hfhate.security.private_files import shred, write_private

KEY_BYTES = 32
SERVICE = "hfhate"
KEY_FILE_NAME = "store-key.json"
DEMO_KEY = bytes.fromhex("4593044804f4d9da63a1cc4a1357e6489e1c1f5f7d1704da70f5549afa82000a")
MIN_PASSPHRASE_LENGTH = 12
_WRAP_INFO = b"hfhate store key"


@dataclass(frozen=True)
class KdfSettings:
    """argon2id settings for the passphrase; kept beside the wrapped key they made."""

    memory_kib: int
    time_cost: int
    parallelism: int


# Sign-in (hfhate/services/passwords.py) uses 19 MiB, 2 passes, 1 lane.
PASSPHRASE_KDF = KdfSettings(memory_kib=128 * 1024, time_cost=3, parallelism=1)

AskPassphrase = Callable[[bool], str]
"""Asks an administrator for the passphrase; its argument is True when choosing a new one."""


class StoreKeyError(SecurityError):
    """The store key cannot be had; the message says what to do."""


class StoreKeyMissing(StoreKeyError):
    """The store is encrypted but its key is nowhere on this laptop."""


class WrongPassphrase(StoreKeyError):
    """The administrator passphrase given does not unwrap the key."""


class PassphraseNeeded(StoreKeyError):
    """There is no credential store and nobody could be asked for the passphrase."""


class PassphraseTooShort(StoreKeyError):
    """A new passphrase is too short to protect the store."""


class CredentialStoreLocked(StoreKeyError):
    """The credential store exists but cannot be read now (locked, access denied)."""


class KeyPlace(Protocol):
    """Somewhere a store key is kept."""

    def read(self) -> bytes | None:
        """The key, or None when this place holds none."""

    def write(self, key: bytes) -> None:
        """Keep ``key`` here."""


@dataclass
class CredentialStorePlace:
    """The key, as hex, in the OS credential store under ``hfhate`` / ``store-key-<folder>``."""

    backend: keyring.backend.KeyringBackend
    folder_id: str

    @property
    def username(self) -> str:
        return f"store-key-{self.folder_id}"

    def read(self) -> bytes | None:
        try:
            kept = self.backend.get_password(SERVICE, self.username)
        except keyring.errors.NoKeyringError:
            raise
        except keyring.errors.KeyringError as error:
            raise _locked(error) from None
        return bytes.fromhex(kept) if kept else None

    def write(self, key: bytes) -> None:
        try:
            self.backend.set_password(SERVICE, self.username, key.hex())
        except keyring.errors.NoKeyringError:
            raise
        except keyring.errors.KeyringError as error:
            raise _locked(error) from None


@dataclass
class PassphrasePlace:
    """The key wrapped (AES-256-GCM) under an argon2id key of an administrator passphrase."""

    key_file: Path
    folder_id: str
    ask: AskPassphrase | None
    kdf: KdfSettings = PASSPHRASE_KDF

    def read(self) -> bytes | None:
        kept = read_key_file(self.key_file)
        wrapped = kept.get("wrapped") if kept else None
        if not isinstance(wrapped, dict):
            return None
        try:
            settings = KdfSettings(**wrapped["kdf"])
            salt, nonce = bytes.fromhex(wrapped["salt"]), bytes.fromhex(wrapped["nonce"])
            sealed = bytes.fromhex(wrapped["key"])
        except (KeyError, TypeError, ValueError) as error:
            raise _not_ours(self.key_file) from error
        wrapping = _derive(self._ask(choosing=False), salt, settings)
        try:
            return AESGCM(wrapping).decrypt(nonce, sealed, _WRAP_INFO)
        except InvalidTag:
            raise WrongPassphrase(
                "That passphrase is not the one this laptop's store was locked with. "
                "Type it again, or ask the administrator who set it."
            ) from None

    def write(self, key: bytes) -> None:
        passphrase = self._ask(choosing=True)
        if len(passphrase) < MIN_PASSPHRASE_LENGTH:
            raise PassphraseTooShort(
                f"Use a passphrase of at least {MIN_PASSPHRASE_LENGTH} characters: "
                "it is all that protects this laptop's store."
            )
        salt = secrets.token_bytes(16)
        nonce = secrets.token_bytes(12)
        wrapping = _derive(passphrase, salt, self.kdf)
        sealed = AESGCM(wrapping).encrypt(nonce, key, _WRAP_INFO)
        wrapped = {
            "salt": salt.hex(),
            "kdf": asdict(self.kdf),
            "nonce": nonce.hex(),
            "key": sealed.hex(),
        }
        write_key_file(self.key_file, self.folder_id, "passphrase", wrapped)

    def _ask(self, *, choosing: bool) -> str:
        if self.ask is None:
            raise PassphraseNeeded(
                "This laptop has no credential store, so its store is locked with an "
                "administrator passphrase, and none could be asked for here. Start hfhate "
                "from the window, or give the passphrase when asked."
            )
        return self.ask(choosing)


def load_or_create_key(
    data_dir: Path,
    *,
    keyring_backend: keyring.backend.KeyringBackend | None = None,
    ask_passphrase: AskPassphrase | None = None,
    demo: bool = False,
    kdf: KdfSettings = PASSPHRASE_KDF,
) -> bytes:
    """The key of the store in ``data_dir``, made and kept on first use.

    ``keyring_backend`` defaults to keyring's own choice. ``ask_passphrase`` is called only
    where there is no credential store (True: choose a new passphrase; False: type it).
    ``demo`` gives a new folder the public demo key. ``kdf`` is for tests. Raises a
    StoreKeyError (with a message for the user) when the key cannot be had.
    """
    key_file = data_dir / KEY_FILE_NAME
    kept = read_key_file(key_file)
    backend = keyring_backend if keyring_backend is not None else keyring.get_keyring()
    if kept is not None:
        folder_id = str(kept["folder"])
        if kept.get("place") == "demo":
            return DEMO_KEY
        if kept.get("place") == "passphrase":
            place: KeyPlace = PassphrasePlace(key_file, folder_id, ask_passphrase, kdf)
            key = place.read()
        else:
            key = _from_credential_store(backend, folder_id)
        if key is not None:
            return key
    if file_kind(data_dir / STORE_FILE_NAME) == "encrypted":
        raise StoreKeyMissing(
            f"The store in {data_dir} is encrypted and its key is not on this laptop, so it "
            "cannot be opened here. An administrator enrols this laptop again (a new data "
            "folder), and its notices come back from the server at the first sync."
        )
    if demo and file_kind(data_dir / STORE_FILE_NAME) in ("missing", "empty"):
        data_dir.mkdir(parents=True, exist_ok=True)
        write_key_file(key_file, uuid.uuid4().hex, "demo", None)
        return DEMO_KEY
    return _create_key(data_dir, key_file, backend, ask_passphrase, kdf)


def destroy_key(
    data_dir: Path, *, keyring_backend: keyring.backend.KeyringBackend | None = None
) -> None:
    """Destroy the key of the store in ``data_dir``: its store cannot be opened again, ever.

    The key is deleted from the credential store (if kept there), and ``store-key.json`` (which
    holds it wrapped where there is no credential store) is shredded. Nothing happens where
    there is no key; a credential store that cannot be reached now raises
    ``CredentialStoreLocked`` before the file is touched, so the key is not left behind
    unnamed.
    """
    key_file = data_dir / KEY_FILE_NAME
    try:
        kept = read_key_file(key_file)
    except StoreKeyError:
        kept = None  # not ours, or unreadable: shredded all the same
    if kept is not None and kept.get("place") == "keyring":
        backend = keyring_backend if keyring_backend is not None else keyring.get_keyring()
        place = CredentialStorePlace(backend, str(kept["folder"]))
        try:
            backend.delete_password(SERVICE, place.username)
        except keyring.errors.PasswordDeleteError:
            pass  # already gone
        except keyring.errors.NoKeyringError:
            pass  # no credential store on this machine now: the key is not there either
        except keyring.errors.KeyringError as error:
            raise _locked(error) from None
    shred(key_file)


def _create_key(
    data_dir: Path,
    key_file: Path,
    backend: keyring.backend.KeyringBackend,
    ask_passphrase: AskPassphrase | None,
    kdf: KdfSettings,
) -> bytes:
    key = secrets.token_bytes(KEY_BYTES)
    folder_id = uuid.uuid4().hex
    data_dir.mkdir(parents=True, exist_ok=True)
    if has_credential_store(backend):
        try:
            CredentialStorePlace(backend, folder_id).write(key)
        except keyring.errors.NoKeyringError:
            pass
        else:
            write_key_file(key_file, folder_id, "keyring", None)
            return key
    PassphrasePlace(key_file, folder_id, ask_passphrase, kdf).write(key)
    return key


def _from_credential_store(backend: keyring.backend.KeyringBackend, folder_id: str) -> bytes | None:
    if not has_credential_store(backend):
        return None
    try:
        return CredentialStorePlace(backend, folder_id).read()
    except keyring.errors.NoKeyringError:
        return None


def has_credential_store(backend: keyring.backend.KeyringBackend) -> bool:
    from keyring.backends import fail

    return not isinstance(backend, fail.Keyring)


def _derive(passphrase: str, salt: bytes, settings: KdfSettings) -> bytes:
    return hash_secret_raw(
        passphrase.encode("utf-8"),
        salt,
        time_cost=settings.time_cost,
        memory_cost=settings.memory_kib,
        parallelism=settings.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def read_key_file(key_file: Path) -> dict[str, Any] | None:
    try:
        kept = json.loads(key_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise StoreKeyError(
            f"The file {key_file}, which says where this laptop's store key is kept, cannot "
            "be read. It has been left as it is; ask IT for help."
        ) from error
    if not isinstance(kept, dict) or "folder" not in kept:
        raise _not_ours(key_file)
    return kept


def _not_ours(key_file: Path) -> StoreKeyError:
    return StoreKeyError(
        f"The file {key_file} is not one hfhate wrote. It has been left as it is; ask IT for help."
    )


def write_key_file(
    key_file: Path, folder_id: str, place: str, wrapped: dict[str, Any] | None
) -> None:
    content: dict[str, Any] = {"version": 1, "folder": folder_id, "place": place}
    if wrapped is not None:
        content["wrapped"] = wrapped
    write_private(key_file, json.dumps(content, indent=1).encode("utf-8"))


def _locked(error: Exception) -> CredentialStoreLocked:
    return CredentialStoreLocked(
        f"The system's credential store could not be read ({type(error).__name__}), so the "
        "store cannot be unlocked. Sign in to the desktop (which unlocks it) and start "
        "hfhate again. Nothing was lost."
    )

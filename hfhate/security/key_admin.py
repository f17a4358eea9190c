"""An administrator's changes to where a store key is kept: a new passphrase, or a move
between the credential store and a passphrase.

The key itself never changes (the store and photos stay as they are); only how it is kept:

- ``change_passphrase``: a folder locked with a passphrase gets a new one (the key is wrapped
  again under a new salt; the old passphrase no longer opens it);
- ``to_credential_store``: a laptop that now has a credential store (Windows Credential
  Manager, macOS Keychain, a Secret Service) keeps the key there, and the wrapped copy is
  removed from ``store-key.json``, so no passphrase is asked at start any more;
- ``to_passphrase``: the reverse, before a credential store is reset or removed.

Each step is ordered so that a crash or a refusal half-way leaves the key where it was: the
new place is written and read back first, ``store-key.json`` is replaced atomically to point
at it, and only then is the old place cleared. The demo key is public and stays as it is.
"""

from __future__ import annotations

from pathlib import Path

import keyring
import keyring.backend
import keyring.errors

from hfhate.security.store_key import (
    KEY_FILE_NAME,
    PASSPHRASE_KDF,
    SERVICE,
    AskPassphrase,
    CredentialStorePlace,
    KdfSettings,
    PassphrasePlace,
    StoreKeyError,
    has_credential_store,
    read_key_file,
    write_key_file,
)

PLACE_WORDS = {
    "keyring": "the system's credential store",
    "passphrase": "wrapped by an administrator passphrase",
    "demo": "the public demo key (a demo store)",
}


def key_place(data_dir: Path) -> str:
    """Where the key of the store in ``data_dir`` is kept: keyring, passphrase or demo."""
    kept = read_key_file(data_dir / KEY_FILE_NAME)
    if kept is None:
        raise StoreKeyError(f"There is no store key in {data_dir}.")
    return str(kept.get("place"))


def change_passphrase(
    data_dir: Path, key: bytes, ask_new: AskPassphrase, *, kdf: KdfSettings = PASSPHRASE_KDF
) -> None:
    """Wrap ``key`` (already unlocked) under a new passphrase from ``ask_new``."""
    folder_id, place = _folder(data_dir, key)
    if place != "passphrase":
        raise StoreKeyError(
            f"This laptop's store key is kept in {PLACE_WORDS.get(place, place)}, not under a "
            "passphrase: there is no passphrase to change."
        )
    PassphrasePlace(data_dir / KEY_FILE_NAME, folder_id, ask_new, kdf).write(key)


def to_credential_store(
    data_dir: Path, key: bytes, backend: keyring.backend.KeyringBackend | None = None
) -> None:
    """Keep ``key`` in the credential store and remove the passphrase-wrapped copy."""
    backend = backend if backend is not None else keyring.get_keyring()
    folder_id, place = _folder(data_dir, key)
    if place == "keyring":
        raise StoreKeyError("This laptop's store key is already in the credential store.")
    if not has_credential_store(backend):
        raise StoreKeyError(
            "This laptop has no credential store that hfhate can use (Windows Credential "
            "Manager, macOS Keychain or a Secret Service). The key stays under its passphrase."
        )
    target = CredentialStorePlace(backend, folder_id)
    try:
        target.write(key)
        if target.read() != key:
            raise StoreKeyError(
                "The credential store did not give the key back as written. The key stays "
                "under its passphrase; ask IT to check the credential store."
            )
    except keyring.errors.NoKeyringError as error:
        raise StoreKeyError("The credential store cannot be used here.") from error
    write_key_file(data_dir / KEY_FILE_NAME, folder_id, "keyring", None)


def to_passphrase(
    data_dir: Path,
    key: bytes,
    ask_new: AskPassphrase,
    backend: keyring.backend.KeyringBackend | None = None,
    *,
    kdf: KdfSettings = PASSPHRASE_KDF,
) -> None:
    """Wrap ``key`` under a new passphrase and remove it from the credential store."""
    backend = backend if backend is not None else keyring.get_keyring()
    folder_id, place = _folder(data_dir, key)
    if place == "passphrase":
        raise StoreKeyError(
            "This laptop's store key is already under a passphrase; change the passphrase instead."
        )
    key_file = data_dir / KEY_FILE_NAME
    PassphrasePlace(key_file, folder_id, ask_new, kdf).write(key)
    try:
        backend.delete_password(SERVICE, CredentialStorePlace(backend, folder_id).username)
    except keyring.errors.KeyringError:
        pass  # already gone, or the credential store went first: the key file holds it now


def _folder(data_dir: Path, key: bytes) -> tuple[str, str]:
    """The folder id and the key's place, refusing a demo folder."""
    kept = read_key_file(data_dir / KEY_FILE_NAME)
    if kept is None:
        raise StoreKeyError(f"There is no store key in {data_dir}.")
    place = str(kept.get("place"))
    if place == "demo":
        raise StoreKeyError(
            "A demo store uses the public demo key, which protects nothing; it is not moved "
            "or put under a passphrase. Real data goes in a store of its own."
        )
    if len(key) != 32:
        raise StoreKeyError("The store key given is not a store key.")
    return str(kept["folder"]), place

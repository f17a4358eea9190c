"""This install's id: which copy of a data folder is speaking, bound to the machine.

A data folder copied to another machine (a disk image, a backup restored onto a spare) keeps
the store's device id, token and notice sequence, so the store cannot tell the copies apart.
The install id is kept outside the folder, where a copy of the folder does not take it along:

- **Windows**: the Credential Manager (``keyring``'s WinVault backend), under the service
  ``hfhate`` and the store's own random id (its device id); it belongs to the Windows user
  profile on that machine.
- **macOS**: the login Keychain (``keyring``'s macOS backend), under the same names.
- **Linux**: the Secret Service (GNOME Keyring, KWallet) when a desktop session provides one.

The first time it is asked for, a random id is made and kept there. Where no credential
store exists at all (``keyring.errors.NoKeyringError``: a headless Linux box, a minimal
image), the id is derived instead: SHA-256 of the machine's own identifier (``/etc/machine-id``
or ``/var/lib/dbus/machine-id`` on Linux, ``MachineGuid`` under
``HKLM\\SOFTWARE\\Microsoft\\Cryptography`` on Windows, ``IOPlatformUUID`` from ``ioreg`` on
macOS) and the store's random id, so the same folder on another machine gives another id.
A credential store that exists but cannot be read now (locked, access denied) is an error,
not a reason to fall back: falling back would change the id and look like a copy.

The laptop sends the id with every request (``INSTALL_HEADER``); the server keeps the first
one it sees for a device and refuses that device's token with any other (a copy). A machine
re-imaged with a fresh operating system has a new credential store and machine identifier,
so it too is told to enrol again. A copy on the same machine, in another folder, shares the
id (the same credential store and machine identifier) and is not told apart.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import uuid
from pathlib import Path

import keyring
import keyring.errors

from hfhate.sync.errors import SyncError

INSTALL_HEADER = "X-Hfhate-Install"
# On the server's answers to the legitimate laptop of a device a copy of which was refused:
# when (ISO 8601), so that laptop says so too (``hfhate/sync/clones.py``).
COPY_REFUSED_HEADER = "X-Hfhate-Copy-Refused"
SERVICE = "hfhate"
LINUX_MACHINE_ID_FILES = (Path("/etc/machine-id"), Path("/var/lib/dbus/machine-id"))


def install_id(store_id: uuid.UUID) -> str:
    """This install's id for the store whose random id is ``store_id`` (made on first use)."""
    username = f"install-{store_id}"
    try:
        kept = keyring.get_password(SERVICE, username)
        if kept:
            return kept
        made = f"k-{uuid.uuid4().hex}"
        keyring.set_password(SERVICE, username, made)
        return made
    except keyring.errors.NoKeyringError:
        pass
    except keyring.errors.KeyringError as error:
        raise SyncError(
            f"The system's credential store could not be read ({type(error).__name__}); "
            "unlock it (sign in to the desktop) and sync again. Nothing was lost."
        ) from None
    digest = hashlib.sha256(f"{machine_identifier()}:{store_id}".encode()).hexdigest()
    return f"m-{digest[:40]}"


def machine_identifier() -> str:
    """The operating system's own id of this machine, changed by a reinstall."""
    if sys.platform == "win32":
        found = _windows_machine_guid()
    elif sys.platform == "darwin":
        found = _mac_platform_uuid()
    else:
        found = _linux_machine_id()
    # Last resort: the network card's address (uuid.getnode) and the host name.
    return found or f"node-{uuid.getnode():012x}-{_hostname()}"


def _linux_machine_id() -> str | None:
    for path in LINUX_MACHINE_ID_FILES:
        try:
            text = path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            continue
        if text:
            return text
    return None


def _windows_machine_guid() -> str | None:  # pragma: no cover - Windows only
    try:
        import winreg

        key = winreg.OpenKey(  # type: ignore[attr-defined,unused-ignore]
            winreg.HKEY_LOCAL_MACHINE,  # type: ignore[attr-defined,unused-ignore]
            r"SOFTWARE\Microsoft\Cryptography",
            0,
            winreg.KEY_READ | winreg.KEY_WOW64_64KEY,  # type: ignore[attr-defined,unused-ignore]
        )
        with key:
            value, _kind = winreg.QueryValueEx(key, "MachineGuid")  # type: ignore[attr-defined,unused-ignore]
        return str(value) or None
    except (ImportError, OSError):
        return None


def _mac_platform_uuid() -> str | None:  # pragma: no cover - macOS only
    try:
        shown = subprocess.run(
            ["/usr/sbin/ioreg", "-rd1", "-c", "IOPlatformExpertDevice"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r'"IOPlatformUUID"\s*=\s*"([^"]+)"', shown)
    return match.group(1) if match else None


def _hostname() -> str:
    import socket

    return socket.gethostname()

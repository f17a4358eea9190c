"""The administrator passphrase at a terminal, for a laptop with no credential store.

Asked only on a terminal (``getpass``: nothing is echoed); a command run with no terminal
(a script, a scheduled task) is not asked and stops with ``PassphraseNeeded``'s message.
There is deliberately no environment variable for the passphrase: a variable leaks through
the process list (``/proc/<pid>/environ``), shell history, crash reports and CI logs, and
the passphrase is all that protects a store on a machine with no credential store. A machine
that runs hfhate unattended should have a credential store (Windows Credential Manager,
macOS Keychain, a Secret Service on Linux), where the key is then kept with no passphrase.
"""

from __future__ import annotations

import getpass
import sys

from hfhate.security.store_key import MIN_PASSPHRASE_LENGTH, AskPassphrase, StoreKeyError


def terminal_passphrase() -> AskPassphrase | None:
    """How to ask for the passphrase here: at the terminal, or None with no terminal."""
    if not sys.stdin.isatty():
        return None
    return _ask


def _ask(choosing: bool) -> str:
    if not choosing:
        return getpass.getpass("Administrator passphrase of this laptop's store: ")
    print(
        "This laptop has no credential store, so its store is locked with an administrator "
        f"passphrase. Choose one of at least {MIN_PASSPHRASE_LENGTH} characters; it is "
        "asked for at every start and cannot be recovered.",
        file=sys.stderr,
    )
    first = getpass.getpass("New passphrase: ")
    again = getpass.getpass("The same passphrase again: ")
    if first != again:
        raise StoreKeyError("The two passphrases typed differ. Nothing was changed; try again.")
    return first

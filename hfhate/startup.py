"""Getting a store ready to use: unlock it, open or create it, know this device, fill demo data.

Shared by the window (``hfhate.app``) and the command-line verbs, and free of Qt. Unlocking
(``unlock_data_folder``), before the store is opened: a folder erased on the server's order
(``ERASED.txt``) is refused with its explanation, an upgrade a killed process left half
done is rolled back or forward, the store key is taken from where the folder keeps it (the
OS credential store, or wrapped by an administrator passphrase that ``ask_passphrase`` asks
for; the public demo key for a demo folder), and a plain store, its backups and its photos
are encrypted in place. The store is then opened with the key, and refused unless WAL,
foreign keys, full synchronous writes and encryption are in force.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.exc import OperationalError

from hfhate.config import Paths
from hfhate.models.data_folder import data_folder_problem
from hfhate.models.store import (
    Store,
    StoreError,
    cannot_write,
    check_store_exists,
    open_store,
    write_refused,
)
from hfhate.security.cipher_store import file_kind
from hfhate.security.erase import refuse_if_erased
from hfhate.security.store_key import KEY_FILE_NAME, AskPassphrase, load_or_create_key
from hfhate.security.upgrade import finish_interrupted_upgrade, needs_upgrade, upgrade_to_encrypted
from hfhate.services.accounts import needs_first_administrator
from hfhate.services.device import is_demo_store, this_device

log = logging.getLogger(__name__)


@dataclass
class ReadyStore:
    """An open store, this device's id, and whether it holds demo data."""

    store: Store
    device_id: uuid.UUID
    demo: bool


def prepare_store(
    paths: Paths,
    *,
    demo: bool = False,
    create: bool = True,
    progress: Callable[[str], None] | None = None,
    ask_passphrase: AskPassphrase | None = None,
    check_pages: bool = True,
) -> ReadyStore:
    """Unlock and open the store in ``paths``; with ``demo``, fill a new one with sample data.

    ``create`` False (the commands) refuses a folder with no store instead of making one.
    ``progress`` hears each stage of a demo fill, in words. ``ask_passphrase`` is asked only
    where there is no credential store (see ``hfhate.security.store_key``). ``check_pages``
    False leaves a page-by-page check that is due to the caller (``models.store.open_store``).
    Raises StoreError or SecurityError (with a message for the user) if it cannot be used.
    """
    key = unlock_data_folder(paths, demo=demo, create=create, ask_passphrase=ask_passphrase)
    store = open_store(paths, key, create=create, check_pages=check_pages)
    try:
        with store.session_factory.begin() as session:
            device_id = this_device(session).id
            empty = needs_first_administrator(session)
            if demo and empty:
                from hfhate.services.demo.fill import fill_demo_store  # only for a new demo

                fill_demo_store(session, device_id, progress=progress or (lambda _s: None))
            elif demo and not is_demo_store(session):
                raise StoreError(
                    f"--demo fills only an empty folder, and {paths.data_dir} holds real "
                    "records. Leave out --demo to open it, or choose an empty folder."
                )
            is_demo = is_demo_store(session)
    except OperationalError as error:
        store.close()
        if write_refused(error):  # a read-only file or disk
            raise cannot_write(paths) from error
        raise
    except BaseException:
        store.close()
        raise
    return ReadyStore(store=store, device_id=device_id, demo=is_demo)


def unlock_data_folder(
    paths: Paths,
    *,
    demo: bool = False,
    create: bool = True,
    ask_passphrase: AskPassphrase | None = None,
) -> bytes:
    """The store key of ``paths``, with the folder made wholly encrypted; see the docstring.

    Nothing is made or asked for in a folder that is refused anyway (no store where none may
    be made, a file that is not a store).
    """
    refuse_if_erased(paths.data_dir)  # erased on the server's order: say so, make nothing
    if not create:
        check_store_exists(paths)
    if (problem := data_folder_problem(paths.data_dir)) is not None:
        raise StoreError(problem)
    if file_kind(paths.store) == "encrypted" and not (paths.data_dir / KEY_FILE_NAME).exists():
        raise StoreError(
            f"The file {paths.store} is not an hfhate store or is badly damaged, or it is an "
            f"encrypted store copied here without its {KEY_FILE_NAME}. It has been left "
            "untouched. Restore it from a backup, or ask IT for help."
        )
    if needs_upgrade(paths.data_dir):
        finish_interrupted_upgrade(paths.data_dir)
    key = load_or_create_key(paths.data_dir, ask_passphrase=ask_passphrase, demo=demo)
    if needs_upgrade(paths.data_dir):
        report = upgrade_to_encrypted(paths.data_dir, key)
        log.info(
            "Encrypted the data folder in place: %d database file(s), %d photo(s)",
            len(report.databases),
            report.photos,
        )
    return key

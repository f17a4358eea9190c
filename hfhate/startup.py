"""Getting a store ready to use: open or create it, know this device, fill demo data.

Shared by the window (``hfhate.app``) and the command-line verbs, and free of Qt.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.exc import OperationalError

from hfhate.config import Paths
from hfhate.models.store import Store, StoreError, cannot_write, open_store, write_refused
from hfhate.services.accounts import needs_first_administrator
from hfhate.services.device import is_demo_store, this_device


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
) -> ReadyStore:
    """Open the store in ``paths``; with ``demo``, fill it with sample data if it is empty.

    ``create`` False (the commands) refuses a folder with no store instead of making one.
    ``progress`` hears each stage of a demo fill, in words.
    Raises StoreError (with a message for the user) if the store cannot be used.
    """
    store = open_store(paths, create=create)
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

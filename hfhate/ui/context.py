"""What every screen is handed: the store's operations, the signed-in user, the signal that
says what changed, and the session's link to the sync server."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar, Unpack

from PySide6.QtCore import QObject, Signal
from sqlalchemy.orm import Session, sessionmaker

from hfhate.config import Paths
from hfhate.security.photo_box import photo_key
from hfhate.services.actor import Actor
from hfhate.services.ops import OpChanges
from hfhate.ui.operations import Done, Operations, RunOptions

if TYPE_CHECKING:
    from hfhate.ui.central_bar import CentralAccess
    from hfhate.ui.sync.controller import SyncController

T = TypeVar("T")


class Changes(QObject):
    """What each operation changed; screens that show those records refresh."""

    changed = Signal(OpChanges)


@dataclass(frozen=True)
class UiContext:
    """The signed-in user's working context, passed to each screen's constructor."""

    session_factory: sessionmaker[Session]
    actor: Actor
    paths: Paths
    # The store key, for what reads or writes sealed photos and for a worker's own store.
    store_key: bytes = field(repr=False)
    demo: bool
    changes: Changes
    # Automatic sync and "Sync now" for this signed-in session (the main window's; screens
    # built on their own in tests have none).
    sync: SyncController | None = None

    @property
    def photo_key(self) -> bytes:
        """The key evidence photos are sealed with."""
        return photo_key(self.store_key)

    @cached_property
    def central(self) -> CentralAccess:
        """This session's link to the server for central administration (``ui.central_bar``)."""
        from hfhate.ui.central_bar import CentralAccess

        return CentralAccess(self.session_factory, self.actor, self.sync)

    @cached_property
    def operations(self) -> Operations:
        """The store's operations, announcing what they change on ``changes``."""
        return Operations(self.session_factory, self.changes)

    def read(self, query: Callable[[Session], T]) -> T:
        """What ``query(session)`` returns (``Operations.read``)."""
        return self.operations.read(query)

    def run(
        self, operation: Callable[[Session], T], **options: Unpack[RunOptions]
    ) -> Done[T] | None:
        """Run ``operation`` for the user, as ``Operations.run`` does."""
        return self.operations.run(operation, **options)

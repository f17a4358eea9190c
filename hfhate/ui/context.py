"""What every screen is handed: the session factory, the signed-in user, change signals, and
the session's link to the sync server."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from sqlalchemy.orm import Session, sessionmaker

from hfhate.config import Paths
from hfhate.services.actor import Actor

if TYPE_CHECKING:
    from hfhate.ui.sync.controller import SyncController


class Changes(QObject):
    """Screens say what they changed (a record type); screens that show it refresh."""

    changed = Signal(str)


@dataclass(frozen=True)
class UiContext:
    """The signed-in user's working context, passed to each screen's constructor."""

    session_factory: sessionmaker[Session]
    actor: Actor
    paths: Paths
    demo: bool
    changes: Changes
    # Automatic sync and "Sync now" for this signed-in session (the main window's; screens
    # built on their own in tests have none).
    sync: SyncController | None = None

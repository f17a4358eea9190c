"""The signed-in session's link to the server: automatic sync, "Sync now", and reachability.

One ``SyncController`` lives as long as the main window (it is part of the ``UiContext``). A
timer asks its ``SyncSchedule`` (``hfhate/sync/schedule.py``, Qt-free) what is due: a light
check of ``GET /api/v1/health`` (short timeout, one try) tells whether the server can be
reached; a sync runs every few minutes, at once when the server becomes reachable, and after
a failure with backoff. Checks and syncs run in worker threads (``Job``, ``StoreJob``); only
one sync runs at a time, whoever asks. When the system can say that the network changed
(``QNetworkInformation``), the server is checked at once; without such a backend (often the
case on Linux) the periodic check does it.

The server password is kept in memory for this signed-in session once the user has typed it
for "Sync now", and forgotten when the server refuses something that trying again would not
mend (``retry_helps``) or when the window closes. A failed sync never opens a dialog: it is
written to the audit trail and shown in the status bar and the Sync area. A sync the server
answered with an order to erase this laptop stops everything and emits ``erase_ordered``: the
window closes and ``hfhate.app`` erases the data folder and says why.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtNetwork import QNetworkInformation

from hfhate.config import Paths
from hfhate.models import utc_now
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.device import enrolled_server
from hfhate.services.ops import OpChanges
from hfhate.sync import status
from hfhate.sync.ca import stored_ca_file
from hfhate.sync.schedule import SyncSchedule, retry_helps
from hfhate.ui.operations import Operations
from hfhate.ui.sync.worker import Job, StoreJob

if TYPE_CHECKING:
    from hfhate.sync import client
    from hfhate.sync.transport import Transport

log = logging.getLogger(__name__)

# How a sync builds its transports: the server's address and the CA file to trust (or None).
TransportMaker = Callable[[str, str | None], "Transport"]
CHECK_TIMEOUT = 5.0
# What a sync or an enrolment announces when it ends: the link's state. Records pulled are
# not announced, so lists do not reload under the user's hands at every automatic sync.
LINK_CHANGED = OpChanges.of("sync_state")


def usual_transport(url: str, ca_file: str | None) -> Transport:
    """``transport_for``, imported when the first check or sync runs (in a worker thread):
    httpx and the wire schemas stay out of the window's start."""
    from hfhate.sync.transport import transport_for

    return transport_for(url, ca_file)


def sync_on_own_store(
    store: Store,
    actor: Actor,
    password: str,
    make_transport: TransportMaker,
    progress: client.Progress,
) -> client.SyncReport:
    """One sync as ``actor``, trusting the CA file stored for the server (worker thread)."""
    from hfhate.sync import client

    ca_file = Operations.on(store).read(stored_ca_file)
    return client.sync(
        store, actor, password, lambda url: make_transport(url, ca_file), progress=progress
    )


class SyncController(QObject):
    """Runs syncs and reachability checks for the signed-in user; says when anything changed."""

    changed = Signal()  # online, running, progress or the plan changed
    synced = Signal(object)  # the SyncReport of a sync that went well
    stopped = Signal(str)  # why a sync stopped, in plain words
    # The server ordered this laptop erased (the EraseOrdered): the window closes, then erases.
    erase_ordered = Signal(object)

    def __init__(
        self,
        operations: Operations,
        actor: Actor,
        paths: Paths,
        store_key: bytes,
        *,
        schedule: SyncSchedule | None = None,
        make_transport: TransportMaker = usual_transport,
        tick_ms: int = 1000,
        check_timeout: float = CHECK_TIMEOUT,
        watch_network: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.operations = operations
        self.actor = actor
        self.paths = paths
        self.store_key = store_key
        self.schedule = schedule or SyncSchedule()
        self.make_transport = make_transport
        self.check_timeout = check_timeout
        self.clock = clock
        self.password: str | None = None  # this signed-in session only, never stored
        self.sync_job: StoreJob | None = None
        self.check_job: Job | None = None
        self.progress: str | None = None  # the running sync's progress line
        self.counts: tuple[int, int] = (0, 0)  # its done and total, for a progress bar
        self.checked_at: datetime | None = None
        self.problem = ""  # why the last check did not reach the server
        self.syncs_started = 0
        self.watching = False  # the system tells of network changes
        self.timer = QTimer(self)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self.tick)
        if watch_network:
            self._watch_network()

    @property
    def running(self) -> bool:
        return self.sync_job is not None

    @property
    def online(self) -> bool | None:
        return self.schedule.online

    def start(self) -> None:
        self.timer.start()
        QTimer.singleShot(0, self.tick)

    def stop(self) -> None:
        """The window closed: no more syncs or checks, and the password is forgotten."""
        self.timer.stop()
        self.password = None
        info = QNetworkInformation.instance()
        if self.watching and info is not None:
            info.reachabilityChanged.disconnect(self._network_changed)
            self.watching = False

    def plan_line(self) -> str:
        return self.schedule.plan_line(
            self.clock(), utc_now(), password_known=self.password is not None
        )

    def tick(self) -> None:
        """Start what is due: a reachability check, an automatic sync."""
        if not self.timer.isActive():
            return  # stopped: the window closed
        now = self.clock()
        if self.sync_job is None and self.check_job is None and self.schedule.check_due(now):
            self.check()
        if self.password is not None and self.sync_job is None and self.schedule.sync_due(now):
            self._start_sync()

    def check_now(self) -> None:
        """Check the server at the next tick (after enrolment, a new CA file, a network change)."""
        self.schedule.check_soon(self.clock())
        QTimer.singleShot(0, self.tick)

    def check(self) -> None:
        server = self.operations.read(enrolled_server)
        if server is None:
            self.schedule.no_server(self.clock())
            return
        url, ca_file = server.url, server.ca_file
        timeout = self.check_timeout

        def reach() -> bool:
            from hfhate.sync.schemas import Health
            from hfhate.sync.transport import RetryPolicy, transport_for

            with transport_for(
                url, ca_file, timeout=timeout, retry=RetryPolicy(attempts=1)
            ) as transport:
                transport.call("GET", "/health", Health)
            return True

        job = Job(reach)
        job.signals.finished.connect(lambda _ok: self._checked(reachable=True, problem=""))
        job.signals.failed.connect(lambda reason: self._checked(reachable=False, problem=reason))
        self.check_job = job
        job.start()

    def _checked(self, *, reachable: bool, problem: str) -> None:
        self.check_job = None
        self.checked_at = utc_now()
        self.problem = problem
        came_online = self.schedule.checked(self.clock(), reachable=reachable)
        self.changed.emit()
        if came_online:
            self.tick()

    def sync_now(self, password: str | None = None) -> bool:
        """Sync at once (with ``password`` from now on, if given); False if one is running."""
        if password is not None:
            self.password = password
        if self.running or self.password is None:
            return False
        self._start_sync()
        return True

    def _start_sync(self) -> None:
        actor, password, make_transport = self.actor, self.password, self.make_transport
        assert password is not None
        job = StoreJob(
            self.paths,
            self.store_key,
            lambda store: sync_on_own_store(
                store, actor, password, make_transport, job.signals.progress.emit
            ),
        )
        job.signals.progress.connect(self._progressed)
        job.signals.finished.connect(self._synced)
        job.signals.failed.connect(self._failed)
        job.signals.erase.connect(self._erase_ordered)
        self.sync_job = job
        self.syncs_started += 1
        self.progress, self.counts = status.SYNCING, (0, 0)
        self.schedule.started()
        job.start()
        self.changed.emit()

    @Slot(str, int, int)  # the worker's signals are delivered to these in the GUI thread
    def _progressed(self, stage: str, done: int, total: int) -> None:
        if self.sync_job is not None:
            self.progress, self.counts = status.progress_line(stage, done, total), (done, total)
            self.changed.emit()

    def _ended(self) -> None:
        self.sync_job = None
        self.progress = None
        self.operations.announce(LINK_CHANGED)

    @Slot(object)
    def _synced(self, report: client.SyncReport) -> None:
        self.schedule.synced(self.clock())
        self.checked_at, self.problem = utc_now(), ""
        self._ended()
        self.synced.emit(report)
        self.changed.emit()

    @Slot(str)
    def _failed(self, reason: str) -> None:
        self.operations.run(lambda session: status.record_failure(session, self.actor, reason))
        if not retry_helps(reason):
            self.password = None  # refused: ask again at the next "Sync now"
        delay = self.schedule.failed(self.clock())
        log.info("sync stopped (%s); next automatic try in %.0f s", reason, delay)
        self._ended()
        self.stopped.emit(reason)
        self.changed.emit()

    @Slot(object)
    def _erase_ordered(self, order: object) -> None:
        """No more syncs or checks; the window is told, and erases once it has closed."""
        self.sync_job, self.progress = None, None
        self.stop()
        log.warning("the server ordered this laptop erased")
        self.erase_ordered.emit(order)

    def _watch_network(self) -> None:
        """Check the server at once when the system says the network changed, if it can say."""
        try:
            loaded = QNetworkInformation.loadBackendByFeatures(
                QNetworkInformation.Feature.Reachability
            )
        except RuntimeError:  # no plugin at all
            loaded = False
        info = QNetworkInformation.instance() if loaded else None
        if info is None:
            log.info(
                "no network information backend: the server is checked every %.0f s",
                self.schedule.check_interval,
            )
            return
        info.reachabilityChanged.connect(self._network_changed)
        self.watching = True

    def _network_changed(self, reachability: QNetworkInformation.Reachability) -> None:
        log.info("the network changed (%s): checking the server", reachability.name)
        self.check_now()

"""When the app syncs by itself: every few minutes, at once when the server can be reached
again, and after a failure later and later (exponential backoff with jitter).

``SyncSchedule`` only keeps times (seconds on a monotonic clock, handed in by the caller) and
answers "is a sync due?" and "is a reachability check due?"; the window's sync controller asks
it on a timer and runs the work in a worker thread. A failure that trying again cannot mend
(the server refused the password, a certificate not trusted, versions that do not match) is
told apart from one that may pass (``retry_helps``): the first waits for a person to press
"Sync now", the second is tried again after the backoff.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from hfhate.sync.status import hh_mm

# Phrases of the SyncError messages (hfhate/sync/transport.py, client.py) that a later attempt
# may not meet: the network, the server being down or busy, a Wi-Fi sign-in page in the way.
PASSING_TROUBLE = (
    "could not be reached",
    "did not answer in time",
    "had a problem (HTTP",
    "was a web page",
    "could not be read",
    "did not cover the changes sent",
    "was cut off",  # a photo download (hfhate/sync/photos.py)
    "did not send photo",
)


def retry_helps(reason: str) -> bool:
    """Whether trying again later may succeed without anyone doing anything."""
    return any(phrase in reason for phrase in PASSING_TROUBLE)


@dataclass
class SyncSchedule:
    """The next automatic sync and the next reachability check, and how patient to be."""

    interval: float = 300.0  # between syncs that went well
    check_interval: float = 60.0  # between reachability checks of the server
    first_retry: float = 30.0  # after one failure; doubled for each failure after it
    longest_retry: float = 1800.0
    jitter: Callable[[float, float], float] = field(default=random.uniform, repr=False)
    failures: int = 0  # failed syncs in a row
    online: bool | None = None  # None: not known yet
    next_sync: float | None = 0.0  # None: none planned (one is running)
    next_check: float = 0.0

    def sync_due(self, now: float) -> bool:
        """A sync is due, and the server is not known to be unreachable."""
        return self.next_sync is not None and now >= self.next_sync and self.online is not False

    def check_due(self, now: float) -> bool:
        return now >= self.next_check

    def started(self) -> None:
        """A sync started (automatic or "Sync now"): none other is due until it ends."""
        self.next_sync = None

    def synced(self, now: float) -> None:
        self.failures = 0
        self.online = True
        self.next_sync = now + self.interval

    def failed(self, now: float) -> float:
        """Plan the next try after a failure; returns the delay (seconds)."""
        self.failures += 1
        delay = self.retry_delay()
        self.next_sync = now + delay
        self.next_check = now  # find out at once whether the server went away
        return delay

    def retry_delay(self) -> float:
        """Exponential backoff with "equal jitter": between half and all of the ceiling.

        The jitter spreads the laptops of a whole team that lost the server at the same moment;
        keeping at least half the ceiling stops a run of failures retrying almost at once.
        """
        ceiling = min(self.longest_retry, self.first_retry * 2 ** max(self.failures - 1, 0))
        return self.jitter(ceiling / 2, ceiling)

    def checked(self, now: float, *, reachable: bool) -> bool:
        """Record a reachability check; True when the server has just become reachable.

        Coming online (from offline, or at the first check) makes a sync due at once, whatever
        the backoff: the failures were most likely the missing connection.
        """
        came_online = reachable and self.online is not True
        self.online = reachable
        self.next_check = now + self.check_interval
        if came_online and self.next_sync is not None:
            self.next_sync = now
        return came_online

    def no_server(self, now: float) -> None:
        """Not enrolled (or no longer): nothing to check; look again after the interval."""
        self.online = None
        self.next_check = now + self.check_interval

    def check_soon(self, now: float) -> None:
        """The network changed (the system said so): check the server at the next tick."""
        self.next_check = now

    def seconds_to_sync(self, now: float) -> float | None:
        if self.next_sync is None:
            return None
        return max(0.0, self.next_sync - now)

    def plan_line(self, now: float, wall: datetime, *, password_known: bool) -> str:
        """When the next automatic sync is, in words; ``wall`` is the time of day now."""
        if self.next_sync is None:
            return "Syncing now."
        if not password_known:
            return (
                "Starts after your first Sync now in this session: the server needs your "
                "password, which is kept in memory only until you sign out."
            )
        if self.online is False:
            return "As soon as the server can be reached again."
        at = hh_mm(wall + timedelta(seconds=self.seconds_to_sync(now) or 0.0))
        if self.failures:
            failed = f"{self.failures} attempt{'s' if self.failures > 1 else ''} failed"
            return f"Trying again about {at} ({failed})."
        return (
            f"Every {duration(self.interval)}, and when the server can be reached again; "
            f"next about {at}."
        )


def duration(seconds: float) -> str:
    """``5 minutes``, ``1 hour``, ``30 seconds``."""
    size, unit = next(
        ((size, unit) for size, unit in ((3600, "hour"), (60, "minute")) if seconds >= size),
        (1, "second"),
    )
    count = round(seconds / size)
    return f"{count} {unit}{'' if count == 1 else 's'}"

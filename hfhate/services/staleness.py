"""How long this laptop has gone without reaching the server, and what that allows.

A laptop's copy of the records grows stale when it does not sync: payments and cancellations
made centrally never reach it, and what it holds is never backed up. Past ``stale_warn_days``
without a successful sync, sign-in warns; past ``stale_block_days`` the laptop only shows and
syncs: every change to a synced record is refused (``refuse_if_blocked``, called by
``services.changes`` for every create and update) until a sync succeeds.

A laptop that was never enrolled with a server (stand-alone, or a demo store) has nothing to
fall behind: it is never stale. An enrolled laptop that has not synced yet counts from its
enrolment.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from hfhate.models import SyncState, utc_now
from hfhate.services.device import is_demo_store
from hfhate.services.errors import ServiceError
from hfhate.services.laptop_settings import FEWEST_DAYS, LaptopSettings, current_laptop_settings

# Records a stale laptop may still change: a user's own password and account (so that a
# forced password change after a reset still lets them in to sync).
ALWAYS_ALLOWED = frozenset({"users"})


class Level(enum.Enum):
    """What a laptop's time without a sync allows."""

    FRESH = "fresh"
    WARN = "warn"
    BLOCKED = "blocked"


@dataclass(frozen=True)
class Staleness:
    """Days since the laptop last reached the server, and what that allows."""

    level: Level
    days: int  # whole days since the last successful sync (0 when never enrolled)
    settings: LaptopSettings

    @property
    def message(self) -> str:
        """What to tell the user ("" when nothing is wrong)."""
        if self.level is Level.WARN:
            left = self.settings.stale_block_days - self.days
            return (
                f"This laptop has not reached the council's server for {self.days} days. "
                "Connect to the network and sync (Sync area, Sync now) soon: in "
                f"{left} day{'s' if left != 1 else ''} it will only let you view records "
                "and sync."
            )
        if self.level is Level.BLOCKED:
            return blocked_message(self.days)
        return ""


def blocked_message(days: int) -> str:
    return (
        f"This laptop has not reached the council's server for {days} days, so it only "
        "lets you view records and sync. Connect to the network and sync (Sync area, "
        "Sync now); changes are allowed again once a sync succeeds."
    )


class LaptopOutOfDate(ServiceError):
    """A change refused because the laptop has gone too long without a sync."""


def staleness_at(
    last_contact: datetime | None, now: datetime, settings: LaptopSettings
) -> Staleness:
    """The rule: ``last_contact`` None means never enrolled, which is never stale."""
    if last_contact is None:
        return Staleness(Level.FRESH, 0, settings)
    days = max(0, (now - last_contact).days)
    if days >= settings.stale_block_days:
        level = Level.BLOCKED
    elif days >= settings.stale_warn_days:
        level = Level.WARN
    else:
        level = Level.FRESH
    return Staleness(level, days, settings)


def last_contact(session: Session) -> datetime | None:
    """The last successful sync (or the enrolment); None for a laptop never enrolled or a demo."""
    state = session.get(SyncState, 1)
    if state is None or is_demo_store(session):
        return None
    return state.last_sync_at or state.enrolled_at


def laptop_staleness(session: Session, now: datetime | None = None) -> Staleness:
    """This laptop's staleness now (or at ``now``)."""
    return staleness_at(last_contact(session), now or utc_now(), current_laptop_settings(session))


def refuse_if_blocked(session: Session, record_type: str) -> None:
    """Raise ``LaptopOutOfDate`` when this laptop may only view and sync."""
    if record_type in ALWAYS_ALLOWED:
        return
    # Called for every record made or changed (a demo fill makes thousands): the settings are
    # read only when they could matter. A laptop never enrolled, or in touch within the
    # fewest days either limit may be set to, is fresh whatever the limits are.
    contact = last_contact(session)
    if contact is None or (utc_now() - contact).days < FEWEST_DAYS:
        return
    staleness = staleness_at(contact, utc_now(), current_laptop_settings(session))
    if staleness.level is Level.BLOCKED:
        raise LaptopOutOfDate(staleness.message)

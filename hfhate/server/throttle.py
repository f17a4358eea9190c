"""Failed sign-ins are throttled per username and per client address, across processes.

Each refused sign-in (and each refused enrolment code) is a row in ``sign_in_failures``
under the keys it counts against: ``user:<username>`` and ``address:<client address>``. A key
with ``limit`` failures or more in the last five minutes is refused 429 with ``Retry-After``
until its latest failure plus a wait that doubles with every failure past the limit in the
last hour (one minute, two, four... at most an hour). Nothing is kept in process memory, so
every server process sharing the database counts the same failures. A username gets 5 tries;
an address 20, because a council office's laptops may all come through one address. A
sign-in that succeeds clears its username's failures (not its address's). Rows older than an
hour are deleted as new ones are written.

What is logged (a DPO's choice): the username when it is an account's (a staff identifier,
needed to see an attack on an account), otherwise only that the username was unknown (a
mistyped username can be a password typed into the wrong box); never a password, never the
client address (the device code stands for the laptop), never anything from a notice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from hfhate.server.accounts import Refused
from hfhate.server.models import SignInFailure, utc_now

WINDOW = timedelta(minutes=5)
MEMORY = timedelta(hours=1)
FIRST_WAIT = timedelta(minutes=1)
USER_LIMIT, ADDRESS_LIMIT = 5, 20


class Throttled(Refused):
    """Too many failed sign-ins: 429, with the seconds to wait (``Retry-After``)."""

    def __init__(self, retry_after: int) -> None:
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(
            f"Too many failed sign-ins: try again in {minutes} minute"
            f"{'s' if minutes != 1 else ''}.",
            429,
        )
        self.headers = {"Retry-After": str(retry_after)}


@dataclass(frozen=True)
class Keys:
    """What one attempt counts against, with each key's limit."""

    limits: dict[str, int]

    @classmethod
    def of(cls, username: str | None, address: str) -> Keys:
        limits = {f"address:{address}": ADDRESS_LIMIT}
        if username is not None:
            limits[f"user:{username.strip().lower()[:150]}"] = USER_LIMIT
        return cls(limits)

    @property
    def user(self) -> str | None:
        return next((k for k in self.limits if k.startswith("user:")), None)


def check(sessions: sessionmaker[Session], keys: Keys, now: datetime | None = None) -> None:
    """Throttled if any key has had too many failures lately (in a transaction of its own)."""
    now = now or utc_now()
    with sessions.begin() as session:
        waits = [_wait(session, key, limit, now) for key, limit in keys.limits.items()]
    longest = max(waits)
    if longest > 0:
        raise Throttled(longest)


def failed(sessions: sessionmaker[Session], keys: Keys, now: datetime | None = None) -> None:
    """Note a refused attempt against every key (in a transaction of its own)."""
    now = now or utc_now()
    with sessions.begin() as session:
        session.execute(delete(SignInFailure).where(SignInFailure.at < now - MEMORY))
        session.add_all(SignInFailure(key=key, at=now) for key in keys.limits)


def succeeded(session: Session, keys: Keys) -> None:
    """A sign-in went through: its username starts afresh."""
    if keys.user is not None:
        session.execute(delete(SignInFailure).where(SignInFailure.key == keys.user))


def _wait(session: Session, key: str, limit: int, now: datetime) -> int:
    """Seconds ``key`` must wait before its next attempt (0: none)."""
    recent = session.scalar(
        select(func.count()).where(SignInFailure.key == key, SignInFailure.at > now - WINDOW)
    )
    if not recent or recent < limit:
        return 0
    row = session.execute(
        select(func.count(), func.max(SignInFailure.at)).where(
            SignInFailure.key == key, SignInFailure.at > now - MEMORY
        )
    ).one()
    hour: int = row[0]
    latest: datetime = row[1]
    wait = min(FIRST_WAIT * 2 ** max(hour - limit, 0), MEMORY)
    left = (_aware(latest) + wait - now).total_seconds()
    return max(0, int(math.ceil(left)))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

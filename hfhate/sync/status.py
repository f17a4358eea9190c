"""Where this laptop stands with the server, in one line for the status bar and the Sync area.

``bar_line`` adds what only the running app knows: whether the server can be reached now and
how far a running sync has got (``progress_line``). Successful syncs are known from
``sync_state.last_sync_at``; a sync that stopped is written to the audit trail as
``sync_failed`` with its reason (``record_failure``), so the last result survives a restart
and the Sync area can show the history of both.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.clock import LONDON
from hfhate.models import AuditEvent, SyncState
from hfhate.services.actor import Actor
from hfhate.services.audit import audit
from hfhate.services.device import this_device
from hfhate.sync.attention import attention_count
from hfhate.sync.outbox import waiting_count
from hfhate.sync.upgrade_words import short_form

SYNC_ACTIONS = ("synced", "sync_failed", "device_enrolled")
SHORT_REASON = 60


@dataclass(frozen=True)
class SyncStatus:
    """This laptop's link to the server and what is waiting, read in one session."""

    server_url: str | None
    device_code: int | None
    last_sync_at: datetime | None
    failed_at: datetime | None
    failure: str
    waiting: int
    attention: int
    # The server refused this store as a copy of another laptop's data folder: enrol again.
    cloned: bool = False
    # The server refused a copy of this laptop's data folder (this is the original), when.
    copy_refused_at: datetime | None = None

    @property
    def enrolled(self) -> bool:
        return self.server_url is not None


def changes(count: int) -> str:
    return f"{count} change{'' if count == 1 else 's'}"


def hh_mm(moment: datetime) -> str:
    return moment.astimezone(LONDON).strftime("%H:%M")


def when(moment: datetime, now: datetime | None = None) -> str:
    """``14:05`` for a moment today (London), ``28 Nov 14:05`` for an earlier day: a sync of
    weeks ago must not read as this morning's."""
    local = moment.astimezone(LONDON)
    today = (now or datetime.now(LONDON)).astimezone(LONDON).date()
    return local.strftime("%H:%M") if local.date() == today else local.strftime("%d %b %H:%M")


def sync_status(session: Session, actor: Actor) -> SyncStatus:
    state = session.get(SyncState, 1)
    failed = session.scalar(
        select(AuditEvent)
        .where(AuditEvent.action == "sync_failed")
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    )
    last = state.last_sync_at if state is not None else None
    if failed is not None and last is not None and failed.at <= last:
        failed = None
    return SyncStatus(
        server_url=state.server_url if state is not None else None,
        device_code=this_device(session).code,
        last_sync_at=last,
        failed_at=failed.at if failed is not None else None,
        failure=str(failed.details.get("reason", "")) if failed is not None else "",
        waiting=waiting_count(session),
        attention=attention_count(session, actor),
        cloned=state is not None and state.cloned_at is not None,
        copy_refused_at=state.copy_refused_at if state is not None else None,
    )


def short(reason: str) -> str:
    """The first sentence, without the server's address, cut to fit the status bar (for
    versions that cannot sync, which side to upgrade)."""
    if (versions := short_form(reason)) is not None:
        return versions
    first = re.sub(r" (at|from) https?://\S+", "", reason.split(". ")[0]).rstrip(".")
    return first if len(first) <= SHORT_REASON else first[: SHORT_REASON - 1] + "…"


def status_line(status: SyncStatus) -> str:
    """``Synced 14:05 · 0 waiting · 1 need attention`` and the like."""
    if not status.enrolled:
        return f"Not enrolled: {changes(status.waiting)} kept on this laptop"
    if status.cloned:
        return (
            "Refused by the server as a copy of another laptop: an administrator enrols "
            f"this laptop again · {status.attention} need"
            f"{'s' if status.attention == 1 else ''} attention"
        )
    if status.failed_at is not None:
        return f"Last sync failed {when(status.failed_at)}: {short(status.failure)}"
    if status.last_sync_at is None:
        return f"Not synced yet: {changes(status.waiting)} kept on this laptop"
    return (
        f"Synced {when(status.last_sync_at)} · {status.waiting} waiting · "
        f"{status.attention} need{'s' if status.attention == 1 else ''} attention"
    ) + copy_refused_line(status)


def copy_refused_line(status: SyncStatus) -> str:
    """On the original of a copy the server refused: say so (its numbers may be shared)."""
    if status.copy_refused_at is None:
        return ""
    return (
        " · A copy of this laptop's data folder was refused by the server on "
        f"{status.copy_refused_at.astimezone(LONDON):%d %b %Y}: notices it numbered offline "
        "may share numbers with this laptop's and are reissued there; a supervisor checks "
        "any paper notice handed out with them"
    )


def bar_line(status: SyncStatus, *, online: bool | None, syncing: str | None = None) -> str:
    """``Online · Synced 14:05 · 3 waiting`` and the like, short enough for the status bar.

    ``online`` is None until the server was checked; ``syncing`` is the progress of a running
    sync (``progress_line``), shown instead of the last failure. Changes needing attention
    are named only when there are some.
    """
    if not status.enrolled:
        return status_line(status)
    parts = [] if online is None else ["Online" if online else "Offline"]
    if syncing:
        parts.append(syncing)
    elif status.failed_at is not None:
        parts.append(f"Sync failed {when(status.failed_at)}: {short(status.failure)}")
    parts.append(
        f"Synced {when(status.last_sync_at)}"
        if status.last_sync_at is not None
        else "Not synced yet"
    )
    parts.append(f"{status.waiting} waiting")
    if status.attention:
        parts.append(f"{status.attention} need{'s' if status.attention == 1 else ''} attention")
    return " · ".join(parts)


def connection_line(online: bool | None, checked_at: datetime | None, problem: str) -> str:
    """The Sync area's "Connection" row: reachable or not at the last check, and why not."""
    if online is None or checked_at is None:
        return "Checking…"
    if online:
        return f"Online: the server answered at {hh_mm(checked_at)}."
    first = problem.split(". ")[0].rstrip(".")
    return f"Offline at {hh_mm(checked_at)}: {first}."


# What the sync client reports as it goes (its ``progress(stage, done, total)`` callback).
PROGRESS_VERBS = {"photos": "uploaded", "sending": "sent", "receiving": "received"}
SYNCING = "Syncing…"


def progress_line(stage: str, done: int, total: int) -> str:
    """``Syncing: sent 400 of 2,000``; ``total`` 0 when not known (pulling)."""
    verb = PROGRESS_VERBS.get(stage, stage)
    of = f" of {total:,}" if total > 0 else ""
    return f"Syncing: {verb} {done:,}{of}" + (" photos" if stage == "photos" else "")


def record_failure(session: Session, actor: Actor, reason: str) -> None:
    """Write a stopped sync to the audit trail; the status line reads it from there."""
    audit(session, actor, "sync_failed", details={"reason": reason})


def sync_history(session: Session, limit: int = 10) -> Sequence[AuditEvent]:
    """The latest enrolments, syncs and stopped syncs on this laptop, newest first."""
    return session.scalars(
        select(AuditEvent)
        .where(AuditEvent.action.in_(SYNC_ACTIONS))
        .order_by(AuditEvent.seq.desc())
        .limit(limit)
    ).all()

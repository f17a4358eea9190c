"""A laptop the server refused as a copy of another laptop's data folder, and its way back.

When the server answers ``DeviceCloned`` (this store's device token came with another install
id than the one it first saw, ``hfhate/sync/install.py``), ``note_cloned`` marks the store
(``SyncState.cloned_at``) and every change still waiting here "needs attention" with the
reason, so nothing is sent and nothing is merged silently: the entries show in the Sync
area's needs-attention list (outcome ``cloned``). An administrator then enrols the laptop
again with a new code (``client.enrol`` calls ``start_again``): the copied device becomes a
remote device (it is the other laptop's), the store gets a new device of its own with a new
id and, from the server, a new device code, so new notice numbers can no longer clash.
The legitimate laptop is told too (``note_copy_refused``: the server's ``COPY_REFUSED_HEADER``
on its sign-in), and says so in the Sync area.
Notices the copy numbered before it was caught are reissued one by one under a new number
(``services/notices/reissue.py``; ``reissue_entry`` is the needs-attention list's button).
"""

from __future__ import annotations

import socket
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from hfhate.models import Device, OutboxEntry, OutboxStatus, SyncState, utc_now
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.audit import audit
from hfhate.services.device import this_device
from hfhate.services.notices.reissue import reissue_under_new_number
from hfhate.services.ops import note_change
from hfhate.sync.attention import AttentionError
from hfhate.sync.install import COPY_REFUSED_HEADER
from hfhate.sync.transport import Transport

CLONED_OUTCOME = "cloned"
REASON = (
    "This laptop is a copy of another laptop's data folder and the server refused it, so "
    "this change was not sent. After an administrator enrols this laptop again, send it again; "
    "a notice numbered here is reissued under a new number instead."
)


def note_cloned(store: Store, actor: Actor) -> int:
    """Mark the store refused as a copy; its waiting changes need attention. How many."""
    with store.session_factory.begin() as session:
        state = session.get_one(SyncState, 1)
        state.cloned_at = state.cloned_at or utc_now()
        marked = session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.status == OutboxStatus.PENDING)
            .values(
                status=OutboxStatus.NEEDS_ATTENTION, attention_reason=f"{CLONED_OUTCOME}: {REASON}"
            )
        )
        count = int(getattr(marked, "rowcount", 0) or 0)
        note_change(session, "sync_outbox")
        audit(session, actor, "device_cloned", details={"needs_attention": count})
    return count


def note_copy_refused(store: Store, actor: Actor, transport: Transport) -> None:
    """On the original laptop: note (once) that the server refused a copy of this laptop.

    Its notices numbered since the copy may share numbers with the copy's (reissued there):
    the Sync area says so, and the audit trail keeps when it was learnt.
    """
    when = transport.last_headers.get(COPY_REFUSED_HEADER)
    if not when:
        return
    with store.session_factory.begin() as session:
        state = session.get_one(SyncState, 1)
        if state.copy_refused_at is not None:
            return
        state.copy_refused_at = datetime.fromisoformat(when)
        audit(session, actor, "device_copy_refused", details={"refused_at": when})


def is_cloned(session: Session) -> bool:
    state = session.get(SyncState, 1)
    return state is not None and state.cloned_at is not None


def start_again(session: Session) -> Device:
    """Before enrolling again: the copied device is the other laptop's; this store gets its own.

    The old device row stays (records made under it still name it) as a remote device, with
    its code and sequence; the new one has no code until the server gives it one.
    """
    old = this_device(session)
    old.remote = True
    session.delete(session.get_one(SyncState, 1))
    device = Device(name=socket.gethostname()[:200] or old.name)
    session.add(device)
    session.flush()
    return device


REISSUE_REASON = (
    "Numbered on a copy of another laptop's data folder: that number belongs to another "
    "notice on the server."
)
REISSUED = "Reissued under a new number; the old notice is cancelled on this laptop."


def reissue_entry(session: Session, actor: Actor, seq: int) -> None:
    """The needs-attention list's "Reissue under a new number", for a copy's notice."""
    entry = session.get(OutboxEntry, seq)
    if entry is None or entry.status is not OutboxStatus.NEEDS_ATTENTION:
        raise AttentionError("This change no longer needs attention: someone resolved it.")
    reissue_under_new_number(session, actor, entry.record_id, REISSUE_REASON)

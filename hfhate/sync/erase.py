"""Carrying out the server's order to erase this laptop (revoked as lost or stolen).

``client.sync`` has already sent what the server would take (photos, then this user's
changes) and raises ``EraseOrdered`` with what was sent and, from ``unsent``, what was not:
counts only, never a name, number or address. ``carry_out`` closes the store and erases the
data folder (``hfhate.security.erase``), leaving ``ERASED.txt`` with ``note``'s text; the
command line prints it and exits non-zero, the window shows it and quits. Qt-free.
"""

from __future__ import annotations

from sqlalchemy import select

from hfhate.models import Device, utc_now
from hfhate.models.store import Store
from hfhate.security.erase import erase_data_folder
from hfhate.sync.errors import EraseOrdered
from hfhate.sync.outbox import needs_attention_count, waiting_count

WAITING = "changes never sent (other users' or not yet signed in here)"
REFUSED = "changes the server refused or that clashed with its records"


def unsent(store: Store) -> dict[str, int]:
    """What stays unsent in ``store``, counted by kind (no personal data)."""
    with store.session_factory() as session:
        return {WAITING: waiting_count(session), REFUSED: needs_attention_count(session)}


def note(order: EraseOrdered, device_code: int | None = None) -> str:
    """The text of ``ERASED.txt``: when, why, and what was sent and not (counts only)."""
    device = f" (device {device_code:03d})" if device_code is not None else ""
    lines = [
        "This laptop's hfhate data was erased.",
        "",
        f"When: {utc_now():%Y-%m-%d %H:%M} UTC.",
        f"Why: an administrator revoked this laptop{device} on the server and ordered its "
        f"data erased (ordered {order.ordered_at[:16].replace('T', ' ')} UTC), as is done "
        "for a laptop that is lost or stolen. The store key, the store, its backups and the "
        "evidence photos were destroyed.",
        f"Sent to the server first: {order.sent} changes.",
    ]
    missing = {kind: count for kind, count in order.unsent.items() if count}
    if missing:
        lines.append("Not sent, and now lost from this laptop:")
        lines += [f"  {count} {kind}" for kind, count in missing.items()]
    else:
        lines.append("Nothing was left unsent.")
    return "\n".join(lines) + "\n"


def carry_out(store: Store, order: EraseOrdered) -> str:
    """Close ``store`` and erase its data folder; the note left in ``ERASED.txt``."""
    with store.session_factory() as session:
        code = session.scalar(select(Device.code).where(Device.remote.is_(False)).limit(1))
    text = note(order, code)
    store.close()
    erase_data_folder(store.paths.data_dir, text)
    return text

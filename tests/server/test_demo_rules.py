"""Every change ``hfhate --demo`` makes on a laptop passes the server's rules.

The demo is made through the real services (issuing, amending, every move of the lifecycle,
sessions and follow-ups, incidents, people, consents and referrals), so the server's rules,
which run those services' checks again, must accept each of its outbox entries, replayed in
order as pushes would bring them: the record as the server would hold it before
(``before``), the change merged over it. Accounts are left out: laptop-made accounts are
made on the server instead.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from hfhate.models import OutboxEntry, User
from hfhate.models.store import Store
from hfhate.records.access import ParentOwner
from hfhate.records.registry import record_type
from hfhate.server import accounts, rules
from hfhate.server.accounts import Caller
from hfhate.server.models import EnrolledDevice, ServerUser
from hfhate.server.push import BOOKKEEPING
from hfhate.services.device import this_device
from tests.server.conftest import PASSWORD, Server

Key = tuple[str, uuid.UUID]


@dataclass
class _Replayed:
    """A record replayed so far, as ``push._Record`` holds it: its wire fields."""

    fields: dict[str, Any]


def test_every_demo_change_passes_the_servers_rules(server: Server, demo_store: Store) -> None:
    with demo_store.session_factory() as laptop:
        users = laptop.scalars(select(User)).all()
        entries = laptop.scalars(
            select(OutboxEntry).where(OutboxEntry.record_type != "users").order_by(OutboxEntry.seq)
        ).all()
        # The laptop keeps its device code when it enrols: its notice numbers carry it.
        laptop_code = this_device(laptop).code
    with server.sessions.begin() as session:
        for user in users:
            accounts.create_user(
                session,
                username=user.username,
                full_name=user.full_name,
                roles=list(user.roles),
                password=PASSWORD,
                user_id=user.id,
            )
    device_id, _token, _code = server.enrol(device_code=laptop_code)
    records: dict[Key, dict[str, Any]] = {}
    owners: dict[Key, uuid.UUID | None] = {}
    refused: list[str] = []
    # What the pushes so far brought, as a push's batch holds it for the checks against
    # records held (a consent before its referral, an incident before its links).
    replayed: dict[Key, _Replayed] = {}
    with server.sessions() as session:
        device = session.get_one(EnrolledDevice, device_id)
        callers = {u.id: Caller(device, session.get_one(ServerUser, u.id)) for u in users}
        for entry in entries:
            key = (entry.record_type, entry.record_id)
            before = records.get(key)
            merged = (before or {}) | entry.fields
            changed = set(entry.fields) - (BOOKKEEPING if before is not None else set())
            if key not in owners:
                # A part's owner is its parent's (a notice's timeline, a person's consent):
                # the parent was replayed before it, but never stored on the server here.
                kind = record_type(entry.record_type)
                if kind is not None and isinstance(kind.owner, ParentOwner):
                    parent = uuid.UUID(str(merged[kind.owner.field]))
                    owners[key] = owners.get((kind.owner.record_type, parent))
                else:
                    owners[key] = rules.owner_of(session, entry.record_type, entry.fields, None)
            assert entry.made_by_id is not None
            try:
                rules.check(
                    session,
                    callers[entry.made_by_id],
                    entry.record_type,
                    entry.operation,
                    merged,
                    changed,
                    owners[key],
                    before=before,
                    pending=replayed,
                )
            except rules.ChangeRefused as refusal:
                refused.append(f"{entry.record_type} {entry.operation} {entry.fields}: {refusal}")
            records[key] = merged
            replayed[key] = _Replayed(merged)
    assert len(entries) > 2000 and any(e.record_type == "session_follow_ups" for e in entries)
    assert refused == []

"""The sync client: enrol this laptop once, then push the outbox and pull, as one user.

``sync`` checks the server (schema versions, epoch), signs the user in, pushes the user's
waiting outbox entries in batches, then pulls pages of changes. Each push batch's results are
written in one local transaction (sent, or needs attention with the reason); each pulled
page and the new cursor are written in one local transaction, so a crash at any point leaves
either the whole page or none of it. Anything that goes wrong on the network raises
``SyncError`` and leaves the outbox as it was.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import or_, select

from hfhate.models import OutboxEntry, OutboxStatus, Role, SyncState, utc_now
from hfhate.models.store import Store
from hfhate.services.actor import Actor, require
from hfhate.services.audit import audit
from hfhate.services.device import this_device
from hfhate.sync.apply import APPLIED, HELD_BACK, apply_change
from hfhate.sync.schemas import (
    STORE_SCHEMA,
    Change,
    ChangeResult,
    EnrolRequest,
    EnrolResponse,
    Health,
    PullPage,
    PushRequest,
    PushResponse,
    SignInRequest,
    SignInResponse,
)
from hfhate.sync.transport import SyncError, Transport

log = logging.getLogger(__name__)
PUSH_BATCH = 200
PULL_PAGE = 500
TransportFactory = Callable[[str], Transport]


@dataclass
class SyncReport:
    """What one sync did, for the status line and the command line."""

    pushed: int = 0
    duplicates: int = 0
    needs_attention: int = 0
    pulled: int = 0
    held_back: int = 0
    pages: int = 0


def check_health(transport: Transport) -> Health:
    health = transport.call("GET", "/health", Health)
    if health.store_schema != STORE_SCHEMA:
        raise SyncError(
            f"This laptop's hfhate (store schema {STORE_SCHEMA}) does not match the server "
            f"(store schema {health.store_schema}). Sync is stopped until one of them is "
            "updated; nothing waiting to be sent has been lost.")
    return health


def enrol(store: Store, actor: Actor, url: str, code: str,
          transport_factory: TransportFactory = Transport) -> EnrolResponse:
    """Join the server with a one-time code; keep this laptop's device code if it has one."""
    require(actor, Role.ADMINISTRATOR, to="enrol this laptop with the server")
    with store.session_factory.begin() as session:
        if session.get(SyncState, 1) is not None:
            raise SyncError("This laptop is already enrolled with a server.")
        device = this_device(session)
        request = EnrolRequest(
            code=code.strip(), device_id=device.id, device_name=device.name,
            device_code=device.code if device.last_notice_sequence > 0 else None,
            store_schema=STORE_SCHEMA)
    with transport_factory(url) as transport:
        check_health(transport)
        answer = transport.call("POST", "/enrol", EnrolResponse,
                                json=request.model_dump(mode="json"))
    with store.session_factory.begin() as session:
        device = this_device(session)
        previous = device.code
        device.code = answer.device_code
        session.add(SyncState(id=1, server_url=url, device_id=answer.device_id,
                              device_token=answer.device_token, cursor=0, epoch=answer.epoch))
        audit(session, actor, "device_enrolled", record_type="device", record_id=device.id,
              details={"server": url, "code_from": previous, "code_to": answer.device_code})
    return answer


def sync(store: Store, actor: Actor, password: str,
         transport_factory: TransportFactory = Transport) -> SyncReport:
    """Push this user's waiting changes, then pull; raise SyncError if it cannot go on."""
    with store.session_factory.begin() as session:
        state = session.get(SyncState, 1)
        if state is None:
            raise SyncError("This laptop is not enrolled with a server yet: an administrator "
                            "enrols it with a code from the server.")
        url, device_token, device_id = state.server_url, state.device_token, state.device_id
    report = SyncReport()
    with transport_factory(url) as transport:
        health = check_health(transport)
        transport.headers["Authorization"] = f"Bearer {device_token}"
        signed = transport.call("POST", "/sign-in", SignInResponse, json=SignInRequest(
            username=actor.username, password=password).model_dump())
        if signed.user_id != actor.user_id:
            raise SyncError(f"The account {actor.username} on the server is not the same "
                            "account as on this laptop. Ask an administrator.")
        transport.headers["X-Hfhate-Session"] = signed.session_token
        _push(store, actor, transport, device_id, report)
        _pull(store, transport, health.epoch, report)
    with store.session_factory.begin() as session:
        state = session.get(SyncState, 1)
        assert state is not None
        state.last_sync_at = utc_now()
        audit(session, actor, "synced", details={
            "pushed": report.pushed, "pulled": report.pulled,
            "needs_attention": report.needs_attention})
    return report


def _waiting(store: Store, actor: Actor) -> list[OutboxEntry]:
    with store.session_factory() as session:
        return list(session.scalars(
            select(OutboxEntry)
            .where(OutboxEntry.status == OutboxStatus.PENDING,
                   or_(OutboxEntry.made_by_id == actor.user_id,
                       OutboxEntry.made_by_id.is_(None)))
            .order_by(OutboxEntry.seq).limit(PUSH_BATCH)))


def _push(store: Store, actor: Actor, transport: Transport, device_id: uuid.UUID,
          report: SyncReport) -> None:
    while entries := _waiting(store, actor):
        changes = [
            Change(change_id=e.change_id, record_type=e.record_type, record_id=e.record_id,
                   operation="create" if e.operation == "create" else "update",
                   base_version=e.base_version, version=e.version, fields=e.fields,
                   made_at=e.created_at, made_by=e.made_by_id or actor.user_id,
                   device_id=device_id)
            for e in entries
        ]
        body = PushRequest(changes=changes).model_dump(mode="json")
        answer = transport.call("POST", "/push", PushResponse, json=body)
        results = {r.change_id: r for r in answer.results}
        if set(results) != {c.change_id for c in changes}:
            raise SyncError("The server's answer did not cover the changes sent; they stay "
                            "on this laptop and are sent again at the next sync.")
        with store.session_factory.begin() as session:
            for entry in entries:
                _mark(session.get_one(OutboxEntry, entry.seq), results[entry.change_id], report)


def _mark(entry: OutboxEntry, result: ChangeResult, report: SyncReport) -> None:
    if result.result in ("applied", "duplicate"):
        entry.status = OutboxStatus.SENT
        entry.sent_at = utc_now()
        report.pushed += result.result == "applied"
        report.duplicates += result.result == "duplicate"
        return
    entry.status = OutboxStatus.NEEDS_ATTENTION
    reason = result.reason or result.result
    if result.server_record is not None:
        clash = {k: v for k, v in result.server_record.fields.items() if k in entry.fields
                 and k not in ("updated_at", "version")}
        reason = f"{reason} Server has: {clash}"
    entry.attention_reason = f"{result.result}: {reason}"[:500]
    report.needs_attention += 1


def _pull(store: Store, transport: Transport, epoch: str, report: SyncReport) -> None:
    with store.session_factory.begin() as session:
        state = session.get_one(SyncState, 1)
        if state.epoch != epoch:
            # The server was restored: its cursor numbers mean something else now.
            log.warning("server epoch changed from %s to %s: pulling from the start",
                        state.epoch, epoch)
            state.cursor, state.epoch = 0, epoch
        cursor = state.cursor
    while True:
        page = transport.call("GET", "/pull", PullPage,
                              params={"cursor": cursor, "limit": PULL_PAGE})
        with store.session_factory.begin() as session:
            for change in page.changes:
                outcome = apply_change(session, change)
                report.pulled += outcome == APPLIED
                report.held_back += outcome == HELD_BACK
            session.get_one(SyncState, 1).cursor = page.next_cursor
        report.pages += 1
        cursor = page.next_cursor
        if not page.has_more:
            return

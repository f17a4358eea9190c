"""The sync client: enrol this laptop once, then push the outbox and pull, as one user.

``sync`` checks the server (which release it runs: ``compat.laptop_verdict`` says which
side to upgrade when they cannot sync; the epoch), signs the user in, pushes the user's
waiting outbox entries in batches, then pulls pages of changes. Each push batch's results are
written in one local transaction (sent, or needs attention with the reason); each pulled
page and the new cursor are written in one local transaction, so a crash at any point leaves
either the whole page or none of it. A pulled change that cannot be written here is set aside
(in ``sync_held_back`` with its reason; it needs attention) and the rest of the page applies;
it is fetched again after the next sync's push. A pulled record that still has changes
waiting here is held back (remembered in ``sync_held_back``) and fetched again by id once
nothing waits.
When the server was restored from a backup (its epoch changed, or it no longer knows one of
the entries most recently marked sent, or never reached this laptop's cursor: one small
question each sync), entries marked sent whose change ids the server no longer knows wait
again and are pushed, and the pull starts again from cursor 0.
Anything that goes wrong on the network raises ``SyncError`` and leaves the outbox as it was.
A laptop the server ordered erased (revoked as lost or stolen: ``ERASE_HEADER`` on its answers)
still uploads its photos and pushes, then stops before the pull with ``EraseOrdered``, which
says what was sent and what was not; the caller erases the folder (``hfhate.sync.erase``).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from hfhate.models import HeldBack, OutboxEntry, OutboxStatus, Role, SyncState, utc_now
from hfhate.models.store import Store
from hfhate.services.actor import Actor, require
from hfhate.services.audit import audit
from hfhate.services.device import is_demo_store, this_device
from hfhate.services.retention.erasure import drop_erased_photo_files
from hfhate.sync import clones, erase, pull_cursors
from hfhate.sync.apply import APPLIED, HELD_BACK, SET_ASIDE, apply_page, has_waiting_changes
from hfhate.sync.audit_push import push_audit_trail
from hfhate.sync.compat import (
    Release,
    Verdict,
    laptop_headers,
    laptop_verdict,
    parse_accepts,
    this_release,
)
from hfhate.sync.install import INSTALL_HEADER, install_id
from hfhate.sync.laptop_headers import unsent_count, unsent_headers
from hfhate.sync.photos import download_missing_photos, upload_waiting_photos
from hfhate.sync.push_batches import Waiting, mark, next_batch
from hfhate.sync.schemas import (
    ACCEPTS_HEADER,
    EPOCH_HEADER,
    MAX_BATCH,
    MAX_PAGE,
    STORE_SCHEMA_HEADER,
    UNSENT_HEADER,
    ChangeResult,
    EnrolRequest,
    EnrolResponse,
    Health,
    KnownRequest,
    KnownResponse,
    PulledChange,
    PullPage,
    PushResponse,
    RecordRef,
    RecordsRequest,
    RecordsResponse,
    SignInRequest,
    SignInResponse,
)
from hfhate.sync.transport import DeviceCloned, EraseOrdered, SyncError, Transport

log = logging.getLogger(__name__)
RECENTLY_SENT = 20  # entries asked about each sync to notice a restored server
IDS_PER_ROW = 5_000  # record ids in one audit row of a sync's disclosure
TransportFactory = Callable[[str], Transport]
Progress = Callable[[str, int, int], None]
SENDING, RECEIVING = "sending", "receiving"
JSON_TYPE = "application/json"


@dataclass
class SyncReport:
    """What one sync did, for the status line and the command line."""

    pushed: int = 0
    duplicates: int = 0
    needs_attention: int = 0
    pulled: int = 0
    held_back: int = 0
    pages: int = 0
    resent: int = 0  # entries sent before that a restored server did not have
    photos: int = 0  # evidence photos uploaded (whole or the rest of a cut-off upload)
    downloaded: int = 0  # evidence photos taken on other laptops, received whole
    set_aside: int = 0  # pulled changes that could not be written here: they need attention
    audit_rows: int = 0  # rows of this laptop's audit trail the server stored
    note: str = ""  # said after the counts: the server is newer, upgrade hfhate here soon
    # Records sent to or received from the server: the disclosure the trail records (s.62).
    exchanged: set[uuid.UUID] = field(default_factory=set)


def check_health(transport: Transport, release: Release | None = None) -> Health:
    """The server's health, if this laptop may sync with it; else ``SyncError`` saying which
    side to upgrade (nothing in the outbox is touched)."""
    return health_verdict(transport, release)[0]


def health_verdict(transport: Transport, release: Release | None = None) -> tuple[Health, Verdict]:
    """The server's health and what this laptop makes of it (``compat.laptop_verdict``):
    go on (maybe with a note to upgrade soon), or ``SyncError``. Sends which release this
    laptop is, as every request after it does."""
    release = release or this_release()
    transport.headers.update(laptop_headers(release))
    health = transport.call("GET", "/health", Health)
    answered = transport.last_headers
    server = Release(answered.get(STORE_SCHEMA_HEADER) or health.store_schema, health.version)
    verdict = laptop_verdict(release, server, parse_accepts(answered.get(ACCEPTS_HEADER)))
    if not verdict.go_on:
        raise SyncError(verdict.message)
    if verdict.message:
        log.info("the server runs a newer release of hfhate than this laptop")
    return health, verdict


def enrol(
    store: Store, actor: Actor, url: str, code: str, transport_factory: TransportFactory = Transport
) -> EnrolResponse:
    """Join the server with a one-time code; keep this laptop's device code if it has one."""
    require(actor, Role.ADMINISTRATOR, to="enrol this laptop with the server")
    with store.session_factory.begin() as session:
        _refuse_demo(session)
        if clones.is_cloned(session):  # refused as a copy: enrol again as a new device
            clones.start_again(session)
        elif session.get(SyncState, 1) is not None:
            raise SyncError("This laptop is already enrolled with a server.")
        device = this_device(session)
        install = install_id(device.id)
        request = EnrolRequest(
            code=code.strip(),
            device_id=device.id,
            device_name=device.name,
            device_code=device.code if device.last_notice_sequence > 0 else None,
            store_schema=this_release().store_schema,
        )
    with transport_factory(url) as transport:
        check_health(transport)
        transport.headers[INSTALL_HEADER] = install
        answer = transport.call(
            "POST", "/enrol", EnrolResponse, json=request.model_dump(mode="json")
        )
    with store.session_factory.begin() as session:
        device = this_device(session)
        previous = device.code
        device.code = answer.device_code
        session.add(
            SyncState(
                id=1,
                server_url=url,
                device_id=answer.device_id,
                device_token=answer.device_token,
                cursor=0,
                epoch=answer.epoch,
            )
        )
        audit(
            session,
            actor,
            "device_enrolled",
            record_type="device",
            record_id=device.id,
            details={"server": url, "code_from": previous, "code_to": answer.device_code},
        )
    return answer


def _refuse_demo(session: Session) -> None:
    """Demo data is made up: it never goes to the council's server (the banner promises it)."""
    if is_demo_store(session):
        raise SyncError(
            "This is a demo store with made-up training data: it is never sent to "
            "the council's server. Start hfhate without --demo to sync."
        )


def sync(
    store: Store,
    actor: Actor,
    password: str,
    transport_factory: TransportFactory = Transport,
    progress: Progress | None = None,
) -> SyncReport:
    """Push this user's waiting changes, then pull; raise SyncError if it cannot go on.

    ``progress(stage, done, total)`` is called after each batch sent (``SENDING``, entries
    sent so far of those waiting) and each page received (``RECEIVING``, changes received so
    far; the total is not known, 0).
    """
    with store.session_factory.begin() as session:
        _refuse_demo(session)
        state = session.get(SyncState, 1)
        if state is None:
            raise SyncError(
                "This laptop is not enrolled with a server yet: an administrator "
                "enrols it with a code from the server."
            )
        url = state.server_url
    report = SyncReport()
    try:
        _sync_with(store, actor, password, transport_factory(url), report, progress)
    except EraseOrdered as order:  # revoked as lost: say what was sent and what was not
        order.sent = report.pushed + report.duplicates
        order.unsent = erase.unsent(store)
        log.warning("the server ordered this laptop erased")
        _note_exchanged(store, actor, url, report, "records_exchanged_before_stop")
        raise
    except SyncError:
        _note_exchanged(store, actor, url, report, "records_exchanged_before_stop")
        raise
    with store.session_factory.begin() as session:
        state = session.get(SyncState, 1)
        assert state is not None
        state.last_sync_at = utc_now()
        ids = sorted(report.exchanged, key=_id_order)
        audit(
            session,
            actor,
            "synced",
            details={
                "pushed": report.pushed,
                "pulled": report.pulled,
                "needs_attention": report.needs_attention,
                "audit_rows": report.audit_rows,
            },
            recipients=[url],
            record_ids=ids[:IDS_PER_ROW],
        )
        _more_exchanged(session, actor, url, ids[IDS_PER_ROW:])
    return report


def _id_order(record_id: uuid.UUID) -> int:
    """How ids sort (as ``uuid.UUID`` compares them), without a Python comparison per pair:
    a sync of 20,000 records sorted them in a quarter of a million of those."""
    return record_id.int


def _note_exchanged(store: Store, actor: Actor, url: str, report: SyncReport, action: str) -> None:
    """A sync that stopped after records went either way: that disclosure is logged too."""
    if not report.exchanged:
        return
    ids = sorted(report.exchanged, key=_id_order)
    with store.session_factory.begin() as session:
        audit(
            session,
            actor,
            action,
            details={"records": len(ids)},
            recipients=[url],
            record_ids=ids[:IDS_PER_ROW],
        )
        _more_exchanged(session, actor, url, ids[IDS_PER_ROW:])


def _more_exchanged(session: Session, actor: Actor, url: str, ids: list[uuid.UUID]) -> None:
    """Records past the first row's share, a row per ``IDS_PER_ROW`` (rows stay small enough
    to reach the server: ``sync/audit_schemas.py``)."""
    for start in range(0, len(ids), IDS_PER_ROW):
        audit(
            session,
            actor,
            "records_exchanged",
            recipients=[url],
            record_ids=ids[start : start + IDS_PER_ROW],
        )


def _sync_with(
    store: Store,
    actor: Actor,
    password: str,
    transport: Transport,
    report: SyncReport,
    progress: Progress | None,
) -> None:
    """The exchange with the server of one ``sync``, over ``transport`` (closed after)."""
    with store.session_factory.begin() as session:
        state = session.get_one(SyncState, 1)
        device_token, device_id, known_epoch = state.device_token, state.device_id, state.epoch
        install = install_id(this_device(session).id)
        about = unsent_headers(session)
    with transport:
        health, verdict = health_verdict(transport)
        report.note = verdict.message  # the server is newer: upgrade this laptop soon
        transport.headers["Authorization"] = f"Bearer {device_token}"
        transport.headers[INSTALL_HEADER] = install
        transport.headers.update(about)  # unsent (with the release): for the list of laptops
        try:
            signed = transport.call(
                "POST",
                "/sign-in",
                SignInResponse,
                json=SignInRequest(username=actor.username, password=password).model_dump(),
            )
        except DeviceCloned:  # nothing waiting here is sent: it all needs attention
            clones.note_cloned(store, actor)
            raise
        clones.note_copy_refused(store, actor, transport)  # the original of a refused copy
        if signed.user_id != actor.user_id:
            raise SyncError(
                f"The account {actor.username} on the server is not the same "
                "account as on this laptop. Ask an administrator."
            )
        transport.headers["X-Hfhate-Session"] = signed.session_token
        transport.headers[EPOCH_HEADER] = known_epoch  # what our cursor and sent entries are of
        if (known_epoch and known_epoch != health.epoch) or _server_went_back(
            store, transport, known_epoch
        ):
            report.resent = _mark_unknown_for_resending(store, transport)
            health = check_health(transport)  # a server that noticed the loss has a new epoch
            transport.headers[EPOCH_HEADER] = health.epoch
        report.photos = upload_waiting_photos(store, actor.user_id, transport)
        _push(store, actor, transport, device_id, report, progress or _no_progress)
        report.audit_rows = push_audit_trail(store, actor, transport)
        with store.session_factory() as session:  # what is left unsent, said on the pull
            transport.headers[UNSENT_HEADER] = str(unsent_count(session))
        if transport.erase_ordered_at:  # sent what it could: nothing more comes or goes
            raise EraseOrdered(transport.erase_ordered_at)
        _pull(store, actor, transport, health.epoch, report, progress or _no_progress)
        drop_erased_photo_files(store.session_factory, store.paths.evidence)
        # Photos of records pulled now or before, taken on other laptops.
        report.downloaded = download_missing_photos(store, transport)


def _mark_unknown_for_resending(store: Store, transport: Transport) -> int:
    """After a restore: entries marked sent that the server lacks wait again; cursor back to 0.

    Every user's entries are checked (each user's own sync sends them), in the epoch header
    of the old acknowledgements, so the server takes the gaps for what they are. Until the
    pull that follows records the new epoch, a sync that stops half-way checks again next time.
    """
    with store.session_factory() as session:
        sent = list(
            session.execute(
                select(OutboxEntry.seq, OutboxEntry.change_id)
                .where(OutboxEntry.status == OutboxStatus.SENT)
                .order_by(OutboxEntry.seq)
            )
        )
    unknown: list[int] = []
    for start in range(0, len(sent), MAX_PAGE):
        chunk = sent[start : start + MAX_PAGE]
        answer = transport.call(
            "POST",
            "/known-changes",
            KnownResponse,
            json=KnownRequest(change_ids=[change_id for _, change_id in chunk]).model_dump(
                mode="json"
            ),
        )
        known = set(answer.known)
        unknown += [seq for seq, change_id in chunk if change_id not in known]
    if unknown:
        log.warning("the server was restored: %d changes will be sent again", len(unknown))
    with store.session_factory.begin() as session:
        session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.seq.in_(unknown))
            .values(status=OutboxStatus.PENDING, sent_at=None)
        )
        pull_cursors.start_again(session)  # what was pulled may be gone: from the start
    return len(unknown)


def _server_went_back(store: Store, transport: Transport, known_epoch: str) -> bool:
    """Was the server restored? Ask once about the latest entries marked sent and the cursor.

    A server that lacks one of them, or never reached the cursor, went back in time: it starts
    a new epoch and answers with it (a server that another laptop alerted already has one).
    """
    with store.session_factory() as session:
        cursor = session.get_one(SyncState, 1).cursor
        recent = list(
            session.scalars(
                select(OutboxEntry.change_id)
                .where(OutboxEntry.status == OutboxStatus.SENT)
                .order_by(OutboxEntry.seq.desc())
                .limit(RECENTLY_SENT)
            )
        )
    if not recent and not cursor:
        return False  # nothing this server could have lost
    answer = transport.call(
        "POST",
        "/known-changes",
        KnownResponse,
        json=KnownRequest(change_ids=recent, cursor=cursor).model_dump(mode="json"),
    )
    lost = set(recent) - set(answer.known)
    if lost or answer.epoch != known_epoch:
        log.warning(
            "the server lost %d of this laptop's latest changes and is at epoch %s "
            "(was %s): restored from a backup",
            len(lost),
            answer.epoch,
            known_epoch,
        )
        return True
    return False


def _no_progress(_stage: str, _done: int, _total: int) -> None:
    return None


def _count_waiting(store: Store, actor: Actor) -> int:
    with store.session_factory() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(OutboxEntry)
                .where(
                    OutboxEntry.status == OutboxStatus.PENDING,
                    or_(OutboxEntry.made_by_id == actor.user_id, OutboxEntry.made_by_id.is_(None)),
                )
            )
            or 0
        )


def _push(
    store: Store,
    actor: Actor,
    transport: Transport,
    device_id: uuid.UUID,
    report: SyncReport,
    progress: Progress,
) -> None:
    """Send the waiting entries in batches; each batch's answers marked in one transaction.

    The body is a ``PushRequest`` encoded once (``push_batches``; the server checks it); the
    answer is checked against ``PushResponse`` and must cover every change sent. While the
    server works on one batch, the next is read and encoded here (in the order made: the
    server gets one batch at a time).
    """
    total, done = _count_waiting(store, actor), 0
    batch = next_batch(store, actor.user_id, device_id, limit=MAX_BATCH)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="hfhate-push") as sender:
        while batch is not None:
            answered = sender.submit(
                transport.call,
                "POST",
                "/push",
                PushResponse,
                content=batch.body,
                content_type=JSON_TYPE,
            )
            following = next_batch(store, actor.user_id, device_id, batch.last_seq, limit=MAX_BATCH)
            answer = answered.result()
            results = {r.change_id: r for r in answer.results}
            if set(results) != {e.change_id for e in batch.entries}:
                raise SyncError(
                    "The server's answer did not cover the changes sent; they stay "
                    "on this laptop and are sent again at the next sync."
                )
            with store.session_factory.begin() as session:
                _mark(session, batch.entries, results, report)
            report.exchanged.update(e.record_id for e in batch.entries)
            done += len(batch.entries)
            progress(SENDING, done, max(total, done))
            batch = following


def _mark(
    session: Session,
    entries: list[Waiting],
    results: dict[uuid.UUID, ChangeResult],
    report: SyncReport,
) -> None:
    """Sent (applied or duplicate) in one statement; the rest need attention, with why."""
    applied, duplicates, attention = mark(session, entries, results)
    report.pushed += applied
    report.duplicates += duplicates
    report.needs_attention += attention


def _pull(
    store: Store,
    actor: Actor,
    transport: Transport,
    epoch: str,
    report: SyncReport,
    progress: Progress,
) -> None:
    """Pull from ``actor``'s own cursor (``pull_cursors``) to the end of the server's log."""
    with store.session_factory.begin() as session:
        state = session.get_one(SyncState, 1)
        if state.epoch != epoch:
            # The server was restored: its cursor numbers mean something else now.
            log.warning(
                "server epoch changed from %s to %s: pulling from the start", state.epoch, epoch
            )
            pull_cursors.start_again(session)
            state.epoch = epoch
        cursor = pull_cursors.cursor_of(session, actor.user_id)
    fresh: set[tuple[str, uuid.UUID]] = set()  # set aside now: tried again at the next sync

    def fetch(after: int) -> PullPage:
        return transport.call("GET", "/pull", PullPage, params={"cursor": after, "limit": MAX_PAGE})

    # The next page is on its way while one is written here; the cursor moves with each
    # page written, in its transaction, so a sync cut off anywhere starts from the last one.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="hfhate-pull") as receiver:
        coming: Future[PullPage] | None = receiver.submit(fetch, cursor)
        while coming is not None:
            page = coming.result()
            coming = receiver.submit(fetch, page.next_cursor) if page.has_more else None
            with store.session_factory.begin() as session:
                fresh |= _apply_pulled(session, page.changes, report)
                pull_cursors.advance(session, actor.user_id, page.next_cursor)
            report.pages += 1
            progress(RECEIVING, report.pulled + report.held_back, 0)
    _refetch_held_back(store, transport, report, fresh)


def _apply_pulled(
    session: Session, changes: list[PulledChange], report: SyncReport, *, refetched: bool = False
) -> set[tuple[str, uuid.UUID]]:
    """Apply pulled changes; remember the records held back or set aside (with the reason),
    forget those now up to date; the records set aside."""
    reasons: dict[int, str] = {}
    outcomes = apply_page(session, changes, refetched=refetched, set_aside=reasons)
    set_aside: set[tuple[str, uuid.UUID]] = set()
    held: set[tuple[str, uuid.UUID]] = {
        (record_type, record_id)
        for record_type, record_id in session.execute(
            select(HeldBack.record_type, HeldBack.record_id).where(
                HeldBack.record_id.in_({c.record_id for c in changes})
            )
        )
    }
    for at, (change, outcome) in enumerate(zip(changes, outcomes, strict=True)):
        key = (change.record_type, change.record_id)
        if outcome in (HELD_BACK, SET_ASIDE):
            report.held_back += outcome == HELD_BACK
            report.set_aside += outcome == SET_ASIDE
            reason = reasons.get(at)
            if reason is not None:
                set_aside.add(key)
            row = session.get(HeldBack, key) if key in held else None
            if row is None:
                session.add(HeldBack(record_type=key[0], record_id=key[1], reason=reason))
                held.add(key)
            else:
                row.reason = reason
            session.flush()
            continue
        report.pulled += outcome == APPLIED
        if outcome == APPLIED:
            report.exchanged.add(change.record_id)
        if key in held:
            session.execute(
                delete(HeldBack).where(HeldBack.record_type == key[0], HeldBack.record_id == key[1])
            )
            held.discard(key)
            set_aside.discard(key)
    session.flush()
    return set_aside


def _refetch_held_back(
    store: Store,
    transport: Transport,
    report: SyncReport,
    fresh: set[tuple[str, uuid.UUID]] | frozenset[tuple[str, uuid.UUID]] = frozenset(),
) -> None:
    """Fetch again the held-back records that no longer have changes waiting here.

    Records set aside by an earlier sync are tried again too (this sync has pushed, so a
    conflict resolved meanwhile may let them in); ``fresh`` ones, set aside by this sync's
    pull, wait for the next.
    """
    with store.session_factory() as session:
        ready = [
            RecordRef(record_type=held.record_type, record_id=held.record_id)
            for held in session.scalars(select(HeldBack).order_by(HeldBack.held_at))
            if (held.record_type, held.record_id) not in fresh
            and not has_waiting_changes(session, held.record_id)
        ]
    for start in range(0, len(ready), MAX_PAGE):
        refs = ready[start : start + MAX_PAGE]
        answer = transport.call(
            "POST",
            "/records",
            RecordsResponse,
            json=RecordsRequest(records=refs).model_dump(mode="json"),
        )
        with store.session_factory.begin() as session:
            _apply_pulled(
                session,
                [
                    PulledChange(
                        seq=0,
                        record_type=r.record_type,
                        record_id=r.record_id,
                        version=r.version,
                        fields=r.fields,
                    )
                    for r in answer.records
                ],
                report,
                refetched=True,
            )
            # Records the server does not have (or no longer shows this user) are forgotten.
            returned = {(r.record_type, r.record_id) for r in answer.records}
            for ref in refs:
                if (ref.record_type, ref.record_id) in returned:
                    continue  # applied (forgotten above), held back or set aside again
                held = session.get(HeldBack, (ref.record_type, ref.record_id))
                if held is not None and not has_waiting_changes(session, ref.record_id):
                    session.delete(held)

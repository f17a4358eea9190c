"""Laptops' audit trails on the server: one hash chain per device, checked on arrival.

A batch is stored only if every row links to the one before it (the last row the server holds
for that device, then each other) and its own content gives its hash; a row the server
already holds is a duplicate when it is the same row (a batch sent again after a lost reply)
and a break when it is not (the laptop's row was changed after it was sent). A batch that
breaks the chain is refused whole and reported in ``audit_chain_breaks`` for administrators;
nothing of it is kept. ``verify_all`` checks every stored chain again, reading raw rows.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from hfhate.server.models import AuditChainBreak, AuditChainRow, EnrolledDevice, utc_now
from hfhate.services.audit_chain import (
    GENESIS_HASH,
    BrokenLink,
    ChainCheck,
    ChainRow,
    row_hash,
    verify_rows,
)
from hfhate.sync.audit_schemas import AuditPosition, AuditPushResult, AuditRefusal, AuditRow


def _json(value: object) -> str | None:
    if value is None:
        return None
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def as_chain_row(row: AuditRow) -> ChainRow:
    return ChainRow(
        row.seq,
        row.id,
        row.at,
        row.user_id,
        row.username,
        row.device_id,
        row.action,
        row.record_type,
        row.record_id,
        row.details,
        row.operation,
        row.recipients,
        row.justification,
        row.record_ids,
        row.prev_hash,
        row.hash,
    )


def position(session: Session, device_id: uuid.UUID) -> AuditPosition:
    last = session.execute(
        select(AuditChainRow.seq, AuditChainRow.hash)
        .where(AuditChainRow.device_id == device_id)
        .order_by(AuditChainRow.seq.desc())
        .limit(1)
    ).first()
    if last is None:
        return AuditPosition(last_seq=0, last_hash=GENESIS_HASH)
    return AuditPosition(last_seq=last.seq, last_hash=last.hash)


def receive(session: Session, device_id: uuid.UUID, rows: Sequence[AuditRow]) -> AuditPushResult:
    """Check ``rows`` against the device's chain and store them, or refuse the whole batch
    with its first broken link, storing nothing (the caller reports it: ``note_break``)."""
    at = position(session, device_id)
    prev_seq, prev_hash = at.last_seq, at.last_hash
    duplicates = 0
    new: list[AuditRow] = []
    for row in rows:
        chained = as_chain_row(row)
        if row.seq <= at.last_seq:
            held = session.get(AuditChainRow, (device_id, row.seq))
            if held is not None and held.hash == row.hash and held.id == row.id:
                duplicates += 1
                continue
            return _refused(at, duplicates, BrokenLink(row.seq, row.at, "edited"))
        if row.prev_hash != prev_hash or row_hash(row.prev_hash, chained) != row.hash:
            return _refused(at, duplicates, _problem(chained, prev_seq, prev_hash))
        new.append(row)
        prev_seq, prev_hash = row.seq, row.hash
    for row in new:
        session.add(
            AuditChainRow(
                device_id=device_id,
                seq=row.seq,
                id=row.id,
                at=row.at,
                user_id=row.user_id,
                username=row.username,
                row_device_id=row.device_id,
                action=row.action,
                record_type=row.record_type,
                record_id=row.record_id,
                details=_json(row.details) or "{}",
                operation=row.operation,
                recipients=_json(row.recipients),
                justification=row.justification,
                record_ids=_json(row.record_ids),
                prev_hash=row.prev_hash,
                hash=row.hash,
            )
        )
    session.flush()
    return AuditPushResult(
        stored=len(new),
        duplicates=duplicates,
        position=AuditPosition(last_seq=prev_seq, last_hash=prev_hash),
    )


def _problem(row: ChainRow, prev_seq: int, prev_hash: str) -> BrokenLink:
    if row_hash(row.prev_hash, row) != row.hash:
        return BrokenLink(row.seq, row.at, "edited")
    if row.seq > prev_seq + 1:
        return BrokenLink(row.seq, row.at, "removed")
    if row.seq <= prev_seq:
        return BrokenLink(row.seq, row.at, "reordered")
    return BrokenLink(row.seq, row.at, "inserted" if row.prev_hash != prev_hash else "edited")


def _refused(at: AuditPosition, duplicates: int, broken: BrokenLink) -> AuditPushResult:
    message = (
        f"The server refused this laptop's audit trail from {broken.describe()}: it no "
        "longer links to what the server holds. Nothing of the batch was kept; an "
        "administrator sees the report on the server (hfhate-server audit breaks)."
    )
    return AuditPushResult(
        stored=0,
        duplicates=duplicates,
        position=at,
        refused=AuditRefusal(seq=broken.seq, problem=broken.problem, message=message),
    )


def note_break(session: Session, device_id: uuid.UUID, refusal: AuditRefusal, row_at: str) -> None:
    """Report a refused batch; the same break sent again is counted on its report."""
    same = session.scalars(
        select(AuditChainBreak).where(
            AuditChainBreak.device_id == device_id,
            AuditChainBreak.seq == refusal.seq,
            AuditChainBreak.problem == refusal.problem,
        )
    ).first()
    if same is not None:
        same.times += 1
        same.last_seen_at = utc_now()
        return
    session.add(
        AuditChainBreak(
            device_id=device_id, seq=refusal.seq, problem=refusal.problem, row_at=row_at
        )
    )


@dataclass(frozen=True)
class DeviceChain:
    """One device's chain as verified, for ``hfhate-server audit verify``."""

    code: int | None
    name: str
    device_id: uuid.UUID
    check: ChainCheck

    def line(self) -> str:
        who = (
            f"device {self.code:03d} ({self.name})"
            if self.code is not None
            else str(self.device_id)
        )
        if self.check.broken is None:
            return f"{who}: intact, {self.check.events:,} rows"
        return f"{who}: BROKEN at {self.check.broken.describe()}"


def _rows(connection: Connection, device_id: uuid.UUID) -> Iterator[ChainRow]:
    """The device's stored rows in seq order, streamed (no ORM objects)."""
    t = AuditChainRow.__table__.c
    query = (
        select(
            t.seq,
            t.id,
            t.at,
            t.user_id,
            t.username,
            t.row_device_id,
            t.action,
            t.record_type,
            t.record_id,
            t.details,
            t.operation,
            t.recipients,
            t.justification,
            t.record_ids,
            t.prev_hash,
            t.hash,
        )
        .where(t.device_id == device_id)
        .order_by(t.seq)
    )
    streamed = connection.execution_options(stream_results=True, yield_per=5000)
    for r in streamed.execute(query):
        yield ChainRow._make(r)


def verify_all(session: Session) -> list[DeviceChain]:
    """Every device's chain, checked again from its first row."""
    connection = session.connection()
    found = []
    devices = session.scalars(
        select(AuditChainRow.device_id).group_by(AuditChainRow.device_id)
    ).all()
    for device_id in devices:
        device = session.get(EnrolledDevice, device_id)
        check = verify_rows(_rows(connection, device_id), partial(_rows, connection, device_id))
        found.append(
            DeviceChain(
                device.code if device else None, device.name if device else "", device_id, check
            )
        )
    return sorted(found, key=lambda c: (c.code is None, c.code or 0))


def breaks(session: Session) -> list[str]:
    """The refused batches, newest first, as lines for an administrator."""
    lines = []
    for report in session.scalars(
        select(AuditChainBreak).order_by(AuditChainBreak.last_seen_at.desc())
    ):
        device = session.get(EnrolledDevice, report.device_id)
        who = f"device {device.code:03d} ({device.name})" if device else str(report.device_id)
        again = f", refused {report.times} times, last {report.last_seen_at:%Y-%m-%d %H:%M} UTC"
        lines.append(
            f"{report.found_at:%Y-%m-%d %H:%M} UTC  {who}: {report.problem} at row {report.seq} "
            f"of {report.row_at[:19].replace('T', ' ')} UTC{again if report.times > 1 else ''}"
        )
    return lines


def count_rows(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditChainRow)) or 0

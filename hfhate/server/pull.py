"""Serving pulls: the change log after a cursor, filtered to what the user may see.

The upper bound of a page is read first (the highest sequence committed so far); because the
sequence is allocated under the counter row's lock, every change at or below it has committed,
so the page query that follows sees all of them and the next cursor never skips one.
``fetch_records`` serves records by id, under the same filter (what a pull held back).
A cursor from an older epoch, or one beyond anything the database allocated (it was restored),
is answered by ``start_again``: an empty page sending the laptop back to cursor 0.
Supervisors see everything; administrators everything but subject access requests (which are
for supervisors only); officers their own warnings and notices (with what others did to them);
engagement officers sessions and organisations; officers of either kind the people they
recorded, with their links, consents and referrals, and their own incidents and feedback;
everyone accounts, setting changes and
reference lists. A laptop of the previous release (``view``, ``compat.WireView``) is served
only the record types its release knows, each without the fields it does not know.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, true
from sqlalchemy.orm import Session

from hfhate.models import Role
from hfhate.server.accounts import Caller
from hfhate.server.bulk import encode
from hfhate.server.models import ChangeLogEntry, ServerRecordRow
from hfhate.sync.compat import WireView
from hfhate.sync.schemas import PullPage, RecordRef, ServerRecord

NOTICE_TYPES = ("notices", "notice_events", "evidence_photos")
ENGAGEMENT_TYPES = (
    "organisations",
    "engagement_sessions",
    "session_register",
    "session_confidence",
    "session_follow_ups",
)
SUPERVISOR_ONLY_TYPES = ("subject_access_requests",)
# Victims, witnesses and referrals: an officer of either kind sees the people they recorded
# (and what hangs on them) and their own incidents and feedback.
VICTIM_TYPES = (
    "incidents",
    "people",
    "person_links",
    "consents",
    "referrals",
    "victim_feedback",
)
# What every laptop needs whoever syncs it: accounts, the settings every check reads, and
# the reference lists.
EVERYONE_TYPES = ("users", "setting_changes", "reference_entries")


def visible(caller: Caller, view: WireView | None = None) -> ColumnElement[bool]:
    """What a pull serves: not losing edits, nor what the caller's laptop sent as it stands,
    nor types the caller's release does not know."""
    log = ChangeLogEntry
    # Written out rather than NOT(as_sent AND by_device = me): by_device_id is NULL for
    # changes made on the server, and NOT(NULL) would hide them.
    not_echo = or_(
        log.as_sent.is_(False), log.by_device_id.is_(None), log.by_device_id != caller.device.id
    )
    return and_(log.superseded.is_(False), not_echo, visible_to(caller, log), known(view, log))


def known(
    view: WireView | None, log: type[ChangeLogEntry] | type[ServerRecordRow]
) -> ColumnElement[bool]:
    """Records of the types the laptop's release knows (every type for this release's)."""
    types = view.record_types if view is not None else None
    return true() if types is None else log.record_type.in_(sorted(types))


def visible_to(
    caller: Caller, log: type[ChangeLogEntry] | type[ServerRecordRow]
) -> ColumnElement[bool]:
    """Which change-log entries or records (by type and owner) ``caller`` may see."""
    if caller.has(Role.SUPERVISOR):
        return true()
    allowed: list[ColumnElement[bool]] = [log.record_type.in_(EVERYONE_TYPES)]
    if caller.has(Role.ADMINISTRATOR):
        # Everything but subject access requests and victims' records, which are personal
        # data an administrator has no need of.
        allowed.append(log.record_type.not_in(SUPERVISOR_ONLY_TYPES + VICTIM_TYPES))
    if caller.has(Role.AUTHORISED_OFFICER):
        allowed.append(and_(log.record_type.in_(NOTICE_TYPES), log.owner_id == caller.user.id))
    if caller.has(Role.ENGAGEMENT_OFFICER):
        allowed.append(log.record_type.in_(ENGAGEMENT_TYPES))
    if caller.has(Role.AUTHORISED_OFFICER) or caller.has(Role.ENGAGEMENT_OFFICER):
        allowed.append(and_(log.record_type.in_(VICTIM_TYPES), log.owner_id == caller.user.id))
    return or_(*allowed)


@dataclass(frozen=True)
class ServedPage:
    """A pull page as it goes out: the JSON of a ``PullPage``, encoded once (orjson)."""

    body: bytes
    has_more: bool


def pull_page(
    session: Session,
    caller: Caller,
    cursor: int,
    limit: int,
    epoch: str,
    view: WireView | None = None,
) -> ServedPage:
    """The changes after ``cursor`` the caller may see, up to the highest committed sequence.

    Read with plain Core rows and written straight to JSON in ``PullPage``'s shape, key for
    key: a page is read once and sent, so no wire model is built of it.
    """
    connection = session.connection()
    upper = connection.scalar(select(func.max(ChangeLogEntry.seq))) or 0
    log = ChangeLogEntry
    rows = connection.execute(
        select(log.seq, log.record_type, log.record_id, log.version, log.fields)
        .where(log.seq > cursor, log.seq <= upper, visible(caller, view))
        .order_by(log.seq)
        .limit(limit + 1)
    ).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    page = {
        "changes": [
            {
                "seq": seq,
                "record_type": record_type,
                "record_id": record_id,
                "version": version,
                "fields": _as_seen(view, record_type, fields),
            }
            for seq, record_type, record_id, version, fields in rows
        ],
        "next_cursor": rows[-1].seq if has_more else max(upper, cursor),
        "has_more": has_more,
        "epoch": epoch,
    }
    return ServedPage(encode(page), has_more)


def start_again(epoch: str) -> PullPage:
    """The answer to a cursor that means nothing in this epoch: nothing, and start from 0."""
    return PullPage(changes=[], next_cursor=0, has_more=False, epoch=epoch)


def fetch_records(
    session: Session, caller: Caller, refs: list[RecordRef], view: WireView | None = None
) -> list[ServerRecord]:
    """The records asked for, as they stand now, that ``caller`` may see."""
    wanted = {
        (ref.record_type, ref.record_id)
        for ref in refs
        if view is None or view.knows(ref.record_type)
    }
    if not wanted:
        return []
    found: list[ServerRecord] = []
    for record_type in sorted({record_type for record_type, _ in wanted}):
        ids = [record_id for kind, record_id in wanted if kind == record_type]
        found += [
            ServerRecord(
                record_type=row.record_type,
                record_id=row.record_id,
                version=row.version,
                fields=_as_seen(view, row.record_type, row.fields),
            )
            for row in session.scalars(
                select(ServerRecordRow).where(
                    ServerRecordRow.record_type == record_type,
                    ServerRecordRow.record_id.in_(ids),
                    visible_to(caller, ServerRecordRow),
                )
            )
        ]
    return found


def _as_seen(view: WireView | None, record_type: str, fields: dict[str, Any]) -> dict[str, Any]:
    """A record's fields as the caller's release knows them."""
    return fields if view is None or view.whole else view.fields(record_type, fields)

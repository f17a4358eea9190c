"""The notices of a print batch read in one query, with what their prints depend on.

A batch of 1,000 notices typed at the command line is read with one SELECT: each notice,
whether its timeline holds a print already (the next one is a copy), and its latest
cancellation (the date and the kind of move, for a cancelled notice's printed record). Who
may print which notice is decided here once, on the rows read, so the batch functions say why
each one is refused without asking the store again.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.orm import Session

from hfhate.models import FixedPenaltyNotice, NoticeEvent, NoticeKind, NoticeStatus, Role
from hfhate.services.actor import Actor, require
from hfhate.services.errors import NotFound, PermissionDenied, ServiceError
from hfhate.services.notices.lifecycle import NotAllowedNow

PRINTED = "printed"
# Numbers or ids asked for in one IN (...): far below SQLite's limit on parameters.
CHUNK = 5_000
N, E = FixedPenaltyNotice, NoticeEvent


class Printable(Protocol):
    """What deciding who may print a notice reads of it."""

    @property
    def officer_id(self) -> uuid.UUID: ...
    @property
    def kind(self) -> NoticeKind: ...
    @property
    def number(self) -> str | None: ...
    @property
    def deleted_at(self) -> datetime | None: ...


@dataclass(frozen=True)
class PrintedNotice:
    """The columns of a printed notice that recording its print reads (no ORM object)."""

    id: uuid.UUID
    number: str | None
    officer_id: uuid.UUID
    kind: NoticeKind
    deleted_at: datetime | None
    erased_at: datetime | None


def printed_notices(session: Session, numbers: Sequence[str]) -> dict[str, PrintedNotice]:
    """The notices with these numbers, deleted ones too, as ``PrintedNotice``: one SELECT
    (one per ``CHUNK`` numbers)."""
    query = select(N.id, N.number, N.officer_id, N.kind, N.deleted_at, N.erased_at)
    found: dict[str, PrintedNotice] = {}
    unique = list(dict.fromkeys(numbers))
    for start in range(0, len(unique), CHUNK):
        for row in session.execute(query.where(N.number.in_(unique[start : start + CHUNK]))):
            found[row.number or ""] = PrintedNotice(*row)
    return found


@dataclass(frozen=True)
class NoticeForPrint:
    """A notice as a print needs it: the row, an earlier print, its latest cancellation."""

    notice: FixedPenaltyNotice
    printed_before: bool
    cancelled_at: datetime | None
    cancelled_by_move: str | None


def _latest_cancellation(column: Any) -> Any:
    return (
        select(column)
        .where(E.notice_id == N.id, E.status_to == NoticeStatus.CANCELLED, E.deleted_at.is_(None))
        .order_by(E.at.desc())
        .limit(1)
        .scalar_subquery()
    )


def notices_for_print(
    session: Session, where: ColumnElement[bool], keys: Sequence[Any], key: Any
) -> list[NoticeForPrint]:
    """The notices where ``key`` is one of ``keys`` (and ``where`` holds), in one SELECT
    (one per ``CHUNK`` keys)."""
    printed = exists().where(E.notice_id == N.id, E.action == PRINTED, E.deleted_at.is_(None))
    query = select(N, printed, _latest_cancellation(E.at), _latest_cancellation(E.action)).where(
        where
    )
    found: list[NoticeForPrint] = []
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), CHUNK):
        chunk = unique[start : start + CHUNK]
        for notice, was_printed, cancelled_at, move in session.execute(query.where(key.in_(chunk))):
            found.append(NoticeForPrint(notice, bool(was_printed), cancelled_at, move))
    return found


def by_id(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, NoticeForPrint]:
    """The notices with these ids, deleted ones too (refused by ``print_refusal``)."""
    found = notices_for_print(session, N.id.is_not(None), ids, N.id)
    return {item.notice.id: item for item in found}


def by_number(session: Session, numbers: Sequence[str]) -> dict[str, NoticeForPrint]:
    """The notices, not deleted, with these numbers (as ``str(NoticeNumber)`` writes them)."""
    found = notices_for_print(session, N.deleted_at.is_(None), numbers, N.number)
    return {item.notice.number or "": item for item in found}


def print_refusal(actor: Actor, notice: Printable | None) -> ServiceError | None:
    """Why ``actor`` may not print ``notice`` (None: they may), the checks and words of
    ``print_queue.printable_notice``: supervisors any notice, officers the ones they issued."""
    try:
        require(actor, Role.SUPERVISOR, Role.AUTHORISED_OFFICER, to="print notices")
    except PermissionDenied as refused:
        return refused
    if notice is None or notice.deleted_at is not None:
        return NotFound("That notice does not exist.")
    mine = notice.officer_id == actor.user_id
    if not actor.has(Role.SUPERVISOR) and not (actor.has(Role.AUTHORISED_OFFICER) and mine):
        return PermissionDenied("You can see only the notices and warnings you issued.")
    if not actor.has(Role.SUPERVISOR) and not mine:
        return PermissionDenied("Only a supervisor or the officer who issued it can print it.")
    if notice.kind is not NoticeKind.NOTICE or notice.number is None:
        return NotAllowedNow(
            "Only a fixed penalty notice with a number can be printed; "
            "a warning or a referral to police has no notice to print."
        )
    return None

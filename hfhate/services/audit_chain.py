"""The audit trail's hash chain, on plain values: one hash function for the laptop and the
server, and a check that streams raw rows (no ORM objects) fast enough for millions of rows.

A row's hash is SHA-256 of the previous row's hash and a canonical JSON list of its content.
Rows written before the s.62 columns (local migration 0010) have no ``operation`` and are
hashed as they always were; rows written since add the operation kind, recipients,
justification and record ids to the list, so an edit of any of them breaks the chain too.

``verify_rows`` takes the rows in chain order as tuples of ``ChainRow`` fields (strings as the
hash saw them) and names the first broken link and what happened to it: ``edited`` (its content
no longer gives its hash), ``removed`` (a row before it is missing), ``inserted`` (it does not
belong in the chain), ``reordered`` (it follows a row that comes after it).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from json.encoder import encode_basestring_ascii as _quote
from typing import Any, NamedTuple

GENESIS_HASH = "0" * 64

# s.62 kinds of processing, and "other" for events that process no personal data (sign-in).
COLLECTION, ALTERATION, CONSULTATION = "collection", "alteration", "consultation"
DISCLOSURE, COMBINATION, ERASURE, OTHER = "disclosure", "combination", "erasure", "other"
OPERATIONS = (COLLECTION, ALTERATION, CONSULTATION, DISCLOSURE, COMBINATION, ERASURE, OTHER)


class ChainRow(NamedTuple):
    """One row as hashed: ids and times already in their text form (``str(uuid)``,
    ``datetime.isoformat()``); ``details`` a JSON object's text or a dict."""

    seq: int
    id: str
    at: str
    user_id: str | None
    username: str | None
    device_id: str
    action: str
    record_type: str | None
    record_id: str | None
    details: Any
    operation: str | None
    recipients: Any
    justification: str | None
    record_ids: Any
    prev_hash: str
    hash: str


# One encoder for every row (``json.dumps`` with these options builds a new one each call).
_ENCODE = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str).encode
# A stored list of record ids, as the store's JSON type writes it: '["<uuid>", "<uuid>"]'.
_ID_LIST = re.compile(r'\[(?:"[0-9a-f-]{36}"(?:, "[0-9a-f-]{36}")*)?\]')


def _canonical(value: Any) -> str:
    """A JSON value as ``json.dumps(..., sort_keys=True, separators=(",", ":"))`` writes it;
    stored JSON text is read and written again (its key order is not canonical), except a
    list of ids, whose canonical text is its own without the spaces after commas."""
    if value is None:
        return "null"
    if isinstance(value, str):
        if value in ("{}", "[]", "null"):
            return value
        if _ID_LIST.fullmatch(value):
            return value.replace('", "', '","')
        value = json.loads(value)
    return _ENCODE(value)


def _text(value: str | None) -> str:
    return "null" if value is None else _quote(value)


def content_of(row: ChainRow) -> str:
    """The canonical text hashed after the previous hash (the layout of every earlier row)."""
    head = (
        f"[{_quote(row.id)},{_quote(row.at)},{_text(row.user_id)},{_text(row.username)},"
        f"{_quote(row.device_id)},{_quote(row.action)},{_text(row.record_type)},"
        f"{_text(row.record_id)},{_canonical(row.details if row.details is not None else {})}"
    )
    if row.operation is None:  # written before migration 0010: hashed as it was then
        return head + "]"
    return (
        f"{head},{_quote(row.operation)},{_canonical(row.recipients)},"
        f"{_text(row.justification)},{_canonical(row.record_ids)}]"
    )


def row_hash(prev_hash: str, row: ChainRow) -> str:
    return hashlib.sha256((prev_hash + content_of(row)).encode()).hexdigest()


@dataclass(frozen=True)
class BrokenLink:
    """The first row where the chain breaks, and what happened there."""

    seq: int
    at: str
    problem: str  # edited, removed, inserted, reordered

    def describe(self) -> str:
        what = {
            "edited": "it was edited after it was written",
            "removed": "a row before it was removed",
            "inserted": "it was inserted into the chain",
            "reordered": "rows around it were put in another order",
        }[self.problem]
        return f"row {self.seq} of {self.at[:19].replace('T', ' ')} UTC: {what}"


@dataclass(frozen=True)
class ChainCheck:
    """Result of checking a chain: how many rows were read, and the first broken link."""

    events: int
    broken: BrokenLink | None = None

    @property
    def intact(self) -> bool:
        return self.broken is None

    @property
    def first_broken_seq(self) -> int | None:
        return self.broken.seq if self.broken else None


def verify_rows(
    rows: Iterable[ChainRow],
    rows_again: Callable[[], Iterator[ChainRow]] | None = None,
    *,
    start_hash: str = GENESIS_HASH,
) -> ChainCheck:
    """Check ``rows`` in chain order; ``rows_again`` reads them a second time to tell what
    happened at a break (without it a break reads as ``edited``, ``inserted`` or ``removed``)."""
    prev, before, count = start_hash, None, 0
    iterator = iter(rows)
    for row in iterator:
        count += 1
        if row.prev_hash == prev and row_hash(prev, row) == row.hash:
            prev, before = row.hash, row
            continue
        following = next(iterator, None)
        return ChainCheck(count, _what_happened(row, following, prev, before, rows_again))
    return ChainCheck(count)


def _what_happened(
    row: ChainRow,
    following: ChainRow | None,
    prev: str,
    before: ChainRow | None,
    rows_again: Callable[[], Iterator[ChainRow]] | None,
) -> BrokenLink:
    """Name the first broken link, ``row`` being the first that does not follow ``before``."""
    consistent = row_hash(row.prev_hash, row) == row.hash
    if consistent and rows_again is not None:
        again = rows_again()
        for other in again:
            if other.hash != row.prev_hash:
                continue
            if other.seq > row.seq:
                return BrokenLink(row.seq, row.at, "reordered")
            first_inserted = next(again, row)  # the row after the one it was chained to
            return BrokenLink(first_inserted.seq, first_inserted.at, "inserted")
    if following is not None and following.prev_hash == prev:
        return BrokenLink(row.seq, row.at, "inserted")  # the chain goes on as if it were not there
    if not consistent:
        return BrokenLink(row.seq, row.at, "edited")
    if before is None or row.seq != before.seq + 1:
        return BrokenLink(row.seq, row.at, "removed")
    # The row before is in place but is not the row this one was chained to: it was rewritten
    # with a fresh hash of its own.
    return BrokenLink(before.seq, before.at, "edited")

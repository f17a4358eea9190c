"""Upgrades: which laptops a server still answers, and in what words it says which side to
upgrade when it cannot.

The compatibility window: a server answers laptops of its own store schema and of the
previous release's (``PREVIOUS_STORE_SCHEMA``), so laptops can be upgraded one by one after
the server. A laptop says its store schema and app version in headers on every request
(``STORE_SCHEMA_HEADER``, ``APP_VERSION_HEADER``); one that sends none is of the previous
release, which did not send them. To a previous-release laptop the server speaks that
release's wire format, kept in ``hfhate/sync/wire_history`` (``WireView``): only the record
types and fields it knows are sent, what it pushes is checked against them, and the columns
it does not know take their defaults. A laptop outside the window is refused, saying which
side to upgrade (``refusal``). The laptop, before each sync and enrolment, compares itself
with what ``GET /health`` says (``laptop_verdict``) and stops with the same words; nothing
waiting in its outbox is touched.

Qt-free: the server and the laptop's sync client both use it.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hfhate.records.codec import wire_value
from hfhate.records.registry import record_type
from hfhate.sync import schemas
from hfhate.sync.upgrade_words import KEPT, UPGRADE_LAPTOP, UPGRADE_SERVER
from hfhate.sync.wire_history import WireSnapshot, load

# The store schema of the release before this one: its laptops keep syncing. When
# ``schemas.STORE_SCHEMA`` moves on, take this release's snapshot first
# (``python -m hfhate.sync.wire_history snapshot``) and set this to the schema it was.
PREVIOUS_STORE_SCHEMA = "0012"
LONGEST_HEADER = 20  # a version or schema said back in a message is cut to this


@dataclass(frozen=True)
class Release:
    """One side of a sync: the store schema it speaks and its app version ("" if unknown)."""

    store_schema: str
    version: str = ""


def this_release() -> Release:
    """This code's release (read when asked, so a test can pretend to be another)."""
    from hfhate import __version__

    return Release(schemas.STORE_SCHEMA, __version__)


def laptop_headers(release: Release | None = None) -> dict[str, str]:
    """The headers a laptop sends on every request: which release it is."""
    release = release or this_release()
    return {
        schemas.STORE_SCHEMA_HEADER: release.store_schema,
        schemas.APP_VERSION_HEADER: release.version,
    }


def window(own: str) -> tuple[str, ...]:
    """The store schemas a server of store schema ``own`` answers, oldest first."""
    return tuple(sorted({PREVIOUS_STORE_SCHEMA, own}, key=_order_key))


def accepts(own: str, laptop: str) -> bool:
    return laptop in window(own)


def _order(schema: str) -> int | None:
    return int(schema) if schema.isascii() and schema.isdigit() else None


def _order_key(schema: str) -> tuple[int, str]:
    number = _order(schema)
    return (number if number is not None else 10**9, schema)


def _said(value: str) -> str:
    """A value a laptop sent, fit to be said back: printable, short."""
    clean = "".join(ch for ch in value if ch.isprintable())[:LONGEST_HEADER]
    return clean


def laptop_too_old(laptop: Release, server: Release) -> str:
    mine = f"hfhate {_said(laptop.version)}" if laptop.version else "hfhate"
    return (
        f"This laptop's {mine} is too old for the server ({_said(server.version)}): "
        f"{UPGRADE_LAPTOP}. {KEPT}"
    )


def server_too_old(laptop: Release, server: Release) -> str:
    theirs = f" ({_said(laptop.version)})" if laptop.version else ""
    return (
        f"The server runs an older hfhate ({_said(server.version)}) than this laptop{theirs}: "
        f"{UPGRADE_SERVER}. {KEPT}"
    )


def upgrade_soon(laptop: Release, server: Release) -> str:
    return (
        f"The server runs a newer hfhate ({_said(server.version)}) than this laptop "
        f"({_said(laptop.version)}): sync goes on, but {UPGRADE_LAPTOP} soon."
    )


def refusal(laptop: Release, server: Release) -> str | None:
    """The server's refusal of a laptop outside its window (None: the laptop is answered).

    A store schema older than the window's oldest: the laptop is to be upgraded. Newer, or
    not one this server has heard of: the server is."""
    if accepts(server.store_schema, laptop.store_schema):
        return None
    theirs, oldest = _order(laptop.store_schema), _order(window(server.store_schema)[0])
    if theirs is not None and oldest is not None and theirs < oldest:
        return laptop_too_old(laptop, server)
    return server_too_old(laptop, server)


@dataclass(frozen=True)
class Verdict:
    """What the laptop makes of the server's health: go on or not, and what to say."""

    go_on: bool
    message: str = ""


def laptop_verdict(
    laptop: Release, server: Release, server_accepts: tuple[str, ...] | None
) -> Verdict:
    """Whether this laptop may sync with that server, in plain words.

    ``server_accepts`` is the server's ``ACCEPTS_HEADER`` (None from a server older than
    the window, which accepts only its own store schema)."""
    accepted = server_accepts or (server.store_schema,)
    mine, theirs = _order(laptop.store_schema), _order(server.store_schema)
    if laptop.store_schema in accepted:
        newer = mine is not None and theirs is not None and theirs > mine
        return Verdict(True, upgrade_soon(laptop, server) if newer else "")
    if mine is not None and theirs is not None and theirs < mine:
        return Verdict(False, server_too_old(laptop, server))
    return Verdict(False, laptop_too_old(laptop, server))


def parse_accepts(value: str | None) -> tuple[str, ...] | None:
    if not value:
        return None
    return tuple(part.strip() for part in value.split(",") if part.strip())


@dataclass(frozen=True)
class WireView:
    """The wire format the server speaks to one laptop: all of it (``known`` None, a laptop
    of the server's own store schema) or a previous release's record types and fields."""

    store_schema: str
    known: Mapping[str, frozenset[str]] | None = None

    @property
    def whole(self) -> bool:
        return self.known is None

    @property
    def record_types(self) -> frozenset[str] | None:
        """The record types this laptop knows (None: every type)."""
        return None if self.known is None else frozenset(self.known)

    def knows(self, name: str) -> bool:
        return self.known is None or name in self.known

    def fields(self, name: str, fields: Mapping[str, Any]) -> dict[str, Any]:
        """A record's fields without those this laptop does not know."""
        if self.known is None:
            return dict(fields)
        allowed = self.known.get(name, frozenset())
        return {key: value for key, value in fields.items() if key in allowed}

    def refused(self, name: str, fields: Mapping[str, Any]) -> str | None:
        """Why a change this laptop pushed cannot be taken: a type or field it cannot know."""
        if self.known is None:
            return None
        if name not in self.known:
            return (
                f"Records of type {name} are not sent by this laptop's release of hfhate: "
                f"{UPGRADE_LAPTOP}."
            )
        unknown = set(fields) - self.known[name]
        if unknown:
            return (
                f"This laptop's release of hfhate does not send {', '.join(sorted(unknown))} "
                f"on {name}: {UPGRADE_LAPTOP}."
            )
        return None

    def completed(self, name: str, fields: Mapping[str, Any]) -> dict[str, Any]:
        """A new record this laptop pushed, with the columns it does not know at their
        defaults (a column's default, else None where it may be empty)."""
        kind = record_type(name)
        if self.known is None or kind is None or name not in self.known:
            return dict(fields)
        filled = dict(fields)
        for column in kind.table.columns:
            key = column.key
            if key in filled or key in self.known[name] or key not in kind.wire_fields:
                continue
            default = _default_of(column)
            if default is not _NONE:
                filled[key] = wire_value(default)
            elif column.nullable:
                filled[key] = None
        return filled


_NONE = object()


def _default_of(column: Any) -> Any:
    """A column's Python-side default value, or ``_NONE`` if it has none to give."""
    default = column.default
    if default is None:
        return _NONE
    if getattr(default, "is_scalar", False):
        return default.arg
    if getattr(default, "is_callable", False):
        try:
            return default.arg(None)
        except TypeError:
            return _NONE
    return _NONE


@functools.cache
def _snapshot(store_schema: str) -> WireSnapshot | None:
    return load(store_schema)


def view_for(laptop_schema: str, own: str) -> WireView | None:
    """The wire format for a laptop of ``laptop_schema`` on a server of ``own``; None if the
    laptop is outside the window (or its release's wire format was not kept)."""
    if laptop_schema == own:
        return WireView(own)
    if not accepts(own, laptop_schema):
        return None
    snapshot = _snapshot(laptop_schema)
    if snapshot is None:
        return None
    return WireView(laptop_schema, snapshot.record_types)

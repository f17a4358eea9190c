"""What one operation changed: the record types and ids it touched (as Anki's ``OpChanges``).

Every write in the services goes through ``record_created``/``record_updated`` (synced records)
or calls ``note_change`` itself (drafts, settings, this laptop's own rows); each notes what it
touched in the session's unit of work. When the operation's transaction ends, ``collected``
says what changed, and the UI tells the screens that show those records to refresh.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

_KEY = "hfhate.changes"


@dataclass(frozen=True)
class OpChanges:
    """The record types one operation changed, with the ids of the records touched."""

    records: Mapping[str, frozenset[uuid.UUID]] = field(default_factory=dict)

    @property
    def record_types(self) -> frozenset[str]:
        return frozenset(self.records)

    def touches(self, *record_types: str) -> bool:
        """True when the operation changed a record of any of ``record_types``."""
        return any(record_type in self.records for record_type in record_types)

    def __bool__(self) -> bool:
        return bool(self.records)

    @classmethod
    def of(cls, record_type: str, *record_ids: uuid.UUID) -> OpChanges:
        """A change to ``record_type`` (for what is not written through a session)."""
        return cls({record_type: frozenset(record_ids)})


def note_change(session: Session, record_type: str, record_ids: Iterable[uuid.UUID] = ()) -> None:
    """Note in the session's unit of work that records of ``record_type`` changed."""
    touched: dict[str, set[uuid.UUID]] = session.info.setdefault(_KEY, {})
    touched.setdefault(record_type, set()).update(record_ids)


def collected(session: Session) -> OpChanges:
    """What the operations run in ``session`` so far have changed; the notes are cleared."""
    touched: dict[str, set[uuid.UUID]] = session.info.pop(_KEY, {})
    return OpChanges({name: frozenset(ids) for name, ids in touched.items()})

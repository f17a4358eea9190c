"""Reference lists on the server: the entries an administrator adds, relabels, retires and
restores, each a ``reference_entries`` record published through the change log (so every
laptop's next pull brings it), and the lists the server checks pushed records against.

An entry's record id comes from its list and code (``entry_id``): the same entry is always
the same record, whoever changes it.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.models import utc_now
from hfhate.server.accounts import SERVER_DEVICE_ID, Refused
from hfhate.server.models import ServerRecordRow
from hfhate.server.records import save_record
from hfhate.services.reference_entries import entry_id
from hfhate.services.reference_lists import (
    ORGANISATIONS_ADDED_ELSEWHERE,
    ReferenceLists,
    check_entry,
    merged_lists,
)

RECORD_TYPE = "reference_entries"
_CACHE = "hfhate.reference_lists"


def _rows(session: Session) -> list[ServerRecordRow]:
    return list(
        session.scalars(select(ServerRecordRow).where(ServerRecordRow.record_type == RECORD_TYPE))
    )


def central_lists(session: Session) -> ReferenceLists:
    """The lists in force on the server, read once per session (one request)."""
    cached = session.info.get(_CACHE)
    if cached is None:
        organisations = session.scalars(
            select(ServerRecordRow.fields).where(ServerRecordRow.record_type == "organisations")
        )
        cached = merged_lists((row.fields for row in _rows(session)), organisations)
        session.info[_CACHE] = cached
    assert isinstance(cached, ReferenceLists)
    return cached


def save_entry(
    session: Session,
    by: uuid.UUID,
    list_name: str,
    code: str,
    label: str,
    *,
    extra: dict[str, Any] | None = None,
    position: int | None = None,
) -> ReferenceLists:
    """Add an entry, or relabel one (shipped or added): the lists as they now stand."""
    label = " ".join(label.split())
    if list_name in ("partners", "schools"):
        raise Refused(ORGANISATIONS_ADDED_ELSEWHERE, 422)
    lists = central_lists(session)
    current = next((e for e in lists.entries(list_name) if e.code == code), None)
    if position is None:
        position = (
            current.position
            if current is not None
            else max((e.position for e in lists.entries(list_name)), default=0) + 10
        )
    problems = check_entry(list_name, code, label, position)
    if problems:
        raise Refused(" ".join(problems.values()), 422)
    changes: dict[str, Any] = {"label": label, "position": position}
    if extra is not None:
        changes["extra"] = extra
    elif current is None or not current.central:
        changes["extra"] = dict(current.extra) if current is not None else {}
    return _write(session, by, list_name, code, changes)


def set_retired(
    session: Session, by: uuid.UUID, list_name: str, code: str, *, retired: bool
) -> ReferenceLists:
    """Retire an entry (new records cannot choose it) or put it back in use."""
    lists = central_lists(session)
    current = next((e for e in lists.entries(list_name) if e.code == code), None)
    if current is None:
        raise Refused(f"There is no entry {code} in that list.", 404)
    when = current.retired_at or utc_now() if retired else None  # retired once: kept
    changes: dict[str, Any] = {"retired_at": when.isoformat() if when else None}
    if not current.central:  # a shipped entry retired: its record carries what it shows
        changes |= {"label": current.label, "position": current.position}
        changes["extra"] = dict(current.extra)
    return _write(session, by, list_name, code, changes)


def _write(
    session: Session, by: uuid.UUID, list_name: str, code: str, changes: dict[str, Any]
) -> ReferenceLists:
    record_id = entry_id(list_name, code)
    row = session.get(ServerRecordRow, (RECORD_TYPE, record_id))
    now = utc_now().isoformat()
    if row is None:
        fields: dict[str, Any] = {
            "id": str(record_id),
            "list_name": list_name,
            "code": code,
            "label": code,
            "extra": {},
            "position": 0,
            "retired_at": None,
            "created_at": now,
            "deleted_at": None,
            "created_by_id": None,
            "created_on_device_id": str(SERVER_DEVICE_ID),
        }
    else:
        fields = dict(row.fields)
    fields |= changes | {"updated_at": now}
    save_record(
        session,
        row,
        record_type=RECORD_TYPE,
        record_id=record_id,
        owner_id=by,
        fields=fields,
        changed=sorted(changes) + ["updated_at"],
        user_id=by,
    )
    session.flush()
    session.info.pop(_CACHE, None)
    return central_lists(session)

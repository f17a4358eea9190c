"""A stand-alone laptop's administrator changing its own reference lists: adding an entry,
giving one new words, retiring one and putting it back in use. An enrolled laptop's lists
are changed on the server (``server.reference_lists``) and arrive by sync.

Each change is a ``reference_entries`` record laid over the shipped lists, as the server's
are; the same list and code is always the same record (``entry_id``).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.models import ReferenceEntry, Role, utc_now
from hfhate.services.actor import Actor, require
from hfhate.services.changes import record_created, record_updated
from hfhate.services.errors import NotFound, ServiceError, ValidationFailed
from hfhate.services.reference_lists import (
    ORGANISATIONS_ADDED_ELSEWHERE,
    ReferenceLists,
    check_entry,
    lists_for,
)

_NAMESPACE = uuid.UUID("6f1d1c52-9d0e-4d55-9a55-1f0b3a7d1e19")


def entry_id(list_name: str, code: str) -> uuid.UUID:
    """The record id of one list's entry: the same on every laptop and on the server."""
    return uuid.uuid5(_NAMESPACE, f"{list_name}\x1f{code}")


def save_entry(
    session: Session,
    actor: Actor,
    list_name: str,
    code: str,
    label: str,
    *,
    extra: dict[str, Any] | None = None,
) -> ReferenceLists:
    """Add an entry or give one new words; the lists as they now stand."""
    require(actor, Role.ADMINISTRATOR, to="change the reference lists")
    if list_name in ("partners", "schools"):
        raise ServiceError(ORGANISATIONS_ADDED_ELSEWHERE)
    code, label = code.strip(), " ".join(label.split())
    lists = lists_for(session)
    current = next((e for e in lists.entries(list_name) if e.code == code), None)
    position = (
        current.position
        if current is not None
        else max((e.position for e in lists.entries(list_name)), default=0) + 10
    )
    errors = check_entry(list_name, code, label, position)
    if errors:
        raise ValidationFailed(errors)
    values: dict[str, Any] = {"label": label, "position": position}
    if extra is not None:
        values["extra"] = extra
    elif current is not None and not current.central:
        values["extra"] = dict(current.extra)
    added = current is None
    _write(
        session,
        actor,
        list_name,
        code,
        values,
        "reference_entry_added" if added else "reference_entry_changed",
    )
    return lists_for(session)


def set_retired(
    session: Session, actor: Actor, list_name: str, code: str, *, retired: bool
) -> ReferenceLists:
    """Retire an entry (new records cannot choose it; old ones still show it) or restore it."""
    require(actor, Role.ADMINISTRATOR, to="change the reference lists")
    current = next((e for e in lists_for(session).entries(list_name) if e.code == code), None)
    if current is None:
        raise NotFound(f"There is no entry {code} in that list.")
    values: dict[str, Any] = {
        "retired_at": (current.retired_at or utc_now()) if retired else None,
        "label": current.label,
        "position": current.position,
        "extra": dict(current.extra),
    }
    action = "reference_entry_retired" if retired else "reference_entry_restored"
    _write(session, actor, list_name, code, values, action)
    return lists_for(session)


def _write(
    session: Session,
    actor: Actor,
    list_name: str,
    code: str,
    values: dict[str, Any],
    action: str,
) -> None:
    details = {"list": list_name, "code": code}
    record = session.scalar(
        select(ReferenceEntry).where(
            ReferenceEntry.list_name == list_name, ReferenceEntry.code == code
        )
    )
    if record is None:
        record = ReferenceEntry(id=entry_id(list_name, code), list_name=list_name, code=code)
        for name, value in values.items():
            setattr(record, name, value)
        record_created(session, actor, record, action=action, details=details)
    else:
        record_updated(session, actor, record, values, action=action, details=details)

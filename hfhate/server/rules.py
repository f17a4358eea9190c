"""Who may push what: the server's own check of every change, read from the registry.

The laptop checks the same things before it writes a record; the server checks again because
it cannot trust a device. For each change, the record type's registry entry says everything:
whose record it is (``owner_of``), who may send, make and change it and which fields are whose
(its ``Access``), the shape of its fields (its wire schema, generated from the columns) and
the check the laptop runs (``check``, in ``hfhate.records``), which runs here on the same input
with the settings in force on the server. What is refused is refused in the rule's own words.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from hfhate.models import Role, utc_now
from hfhate.records.access import ParentOwner
from hfhate.records.checking import CheckedRecord
from hfhate.records.codec import uuid_or_none
from hfhate.records.registry import RecordType, record_type
from hfhate.server.accounts import Caller
from hfhate.server.held import Key, Pending, ServerHeld
from hfhate.server.models import ServerRecordRow
from hfhate.server.notice_settings import CentralSettings
from hfhate.server.reference_lists import central_lists
from hfhate.services.actor import Actor
from hfhate.services.errors import ServiceError, ValidationFailed
from hfhate.services.notices.settings import SettingsSource

log = logging.getLogger(__name__)


class ChangeRefused(Exception):
    """A change the server will not apply; the message is the reason the laptop shows."""


def owner_of(
    session: Session,
    record_type_name: str,
    fields: dict[str, Any],
    existing: ServerRecordRow | None,
) -> uuid.UUID | None:
    """Whose record this is: pulls and ownership checks go by it."""
    if existing is not None:
        return existing.owner_id
    kind = record_type(record_type_name)
    if kind is None:
        return None
    if isinstance(kind.owner, ParentOwner):
        parent_id = uuid_or_none(fields.get(kind.owner.field))
        parent = session.get(ServerRecordRow, (kind.owner.record_type, parent_id))
        return parent.owner_id if parent is not None else None
    return uuid_or_none(fields.get(kind.owner.field))


def check(
    session: Session,
    caller: Caller,
    record_type_name: str,
    operation: str,
    merged: dict[str, Any],
    changed: set[str],
    owner: uuid.UUID | None,
    *,
    before: dict[str, Any] | None = None,
    settings: SettingsSource | None = None,
    pending: Mapping[Key, Pending] | None = None,
) -> None:
    """Raise ChangeRefused unless ``caller`` may make this change; ``merged`` is the result.

    ``before`` is the record as the server holds it before an update: a notice's status move
    is checked from its status there (not checked without it). ``settings`` is where the
    notice settings in force come from (default: the server's own database). ``pending``:
    the records the push's batch saved so far, which the type's ``held_check`` sees as held
    (a consent sent just before the referral it allows).
    """
    kind = record_type(record_type_name)
    if kind is None:
        raise ChangeRefused(f"Records of type {record_type_name} are not accepted.")
    check_access(kind, caller, operation, merged, changed, owner)
    problems = _problems_without_values(kind, merged)
    if problems:
        raise ChangeRefused(
            f"The record holds a value the laptop could not have written ({'; '.join(problems)})."
        )
    missing = kind.missing(merged)
    if missing:
        raise ChangeRefused(f"The {kind.label} is missing: {', '.join(missing)}.")
    if (kind.check is None and kind.held_check is None) or merged.get("deleted_at"):
        return  # removing a row needs no check of what it held
    record = CheckedRecord(
        operation=operation,
        values=kind.values_from_wire(merged),
        changed=frozenset(changed),
        actor=_actor(caller),
        settings=settings or CentralSettings(session),
        now=utc_now(),
        before=kind.values_from_wire(before) if before is not None else None,
        parent=_parent(session, kind, merged),
        device_code=caller.device.code,
        lists=central_lists(session),
        held=ServerHeld(session, pending),
    )
    with _services_rules():
        problems_by_field = kind.check(record) if kind.check is not None else {}
        # What it points at is checked only of a record that may stand on its own.
        if not problems_by_field and kind.held_check is not None:
            problems_by_field = kind.held_check(record)
    if problems_by_field:
        raise ChangeRefused(" ".join(problems_by_field.values()))


def check_access(
    kind: RecordType,
    caller: Caller,
    operation: str,
    merged: dict[str, Any],
    changed: set[str],
    owner: uuid.UUID | None,
) -> None:
    """The type's ``Access``: who may send it, make it, change it, and change which fields."""
    access = kind.access
    if access.senders is not None and not caller.has(*access.senders):
        raise ChangeRefused(access.senders_refusal)
    create = operation == "create"
    if create and access.creators is not None and not caller.has(*access.creators):
        raise ChangeRefused(access.creators_refusal)
    if create and access.own_creations and owner != caller.user.id:
        raise ChangeRefused(access.own_creations)
    if isinstance(kind.owner, ParentOwner) and owner is None:
        raise ChangeRefused(kind.owner.missing)
    if access.owner_or_refusal and (not create or access.also_create):
        co_owners = merged.get(access.co_owners) if access.co_owners else None
        mine = owner == caller.user.id or str(caller.user.id) in (co_owners or [])
        if not mine and not caller.has(*access.others):
            raise ChangeRefused(access.owner_or_refusal)
    for rule in access.field_rules:
        if (rule.on_create or not create) and changed & rule.fields:
            if not rule.roles or not caller.has(*rule.roles):
                raise ChangeRefused(rule.refusal)


def _problems_without_values(kind: RecordType, merged: dict[str, Any]) -> list[str]:
    """The wire schema's problems, "field: problem", without a value sent in any of them.

    Pydantic's own messages name the rule broken ("String should have at most 200
    characters"), but a validator's ``ValueError`` may quote the text it could not read (a
    date of birth, a name): such a problem is told by its field alone.
    """
    try:
        kind.wire_schema.model_validate(merged)
    except ValidationError as error:
        return [
            f"{'.'.join(str(part) for part in problem['loc'])}: "
            f"{'not a value of its kind' if problem['type'] == 'value_error' else problem['msg']}"
            for problem in error.errors()
        ]
    return []


def _parent(session: Session, kind: RecordType, merged: dict[str, Any]) -> dict[str, Any] | None:
    """The record this one belongs to, as column values, if the server holds it."""
    if kind.parent is None:
        return None
    parent_kind = record_type(kind.parent.record_type)
    parent_id = uuid_or_none(merged.get(kind.parent.field))
    row = session.get(ServerRecordRow, (kind.parent.record_type, parent_id)) if parent_id else None
    if row is None or parent_kind is None:
        return None
    return parent_kind.values_from_wire(row.fields)


@contextmanager
def _services_rules() -> Iterator[None]:
    """Run the laptop's own rules: what they refuse, the server refuses in their words."""
    try:
        yield
    except ValidationFailed as failed:
        raise ChangeRefused(" ".join(failed.field_errors.values())) from None
    except ServiceError as error:
        raise ChangeRefused(str(error)) from None
    except (TypeError, ValueError, AttributeError, KeyError) as error:
        # A value no laptop writes (a number where text goes, a date that is not one): the
        # device is not to be trusted, and one bad change must not fail its whole batch.
        # Its type only: the message may quote the value, which may be a name or an address.
        log.warning("refused a malformed change: %s", type(error).__name__)
        raise ChangeRefused(
            f"The record holds a value the laptop could not have written ({type(error).__name__})."
        ) from None


def _actor(caller: Caller) -> Actor:
    """The caller as the services know a signed-in user."""
    roles = frozenset(Role(r) for r in caller.user.roles)
    return Actor(
        caller.user.id, caller.user.username, caller.user.full_name, roles, caller.device.id
    )

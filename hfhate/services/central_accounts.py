"""Accounts that come from the server, on this laptop: kept after an online sign-in, and
followed at sync.

An officer's first sign-in on an enrolled laptop is checked by the server; the laptop then
keeps the account as the server sent it (``keep_online_account``: no outbox entry, it came
from the server) with an argon2id verifier of the password typed, so that later sign-ins
work offline. A pulled ``users`` record whose ``password_changed_at`` is newer than the one
the verifier belongs to clears the verifier (``verifier_after_pull``): the password was
changed or reset on the server, and the next sign-in must be online.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from hfhate.models import Device, SyncState, User, utc_now
from hfhate.records.codec import row_values
from hfhate.services import passwords
from hfhate.services.errors import ServiceError

# What the sign-in dialog says when the server was needed and could not be reached.
NEEDS_CONNECTION_FIRST = (
    "This is your first sign-in on this laptop, so the server must check your password: "
    "connect this laptop to the network and try again."
)


def needs_connection_stale(days: int) -> str:
    return (
        f"Your password has not been confirmed with the council's server on this laptop for "
        f"{days} days or more, so it cannot sign you in offline. Connect this laptop to the "
        "network and sign in again."
    )


class NotTheServersAccount(ServiceError):
    """A local account holds the username of a different account on the server."""


def keep_online_account(
    session: Session,
    record: Mapping[str, Any],
    version: int,
    password: str,
    *,
    now: datetime | None = None,
) -> User:
    """Make or update the ``users`` row from the server's record, with a verifier of
    ``password`` (just accepted by the server) confirmed online ``now``."""
    now = now or utc_now()
    table = cast(Table, User.__table__)
    values = row_values(table, record)
    user_id = uuid.UUID(str(record["id"]))
    values["id"] = user_id
    values["version"] = version
    values["password_hash"] = passwords.hash_password(password)
    values["online_confirmed_at"] = now
    values["verifier_changed_at"] = values.get("password_changed_at")
    clash = session.scalar(
        select(User.id).where(User.username == values["username"], User.id != user_id)
    )
    if clash is not None:
        raise NotTheServersAccount(
            "An account of this laptop's own already has this username: an administrator "
            "must sort this out on this laptop before you can sign in here."
        )
    device_id = values.get("created_on_device_id")
    if device_id is not None and session.get(Device, device_id) is None:
        session.add(Device(id=device_id, name=f"Device {str(device_id)[:8]}", remote=True))
        session.flush()
    user = session.get(User, user_id)
    if user is None:
        session.add(User(**values))
    else:
        values.pop("id")
        session.execute(update(User).where(User.id == user_id).values(values))
        session.expire(user)
    session.flush()
    return session.get_one(User, user_id)


def is_central_here(session: Session, user_id: uuid.UUID) -> bool:
    """Whether the account's password is the server's on this enrolled laptop: it is changed
    there (``POST /me/password``), not here."""
    user = session.get(User, user_id)
    return user is not None and user.central and session.get(SyncState, 1) is not None


def verifier_after_pull(session: Session, user_id: uuid.UUID, values: dict[str, Any]) -> None:
    """Before a pulled ``users`` record overwrites the row: clear a verifier from the server
    that a newer password (changed or reset on the server) has replaced."""
    row = session.execute(
        select(User.online_confirmed_at, User.verifier_changed_at).where(User.id == user_id)
    ).one_or_none()
    if row is None or row.online_confirmed_at is None:
        return  # a local account, or not here yet
    changed = values.get("password_changed_at")
    if changed is not None and (
        row.verifier_changed_at is None or changed > row.verifier_changed_at
    ):
        values["password_hash"] = ""

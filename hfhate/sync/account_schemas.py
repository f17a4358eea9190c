"""Wire schemas of accounts administered on the server (``/admin/users``) and of the signed-in
user's own account (``/me``), shared by the laptop and the server.

Requests are strict (unknown keys refused, lengths bounded); what the server then finds wrong
field by field comes back as 422 with ``{"detail": ..., "fields": {name: message}}``
(``server.errors.FieldErrorBody``, ``sync.errors.ServerRefused.fields`` on the laptop).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import Field

from hfhate.sync.schemas import WireModel

Password = Field(min_length=1, max_length=128)


class AccountOut(WireModel):
    """An account as the server holds it (never its password)."""

    id: uuid.UUID
    username: str
    full_name: str
    roles: list[str]
    authorisation_number: str | None
    active: bool
    deactivated_at: datetime | None
    must_change_password: bool
    password_changed_at: datetime | None
    created_at: datetime


class AccountList(WireModel):
    """``GET /admin/users``: every account, active first, by name."""

    accounts: list[AccountOut]


class NewAccount(WireModel):
    """``POST /admin/users``: an account; it chooses its own password at its first sign-in."""

    username: str = Field(min_length=1, max_length=64)
    full_name: str = Field(min_length=1, max_length=200)
    roles: list[str] = Field(min_length=1, max_length=4)
    authorisation_number: str = Field(default="", max_length=32)
    password: str = Password


class AccountChange(WireModel):
    """``PUT /admin/users/{id}``: an account's name, roles and authorisation number."""

    full_name: str = Field(min_length=1, max_length=200)
    roles: list[str] = Field(min_length=1, max_length=4)
    authorisation_number: str = Field(default="", max_length=32)


class PasswordReset(WireModel):
    """``POST /admin/users/{id}/reset``: a temporary password, to be changed at sign-in."""

    password: str = Password


class OwnPasswordChange(WireModel):
    """``POST /me/password``: the signed-in user's current (or temporary) password and a new one."""

    current: str = Password
    new: str = Password


class MeResponse(WireModel):
    """``GET /me``: the signed-in user's account, and its ``users`` record as laptops pull it
    (``record`` and ``version``), so a laptop that never saw the account can keep it."""

    account: AccountOut
    version: int
    record: dict[str, Any]


def account_out(user: Any) -> AccountOut:
    """The wire form of a ``ServerUser``."""
    return AccountOut(
        id=user.id,
        username=user.username,
        full_name=user.full_name,
        roles=list(user.roles),
        authorisation_number=user.authorisation_number,
        active=user.active,
        deactivated_at=user.deactivated_at,
        must_change_password=user.must_change_password,
        password_changed_at=user.password_changed_at,
        created_at=user.created_at,
    )

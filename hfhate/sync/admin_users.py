"""The laptop's side of ``/admin/users``: an administrator, signed in to the server, lists
and changes the accounts every laptop gets by sync. Each call raises ``CentralOffline`` when
not signed in, and ``ServerRefused`` (with ``fields``: a message per field) when the server
turns the change down."""

from __future__ import annotations

import uuid

from hfhate.sync.account_schemas import (
    AccountChange,
    AccountList,
    AccountOut,
    NewAccount,
    PasswordReset,
)
from hfhate.sync.central import CentralConnection

PATH = "/admin/users"


def list_accounts(connection: CentralConnection) -> list[AccountOut]:
    return connection.call("GET", PATH, AccountList).accounts


def add_account(connection: CentralConnection, new: NewAccount) -> AccountOut:
    return connection.call("POST", PATH, AccountOut, json=new.model_dump())


def change_account(
    connection: CentralConnection, user_id: uuid.UUID, change: AccountChange
) -> AccountOut:
    return connection.call("PUT", f"{PATH}/{user_id}", AccountOut, json=change.model_dump())


def reset_password(connection: CentralConnection, user_id: uuid.UUID, password: str) -> AccountOut:
    body = PasswordReset(password=password).model_dump()
    return connection.call("POST", f"{PATH}/{user_id}/reset", AccountOut, json=body)


def set_active(connection: CentralConnection, user_id: uuid.UUID, *, active: bool) -> AccountOut:
    verb = "reactivate" if active else "deactivate"
    return connection.call("POST", f"{PATH}/{user_id}/{verb}", AccountOut)

"""What the Users area shows and how it reaches the server: one row per account, whether it
came from this laptop's store or from the server, and ``central_call`` that runs a request to
the server and shows what went wrong (beside each field when the server says which).

Imported when the Users area opens; the wire schemas (pydantic) with it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from hfhate.models import Role, User
from hfhate.sync.account_schemas import AccountOut
from hfhate.sync.central import NEEDS_CONNECTION, CentralConnection, CentralOffline
from hfhate.sync.errors import ServerRefused, SyncError
from hfhate.ui.central_bar import CentralAccess

T = TypeVar("T")


@dataclass(frozen=True)
class Account:
    """An account as the Users area lists it."""

    id: uuid.UUID
    username: str
    full_name: str
    roles: tuple[str, ...]
    authorisation_number: str | None
    active: bool
    deactivated_at: datetime | None
    must_change_password: bool
    password_changed_at: datetime | None

    @property
    def role_set(self) -> frozenset[Role]:
        return frozenset(Role(r) for r in self.roles if r in Role._value2member_map_)

    @classmethod
    def of(cls, user: User | AccountOut) -> Account:
        return cls(
            id=user.id,
            username=user.username,
            full_name=user.full_name,
            roles=tuple(user.roles),
            authorisation_number=user.authorisation_number,
            active=user.active,
            deactivated_at=user.deactivated_at,
            must_change_password=user.must_change_password,
            password_changed_at=user.password_changed_at,
        )


def central_call(
    access: CentralAccess,
    work: Callable[[CentralConnection], T],
    *,
    show_error: Callable[[str], object],
    show_field_errors: Callable[[Mapping[str, str]], object] | None = None,
) -> T | None:
    """``work`` on the server; None (and the reason shown) if it could not be done."""
    connection = access.connection
    if connection is None or not access.online:
        show_error(NEEDS_CONNECTION)
        return None
    try:
        return work(connection)
    except CentralOffline as offline:
        access.lost()
        show_error(str(offline))
    except ServerRefused as refused:
        if refused.fields and show_field_errors is not None:
            show_field_errors(refused.fields)
        else:
            show_error(refused.detail)
    except SyncError as error:
        show_error(str(error))
    return None

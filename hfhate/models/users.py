"""User accounts and the four roles a user may hold."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from hfhate.models.base import Base, SyncedRecord


class Role(enum.StrEnum):
    """What a user may do; one user may hold several roles."""

    AUTHORISED_OFFICER = "authorised_officer"
    ENGAGEMENT_OFFICER = "engagement_officer"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


def roles_label(roles: Iterable[Role | str]) -> str:
    """Roles in their fixed order, as words: "authorised officer, supervisor"."""
    held = {Role(r) for r in roles}
    return ", ".join(r.label.lower() for r in Role if r in held)


class User(SyncedRecord, Base):
    """A person who signs in. Never deleted, because records refer to them: deactivated instead."""

    __tablename__ = "users"

    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    authorisation_number: Mapped[str | None] = mapped_column(String(32), default=None)
    password_hash: Mapped[str] = mapped_column(String(200))
    must_change_password: Mapped[bool] = mapped_column(default=False)
    password_changed_at: Mapped[datetime | None] = mapped_column(default=None)
    active: Mapped[bool] = mapped_column(default=True)
    deactivated_at: Mapped[datetime | None] = mapped_column(default=None)
    # Local-only (never sent; migration 0018). An account whose verifier came from the server:
    # when this laptop last confirmed its password online (None: a local account, as on a
    # stand-alone laptop or a demo store), and the server's ``password_changed_at`` the
    # verifier belongs to (a newer one pulled by sync clears the verifier).
    online_confirmed_at: Mapped[datetime | None] = mapped_column(default=None)
    verifier_changed_at: Mapped[datetime | None] = mapped_column(default=None)

    @property
    def central(self) -> bool:
        """Whether the account's password is the server's (confirmed online on this laptop)."""
        return self.online_confirmed_at is not None

    @property
    def role_set(self) -> frozenset[Role]:
        return frozenset(Role(r) for r in self.roles)

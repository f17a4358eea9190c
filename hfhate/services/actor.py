"""Who is acting: the signed-in user on this device, and the role checks every service makes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from hfhate.models import Role, User
from hfhate.models.users import roles_label
from hfhate.services.errors import PermissionDenied


@dataclass(frozen=True)
class Actor:
    """The signed-in user, as every service operation receives it."""

    user_id: uuid.UUID
    username: str
    full_name: str
    roles: frozenset[Role]
    device_id: uuid.UUID

    @classmethod
    def of(cls, user: User, device_id: uuid.UUID) -> Actor:
        return cls(user.id, user.username, user.full_name, user.role_set, device_id)

    def has(self, *roles: Role) -> bool:
        """True when the user holds at least one of ``roles``."""
        return bool(self.roles.intersection(roles))

    @property
    def roles_label(self) -> str:
        return roles_label(self.roles)


def require(actor: Actor, *roles: Role, to: str) -> None:
    """Raise PermissionDenied unless ``actor`` holds one of ``roles``; ``to`` names the task."""
    if not actor.has(*roles):
        needed = " or ".join(r.label.lower() for r in roles)
        raise PermissionDenied(
            f"Only a user with the {needed} role can {to}. "
            f"You are signed in as {actor.username} ({actor.roles_label or 'no role'})."
        )

"""Accounts administered on the server: add, change, reset a password, deactivate, reactivate.

The rules are the laptop's (``services.account_rules.check_user`` field by field,
``services.passwords.password_problems``), plus what needs every account: a username or
authorisation number already taken, and never leaving the server without an active
administrator. A refusal by field is ``FieldsRefused`` (422, with a message per field for the
app to show beside each). Every change republishes the account's ``users`` record, so laptops
get it at their next sync (never its password hash).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.models import Role
from hfhate.server.accounts import Refused, publish_user
from hfhate.server.models import ServerUser, utc_now
from hfhate.services.account_rules import UserInput, check_user
from hfhate.services.passwords import hash_password, password_problems, verify_password


class FieldsRefused(Refused):
    """A change refused field by field: ``fields`` maps a field's name to what is wrong."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("Some details are not right: see beside each field.", 422)
        self.fields = dict(fields)


def list_accounts(session: Session) -> Sequence[ServerUser]:
    """Every account, active first, by name."""
    return session.scalars(
        select(ServerUser).order_by(ServerUser.active.desc(), ServerUser.full_name)
    ).all()


def account(session: Session, user_id: uuid.UUID) -> ServerUser:
    user = session.get(ServerUser, user_id)
    if user is None:
        raise Refused("There is no such account on the server.", 404)
    return user


def by_username(session: Session, username: str) -> ServerUser:
    user = session.scalar(select(ServerUser).where(ServerUser.username == username))
    if user is None:
        raise Refused(f"There is no account {username}.", 404)
    return user


def add_account(
    session: Session,
    *,
    username: str,
    full_name: str,
    roles: Iterable[str],
    authorisation_number: str,
    password: str,
    must_change: bool = True,
    user_id: uuid.UUID | None = None,
) -> ServerUser:
    """A new account; unless ``must_change`` is False it chooses its own password at sign-in."""
    username = username.strip().lower()
    roles = list(roles)
    errors = _detail_problems(session, full_name, username, roles, authorisation_number, None)
    errors |= password_problems(password, password, username=username)
    if errors:
        raise FieldsRefused(errors)
    if user_id is not None and session.get(ServerUser, user_id) is not None:
        raise Refused("An account with this id already exists on the server.", 409)
    now = utc_now()
    user = ServerUser(
        id=user_id or uuid.uuid4(),
        username=username,
        full_name=full_name.strip(),
        roles=_in_order(roles),
        authorisation_number=_number(roles, authorisation_number),
        password_hash=hash_password(password),
        must_change_password=must_change,
        password_changed_at=now,
        created_at=now,
    )
    session.add(user)
    session.flush()
    publish_user(session, user)
    return user


def change_account(
    session: Session,
    user_id: uuid.UUID,
    *,
    full_name: str,
    roles: Iterable[str],
    authorisation_number: str,
    by: uuid.UUID | None = None,
) -> ServerUser:
    """Change an account's name, roles or authorisation number (``by``: who asks, if anyone)."""
    user = account(session, user_id)
    roles = list(roles)
    errors = _detail_problems(session, full_name, None, roles, authorisation_number, user.id)
    admin = Role.ADMINISTRATOR.value
    if "roles" not in errors and admin in user.roles and admin not in roles:
        if by == user.id:
            errors["roles"] = "You cannot remove your own administrator role."
        elif user.active and _active_administrators(session) <= 1:
            errors["roles"] = "This is the only active administrator: keep the role."
    if errors:
        raise FieldsRefused(errors)
    user.full_name = full_name.strip()
    user.roles = _in_order(roles)
    user.authorisation_number = _number(roles, authorisation_number)
    publish_user(session, user)
    return user


def reset_password(session: Session, user_id: uuid.UUID, password: str) -> ServerUser:
    """A temporary password the account must change at its next sign-in, on any laptop."""
    user = account(session, user_id)
    errors = password_problems(password, password, username=user.username)
    if errors:
        raise FieldsRefused(errors)
    _set_password(user, password, must_change=True)
    publish_user(session, user)
    return user


def change_own_password(session: Session, user: ServerUser, current: str, new: str) -> ServerUser:
    """The account's holder chooses a new password, proving the current (or temporary) one."""
    errors: dict[str, str] = {}
    if not verify_password(user.password_hash, current):
        errors["current"] = "This is not your current password."
    errors |= password_problems(new, new, username=user.username)
    if "password" not in errors and new == current:
        errors["password"] = "Choose a password different from the current one."
    if errors:
        raise FieldsRefused(errors)
    _set_password(user, new, must_change=False)
    publish_user(session, user)
    return user


def set_account_active(
    session: Session, user_id: uuid.UUID, *, active: bool, by: uuid.UUID | None = None
) -> ServerUser:
    """Deactivate an account (refused on every laptop from its next sync) or bring it back."""
    user = account(session, user_id)
    if not active and user.active:
        if by == user.id:
            raise Refused("You cannot deactivate your own account.", 409)
        if Role.ADMINISTRATOR.value in user.roles and _active_administrators(session) <= 1:
            raise Refused("This is the only active administrator: add another first.", 409)
    if user.active != active:
        user.active = active
        user.deactivated_at = None if active else utc_now()
        publish_user(session, user)
    return user


def _set_password(user: ServerUser, password: str, *, must_change: bool) -> None:
    user.password_hash = hash_password(password)
    user.must_change_password = must_change
    user.password_changed_at = utc_now()


def _detail_problems(
    session: Session,
    full_name: str,
    username: str | None,
    roles: list[str],
    authorisation_number: str,
    user_id: uuid.UUID | None,
) -> dict[str, str]:
    errors = check_user(UserInput(full_name, username, tuple(roles), authorisation_number))
    if username and "username" not in errors:
        if session.scalar(select(ServerUser.id).where(ServerUser.username == username)):
            errors["username"] = "That username is already taken. Choose another."
    number = authorisation_number.strip()
    if "roles" not in errors and Role.AUTHORISED_OFFICER.value in roles and number:
        if "authorisation_number" not in errors:
            taken = select(ServerUser.id).where(ServerUser.authorisation_number == number)
            if user_id is not None:
                taken = taken.where(ServerUser.id != user_id)
            if session.scalar(taken) is not None:
                errors["authorisation_number"] = "Another user already has this number."
    return errors


def _active_administrators(session: Session) -> int:
    users = session.scalars(select(ServerUser).where(ServerUser.active.is_(True))).all()
    return sum(1 for u in users if Role.ADMINISTRATOR.value in u.roles)


def _in_order(roles: Iterable[str]) -> list[str]:
    held = set(roles)
    return [r.value for r in Role if r.value in held]


def _number(roles: Iterable[str], authorisation_number: str) -> str | None:
    return authorisation_number.strip() if Role.AUTHORISED_OFFICER.value in roles else None

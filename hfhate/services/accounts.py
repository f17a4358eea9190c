"""Accounts: the first administrator, sign-in, and user administration.

Administrators add users, change their roles, reset passwords and deactivate or reactivate
them; users are never deleted because records refer to them. Every sign-in attempt is audited,
and a failed one gets the same message whatever went wrong.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hfhate.models import AuditEvent, Role, User, new_id, utc_now
from hfhate.services import passwords
from hfhate.services.account_rules import UserInput, check_user
from hfhate.services.actor import Actor, require
from hfhate.services.audit import audit, record_event
from hfhate.services.changes import record_created, record_updated
from hfhate.services.errors import NotFound, PermissionDenied, ValidationFailed
from hfhate.services.laptop_settings import current_laptop_settings
from hfhate.services.staleness import last_contact

SIGN_IN_FAILED = "The username or password is not right, or the account is not active."


class GoOnline(enum.Enum):
    """Why a sign-in on an enrolled laptop needs the server to check it."""

    FIRST = "first_sign_in_here"  # unknown here, or no password here yet
    RECHECK = "password_not_known_here"  # an account from the server, another password
    STALE = "not_confirmed_lately"  # not confirmed with the server within the limit


MAX_FAILED_SIGN_INS_PER_HOUR = 100


@dataclass(frozen=True)
class NewUser:
    """What an administrator types to add a user."""

    full_name: str
    username: str
    roles: frozenset[Role]
    authorisation_number: str
    password: str
    confirm: str


def needs_first_administrator(session: Session) -> bool:
    return session.scalar(select(func.count()).select_from(User)) == 0


def normalise_username(username: str) -> str:
    return username.strip().lower()


def _validate_user_fields(
    session: Session,
    *,
    full_name: str,
    username: str | None,
    roles: Iterable[Role],
    authorisation_number: str,
    user_id: uuid.UUID | None = None,
) -> dict[str, str]:
    """``check_user``, then what needs the store: a username or number already taken."""
    roles = frozenset(roles)
    errors = check_user(
        UserInput(full_name, username, tuple(r.value for r in roles), authorisation_number)
    )
    taken_name = select(User.id).where(User.username == username)
    if username and "username" not in errors and session.scalar(taken_name) is not None:
        errors["username"] = "That username is already taken. Choose another."
    number = authorisation_number.strip()
    if Role.AUTHORISED_OFFICER in roles and number and "authorisation_number" not in errors:
        taken = select(User.id).where(User.authorisation_number == number)
        if user_id is not None:
            taken = taken.where(User.id != user_id)
        if session.scalar(taken) is not None:
            errors["authorisation_number"] = "Another user already has this number."
    return errors


def create_first_administrator(
    session: Session,
    device_id: uuid.UUID,
    *,
    full_name: str,
    username: str,
    password: str,
    confirm: str,
) -> User:
    """Make the first administrator of an empty store; refused once any user exists."""
    if not needs_first_administrator(session):
        raise PermissionDenied("This store already has users: sign in as an administrator.")
    username = normalise_username(username)
    errors = _validate_user_fields(
        session,
        full_name=full_name,
        username=username,
        roles={Role.ADMINISTRATOR},
        authorisation_number="",
    )
    errors |= passwords.password_problems(password, confirm, username=username)
    if errors:
        raise ValidationFailed(errors)
    user = User(
        id=new_id(),
        username=username,
        full_name=full_name.strip(),
        roles=[Role.ADMINISTRATOR.value],
        password_hash=passwords.hash_password(password),
        password_changed_at=utc_now(),
    )
    # The first administrator creates their own account: they are its actor.
    actor = Actor(user.id, username, user.full_name, frozenset({Role.ADMINISTRATOR}), device_id)
    record_created(session, actor, user, action="first_administrator_created", created_by=None)
    return user


def add_user(session: Session, actor: Actor, new: NewUser, *, check_password: bool = True) -> User:
    """Add a user (administrators only). The user must choose their own password at sign-in.

    ``check_password=False`` is for demo accounts only: their password ``demo`` breaks the
    rules on purpose, and they are not asked to change it.
    """
    require(actor, Role.ADMINISTRATOR, to="add users")
    username = normalise_username(new.username)
    errors = _validate_user_fields(
        session,
        full_name=new.full_name,
        username=username,
        roles=new.roles,
        authorisation_number=new.authorisation_number,
    )
    if check_password:
        errors |= passwords.password_problems(new.password, new.confirm, username=username)
    if errors:
        raise ValidationFailed(errors)
    is_officer = Role.AUTHORISED_OFFICER in new.roles
    user = User(
        username=username,
        full_name=new.full_name.strip(),
        roles=_role_values(new.roles),
        authorisation_number=new.authorisation_number.strip() if is_officer else None,
        password_hash=passwords.hash_password(new.password),
        must_change_password=check_password,
        password_changed_at=utc_now(),
    )
    record_created(session, actor, user, action="user_added", details={"roles": user.roles})
    return user


def update_user(
    session: Session,
    actor: Actor,
    user_id: uuid.UUID,
    *,
    full_name: str,
    roles: frozenset[Role],
    authorisation_number: str,
) -> User:
    """Change a user's name, roles or authorisation number (administrators only)."""
    require(actor, Role.ADMINISTRATOR, to="change users")
    user = _get_user(session, user_id)
    errors = _validate_user_fields(
        session,
        full_name=full_name,
        username=None,
        roles=roles,
        authorisation_number=authorisation_number,
        user_id=user_id,
    )
    if Role.ADMINISTRATOR not in roles and Role.ADMINISTRATOR in user.role_set:
        if user.id == actor.user_id:
            errors["roles"] = "You cannot remove your own administrator role."
        elif user.active and _active_administrators(session) <= 1:
            errors["roles"] = "This is the only active administrator: keep the role."
    if errors:
        raise ValidationFailed(errors)
    number = authorisation_number.strip() if Role.AUTHORISED_OFFICER in roles else None
    record_updated(
        session,
        actor,
        user,
        {
            "full_name": full_name.strip(),
            "roles": _role_values(roles),
            "authorisation_number": number,
        },
        action="user_changed",
    )
    return user


def reset_password(
    session: Session, actor: Actor, user_id: uuid.UUID, *, password: str, confirm: str
) -> User:
    """Give a user a temporary password that they must change at their next sign-in."""
    require(actor, Role.ADMINISTRATOR, to="reset passwords")
    user = _get_user(session, user_id)
    errors = passwords.password_problems(password, confirm, username=user.username)
    if errors:
        raise ValidationFailed(errors)
    _set_password(session, actor, user, password, action="password_reset", must_change=True)
    return user


def reset_password_unchecked(
    session: Session, actor: Actor, user_id: uuid.UUID, password: str
) -> None:
    """Set a password without the rules, and without asking for a change: demo accounts only."""
    require(actor, Role.ADMINISTRATOR, to="reset passwords")
    user = _get_user(session, user_id)
    _set_password(session, actor, user, password, action="password_reset")


def change_own_password(
    session: Session, actor: Actor, *, current: str, password: str, confirm: str
) -> None:
    """The signed-in user chooses a new password, proving the current one."""
    user = _get_user(session, actor.user_id)
    errors: dict[str, str] = {}
    if not passwords.verify_password(user.password_hash, current):
        errors["current"] = "This is not your current password."
    errors |= passwords.password_problems(password, confirm, username=user.username)
    if "password" not in errors and password == current:
        errors["password"] = "Choose a password different from the current one."
    if errors:
        raise ValidationFailed(errors)
    _set_password(session, actor, user, password, action="password_changed", must_change=False)


def _set_password(
    session: Session,
    actor: Actor,
    user: User,
    password: str,
    *,
    action: str,
    must_change: bool | None = None,
) -> None:
    """Store a new password hash (and whether it must be changed at the next sign-in)."""
    changes: dict[str, object] = {
        "password_hash": passwords.hash_password(password),
        "password_changed_at": utc_now(),
    }
    if must_change is not None:
        changes["must_change_password"] = must_change
    record_updated(session, actor, user, changes, action=action)


def set_active(session: Session, actor: Actor, user_id: uuid.UUID, *, active: bool) -> User:
    """Deactivate a user (they can no longer sign in) or bring them back."""
    require(actor, Role.ADMINISTRATOR, to="deactivate or reactivate users")
    user = _get_user(session, user_id)
    if not active:
        if user.id == actor.user_id:
            raise PermissionDenied("You cannot deactivate your own account.")
        last_admin = Role.ADMINISTRATOR in user.role_set and _active_administrators(session) <= 1
        if user.active and last_admin:
            raise PermissionDenied("This is the only active administrator: add another first.")
    record_updated(
        session,
        actor,
        user,
        {"active": active, "deactivated_at": None if active else utc_now()},
        action="user_reactivated" if active else "user_deactivated",
    )
    return user


def list_users(session: Session, actor: Actor) -> Sequence[User]:
    require(actor, Role.ADMINISTRATOR, Role.SUPERVISOR, to="see the list of users")
    return session.scalars(select(User).order_by(User.active.desc(), User.full_name)).all()


def attempt_sign_in(
    session: Session, device_id: uuid.UUID, username: str, password: str
) -> Actor | None:
    """Check a sign-in here and audit it. None means refused: show ``SIGN_IN_FAILED``.

    An account that needs the server (``sign_in_here`` says go online) is refused here too:
    the sign-in dialog is what goes online. The caller must commit the session even when
    sign-in is refused, so the attempt is kept.
    """
    answer = sign_in_here(session, device_id, username, password)
    if isinstance(answer, GoOnline):
        sign_in_failed(session, device_id, username, reason=answer.value)
        return None
    return answer


def sign_in_here(
    session: Session,
    device_id: uuid.UUID,
    username: str,
    password: str,
    *,
    now: datetime | None = None,
) -> Actor | GoOnline | None:
    """Check a sign-in against this laptop's accounts: the actor, None (refused and audited),
    or why the server must check it (not audited yet: ``central_sign_in`` does).

    On an enrolled laptop an account goes online when it is unknown here or has no password
    here (a first sign-in on this laptop), when it is an account from the server whose
    password does not match the one this laptop knows (changed elsewhere, perhaps), and when
    its password was last confirmed with the server (or the laptop last synced) longer ago
    than the staleness limit. A stand-alone laptop or a demo store signs in here as ever.
    """
    username = normalise_username(username)[:64]
    now = now or utc_now()
    since = now - timedelta(hours=1)
    recent_failures = (
        session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(
                AuditEvent.action == "sign_in_failed",
                AuditEvent.username == username,
                AuditEvent.at >= since,
            )
        )
        or 0
    )
    throttled = recent_failures >= MAX_FAILED_SIGN_INS_PER_HOUR
    user = session.scalar(select(User).where(User.username == username))
    contact = last_contact(session)  # None: stand-alone or demo
    if contact is not None and not throttled and (user is None or user.active):
        if user is None or not user.password_hash:
            return GoOnline.FIRST
        ok = passwords.verify_password(user.password_hash, password)
        if user.central and not ok:
            return GoOnline.RECHECK
        if user.central and user.online_confirmed_at is not None:
            limit = timedelta(days=current_laptop_settings(session).stale_block_days)
            if now - max(user.online_confirmed_at, contact) >= limit:
                return GoOnline.STALE
    else:
        ok = passwords.verify_password(user.password_hash if user else None, password)
    if not ok or throttled or user is None or not user.active:
        sign_in_failed(session, device_id, username, throttled=throttled)
        return None
    actor = Actor.of(user, device_id)
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    audit(session, actor, "sign_in", record_type="users", record_id=user.id)
    return actor


def sign_in_failed(
    session: Session,
    device_id: uuid.UUID,
    username: str,
    *,
    throttled: bool = False,
    reason: str = "",
) -> None:
    """Audit a refused sign-in (``reason``: why, when the server was needed)."""
    username = normalise_username(username)[:64]
    user = session.scalar(select(User).where(User.username == username))
    details: dict[str, object] = {"throttled": throttled}
    if reason:
        details["reason"] = reason
    record_event(
        session,
        action="sign_in_failed",
        device_id=device_id,
        user_id=user.id if user else None,
        username=username,
        details=details,
    )


def must_change_password(session: Session, actor: Actor) -> bool:
    return _get_user(session, actor.user_id).must_change_password


def sign_out(session: Session, actor: Actor) -> None:
    audit(session, actor, "sign_out", record_type="users", record_id=actor.user_id)


def _get_user(session: Session, user_id: uuid.UUID) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("That user does not exist.")
    return user


def _active_administrators(session: Session) -> int:
    users = session.scalars(select(User).where(User.active.is_(True))).all()
    return sum(1 for u in users if Role.ADMINISTRATOR in u.role_set)


def _role_values(roles: Iterable[Role]) -> list[str]:
    order = list(Role)
    return [r.value for r in sorted(set(roles), key=order.index)]

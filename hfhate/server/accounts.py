"""Server accounts, devices, enrolment codes and session tokens.

Secrets handed out (device tokens, session tokens, enrolment codes) are random and kept only
as SHA-256 hashes: they carry 128 bits or more, so a fast hash is enough and lookups stay
indexable. Passwords are argon2id, with the laptop's own parameters.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.models import Role
from hfhate.server.models import (
    Counter,
    EnrolledDevice,
    EnrolmentCode,
    ServerRecordRow,
    ServerUser,
    SessionToken,
    utc_now,
)
from hfhate.server.records import save_record
from hfhate.services.passwords import hash_password, verify_password

# Records the server makes itself (accounts) are stamped with this device id.
SERVER_DEVICE_ID = uuid.UUID(int=0)
ENROLMENT_CODE_LIFETIME = timedelta(hours=24)
# Letters and digits nobody confuses when reading a code aloud (no 0/O, 1/I/L, U/V).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
SESSION_IDLE = timedelta(minutes=30)
SESSION_ABSOLUTE = timedelta(hours=8)
# The status of a device token presented by a copy of the laptop's data folder (another
# install id): the laptop recognises it and says plainly that it must enrol again.
CLONED_STATUS = 410


class Refused(Exception):
    """A request the server turns down; ``status`` is the HTTP status, the message plain words."""

    def __init__(self, message: str, status: int = 403) -> None:
        super().__init__(message)
        self.status = status


class Cloned(Refused):
    """A device token presented with another install id than the device's: a copied folder."""

    def __init__(self, device: EnrolledDevice, install_id: str) -> None:
        super().__init__(
            f"This laptop's data folder is a copy of another laptop's (device "
            f"{device.code:03d}), so the server refuses it and nothing was sent. An "
            "administrator must enrol this laptop again with a new enrolment code. Notices "
            "numbered on it since the copy are listed as needing attention, to be reissued "
            "under new numbers. (A laptop whose system was reinstalled is told this too.)",
            CLONED_STATUS,
        )
        self.device_id = device.id
        self.install_id = install_id


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def user_record_fields(user: ServerUser) -> dict[str, object]:
    """The laptop ``users`` columns of an account (never its password hash)."""
    now = utc_now().isoformat()
    return {
        "id": str(user.id),
        "username": user.username,
        "full_name": user.full_name,
        "roles": list(user.roles),
        "authorisation_number": user.authorisation_number,
        "must_change_password": user.must_change_password,
        "password_changed_at": (
            user.password_changed_at.isoformat() if user.password_changed_at else None
        ),
        "active": user.active,
        "deactivated_at": user.deactivated_at.isoformat() if user.deactivated_at else None,
        "created_at": user.created_at.isoformat(),
        "updated_at": now,
        "deleted_at": None,
        "created_by_id": None,
        "created_on_device_id": str(SERVER_DEVICE_ID),
    }


def create_user(
    session: Session,
    *,
    username: str,
    full_name: str,
    roles: list[str],
    password: str,
    authorisation_number: str | None = None,
    user_id: uuid.UUID | None = None,
) -> ServerUser:
    """Add an account; laptops receive it (without its password) on their next pull."""
    for role in roles:
        Role(role)
    if session.scalar(select(ServerUser).where(ServerUser.username == username)) is not None:
        raise Refused(f"The username {username} is already taken.", 409)
    user = ServerUser(
        id=user_id or uuid.uuid4(),
        username=username,
        full_name=full_name,
        roles=roles,
        authorisation_number=authorisation_number,
        password_hash=hash_password(password),
        password_changed_at=utc_now(),
    )
    session.add(user)
    session.flush()
    publish_user(session, user)
    return user


def set_active(session: Session, username: str, *, active: bool) -> ServerUser:
    user = session.scalar(select(ServerUser).where(ServerUser.username == username))
    if user is None:
        raise Refused(f"There is no account {username}.", 404)
    user.active = active
    user.deactivated_at = None if active else utc_now()
    publish_user(session, user)
    return user


def publish_user(session: Session, user: ServerUser) -> None:
    """Put the account's current ``users`` record in the change log for laptops to pull."""
    row = session.get(ServerRecordRow, ("users", user.id))
    fields = user_record_fields(user)
    if row is not None:
        fields = dict(row.fields) | {
            k: v
            for k, v in fields.items()
            if k not in ("created_at", "created_by_id", "created_on_device_id")
        }
    save_record(
        session,
        row,
        record_type="users",
        record_id=user.id,
        owner_id=user.id,
        fields=fields,
        changed=sorted(fields),
    )


def issue_enrolment_code(session: Session, now: datetime | None = None) -> str:
    """A one-time code for one laptop; shown once, stored hashed.

    Sixteen characters (78 bits) from letters and digits that cannot be mistaken for one
    another, in groups of four for reading out: ``K7QM-3XRT-9PWA-HD4N``. Typed with or
    without the dashes, in either case, it is the same code.
    """
    letters = "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))
    now = now or utc_now()
    session.add(
        EnrolmentCode(
            code_hash=token_hash(letters), created_at=now, expires_at=now + ENROLMENT_CODE_LIFETIME
        )
    )
    return "-".join(letters[i : i + 4] for i in range(0, 16, 4))


def _code_letters(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()


def revoke_device(session: Session, code: int, *, erase: bool = False) -> EnrolledDevice:
    """Revoke a device; with ``erase``, also order it to erase itself at its next contact.

    A device revoked with erase may still sign in and push (so what it has not sent yet is
    kept, if it passes the usual checks); it is sent nothing, and every answer to it carries
    the order (``ERASE_HEADER``). Erase may be added to a device already revoked.
    """
    device = session.scalar(select(EnrolledDevice).where(EnrolledDevice.code == code))
    if device is None:
        raise Refused(f"No device has the code {code:03d}.", 404)
    now = utc_now()
    device.revoked_at = device.revoked_at or now
    if erase:
        device.erase_ordered_at = device.erase_ordered_at or now
    return device


def erase_ordered(device: EnrolledDevice) -> bool:
    """Whether ``device`` was revoked with an order to erase itself."""
    return device.revoked_at is not None and device.erase_ordered_at is not None


def erase_order_of(session: Session, device_token: str) -> datetime | None:
    """When the device of ``device_token`` was ordered to erase itself, or None."""
    device = session.scalar(
        select(EnrolledDevice).where(EnrolledDevice.token_hash == token_hash(device_token))
    )
    return device.erase_ordered_at if device is not None and erase_ordered(device) else None


def enrol(
    session: Session,
    *,
    code: str,
    device_id: uuid.UUID,
    name: str,
    wanted_code: int | None,
    install_id: str | None = None,
) -> tuple[EnrolledDevice, str]:
    """Use a one-time code; keep the laptop's own device code if nobody else holds it."""
    now = utc_now()
    entry = session.get(EnrolmentCode, token_hash(_code_letters(code)), with_for_update=True)
    if entry is None or entry.used_at is not None or entry.expires_at <= now:
        raise Refused(
            "This enrolment code is not valid: it may be mistyped, used or expired. "
            "Ask an administrator for a new one."
        )
    if session.get(EnrolledDevice, device_id) is not None:
        raise Refused(
            "This laptop is already enrolled (or was revoked): ask an administrator.", 409
        )
    # Enrolments take the counter row's lock, so two laptops enrolling at once through two
    # server processes never pick the same free device code.
    session.execute(select(Counter).where(Counter.name == "change_log").with_for_update())
    taken = set(session.scalars(select(EnrolledDevice.code)))
    if wanted_code is not None and wanted_code in taken:
        raise Refused(
            f"This laptop already numbered notices with device code {wanted_code:03d}, and "
            "another enrolled device holds that code. Ask an administrator: the two laptops "
            "must not both sync, or notice numbers would clash.",
            409,
        )
    device_code = wanted_code or min(set(range(1, 1000)) - taken)
    token = secrets.token_urlsafe(32)
    device = EnrolledDevice(
        id=device_id,
        code=device_code,
        name=name,
        token_hash=token_hash(token),
        enrolled_at=now,
        install_id=install_id or None,
    )
    session.add(device)
    entry.used_at = now
    entry.used_by_device_id = device_id
    session.flush()
    return device, token


@dataclass(frozen=True)
class Caller:
    """The device and the signed-in user behind one request."""

    device: EnrolledDevice
    user: ServerUser

    def has(self, *roles: Role) -> bool:
        return any(r.value in self.user.roles for r in roles)


def device_for(session: Session, device_token: str, install_id: str = "") -> EnrolledDevice:
    """The device of a token; ``Cloned`` if it comes with another install id than its own.

    A revoked device is refused (403), unless it was revoked with an order to erase: then it
    is let in to send what it has left (``deps.get_receiver`` sends it nothing).

    The first install id seen for a device (at enrolment, or the first request of a laptop
    enrolled before install ids) is the legitimate one. A request without one (an older
    hfhate) is not checked.
    """
    device = session.scalar(
        select(EnrolledDevice).where(EnrolledDevice.token_hash == token_hash(device_token))
    )
    if device is None:
        raise Refused("This laptop is not enrolled with the server.", 401)
    if device.revoked_at is not None and not erase_ordered(device):
        raise Refused("This laptop's access to the server was revoked by an administrator.", 403)
    if install_id:
        if device.install_id is None:
            device.install_id = install_id
        elif device.install_id != install_id:
            raise Cloned(device, install_id)
    return device


def mark_cloned(session: Session, refused: Cloned) -> None:
    """Note on the device that a copy of it was refused (for ``hfhate-server devices``)."""
    device = session.get(EnrolledDevice, refused.device_id)
    if device is not None and device.cloned_at is None:
        device.cloned_at = utc_now()
        device.cloned_install_id = refused.install_id


def sign_in(
    session: Session, device: EnrolledDevice, username: str, password: str
) -> tuple[ServerUser, SessionToken, str]:
    user = session.scalar(select(ServerUser).where(ServerUser.username == username))
    if (
        not verify_password(user.password_hash if user else None, password)
        or user is None
        or not user.active
    ):
        raise Refused("The server did not accept that username and password.", 401)
    token = secrets.token_urlsafe(32)
    now = utc_now()
    row = SessionToken(
        token_hash=token_hash(token),
        user_id=user.id,
        device_id=device.id,
        created_at=now,
        last_used_at=now,
        expires_at=now + SESSION_ABSOLUTE,
    )
    session.add(row)
    return user, row, token


def caller_for(
    session: Session, device_token: str, session_token: str, install_id: str = ""
) -> Caller:
    """Check both tokens; a session dies when idle, past its end, or its user is deactivated."""
    device = device_for(session, device_token, install_id)
    row = session.get(SessionToken, token_hash(session_token))
    now = utc_now()
    expired = "Your session on the server has ended: sign in again."
    if row is None or row.device_id != device.id:
        raise Refused(expired, 401)
    if row.expires_at <= now or row.last_used_at + SESSION_IDLE <= now:
        raise Refused(expired, 401)
    user = session.get(ServerUser, row.user_id)
    if user is None or not user.active:
        raise Refused("This account is deactivated on the server.", 401)
    row.last_used_at = now
    return Caller(device=device, user=user)

"""This laptop's identity in the store, the server it is enrolled with, and the store's own
settings."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.models import Device, Role, StoreSetting, SyncState, utc_now
from hfhate.services.actor import Actor, require
from hfhate.services.audit import audit
from hfhate.services.errors import ValidationFailed
from hfhate.services.ops import note_change

DEMO_SETTING = "demo_store"


def this_device(session: Session) -> Device:
    """The device row of this store, made at first start with the machine's name."""
    device = session.scalar(select(Device).where(Device.remote.is_(False)).limit(1))
    if device is None:
        device = Device(name=socket.gethostname()[:200] or "laptop")
        session.add(device)
        session.flush()
    return device


@dataclass(frozen=True)
class EnrolledServer:
    """The server this laptop syncs with, and the CA file trusted for it (None: the system's)."""

    url: str
    ca_file: str | None


def enrolled_server(session: Session) -> EnrolledServer | None:
    """The server this laptop is enrolled with, or None before its enrolment."""
    state = session.get(SyncState, 1)
    return EnrolledServer(state.server_url, state.ca_file) if state is not None else None


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    setting = session.get(StoreSetting, key)
    return default if setting is None else setting.value


def put_setting(session: Session, key: str, value: Any) -> None:
    setting = session.get(StoreSetting, key)
    if setting is None:
        session.add(StoreSetting(key=key, value=value))
    else:
        setting.value = value
        setting.updated_at = utc_now()
    note_change(session, "store_settings")


def is_demo_store(session: Session) -> bool:
    return bool(get_setting(session, DEMO_SETTING, False))


def set_device_code(session: Session, actor: Actor, code: int) -> Device:
    """Give this stand-alone laptop its device code (1 to 999), used in notice numbers.

    Once a notice has been numbered with the code it can no longer change, so that no two
    notices anywhere can ever share a number.
    """
    require(actor, Role.ADMINISTRATOR, to="set this laptop's device code")
    device = this_device(session)
    if not 1 <= code <= 999:
        raise ValidationFailed({"code": "Use a number from 1 to 999."})
    if device.code is not None and device.code != code and device.last_notice_sequence > 0:
        raise ValidationFailed(
            {
                "code": f"Notices were already numbered with code {device.code:03d}; "
                "it cannot change."
            }
        )
    if device.code != code:
        previous = device.code
        device.code = code
        session.flush()
        note_change(session, "device", (device.id,))
        audit(
            session,
            actor,
            "device_code_set",
            record_type="device",
            record_id=device.id,
            details={"from": previous, "to": code},
        )
    return device

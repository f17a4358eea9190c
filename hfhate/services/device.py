"""This laptop's identity in the store, and the store's own settings."""

from __future__ import annotations

import socket
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.models import Device, StoreSetting, utc_now

DEMO_SETTING = "demo_store"


def this_device(session: Session) -> Device:
    """The device row of this store, made at first start with the machine's name."""
    device = session.scalar(select(Device).limit(1))
    if device is None:
        device = Device(name=socket.gethostname()[:200] or "laptop")
        session.add(device)
        session.flush()
    return device


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


def is_demo_store(session: Session) -> bool:
    return bool(get_setting(session, DEMO_SETTING, False))

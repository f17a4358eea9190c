"""This laptop's identity, and the store's own key-value settings."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from hfhate.models.base import Base, new_id, utc_now


class Device(Base):
    """A device: this store's own (made at first start), or another one records came from."""

    __tablename__ = "device"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    # Short number used in notice numbers; set by an administrator or assigned by the server.
    code: Mapped[int | None] = mapped_column(default=None, unique=True)
    # The last notice sequence number used on this device; numbers are never reused.
    last_notice_sequence: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    # Another device whose records arrived by sync (kept so their device ids resolve).
    remote: Mapped[bool] = mapped_column(default=False, server_default="0")


class StoreSetting(Base):
    """A named setting kept in the store (demo flag, amounts, periods...), as JSON."""

    __tablename__ = "store_settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)

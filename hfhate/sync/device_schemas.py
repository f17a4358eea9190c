"""Wire bodies of the administrator's list of laptops (``/admin/devices``): each enrolled
laptop as the server last saw it, and a revocation."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from hfhate.sync.schemas import WireModel

DeviceState = Literal["active", "revoked", "erase ordered", "cloned"]


class DeviceOut(WireModel):
    """One enrolled laptop: who used it last, its last sync, what it holds unsent."""

    code: int
    name: str
    enrolled_at: datetime
    state: DeviceState
    last_seen_at: datetime | None = None
    last_synced_at: datetime | None = None
    last_user: str = ""  # the full name of who signed in last ("" if nobody yet)
    unsent: int | None = None  # changes waiting on it when it last said (None: never said)
    app_version: str = ""
    store_schema: str = ""
    cloned_at: datetime | None = None


class DeviceList(WireModel):
    """``GET /admin/devices``: every enrolled laptop, by device code."""

    devices: list[DeviceOut]


class Revocation(WireModel):
    """``POST /admin/devices/{code}/revoke``: end a laptop's access; ``erase`` also orders
    it to erase its data at its next contact (lost or stolen)."""

    erase: bool = Field(default=False)

"""The administrator's list of enrolled laptops, as the server last saw each one: for the
app's Laptops area (``routes/admin_devices``) and ``hfhate-server devices``."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from hfhate.server.accounts import erase_ordered
from hfhate.server.models import EnrolledDevice, ServerUser
from hfhate.sync.device_schemas import DeviceOut, DeviceState


def state_of(device: EnrolledDevice) -> DeviceState:
    """Active, revoked, revoked with an order to erase, or cloned (a copy was refused)."""
    if erase_ordered(device):
        return "erase ordered"
    if device.revoked_at is not None:
        return "revoked"
    if device.cloned_at is not None:
        return "cloned"
    return "active"


def list_devices(session: Session) -> list[DeviceOut]:
    """Every enrolled laptop by device code (two queries, whatever the number)."""
    devices = list(session.scalars(select(EnrolledDevice).order_by(EnrolledDevice.code)))
    users = {d.last_user_id for d in devices if d.last_user_id is not None}
    query = select(ServerUser.id, ServerUser.full_name).where(ServerUser.id.in_(users))
    names: dict[uuid.UUID, str] = {row.id: row.full_name for row in session.execute(query)}
    return [
        DeviceOut(
            code=d.code,
            name=d.name,
            enrolled_at=d.enrolled_at,
            state=state_of(d),
            last_seen_at=d.last_seen_at,
            last_synced_at=d.last_synced_at,
            last_user=names.get(d.last_user_id, "") if d.last_user_id else "",
            unsent=d.unsent_count,
            app_version=d.app_version or "",
            store_schema=d.store_schema or "",
            cloned_at=d.cloned_at,
        )
        for d in devices
    ]


COLUMNS = (
    "Code", "Name", "State", "Last user", "Last synced", "Last contact", "Unsent", "App", "Schema",
)  # fmt: skip


def devices_table(devices: list[DeviceOut]) -> str:
    """The list as a plain text table (``hfhate-server devices``)."""
    rows = [COLUMNS] + [
        (
            f"{d.code:03d}",
            d.name,
            "revoked (erase ordered)" if d.state == "erase ordered" else d.state,
            d.last_user or "-",
            f"{d.last_synced_at:%Y-%m-%d %H:%M} UTC" if d.last_synced_at else "never",
            f"{d.last_seen_at:%Y-%m-%d %H:%M} UTC" if d.last_seen_at else "never",
            "-" if d.unsent is None else str(d.unsent),
            d.app_version or "-",
            d.store_schema or "-",
        )
        for d in devices
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    for d in devices:
        if d.cloned_at is not None:
            lines.append(
                f"{d.code:03d} CLONED: a copy of its data folder was refused on "
                f"{d.cloned_at:%Y-%m-%d %H:%M} UTC; its offline notices need a supervisor's "
                "attention"
            )
    return "\n".join(lines)

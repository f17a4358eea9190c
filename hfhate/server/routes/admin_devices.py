"""``/admin/devices``: every enrolled laptop as the server last saw it, and revoking one.

An administrator signed in to the server sees who used each laptop last, when it last
synced, how many changes it holds unsent, and its app and store schema version; revoking
ends its access (with ``erase``, it is also ordered to erase its data at its next contact).
"""

from fastapi import APIRouter, Path

from hfhate.server import accounts
from hfhate.server.deps import AdminDep, SessionDep
from hfhate.server.devices_list import list_devices
from hfhate.server.errors import answers
from hfhate.sync.device_schemas import DeviceList, Revocation

router = APIRouter(
    prefix="/admin/devices", tags=["administration"], responses=answers(401, 403, 413, 422)
)


@router.get("")
def devices(session: SessionDep, caller: AdminDep) -> DeviceList:
    return DeviceList(devices=list_devices(session))


@router.post("/{code}/revoke", responses=answers(404))
def revoke(
    body: Revocation,
    session: SessionDep,
    caller: AdminDep,
    code: int = Path(ge=1, le=999),
) -> DeviceList:
    accounts.revoke_device(session, code, erase=body.erase)
    session.flush()
    return DeviceList(devices=list_devices(session))

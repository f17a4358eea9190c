"""``POST /enrol`` (a one-time code gives a laptop its device code and token) and
``POST /sign-in`` (the device token with a username and password gives a session token).

Both answer from the request's session, committed before the reply, so the laptop may use
what it was given at once.
"""

from fastapi import APIRouter

from hfhate.server import accounts
from hfhate.server.db import epoch
from hfhate.server.deps import DeviceDep, InstallSeen, SessionDep
from hfhate.server.errors import answers
from hfhate.sync.schemas import (
    STORE_SCHEMA,
    EnrolRequest,
    EnrolResponse,
    SignInRequest,
    SignInResponse,
)

router = APIRouter(tags=["enrolment"], responses=answers(401, 403, 409, 410, 413, 422))


@router.post("/enrol")
def enrol(body: EnrolRequest, session: SessionDep, install: InstallSeen = "") -> EnrolResponse:
    if body.store_schema != STORE_SCHEMA:
        raise accounts.Refused(_schema_mismatch(body.store_schema), 409)
    device, token = accounts.enrol(
        session,
        code=body.code,
        device_id=body.device_id,
        name=body.device_name,
        wanted_code=body.device_code,
        install_id=install,
    )
    return EnrolResponse(
        device_id=device.id, device_code=device.code, device_token=token, epoch=epoch(session)
    )


@router.post("/sign-in")
def sign_in(body: SignInRequest, session: SessionDep, device: DeviceDep) -> SignInResponse:
    user, row, token = accounts.sign_in(session, device, body.username, body.password)
    return SignInResponse(
        session_token=token, user_id=user.id, roles=list(user.roles), expires_at=row.expires_at
    )


def _schema_mismatch(theirs: str) -> str:
    return (
        f"This laptop's hfhate (store schema {theirs}) does not match the server (store "
        f"schema {STORE_SCHEMA}). Update hfhate on the laptop or the server; nothing waiting "
        "to be sent has been lost."
    )

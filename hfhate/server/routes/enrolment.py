"""``POST /enrol`` (a one-time code gives a laptop its device code and token) and
``POST /sign-in`` (the device token with a username and password gives a session token).

Both answer from a session committed before the reply, so the laptop may use what it was
given at once. Both are throttled (``throttle.py``): a wrong password counts against the
username and the client address, a wrong enrolment code against the address; past the limit
the answer is 429 with ``Retry-After``, before any password is checked.
"""

import logging

from fastapi import APIRouter, Request
from sqlalchemy import select

from hfhate.server import accounts, devices_seen, throttle
from hfhate.server.db import epoch
from hfhate.server.deps import DeviceDep, InstallSeen, StateDep
from hfhate.server.errors import answers
from hfhate.server.models import ServerUser
from hfhate.server.wire_window import laptop_release, server_release
from hfhate.sync import compat
from hfhate.sync.schemas import (
    EnrolRequest,
    EnrolResponse,
    SignInRequest,
    SignInResponse,
)

log = logging.getLogger(__name__)
router = APIRouter(tags=["enrolment"], responses=answers(401, 403, 409, 410, 413, 422, 429))


@router.post("/enrol")
def enrol(
    body: EnrolRequest, request: Request, state: StateDep, install: InstallSeen = ""
) -> EnrolResponse:
    laptop = laptop_release(request.headers)
    problem = compat.refusal(
        compat.Release(body.store_schema, laptop.version), server_release(state.settings)
    )
    if problem is not None:  # the compatibility window: its own release or the previous one
        raise accounts.Refused(problem, 409)
    keys = throttle.Keys.of(None, _address(request))
    throttle.check(state.sessions, keys)
    try:
        with state.sessions.begin() as session:
            device, token = accounts.enrol(
                session,
                code=body.code,
                device_id=body.device_id,
                name=body.device_name,
                wanted_code=body.device_code,
                install_id=install,
            )
            answer = EnrolResponse(
                device_id=device.id,
                device_code=device.code,
                device_token=token,
                epoch=epoch(session),
            )
    except accounts.Refused as refused:
        if refused.status == 403:  # a code that is not valid: a guess, maybe
            throttle.failed(state.sessions, keys)
            log.warning("an enrolment code was refused")
        raise
    return answer


@router.post("/sign-in")
def sign_in(
    body: SignInRequest, request: Request, state: StateDep, device: DeviceDep
) -> SignInResponse:
    keys = throttle.Keys.of(body.username, _address(request))
    throttle.check(state.sessions, keys)
    try:
        with state.sessions.begin() as session:
            user, row, token = accounts.sign_in(session, device, body.username, body.password)
            throttle.succeeded(session, keys)
            devices_seen.note(session, device.id, request.headers, user_id=user.id)
    except accounts.Refused:
        throttle.failed(state.sessions, keys)
        _log_failure(state, body.username, device.code)
        raise
    return SignInResponse(
        session_token=token, user_id=user.id, roles=list(user.roles), expires_at=row.expires_at
    )


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _log_failure(state: StateDep, username: str, device_code: int) -> None:
    """The username if it is an account's (never what was typed otherwise), and the laptop."""
    with state.sessions.begin() as session:
        known = session.scalar(select(ServerUser.id).where(ServerUser.username == username))
    who = f"account {username!r}" if known is not None else "an unknown username"
    log.warning("sign-in refused for %s on device %03d", who, device_code)

"""What the routes ask for in their signatures: the server's state, a database session, the
caller behind a request, and the epoch a laptop says it is on.

Typed ``Annotated`` aliases, as in the FastAPI full-stack template: a route names what it needs
(``session: SessionDep``, ``caller: CallerDep``) and never reads a header or checks a token by
hand. Everything comes from the ``ServerState`` that ``create_app`` builds from its settings and
keeps on ``app.state``: there is no module-level engine, so two apps never share one.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Header, Request, Response
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from hfhate.models.users import Role
from hfhate.server import accounts, erase_order
from hfhate.server.metrics import ServerMetrics
from hfhate.server.models import EnrolledDevice
from hfhate.server.settings import ServerSettings
from hfhate.server.wire_window import wire_view
from hfhate.sync.compat import WireView
from hfhate.sync.install import COPY_REFUSED_HEADER, INSTALL_HEADER
from hfhate.sync.schemas import EPOCH_HEADER


@dataclass(frozen=True)
class ServerState:
    """What one app was built with, kept as ``app.state.server``."""

    settings: ServerSettings
    engine: Engine
    sessions: sessionmaker[Session]
    # The high-water mark file beside a SQLite database (None for PostgreSQL): ``restore.py``.
    high_water: Path | None
    # The key the photo folder is sealed with (``photo_key.py``).
    photo_key: bytes = b""
    # What /metrics counts (``metrics.py``); None only where a test builds a state by hand.
    metrics: ServerMetrics | None = None


def get_state(request: Request) -> ServerState:
    state: ServerState = request.app.state.server
    return state


StateDep = Annotated[ServerState, Depends(get_state)]


def get_session(state: StateDep) -> Iterator[Session]:
    with state.sessions.begin() as session:
        yield session


# One transaction per request, committed before the reply is sent (scope="function"): a laptop
# may use a token it was just given at once, from any server process.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


# The install id the laptop sent (``hfhate/sync/install.py``; "" from an older hfhate). Left
# out of the OpenAPI document: a client that does not send it is not checked, and a schema
# fuzzer sending made-up ones would only have its own device refused as a copy.
_INSTALL = Header(alias=INSTALL_HEADER, max_length=100, include_in_schema=False)
InstallSeen = Annotated[str, _INSTALL]


@dataclass(frozen=True)
class Tokens:
    """The device token (``Authorization: Bearer``) and session token of one request, and
    the install id the laptop sent (``X-Hfhate-Install``, "" from an older hfhate)."""

    device: str
    session: str
    install: str = ""

    def caller(self, session: Session) -> accounts.Caller:
        """The caller these tokens stand for, checked in ``session`` (which notes its use)."""
        return accounts.caller_for(session, self.device, self.session, self.install)


def get_tokens(
    authorization: Annotated[str, Header()] = "",
    x_hfhate_session: Annotated[str, Header()] = "",
    install: Annotated[str, _INSTALL] = "",
) -> Tokens:
    scheme, _, device_token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not device_token:
        raise accounts.Refused("This laptop is not enrolled with the server.", 401)
    return Tokens(device=device_token, session=x_hfhate_session, install=install)


TokensDep = Annotated[Tokens, Depends(get_tokens)]


def _noting_clones(state: ServerState, error: accounts.Cloned) -> accounts.Cloned:
    """Mark the device cloned in a transaction of its own (the request's is rolled back)."""
    with state.sessions.begin() as session:
        accounts.mark_cloned(session, error)
    return error


def _noting_erase(request: Request, state: ServerState, tokens: Tokens) -> None:
    """A refused request: say on the answer if its device is to be erased (one lookup)."""
    with state.sessions.begin() as session:
        erase_order.note(request, accounts.erase_order_of(session, tokens.device))


def get_device(
    request: Request, state: StateDep, tokens: TokensDep, response: Response
) -> EnrolledDevice:
    """The enrolled, unrevoked device the request comes from (sign-in needs no user yet).

    Checked, and its first install id noted, in a transaction of its own (as ``get_caller``),
    so a copy refused is marked cloned whatever becomes of the request's own transaction. The
    legitimate laptop of a device a copy of which was refused is told when (a header).
    """
    try:
        with state.sessions.begin() as session:
            device = accounts.device_for(session, tokens.device, tokens.install)
    except accounts.Cloned as error:
        raise _noting_clones(state, error) from None
    if accounts.erase_ordered(device):
        erase_order.note(request, device.erase_ordered_at)
    if device.cloned_at is not None:
        response.headers[COPY_REFUSED_HEADER] = device.cloned_at.isoformat()
    return device


DeviceDep = Annotated[EnrolledDevice, Depends(get_device)]


def get_caller(request: Request, state: StateDep, tokens: TokensDep) -> accounts.Caller:
    """The signed-in user on an enrolled device, or ``Refused`` (401, or 403 if revoked).

    Checked in a transaction of its own, committed before the route runs: push, pull and
    known-changes open transactions of their own, and SQLite lets one writer in at a time, so
    none may be held open meanwhile. The caller's rows are plain values once read (the session
    factory does not expire them), usable in any later session. A device revoked with an
    order to erase is let in (to push) and the order is said on the answer
    (``erase_order``), refused or not.
    """
    try:
        with state.sessions.begin() as session:
            caller = tokens.caller(session)
    except accounts.Cloned as error:
        raise _noting_clones(state, error) from None
    except accounts.Refused:
        _noting_erase(request, state, tokens)
        raise
    if accounts.erase_ordered(caller.device):
        erase_order.note(request, caller.device.erase_ordered_at)
    return caller


CallerDep = Annotated[accounts.Caller, Depends(get_caller)]


def get_receiver(caller: CallerDep) -> accounts.Caller:
    """The caller of a route that sends records or photos: never a device to be erased."""
    if accounts.erase_ordered(caller.device):
        raise accounts.Refused(
            "This laptop's access to the server was revoked by an administrator, who ordered "
            "its data erased: the server sends it nothing more.",
            403,
        )
    return caller


ReceiverDep = Annotated[accounts.Caller, Depends(get_receiver)]

# The epoch the laptop's cursor and acknowledged changes belong to ("" if it did not say).
EpochSeen = Annotated[str, Header(alias=EPOCH_HEADER)]


def get_administrator(caller: CallerDep) -> accounts.Caller:
    """The caller of a central administration route: an administrator signed in to the server."""
    if not caller.has(Role.ADMINISTRATOR):
        raise accounts.Refused("Only an administrator can make central changes.", 403)
    if accounts.erase_ordered(caller.device):
        raise accounts.Refused(
            "This laptop's access to the server was revoked by an administrator.", 403
        )
    return caller


AdminDep = Annotated[accounts.Caller, Depends(get_administrator)]


def get_wire_view(request: Request, state: StateDep) -> WireView:
    """The wire format to answer this laptop in: its own release's (``wire_window.py``).

    Read from a header left out of the OpenAPI document: a laptop that does not send it is of
    the previous release, and is answered in that release's wire format."""
    return wire_view(request.headers, state.settings)


WireViewDep = Annotated[WireView, Depends(get_wire_view)]

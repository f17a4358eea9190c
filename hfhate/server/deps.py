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

from fastapi import Depends, Header, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from hfhate.server import accounts
from hfhate.server.models import EnrolledDevice
from hfhate.server.settings import ServerSettings
from hfhate.sync.schemas import EPOCH_HEADER


@dataclass(frozen=True)
class ServerState:
    """What one app was built with, kept as ``app.state.server``."""

    settings: ServerSettings
    engine: Engine
    sessions: sessionmaker[Session]
    # The high-water mark file beside a SQLite database (None for PostgreSQL): ``restore.py``.
    high_water: Path | None


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


@dataclass(frozen=True)
class Tokens:
    """The device token (``Authorization: Bearer``) and session token of one request."""

    device: str
    session: str

    def caller(self, session: Session) -> accounts.Caller:
        """The caller these tokens stand for, checked in ``session`` (which notes its use)."""
        return accounts.caller_for(session, self.device, self.session)


def get_tokens(
    authorization: Annotated[str, Header()] = "",
    x_hfhate_session: Annotated[str, Header()] = "",
) -> Tokens:
    scheme, _, device_token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not device_token:
        raise accounts.Refused("This laptop is not enrolled with the server.", 401)
    return Tokens(device=device_token, session=x_hfhate_session)


TokensDep = Annotated[Tokens, Depends(get_tokens)]


def get_device(session: SessionDep, tokens: TokensDep) -> EnrolledDevice:
    """The enrolled, unrevoked device the request comes from (sign-in needs no user yet)."""
    return accounts.device_for(session, tokens.device)


DeviceDep = Annotated[EnrolledDevice, Depends(get_device)]


def get_caller(state: StateDep, tokens: TokensDep) -> accounts.Caller:
    """The signed-in user on an enrolled device, or ``Refused`` (401, or 403 if revoked).

    Checked in a transaction of its own, committed before the route runs: push, pull and
    known-changes open transactions of their own, and SQLite lets one writer in at a time, so
    none may be held open meanwhile. The caller's rows are plain values once read (the session
    factory does not expire them), usable in any later session.
    """
    with state.sessions.begin() as session:
        return tokens.caller(session)


CallerDep = Annotated[accounts.Caller, Depends(get_caller)]

# The epoch the laptop's cursor and acknowledged changes belong to ("" if it did not say).
EpochSeen = Annotated[str, Header(alias=EPOCH_HEADER)]

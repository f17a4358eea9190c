"""``GET /health``: the app version, the server schema, the laptop store schema it speaks and
the epoch; open to anyone, so a laptop can check the address before it enrols.

The store schema in the body is the one the server speaks with the caller: the caller's own
if it is inside the compatibility window (a laptop of the previous release, which sends no
header, reads its own and syncs on), the server's otherwise. The headers say the rest, which
the body cannot (an older laptop refuses a field it does not know): the server's own store
schema (``STORE_SCHEMA_HEADER``) and every one it accepts (``ACCEPTS_HEADER``).

For the proxy, systemd and monitoring (``docs/server.md``), two answers that need no
database session of the request's own: ``GET /health/live`` (the process answers: restart it
if not) and ``GET /health/ready`` (the database answers and its schema is the head revision
this code needs: send it requests), 503 with the reason otherwise. ``/health`` keeps its shape
and meaning for laptops of every release.
"""

import logging

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import SQLAlchemyError

from hfhate import __version__
from hfhate.safe_log import describe_exception
from hfhate.server.db import current_revision, epoch
from hfhate.server.deps import SessionDep, StateDep, WireViewDep
from hfhate.server.migrations import SERVER_HEAD
from hfhate.sync.compat import window
from hfhate.sync.schemas import ACCEPTS_HEADER, STORE_SCHEMA_HEADER, Health

router = APIRouter(tags=["health"])
log = logging.getLogger(__name__)


class Liveness(BaseModel):
    """``GET /health/live``: this process answers."""

    live: bool


class Readiness(BaseModel):
    """``GET /health/ready``: whether to send this process requests, and if not, why."""

    ready: bool
    reason: str


@router.get("/health")
def health(session: SessionDep, state: StateDep, view: WireViewDep, response: Response) -> Health:
    own = state.settings.store_schema
    response.headers[STORE_SCHEMA_HEADER] = own
    response.headers[ACCEPTS_HEADER] = ",".join(window(own))
    return Health(
        version=__version__,
        server_schema=SERVER_HEAD,
        store_schema=view.store_schema,
        epoch=epoch(session),
    )


@router.get("/health/live")
def live() -> Liveness:
    return Liveness(live=True)


@router.get(
    "/health/ready",
    response_model=Readiness,
    responses={503: {"model": Readiness, "description": "Not ready: the reason is given."}},
)
def ready(state: StateDep) -> Readiness | JSONResponse:
    try:
        revision = current_revision(state.engine)
    except SQLAlchemyError as error:
        log.warning("not ready: the database does not answer: %s", describe_exception(error))
        return _not_ready("The database does not answer.")
    if revision != SERVER_HEAD:
        return _not_ready(
            f"The database schema is at {revision or 'nothing'}, not {SERVER_HEAD}: "
            "run hfhate-server migrate."
        )
    return Readiness(ready=True, reason="")


def _not_ready(reason: str) -> JSONResponse:
    return JSONResponse(Readiness(ready=False, reason=reason).model_dump(), status_code=503)

"""``GET /health``: the app version, the server schema, the laptop store schema it accepts and
the epoch; open to anyone, so a laptop can check the address before it enrols."""

from fastapi import APIRouter

from hfhate import __version__
from hfhate.server.db import epoch
from hfhate.server.deps import SessionDep
from hfhate.server.migrations import SERVER_HEAD
from hfhate.sync.schemas import STORE_SCHEMA, Health

router = APIRouter(tags=["health"])


@router.get("/health")
def health(session: SessionDep) -> Health:
    return Health(
        version=__version__,
        server_schema=SERVER_HEAD,
        store_schema=STORE_SCHEMA,
        epoch=epoch(session),
    )

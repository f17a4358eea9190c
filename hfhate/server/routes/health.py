"""``GET /health``: the app version, the server schema, the laptop store schema it speaks and
the epoch; open to anyone, so a laptop can check the address before it enrols.

The store schema in the body is the one the server speaks with the caller: the caller's own
if it is inside the compatibility window (a laptop of the previous release, which sends no
header, reads its own and syncs on), the server's otherwise. The headers say the rest, which
the body cannot (an older laptop refuses a field it does not know): the server's own store
schema (``STORE_SCHEMA_HEADER``) and every one it accepts (``ACCEPTS_HEADER``).
"""

from fastapi import APIRouter, Response

from hfhate import __version__
from hfhate.server.db import epoch
from hfhate.server.deps import SessionDep, StateDep, WireViewDep
from hfhate.server.migrations import SERVER_HEAD
from hfhate.sync.compat import window
from hfhate.sync.schemas import ACCEPTS_HEADER, STORE_SCHEMA_HEADER, Health

router = APIRouter(tags=["health"])


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

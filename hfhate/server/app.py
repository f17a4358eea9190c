"""The FastAPI application under /api/v1: health, enrolment, sign-in, push, pull, records,
known changes and evidence photos (status, upload, download, which have not arrived).

``create_app(settings)`` builds everything from the settings it is given and keeps it on
``app.state`` (``deps.ServerState``): no module-level engine, and nothing kept in process
memory that another server process would need (tokens, cursors and change ids all live in the
database). The routes live in ``routes/``, one router per area, and ask for what they need
through ``deps.py``; here are only what every request passes through: the body size cap and
the plain-words error replies.
"""

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

from hfhate import __version__
from hfhate.server import accounts, restore
from hfhate.server.db import make_server_engine, make_sessions
from hfhate.server.deps import ServerState
from hfhate.server.routes import api_router
from hfhate.server.settings import ServerSettings
from hfhate.sync.schemas import API_PREFIX, MAX_BODY_BYTES


def create_app(settings: ServerSettings) -> FastAPI:
    engine = make_server_engine(settings.database_url)
    app = FastAPI(
        title="hfhate sync server",
        version=__version__,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
    )
    app.state.server = ServerState(
        settings=settings,
        engine=engine,
        sessions=make_sessions(engine),
        high_water=restore.high_water_path(engine),
    )
    app.middleware("http")(limit_body)
    app.exception_handler(accounts.Refused)(refused)
    app.exception_handler(RequestValidationError)(invalid)
    app.include_router(api_router)
    return app


async def limit_body(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Refuse a body over ``MAX_BODY_BYTES`` (413) before any route reads it."""
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
        return JSONResponse({"detail": "The request is too large."}, status_code=413)
    if length is None and request.method == "POST":
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return JSONResponse({"detail": "The request is too large."}, status_code=413)
    return await call_next(request)


async def refused(_request: Request, error: accounts.Refused) -> JSONResponse:
    return JSONResponse({"detail": str(error)}, status_code=error.status)


async def invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
    """The first thing wrong with a request, in one sentence."""
    first = error.errors()[0] if error.errors() else {"msg": "invalid request"}
    where = ".".join(str(p) for p in first.get("loc", ()))
    return JSONResponse(
        {"detail": f"The request was not valid: {where}: {first['msg']}"}, status_code=422
    )

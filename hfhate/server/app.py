"""The FastAPI application under /api/v1: health, enrolment, sign-in, push, pull, records,
known changes and evidence photos (status, upload, download, which have not arrived).

``create_app(settings)`` builds everything from the settings it is given and keeps it on
``app.state`` (``deps.ServerState``): no module-level engine, and nothing kept in process
memory that another server process would need (tokens, cursors and change ids all live in the
database). The routes live in ``routes/``, one router per area, and ask for what they need
through ``deps.py``; here are only what every request passes through: the body size cap
(``body_cap.py``), the order to erase a laptop (``erase_order.py``), the refusal of a laptop
outside the compatibility window (``wire_window.py``), the plain-words error
replies, and a last resort (``faults.py``) that answers anything unforeseen with a plain 500
and logs only its type and place, never a stack trace, SQL or a value sent. Making the app
loads the photo key and seals any photo an older server kept in clear (``photo_key.py``).
Outermost of all, ``request_log.Requests`` gives each request its id (trusting the proxy's
headers only from the proxy) and logs it, and ``metrics.Timing`` counts it (``/metrics``).
``app_from_environment`` is the factory each worker of ``serve --workers N`` calls
(``workers.py``): its settings come from the environment.
"""

import logging
import os

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from hfhate import __version__
from hfhate.server import accounts, metrics, photo_key, photos, request_log, restore
from hfhate.server.body_cap import BodyCap
from hfhate.server.db import make_server_engine, make_sessions
from hfhate.server.deps import ServerState
from hfhate.server.erase_order import EraseHeader
from hfhate.server.faults import Faults
from hfhate.server.routes import api_router
from hfhate.server.settings import DATA_DIR_ENV, ServerSettings
from hfhate.server.wire_window import WireWindow
from hfhate.sync.schemas import API_PREFIX

log = logging.getLogger(__name__)


def create_app(settings: ServerSettings) -> FastAPI:
    engine = make_server_engine(settings.database_url)
    key = photo_key.load_or_create(settings.photo_key_path)
    if sealed := photo_key.seal_clear_photos(settings.data_dir, key):
        log.warning("sealed %d photos an older server kept in clear", sealed)
    photos.drop_clear_partials(settings.data_dir)
    app = FastAPI(
        title="hfhate sync server",
        version=__version__,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
    )
    sessions = make_sessions(engine)
    counted = metrics.ServerMetrics(sessions)
    app.state.metrics = counted
    app.state.server = ServerState(
        settings=settings,
        engine=engine,
        sessions=sessions,
        high_water=restore.high_water_path(engine),
        photo_key=key,
        metrics=counted,
    )
    app.add_middleware(
        BodyCap, json_cap=settings.max_body_bytes, photo_cap=settings.max_photo_bytes
    )
    app.add_middleware(EraseHeader)  # the order to erase, on every answer to such a laptop
    app.add_middleware(WireWindow, settings=settings)  # laptops too old or too new: refused
    app.add_middleware(Faults)
    app.add_middleware(metrics.Timing, metrics=counted)
    app.add_middleware(request_log.Requests, trusted_proxies=settings.trusted_proxies)  # outermost
    app.exception_handler(accounts.Refused)(refused)
    app.exception_handler(RequestValidationError)(invalid)
    app.include_router(api_router)
    app.include_router(metrics.router)
    return app


def app_from_environment() -> FastAPI:
    """The app of one worker of ``serve``: settings and logging from the environment."""
    request_log.log_as_json_lines()
    settings = ServerSettings.resolve(os.environ.get(DATA_DIR_ENV) or ".", None)
    return create_app(settings)


async def refused(_request: Request, error: accounts.Refused) -> JSONResponse:
    headers: dict[str, str] | None = getattr(error, "headers", None)
    body: dict[str, object] = {"detail": str(error)}
    fields: dict[str, str] | None = getattr(error, "fields", None)
    if fields:  # a change refused field by field (account_admin.FieldsRefused)
        body["fields"] = fields
    return JSONResponse(body, status_code=error.status, headers=headers)


async def invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
    """The first thing wrong with a request, in one sentence."""
    first = error.errors()[0] if error.errors() else {"msg": "invalid request"}
    where = ".".join(str(p) for p in first.get("loc", ()))
    return JSONResponse(
        {"detail": f"The request was not valid: {where}: {first['msg']}"}, status_code=422
    )

"""The FastAPI application under /api/v1: health, enrolment, sign-in, push, pull, records,
known changes and evidence photos (status, upload, download, which have not arrived).

``create_app(settings)`` builds everything from the settings it is given: no module-level
engine, and nothing kept in process memory that another server process would need (tokens,
cursors and change ids all live in the database). A pull or known-changes question that proves
the database was restored from a backup starts a new epoch (``restore.py``). No
``from __future__ import annotations`` here: FastAPI reads the route annotations, which refer
to aliases local to ``create_app``.
"""

import uuid
from collections.abc import Awaitable, Callable, Iterator
from typing import Annotated

from fastapi import Depends, FastAPI, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from hfhate import __version__
from hfhate.server import accounts, evidence, photos, pull, push, restore
from hfhate.server.db import epoch, make_server_engine, make_sessions
from hfhate.server.migrations import SERVER_HEAD
from hfhate.server.models import AppliedChange
from hfhate.server.settings import ServerSettings
from hfhate.sync.schemas import (
    API_PREFIX,
    EPOCH_HEADER,
    MAX_BODY_BYTES,
    MAX_PAGE,
    STORE_SCHEMA,
    EnrolRequest,
    EnrolResponse,
    Health,
    KnownRequest,
    KnownResponse,
    MissingPhotos,
    PhotoStatus,
    PullPage,
    PushRequest,
    PushResponse,
    RecordsRequest,
    RecordsResponse,
    SignInRequest,
    SignInResponse,
)


def create_app(settings: ServerSettings) -> FastAPI:
    engine = make_server_engine(settings.database_url)
    sessions = make_sessions(engine)
    high_water = restore.high_water_path(engine)
    app = FastAPI(
        title="hfhate sync server",
        version=__version__,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
    )

    def db() -> Iterator[Session]:
        with sessions.begin() as session:
            yield session

    # Committed before the reply is sent: a client may use what it was given at once.
    Db = Annotated[Session, Depends(db, scope="function")]

    @app.exception_handler(accounts.Refused)
    async def refused(_request: Request, error: accounts.Refused) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=error.status)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        first = error.errors()[0] if error.errors() else {"msg": "invalid request"}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return JSONResponse(
            {"detail": f"The request was not valid: {where}: {first['msg']}"}, status_code=422
        )

    @app.middleware("http")
    async def limit_body(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            return JSONResponse({"detail": "The request is too large."}, status_code=413)
        if length is None and request.method == "POST":
            body = await request.body()
            if len(body) > MAX_BODY_BYTES:
                return JSONResponse({"detail": "The request is too large."}, status_code=413)
        return await call_next(request)

    def tokens(
        authorization: Annotated[str, Header()] = "",
        x_hfhate_session: Annotated[str, Header()] = "",
    ) -> tuple[str, str]:
        scheme, _, device_token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not device_token:
            raise accounts.Refused("This laptop is not enrolled with the server.", 401)
        return device_token, x_hfhate_session

    Tokens = Annotated[tuple[str, str], Depends(tokens)]
    # The epoch the laptop's cursor and acknowledged changes belong to ("" if not said).
    EpochSeen = Annotated[str, Header(alias=EPOCH_HEADER)]

    @app.get(f"{API_PREFIX}/health")
    def health(session: Db) -> Health:
        return Health(
            version=__version__,
            server_schema=SERVER_HEAD,
            store_schema=STORE_SCHEMA,
            epoch=epoch(session),
        )

    @app.post(f"{API_PREFIX}/enrol")
    def enrol(body: EnrolRequest, session: Db) -> EnrolResponse:
        if body.store_schema != STORE_SCHEMA:
            raise accounts.Refused(_schema_mismatch(body.store_schema), 409)
        device, token = accounts.enrol(
            session,
            code=body.code,
            device_id=body.device_id,
            name=body.device_name,
            wanted_code=body.device_code,
        )
        return EnrolResponse(
            device_id=device.id, device_code=device.code, device_token=token, epoch=epoch(session)
        )

    @app.post(f"{API_PREFIX}/sign-in")
    def sign_in(body: SignInRequest, session: Db, auth: Tokens) -> SignInResponse:
        device = accounts.device_for(session, auth[0])
        user, row, token = accounts.sign_in(session, device, body.username, body.password)
        return SignInResponse(
            session_token=token, user_id=user.id, roles=list(user.roles), expires_at=row.expires_at
        )

    @app.post(f"{API_PREFIX}/push")
    def push_changes(body: PushRequest, auth: Tokens) -> PushResponse:
        with sessions.begin() as session:
            accounts.caller_for(session, *auth)

        def caller_of(session: Session) -> accounts.Caller:
            return accounts.caller_for(session, *auth)

        return PushResponse(results=push.apply_batch(sessions, caller_of, body.changes))

    @app.get(f"{API_PREFIX}/pull")
    def pull_changes(
        auth: Tokens, cursor: int = 0, limit: int = 500, seen: EpochSeen = ""
    ) -> PullPage:
        cursor, limit = max(cursor, 0), max(1, min(limit, MAX_PAGE))
        with sessions.begin() as session:
            caller = accounts.caller_for(session, *auth)
            now, top = epoch(session), restore.allocated(session)
            stale = seen not in ("", now)
            page = (
                None
                if cursor and (stale or cursor > top)
                else pull.pull_page(session, caller, cursor, limit, now)
            )
        if page is not None:
            if high_water is not None:
                restore.note_high_water(high_water, now, top)
            return page
        if not stale:  # a cursor of this epoch beyond the counter: the database went back
            now = restore.begin_new_epoch(sessions, replacing=now)
        return pull.start_again(now)

    @app.post(f"{API_PREFIX}/records")
    def records(body: RecordsRequest, session: Db, auth: Tokens) -> RecordsResponse:
        caller = accounts.caller_for(session, *auth)
        return RecordsResponse(records=pull.fetch_records(session, caller, body.records))

    @app.post(f"{API_PREFIX}/known-changes")
    def known_changes(body: KnownRequest, auth: Tokens, seen: EpochSeen = "") -> KnownResponse:
        asked = set(body.change_ids)
        with sessions.begin() as session:
            accounts.caller_for(session, *auth)
            known = list(
                session.scalars(
                    select(AppliedChange.change_id).where(AppliedChange.change_id.in_(asked))
                )
            )
            now = epoch(session)
            # Only what the laptop says this very epoch acknowledged proves a loss.
            lost = seen == now and (
                len(known) < len(asked) or restore.went_back(session, body.cursor)
            )
        if lost:
            now = restore.begin_new_epoch(sessions, replacing=now)
        return KnownResponse(known=known, epoch=now)

    @app.get(f"{API_PREFIX}/photos/{{sha256}}")
    def photo_status(sha256: str, session: Db, auth: Tokens) -> PhotoStatus:
        accounts.caller_for(session, *auth)
        return photos.status(settings.data_dir, sha256)

    @app.put(f"{API_PREFIX}/photos/{{sha256}}")
    async def photo_piece(
        sha256: str, request: Request, auth: Tokens, offset: int = 0, total: int = 0
    ) -> PhotoStatus:
        with sessions.begin() as session:
            accounts.caller_for(session, *auth)
        piece = await request.body()
        # In a worker thread: it may wait for another upload of the same photo to let go.
        return await run_in_threadpool(
            photos.receive, settings.data_dir, sha256, offset, total, piece
        )

    @app.get(f"{API_PREFIX}/photos/{{sha256}}/content")
    def photo_content(sha256: str, record: uuid.UUID, session: Db, auth: Tokens) -> FileResponse:
        """The photo's bytes (``Range`` honoured) for a caller who may see photo ``record``."""
        caller = accounts.caller_for(session, *auth)
        path = evidence.readable_photo(session, settings.data_dir, caller, sha256, record)
        return FileResponse(path, media_type="application/octet-stream")

    @app.get(f"{API_PREFIX}/incomplete-photos")
    def incomplete_photos(
        session: Db, auth: Tokens, from_this_laptop: bool = False
    ) -> MissingPhotos:
        """Photo records the caller may see whose photo has not arrived (made on this laptop)."""
        caller = accounts.caller_for(session, *auth)
        return evidence.missing_photos(
            session,
            settings.data_dir,
            caller=caller,
            device_id=caller.device.id if from_this_laptop else None,
        )

    return app


def _schema_mismatch(theirs: str) -> str:
    return (
        f"This laptop's hfhate (store schema {theirs}) does not match the server (store "
        f"schema {STORE_SCHEMA}). Update hfhate on the laptop or the server; nothing waiting "
        "to be sent has been lost."
    )

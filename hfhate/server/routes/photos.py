"""Evidence photos for a signed-in caller (required of every route here by the router):
``GET /photos/{sha256}`` (how much the server has), ``PUT /photos/{sha256}`` (a piece of an
upload, at most the photo cap: ``body_cap.py``), ``GET /photos/{sha256}/content`` (the bytes,
opened in memory from the sealed file, ``Range: bytes=N-`` honoured so a cut-off download
resumes, for a caller who may see the photo's record) and ``GET /incomplete-photos`` (photo
records whose photo has not arrived).

The files themselves are ``hfhate/server/photos.py``'s; which photos a caller may read and
which have not arrived, ``evidence.py``'s.
"""

import uuid

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from hfhate.server import accounts, evidence, photos
from hfhate.server.deps import CallerDep, ReceiverDep, ServerState, SessionDep, StateDep, get_caller
from hfhate.server.errors import answers
from hfhate.sync.schemas import MissingPhotos, PhotoStatus

router = APIRouter(
    tags=["photos"],
    dependencies=[Depends(get_caller)],
    responses=answers(401, 403, 404, 409, 410, 413, 422),
)
PHOTO = {"content": {"application/octet-stream": {}}, "description": "The photo's bytes."}


@router.get("/photos/{sha256}")
def photo_status(sha256: str, state: StateDep) -> PhotoStatus:
    return photos.status(state.settings.data_dir, sha256)


@router.put("/photos/{sha256}")
async def photo_piece(
    sha256: str, request: Request, state: StateDep, offset: int = 0, total: int = 0
) -> PhotoStatus:
    piece = await request.body()
    # In a worker thread: it may wait for another upload of the same photo to let go.
    return await run_in_threadpool(_receive, state, sha256, offset, total, piece)


def _receive(state: ServerState, sha256: str, offset: int, total: int, piece: bytes) -> PhotoStatus:
    limits = photos.Limits(state.settings.max_photo_bytes, state.settings.max_photo_pixels)
    had = photos.status(state.settings.data_dir, sha256).complete
    now = photos.receive(
        state.settings.data_dir, sha256, offset, total, piece, state.photo_key, limits
    )
    if now.complete and not had and state.metrics is not None:
        state.metrics.photos_stored.inc()
    return now


@router.get(
    "/photos/{sha256}/content",
    response_class=Response,
    responses={200: PHOTO, 206: PHOTO, 416: {"description": "Every byte was sent already."}},
)
def photo_content(
    sha256: str,
    record: uuid.UUID,
    caller: ReceiverDep,
    session: SessionDep,
    state: StateDep,
    request: Request,
) -> Response:
    """The photo's bytes (``Range: bytes=N-`` honoured) for a caller who may see ``record``."""
    evidence.readable_photo(session, state.settings.data_dir, caller, sha256, record)
    clear = photos.read(state.settings.data_dir, sha256, state.photo_key)
    start = _range_start(request.headers.get("range", ""))
    kind = "application/octet-stream"
    if start is None:
        return Response(clear, media_type=kind, headers={"Accept-Ranges": "bytes"})
    if start >= len(clear):
        return Response(status_code=416, headers={"Content-Range": f"bytes */{len(clear)}"})
    return Response(
        clear[start:],
        status_code=206,
        media_type=kind,
        headers={"Content-Range": f"bytes {start}-{len(clear) - 1}/{len(clear)}"},
    )


def _range_start(header: str) -> int | None:
    """N of ``bytes=N-`` (what a laptop resuming a download asks); None for anything else."""
    unit, _, spec = header.partition("=")
    first, dash, last = spec.strip().partition("-")
    if unit.strip() != "bytes" or not dash or last or not first.isdigit():
        return None
    return int(first)


@router.get("/incomplete-photos")
def incomplete_photos(
    caller: CallerDep, session: SessionDep, state: StateDep, from_this_laptop: bool = False
) -> MissingPhotos:
    """Photo records the caller may see whose photo has not arrived (made on this laptop).

    A laptop to be erased is told only of its own (to upload them before it erases).
    """
    own = from_this_laptop or accounts.erase_ordered(caller.device)
    return evidence.missing_photos(
        session,
        state.settings.data_dir,
        caller=caller,
        device_id=caller.device.id if own else None,
    )

"""Evidence photos for a signed-in caller (required of every route here by the router):
``GET /photos/{sha256}`` (how much the server has), ``PUT /photos/{sha256}`` (a piece of an
upload), ``GET /photos/{sha256}/content`` (the bytes, for a caller who may see the photo's
record) and ``GET /incomplete-photos`` (photo records whose photo has not arrived).

The files themselves are ``hfhate/server/photos.py``'s; which photos a caller may read and
which have not arrived, ``evidence.py``'s.
"""

import uuid

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool

from hfhate.server import evidence, photos
from hfhate.server.deps import CallerDep, SessionDep, StateDep, get_caller
from hfhate.server.errors import answers
from hfhate.sync.schemas import MissingPhotos, PhotoStatus

router = APIRouter(
    tags=["photos"],
    dependencies=[Depends(get_caller)],
    responses=answers(401, 403, 404, 409, 410, 413, 422),
)


@router.get("/photos/{sha256}")
def photo_status(sha256: str, state: StateDep) -> PhotoStatus:
    return photos.status(state.settings.data_dir, sha256)


@router.put("/photos/{sha256}")
async def photo_piece(
    sha256: str, request: Request, state: StateDep, offset: int = 0, total: int = 0
) -> PhotoStatus:
    piece = await request.body()
    # In a worker thread: it may wait for another upload of the same photo to let go.
    return await run_in_threadpool(
        photos.receive, state.settings.data_dir, sha256, offset, total, piece
    )


@router.get("/photos/{sha256}/content")
def photo_content(
    sha256: str, record: uuid.UUID, caller: CallerDep, session: SessionDep, state: StateDep
) -> FileResponse:
    """The photo's bytes (``Range`` honoured) for a caller who may see photo ``record``."""
    path = evidence.readable_photo(session, state.settings.data_dir, caller, sha256, record)
    return FileResponse(path, media_type="application/octet-stream")


@router.get("/incomplete-photos")
def incomplete_photos(
    caller: CallerDep, session: SessionDep, state: StateDep, from_this_laptop: bool = False
) -> MissingPhotos:
    """Photo records the caller may see whose photo has not arrived (made on this laptop)."""
    return evidence.missing_photos(
        session,
        state.settings.data_dir,
        caller=caller,
        device_id=caller.device.id if from_this_laptop else None,
    )

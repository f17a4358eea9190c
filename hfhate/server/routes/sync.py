"""``POST /push``, ``GET /pull``, ``POST /records`` and ``POST /known-changes``: the records
going each way, for a signed-in caller (required of every route here by the router).

Push, pull and known-changes run transactions of their own (``push.apply_batch`` retries
whole batches; a pull or known-changes question that proves the database was restored from a
backup starts a new epoch in a transaction after its own, ``restore.py``), so they take the
session factory rather than the request's session. Each speaks to the caller in its
release's wire format (``deps.WireViewDep``, ``compat.WireView``). Request bodies are read
into their wire models in one pass off the event loop (``wire_body.py``); a pull page goes
out as the JSON ``pull.pull_page`` encoded.
"""

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy import select

from hfhate.server import devices_seen, pull, push, restore
from hfhate.server.db import epoch
from hfhate.server.deps import (
    EpochSeen,
    ReceiverDep,
    SessionDep,
    StateDep,
    TokensDep,
    WireViewDep,
    get_caller,
)
from hfhate.server.errors import answers
from hfhate.server.models import AppliedChange
from hfhate.server.wire_body import WireBodyRoute
from hfhate.sync.schemas import (
    MAX_PAGE,
    KnownRequest,
    KnownResponse,
    PullPage,
    PushRequest,
    PushResponse,
    RecordsRequest,
    RecordsResponse,
)

JSON = "application/json"
router = APIRouter(
    route_class=WireBodyRoute,  # bodies read into their wire models off the event loop
    tags=["sync"],
    dependencies=[Depends(get_caller)],
    responses=answers(401, 403, 409, 410, 413, 422),
)


@router.post("/push")
def push_changes(
    body: PushRequest, state: StateDep, tokens: TokensDep, view: WireViewDep
) -> PushResponse:
    # The caller is checked again inside each attempt's transaction, as the batch decides.
    results = push.apply_batch(
        state.sessions,
        tokens.caller,
        body.changes,
        state.settings.data_dir,
        view,
        pause=state.settings.test_push_pause,
    )
    if state.metrics is not None:  # counted once committed
        state.metrics.pushed([result.result for result in results])
    return PushResponse(results=[push.as_seen(result, view) for result in results])


@router.get("/pull", response_model=PullPage)
def pull_changes(
    request: Request,
    caller: ReceiverDep,
    state: StateDep,
    view: WireViewDep,
    cursor: int = 0,
    limit: int = 500,
    seen: EpochSeen = "",
) -> Response:
    # A ``PullPage``, sent as the JSON ``pull.pull_page`` encoded (no model built of it);
    # a docstring here would show in the OpenAPI document.
    cursor, limit = max(cursor, 0), max(1, min(limit, MAX_PAGE))
    with state.sessions.begin() as session:
        now, top = epoch(session), restore.allocated(session)
        stale = seen not in ("", now)
        page = (
            None
            if cursor and (stale or cursor > top)
            else pull.pull_page(session, caller, cursor, limit, now, view)
        )
        if page is not None and not page.has_more:  # the laptop is up to date: it synced
            devices_seen.note(session, caller.device.id, request.headers, synced=True)
    if page is not None:
        if state.metrics is not None:
            state.metrics.pull_pages.inc()
        if state.high_water is not None:
            restore.note_high_water(state.high_water, now, top)
        return Response(page.body, media_type=JSON)
    if not stale:  # a cursor of this epoch beyond the counter: the database went back
        now = restore.begin_new_epoch(state.sessions, replacing=now)
    return Response(pull.start_again(now).model_dump_json(), media_type=JSON)


@router.post("/records")
def records(
    body: RecordsRequest, caller: ReceiverDep, session: SessionDep, view: WireViewDep
) -> RecordsResponse:
    return RecordsResponse(records=pull.fetch_records(session, caller, body.records, view))


@router.post("/known-changes")
def known_changes(body: KnownRequest, state: StateDep, seen: EpochSeen = "") -> KnownResponse:
    asked = set(body.change_ids)
    with state.sessions.begin() as session:
        known = list(
            session.scalars(
                select(AppliedChange.change_id).where(AppliedChange.change_id.in_(asked))
            )
        )
        now = epoch(session)
        # Only what the laptop says this very epoch acknowledged proves a loss.
        lost = seen == now and (len(known) < len(asked) or restore.went_back(session, body.cursor))
    if lost:
        now = restore.begin_new_epoch(state.sessions, replacing=now)
    return KnownResponse(known=known, epoch=now)

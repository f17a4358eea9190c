"""``GET /audit-events/position`` and ``POST /audit-events``: a laptop's audit trail arriving,
checked link by link against the chain the server holds for that device (``audit_chains``).

A refused batch is answered (200, with the first broken link) rather than failed, so the laptop
records the refusal and goes on syncing its records; the report is written in a transaction of
its own (nothing of the batch is stored).
"""

from fastapi import APIRouter, Depends

from hfhate.server import audit_chains
from hfhate.server.deps import SessionDep, StateDep, TokensDep, get_caller
from hfhate.server.errors import answers
from hfhate.sync.audit_schemas import AuditPosition, AuditPush, AuditPushResult

router = APIRouter(
    tags=["audit"],
    dependencies=[Depends(get_caller)],
    responses=answers(401, 403, 410, 413, 422),
)


@router.get("/audit-events/position")
def audit_position(session: SessionDep, tokens: TokensDep) -> AuditPosition:
    caller = tokens.caller(session)
    return audit_chains.position(session, caller.device.id)


@router.post("/audit-events")
def push_audit_events(body: AuditPush, state: StateDep, tokens: TokensDep) -> AuditPushResult:
    with state.sessions.begin() as session:
        device_id = tokens.caller(session).device.id
        result = audit_chains.receive(session, device_id, body.rows)
    if result.refused is not None:
        row_at = next((r.at for r in body.rows if r.seq == result.refused.seq), "")
        with state.sessions.begin() as session:
            audit_chains.note_break(session, device_id, result.refused, row_at)
    return result

"""``/admin/users``: administrators list, add, change, reset, deactivate and reactivate the
accounts every laptop gets by sync; ``/me``: any signed-in user's own account, and the new
password they choose after a reset (from any laptop).

Each change republishes the account's ``users`` record (``account_admin``). A change refused
field by field answers 422 with a message per field (``errors.FieldErrorBody``).
"""

import uuid

from fastapi import APIRouter

from hfhate.server import account_admin
from hfhate.server.accounts import publish_user
from hfhate.server.deps import AdminDep, CallerDep, SessionDep
from hfhate.server.errors import field_answers
from hfhate.server.models import ServerRecordRow, ServerUser
from hfhate.sync.account_schemas import (
    AccountChange,
    AccountList,
    AccountOut,
    MeResponse,
    NewAccount,
    OwnPasswordChange,
    PasswordReset,
    account_out,
)

router = APIRouter(
    prefix="/admin/users",
    tags=["accounts"],
    responses=field_answers(401, 403, 404, 409, 410, 413, 422),
)
me_router = APIRouter(
    prefix="/me", tags=["accounts"], responses=field_answers(401, 403, 410, 413, 422)
)


@router.get("")
def list_accounts(session: SessionDep, _admin: AdminDep) -> AccountList:
    return AccountList(accounts=[account_out(u) for u in account_admin.list_accounts(session)])


@router.post("")
def add_account(body: NewAccount, session: SessionDep, _admin: AdminDep) -> AccountOut:
    user = account_admin.add_account(
        session,
        username=body.username,
        full_name=body.full_name,
        roles=body.roles,
        authorisation_number=body.authorisation_number,
        password=body.password,
    )
    return account_out(user)


@router.put("/{user_id}")
def change_account(
    user_id: uuid.UUID, body: AccountChange, session: SessionDep, admin: AdminDep
) -> AccountOut:
    user = account_admin.change_account(
        session,
        user_id,
        full_name=body.full_name,
        roles=body.roles,
        authorisation_number=body.authorisation_number,
        by=admin.user.id,
    )
    return account_out(user)


@router.post("/{user_id}/reset")
def reset_password(
    user_id: uuid.UUID, body: PasswordReset, session: SessionDep, _admin: AdminDep
) -> AccountOut:
    return account_out(account_admin.reset_password(session, user_id, body.password))


@router.post("/{user_id}/deactivate")
def deactivate(user_id: uuid.UUID, session: SessionDep, admin: AdminDep) -> AccountOut:
    user = account_admin.set_account_active(session, user_id, active=False, by=admin.user.id)
    return account_out(user)


@router.post("/{user_id}/reactivate")
def reactivate(user_id: uuid.UUID, session: SessionDep, admin: AdminDep) -> AccountOut:
    user = account_admin.set_account_active(session, user_id, active=True, by=admin.user.id)
    return account_out(user)


@me_router.get("")
def me(session: SessionDep, caller: CallerDep) -> MeResponse:
    return _me(session, caller.user.id)


@me_router.post("/password")
def change_own_password(
    body: OwnPasswordChange, session: SessionDep, caller: CallerDep
) -> MeResponse:
    user = session.get_one(ServerUser, caller.user.id)
    account_admin.change_own_password(session, user, body.current, body.new)
    session.flush()
    return _me(session, user.id)


def _me(session: SessionDep, user_id: uuid.UUID) -> MeResponse:
    user = session.get_one(ServerUser, user_id)
    row = session.get(ServerRecordRow, ("users", user.id))
    if row is None:  # not published yet (made directly in the database): publish it now
        publish_user(session, user)
        session.flush()
        row = session.get_one(ServerRecordRow, ("users", user.id))
    return MeResponse(account=account_out(user), version=row.version, record=dict(row.fields))

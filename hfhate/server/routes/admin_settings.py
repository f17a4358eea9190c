"""``GET /admin/settings`` and ``POST /admin/settings``: the council's settings, centrally.

An administrator signed in to the server lists every setting with the value in force today,
its next scheduled change and the whole history, and changes one from a date. The server
checks the change itself (``central_settings.make_change``: a known name, a value of the
right type within bounds, not in the past, the checks across settings on that date) and
writes a ``setting_changes`` record that every laptop receives at its next pull. A refused
change is answered 422 with the problem of each field.
"""

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from hfhate.server import central_settings
from hfhate.server.deps import AdminDep, SessionDep
from hfhate.server.errors import answers
from hfhate.services.settings.checking import by_field
from hfhate.sync.settings_schemas import (
    SettingChangeRequest,
    SettingChangeRow,
    SettingRefusal,
    SettingsList,
    change_row,
    settings_list,
)

router = APIRouter(
    prefix="/admin/settings",
    tags=["admin"],
    responses=answers(401, 403, 410, 413)
    | {422: {"model": SettingRefusal, "description": "The change cannot be made."}},
)


@router.get("")
def list_settings(session: SessionDep, _admin: AdminDep) -> SettingsList:
    on = central_settings.settings_on(session).on
    return settings_list(
        central_settings.changes(session), central_settings.base_values(session), on
    )


@router.post("", response_model=SettingChangeRow)
def change_setting(
    body: SettingChangeRequest, session: SessionDep, admin: AdminDep
) -> SettingChangeRow | JSONResponse:
    try:
        fields = central_settings.make_change(
            session,
            name=body.name,
            value=body.value,
            in_force_from=body.in_force_from,
            note=body.note,
            made_by=admin.user.full_name,
        )
    except central_settings.SettingRefused as refused:
        problems = by_field(refused.problems, body.name)
        refusal = SettingRefusal(detail=" ".join(problems.values()), problems=problems)
        return JSONResponse(refusal.model_dump(), status_code=422)
    return change_row(central_settings.changes_of([fields])[0])

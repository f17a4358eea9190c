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
from hfhate.services.settings.catalogue import CATALOGUE
from hfhate.services.settings.checking import by_field
from hfhate.services.settings.resolution import DatedValue, history, next_change
from hfhate.sync.settings_schemas import (
    SettingChangeRequest,
    SettingChangeRow,
    SettingRefusal,
    SettingRow,
    SettingsList,
)

router = APIRouter(
    prefix="/admin/settings",
    tags=["admin"],
    responses=answers(401, 403, 410, 413)
    | {422: {"model": SettingRefusal, "description": "The change cannot be made."}},
)


def change_row(change: DatedValue) -> SettingChangeRow:
    return SettingChangeRow(
        id=change.id,
        name=change.name,
        value=change.value,
        in_force_from=change.in_force_from,
        note=change.note,
        made_by=change.made_by,
        made_at=change.made_at.isoformat(),
    )


@router.get("")
def list_settings(session: SessionDep, _admin: AdminDep) -> SettingsList:
    in_force = central_settings.settings_on(session)
    changes = central_settings.changes(session)
    rows = []
    for setting in CATALOGUE:
        upcoming = next_change(setting.name, in_force.on, changes)
        rows.append(
            SettingRow(
                name=setting.name,
                label=setting.label,
                group=setting.group,
                unit=setting.unit,
                type=setting.type,
                value=in_force.values[setting.name],
                next_change=change_row(upcoming) if upcoming is not None else None,
            )
        )
    every = [c for s in CATALOGUE for c in history(s.name, changes)]
    every.sort(key=lambda c: (c.in_force_from, c.made_at), reverse=True)
    return SettingsList(on=in_force.on, settings=rows, changes=[change_row(c) for c in every])


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

"""``/admin/reference``: the council's reference lists, administered centrally.

An administrator signed in to the server lists a list's entries, adds or relabels one, and
retires or restores one. Each change is a ``reference_entries`` record in the change log
(``server.reference_lists``), which every laptop's next pull brings.
"""

from fastapi import APIRouter

from hfhate.server import reference_lists
from hfhate.server.deps import AdminDep, SessionDep
from hfhate.server.errors import answers
from hfhate.services.reference_lists import ReferenceLists
from hfhate.sync.reference_schemas import (
    EntryChange,
    EntryOut,
    ListName,
    ReferenceListOut,
    Retirement,
)

router = APIRouter(
    prefix="/admin/reference", tags=["administration"], responses=answers(401, 403, 413, 422)
)


def _answer(lists: ReferenceLists, list_name: ListName) -> ReferenceListOut:
    return ReferenceListOut(
        list_name=list_name,
        entries=[
            EntryOut(
                code=e.code,
                label=e.label,
                position=e.position,
                retired=e.retired,
                shipped=e.shipped,
                central=e.central,
                districts=list(e.extra.get("districts", [])),
                sectors=list(e.extra.get("sectors", [])),
            )
            for e in lists.entries(list_name)
        ],
    )


@router.get("/{list_name}")
def list_entries(list_name: ListName, session: SessionDep, caller: AdminDep) -> ReferenceListOut:
    return _answer(reference_lists.central_lists(session), list_name)


@router.post("/{list_name}")
def save_entry(
    list_name: ListName, body: EntryChange, session: SessionDep, caller: AdminDep
) -> ReferenceListOut:
    extra = body.postcodes.model_dump() if body.postcodes is not None else None
    lists = reference_lists.save_entry(
        session,
        caller.user.id,
        list_name,
        body.code,
        body.label,
        extra=extra,
        position=body.position,
    )
    return _answer(lists, list_name)


@router.post("/{list_name}/retirement", responses=answers(404))
def retire_entry(
    list_name: ListName, body: Retirement, session: SessionDep, caller: AdminDep
) -> ReferenceListOut:
    lists = reference_lists.set_retired(
        session, caller.user.id, list_name, body.code, retired=body.retired
    )
    return _answer(lists, list_name)

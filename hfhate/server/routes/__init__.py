"""The routes under /api/v1, one router per area, gathered into ``api_router``.

``health`` and ``enrolment`` (enrol, sign in) are open to a laptop without a session; every
route in ``sync`` (push, pull, records, known changes) and ``photos`` needs a signed-in caller,
which their routers require of each route (``deps.CallerDep``); so does ``audit`` (laptops'
audit trails arriving). ``admin_settings`` (dated settings), ``admin_reference`` (reference
lists) and ``admin_devices`` (the list of laptops) are for an administrator signed in to the
server (``deps.AdminDep``); so is ``admin_users`` (accounts), whose ``/me``
routes are for any signed-in user.
"""

from fastapi import APIRouter

from hfhate.server.routes import (
    admin_devices,
    admin_reference,
    admin_settings,
    admin_users,
    audit,
    enrolment,
    health,
    photos,
    sync,
)
from hfhate.sync.schemas import API_PREFIX

api_router = APIRouter(prefix=API_PREFIX)
for area in (
    health,
    enrolment,
    sync,
    photos,
    audit,
    admin_settings,
    admin_reference,
    admin_devices,
    admin_users,
):
    api_router.include_router(area.router)
api_router.include_router(admin_users.me_router)

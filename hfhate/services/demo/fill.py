"""Sample data for demo and training mode (``hfhate --demo``).

Fills an empty store with one account per role (password ``demo``) and a few more colleagues,
so a newcomer sees a populated app and trainers can practise safely. As more areas land
(notices, sessions, incidents and referrals), their sample data is added here.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy.orm import Session

from hfhate.services import accounts
from hfhate.services.actor import Actor
from hfhate.services.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from hfhate.services.demo.engagement import fill_engagement_demo
from hfhate.services.demo.notices import fill_demo_notices
from hfhate.services.demo.victims import fill_victims_demo
from hfhate.services.device import DEMO_SETTING, put_setting

Progress = Callable[[str], None]


def _quiet(_stage: str) -> None:
    pass


def fill_demo_store(session: Session, device_id: uuid.UUID, *, progress: Progress = _quiet) -> None:
    """Create the demo accounts in an empty store and mark it as a demo store.

    ``progress`` is told each stage in words, for the window to show while it waits.
    """
    progress("Making the demo accounts")
    admin_user = accounts.create_first_administrator(
        session,
        device_id,
        full_name="Sam Adeyemi",
        username="admin",
        password="demo-administrator",
        confirm="demo-administrator",
    )
    admin = Actor.of(admin_user, device_id)
    # The demo password is shorter than the rules allow; it is set directly for training.
    accounts.reset_password_unchecked(session, admin, admin_user.id, DEMO_PASSWORD)
    for username, full_name, roles, number in DEMO_ACCOUNTS:
        accounts.add_user(
            session,
            admin,
            accounts.NewUser(
                full_name=full_name,
                username=username,
                roles=roles,
                authorisation_number=number,
                password=DEMO_PASSWORD,
                confirm=DEMO_PASSWORD,
            ),
            check_password=False,
        )
    progress("Making two years of sample notices and warnings")
    fill_demo_notices(session, admin, device_id)
    progress("Making sample engagement sessions")
    fill_engagement_demo(session, device_id)
    progress("Making sample incidents, victims and referrals")
    fill_victims_demo(session, device_id)
    progress("Saving the demo store")
    put_setting(session, DEMO_SETTING, True)

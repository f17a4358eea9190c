"""The locked window's rules: locking is audited, and only the signed-in user's own password
unlocks it (checked, and a wrong one audited, exactly as at sign-in).

Another user may sign in at the lock instead (``accounts.attempt_sign_in``); the window then
signs the first user out, keeping their drafts.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from hfhate.services import accounts
from hfhate.services.actor import Actor
from hfhate.services.audit import audit

WRONG_PASSWORD = "That is not your password. Try again, or sign in as someone else below."


def record_locked(session: Session, actor: Actor, *, reason: str) -> None:
    """Note that ``actor``'s window locked (``reason``: "idle", "lock now" or "system")."""
    audit(session, actor, "locked", details={"reason": reason})


def unlock(session: Session, actor: Actor, password: str) -> bool:
    """True (and audited) when ``password`` is ``actor``'s; a refusal is a sign-in failure."""
    checked = accounts.attempt_sign_in(session, actor.device_id, actor.username, password)
    if checked is None or checked.user_id != actor.user_id:
        return False
    audit(session, actor, "unlocked")
    return True

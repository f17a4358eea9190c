"""Why someone looks at a record that is not theirs: a justification asked for when this
laptop's administrator requires one (s.62 DPA 2018; the Data (Use and Access) Act 2025 drops
the duty, so it is a setting, off unless switched on).

When it is on, opening a notice or warning someone else issued (a supervisor opening an
officer's notice) asks for a short reason, which cannot be skipped: without one the record is
not opened. Prints and PDF exports always carry the reason chosen for them, kept in the same
place. The setting lives in ``store_settings`` (``SETTING_KEY``) on this laptop only.
"""

from __future__ import annotations

import json
import uuid

from sqlalchemy.orm import Session

from hfhate.models import Role
from hfhate.services.actor import Actor, require
from hfhate.services.audit import audit
from hfhate.services.device import put_setting
from hfhate.services.errors import ValidationFailed

SETTING_KEY = "justification_required"
FEWEST_WORDS = 3
MOST_CHARACTERS = 500


class JustificationNeeded(ValidationFailed):
    """The record is someone else's and this laptop asks why it is opened."""

    def __init__(self, message: str) -> None:
        super().__init__({"justification": message})


def justification_required(session: Session) -> bool:
    """Whether this laptop asks for a justification (off by default). Read raw: it is asked
    on every opening of a record (``bench/audit_log.py``)."""
    stored = (
        session.connection()
        .exec_driver_sql("SELECT value FROM store_settings WHERE key = ?", (SETTING_KEY,))
        .scalar()
    )
    return stored is not None and json.loads(stored) is True


def set_justification_required(session: Session, actor: Actor, required: bool) -> None:
    """Administrators switch the justification on or off for this laptop."""
    require(actor, Role.ADMINISTRATOR, to="change whether a justification is asked for")
    before = justification_required(session)
    if before != required:
        put_setting(session, SETTING_KEY, required)
        audit(
            session,
            actor,
            "justification_setting_changed",
            details={"from": before, "to": required},
        )


def needs_justification(session: Session, actor: Actor, owner_id: uuid.UUID | None) -> bool:
    """Whether opening a record owned by ``owner_id`` asks ``actor`` for a reason."""
    return owner_id != actor.user_id and justification_required(session)


def justification_problem(text: str) -> str:
    """What is wrong with a reason typed (empty when it will do)."""
    words = text.split()
    if len(words) < FEWEST_WORDS:
        return f"Say why in a few words (at least {FEWEST_WORDS})."
    if len(text.strip()) > MOST_CHARACTERS:
        return f"Keep it short: at most {MOST_CHARACTERS} characters."
    return ""


def check_justification(
    session: Session, actor: Actor, owner_id: uuid.UUID | None, given: str | None
) -> str | None:
    """The reason to keep in the log row; ``JustificationNeeded`` when one is needed and
    missing or too short. A reason given where none is needed is kept as given."""
    if given is None or not given.strip():
        if needs_justification(session, actor, owner_id):
            raise JustificationNeeded(
                "This record is not yours: say why you are opening it (a short reason)."
            )
        return None
    problem = justification_problem(given)
    if problem:
        raise JustificationNeeded(problem)
    return " ".join(given.split())

"""The laptop's engagement rules, run by the server on the sessions and follow-ups laptops push.

A pushed session is turned back into the laptop's own record and checked with
``check_session``, as the session form and service check it; a follow-up with
``check_follow_up`` against its session's date. What the laptop checks in its own store
(that the organisation, partners and facilitators exist) and the register and confidence rows
(checked with their session on the laptop) are not checked again here.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from hfhate.clock import LONDON
from hfhate.models import EngagementSession, FollowUp, utc_now
from hfhate.server.models import ServerRecordRow
from hfhate.services.engagement.rules import FollowUpInput, check_follow_up, check_session
from hfhate.services.engagement.sessions import SessionDetails, as_input
from hfhate.services.errors import ValidationFailed
from hfhate.sync.apply import record_from_wire


def check_record(session: Session, record_type: str, fields: dict[str, Any]) -> None:
    """Raise ValidationFailed when the laptop's rules would not save this record as it is."""
    if fields.get("deleted_at"):
        return  # removing a row needs no check of what it held
    if record_type == "engagement_sessions":
        record = record_from_wire(EngagementSession, fields)
        entry = as_input(SessionDetails(record, None, [], [], [], [], []))
        errors = check_session(entry, utc_now().astimezone(LONDON).date())
    elif record_type == "session_follow_ups":
        follow_up = record_from_wire(FollowUp, fields)
        errors = check_follow_up(
            FollowUpInput(
                kind=follow_up.kind,
                description=follow_up.description,
                category=follow_up.category,
                referral=follow_up.referral,
                flagged=bool(follow_up.flagged),
                owner_id=follow_up.owner_id,
                due_on=follow_up.due_on,
            ),
            _session_date(session, follow_up.session_id),
        )
    else:
        return
    if errors:
        raise ValidationFailed(errors)


def _session_date(session: Session, session_id: uuid.UUID | None) -> date:
    """The date of the follow-up's session, if the server holds it yet (else no lower bound)."""
    row = session.get(ServerRecordRow, ("engagement_sessions", session_id)) if session_id else None
    when = row.fields.get("session_date") if row is not None else None
    return date.fromisoformat(when) if isinstance(when, str) else date.min

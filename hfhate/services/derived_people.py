"""Writing the person records derived from a notice's victims and witnesses, or a session
disclosure, when the notice is issued (or amended) or the disclosure recorded.

What they hold comes from ``services.victims.derive`` (the same ids every laptop and the
server derive); they are written through ``record_created`` in the caller's transaction, so
each has its outbox entry. They are collected by the operation that records the notice or
disclosure, and audited as part of it (its one audit row), as a notice's timeline entry is.
A record already here is left alone: it may have been changed since it was derived.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy.orm import Session

from hfhate.models import EngagementSession, FixedPenaltyNotice, FollowUp
from hfhate.records.codec import columns_of
from hfhate.records.registry import record_type
from hfhate.services.actor import Actor
from hfhate.services.changes import record_created
from hfhate.services.victims import derive

# The action of each derived record's type (``note_change`` and the outbox; not audited).
ACTIONS = {
    derive.PEOPLE: "person_recorded",
    derive.LINKS: "person_linked",
    derive.CONSENTS: "consent_recorded",
}
# Stamped by ``record_created`` itself.
STAMPED = frozenset(
    {"created_at", "updated_at", "version", "created_by_id", "created_on_device_id"}
)


def _write(session: Session, actor: Actor, records: list[derive.Derived]) -> None:
    for record in records:
        model = record_type(record.record_type)
        assert model is not None
        if session.get(model.model, record.id) is not None:
            continue
        row = model.model(**{k: v for k, v in record.values.items() if k not in STAMPED})
        record_created(
            session,
            actor,
            row,
            action=ACTIONS[record.record_type],
            created_by=record.values["created_by_id"],
            audited=False,  # part of the issue, amendment or disclosure, audited on it
        )


def people_of_notice(
    session: Session,
    actor: Actor,
    notice: FixedPenaltyNotice,
    positions: Collection[int] | None = None,
) -> None:
    """A person, link and consent for each victim and witness of ``notice`` (only at
    ``positions``, the places an amendment added, when given)."""
    if notice.people:
        _write(session, actor, derive.from_notice(columns_of(notice), positions))


def person_of_disclosure(session: Session, actor: Actor, follow_up: FollowUp) -> None:
    """A person and link for whoever made the disclosure ``follow_up``."""
    parent = session.get(EngagementSession, follow_up.session_id)
    title = parent.title if parent is not None else None
    on = parent.session_date if parent is not None else None
    _write(session, actor, derive.from_disclosure(columns_of(follow_up), title, on))

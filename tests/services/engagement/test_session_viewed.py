"""Opening a session's page (its register of attendees) is one s.62 consultation row naming
the session and each register entry, and holding none of the attendees' names."""

from __future__ import annotations

from sqlalchemy import select, text

from hfhate.models import AuditEvent
from hfhate.models.store import Store
from hfhate.services.engagement import sessions as engagement

from .conftest import Record
from .test_sessions import PEOPLE, _training, engagement_officer


def test_opening_a_session_is_one_consultation_row(store: Store, record: Record) -> None:
    saved = record(**_training(register=PEOPLE))
    with store.session_factory.begin() as session:
        actor = engagement_officer(session, saved)
        before = session.scalar(select(AuditEvent.seq).order_by(AuditEvent.seq.desc()))
        engagement.note_session_viewed(session, actor, saved.id)
        entries = [str(e.id) for e in engagement.get_session(session, actor, saved.id).register]
    with store.session_factory() as session:
        [row] = session.scalars(select(AuditEvent).where(AuditEvent.seq > before)).all()
        dumped = repr(session.execute(text("SELECT * FROM audit_events")).all())
    assert (row.action, row.operation, row.record_id) == (
        "session_viewed",
        "consultation",
        saved.id,
    )
    assert row.record_ids == [str(saved.id), *entries] and len(entries) == 2
    assert "Ann Lee" not in dumped and "Bo Chan" not in dumped

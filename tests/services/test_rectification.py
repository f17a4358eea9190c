"""Rectification: a person's details corrected on every record holding them, in one step,
as one audit row, with the originals on each notice's timeline and every change queued for
sync as a normal update."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from hfhate.models import (
    AuditEvent,
    FixedPenaltyNotice,
    NoticeEvent,
    OutboxEntry,
    RegisterEntry,
    Role,
)
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.errors import PermissionDenied, ValidationFailed
from hfhate.services.subject_access.rectification import Correction, rectify
from hfhate.services.subject_access.search import Hit, PersonQuery, search_person
from tests.fixtures.subject_access import JOHN_DOB, NOW, Scenario, build_scenario

REASON = "The person showed their passport: the name is spelt Jonathan Smith."


@pytest.fixture
def scenario(store: Store, admin: Actor, make_actor, tmp_path: Path) -> Scenario:  # type: ignore[no-untyped-def]
    return build_scenario(store, admin, make_actor, tmp_path / "photos")


def _hits(store: Store, actor: Actor) -> list[Hit]:
    with store.session_factory.begin() as session:
        found = search_person(session, actor, PersonQuery("John Smith", JOHN_DOB))
    return [hit for hit in found if hit.role in {"recipient", "witness", "attendee"}]


def test_a_name_is_corrected_everywhere_in_one_step(store, scenario) -> None:  # type: ignore[no-untyped-def]
    targets = [h for h in _hits(store, scenario.supervisor) if not h.flag]
    assert {h.role for h in targets} == {"recipient", "witness", "attendee"}
    with store.session_factory.begin() as session:
        before = session.scalar(select(AuditEvent.seq).order_by(AuditEvent.seq.desc()).limit(1))
        done = rectify(
            session,
            scenario.supervisor,
            targets,
            Correction(name="Jonathan Smith", postcode=None),
            reason=REASON,
            now=NOW,
        )
    assert set(done.record_ids) == {h.record_id for h in targets}
    with store.session_factory.begin() as session:
        notice = session.get(FixedPenaltyNotice, scenario.notice.id)
        warning = session.get(FixedPenaltyNotice, scenario.warning.id)
        witnessed = session.get(FixedPenaltyNotice, scenario.witnessed.id)
        assert notice.recipient_name == warning.recipient_name == "Jonathan Smith"
        assert [p["name"] for p in witnessed.people] == ["Priya Victim", "Jonathan Smith"]
        assert witnessed.recipient_name == "Kevin Example"  # the notice's subject untouched
        entry = session.scalars(
            select(RegisterEntry).where(RegisterEntry.name_key == "jonathan smith")
        ).one()
        assert entry.organisation == "H&F Homes"
        # The original stays on the timeline, as an amendment keeps it.
        amended = session.scalars(
            select(NoticeEvent).where(
                NoticeEvent.notice_id == warning.id, NoticeEvent.action == "amended"
            )
        ).one()
        assert amended.details["recipient_name"] == {"from": "Jon Smyth", "to": "Jonathan Smith"}
        assert amended.reason == REASON
        # One audit row for the whole correction, naming the records, not the values.
        rows = session.scalars(select(AuditEvent).where(AuditEvent.seq > before)).all()
        assert [r.action for r in rows] == ["personal_details_rectified"]
        assert set(rows[0].record_ids or []) == {str(h.record_id) for h in targets}
        assert rows[0].details["fields"] == ["name"]
        assert "smith" not in str(rows[0].details).casefold()
        # Every change goes to the server as a normal update.
        updates = session.scalars(
            select(OutboxEntry).where(
                OutboxEntry.operation == "update",
                OutboxEntry.record_id.in_([h.record_id for h in targets]),
            )
        ).all()
        assert {u.record_id for u in updates} == {h.record_id for h in targets}
        assert all(u.base_version == 1 and u.version == 2 for u in updates)


def test_a_recipient_takes_all_four_details(store, scenario) -> None:  # type: ignore[no-untyped-def]
    recipient = [
        h
        for h in _hits(store, scenario.supervisor)
        if h.role == "recipient" and h.record_id == scenario.warning.id
    ]
    with store.session_factory.begin() as session:
        rectify(
            session,
            scenario.supervisor,
            recipient,
            Correction("John Smith", date(1985, 4, 3), "14a Greyhound Road, London", "w6 8nj"),
            reason=REASON,
            now=NOW,
        )
    with store.session_factory.begin() as session:
        warning = session.get(FixedPenaltyNotice, scenario.warning.id)
        assert (
            warning.recipient_name,
            warning.recipient_date_of_birth,
            warning.recipient_address,
            warning.recipient_postcode,
        ) == ("John Smith", date(1985, 4, 3), "14a Greyhound Road, London", "W6 8NJ")


def test_a_wrong_correction_changes_nothing(store, scenario) -> None:  # type: ignore[no-untyped-def]
    targets = _hits(store, scenario.supervisor)
    with store.session_factory.begin() as session, pytest.raises(ValidationFailed) as refused:
        rectify(session, scenario.supervisor, targets, Correction(postcode="W6"), reason=REASON)
    assert "postcode" in refused.value.field_errors  # witnesses hold no postcode
    recipient = [h for h in targets if h.record_id == scenario.notice.id]
    with store.session_factory.begin() as session, pytest.raises(ValidationFailed) as refused:
        rectify(session, scenario.supervisor, recipient, Correction(postcode="W6"), reason=REASON)
    assert set(refused.value.field_errors) == {"postcode"}
    with store.session_factory.begin() as session, pytest.raises(ValidationFailed) as refused:
        rectify(session, scenario.supervisor, recipient, Correction(name="J Smith"), reason="")
    assert "reason" in refused.value.field_errors
    with store.session_factory.begin() as session:
        notice = session.get(FixedPenaltyNotice, scenario.notice.id)
        assert (notice.recipient_name, notice.recipient_postcode, notice.version) == (
            "John Smith",
            "W6 8NJ",
            1,
        )


def test_only_a_supervisor_rectifies(store, scenario, make_actor) -> None:  # type: ignore[no-untyped-def]
    targets = _hits(store, scenario.supervisor)
    officer = make_actor(Role.AUTHORISED_OFFICER, username="ola")
    with store.session_factory.begin() as session, pytest.raises(PermissionDenied):
        rectify(session, officer, targets, Correction(name="Jonathan Smith"), reason=REASON)

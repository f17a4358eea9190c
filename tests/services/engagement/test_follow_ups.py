"""Follow-ups: actions and disclosures with their referrals, completing them, what is open and
overdue (the start page's list), and who may add, complete and read them."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import select

from hfhate.models import AuditEvent, FollowUp, OutboxEntry
from hfhate.services import accounts
from hfhate.services.engagement.follow_ups import (
    add_follow_up,
    complete_follow_up,
    count_follow_ups,
    list_follow_ups,
    overdue_follow_ups,
)
from hfhate.services.engagement.rules import FollowUpInput
from hfhate.services.errors import NotFound, PermissionDenied, ValidationFailed

from .conftest import TODAY


@pytest.fixture
def session_id(record):  # type: ignore[no-untyped-def]
    return record().id


def _add(store, actor, session_id, entry):  # type: ignore[no-untyped-def]
    with store.session_factory.begin() as session:
        return add_follow_up(session, actor, session_id, entry)


def _action(owner, due, text="Send the slides to the head teacher"):  # type: ignore[no-untyped-def]
    return FollowUpInput("action", text, owner_id=owner.user_id, due_on=due)


def test_an_action_is_saved_with_its_audit_event_and_outbox_entry(store, officer, session_id):
    added = _add(store, officer, session_id, _action(officer, date(2025, 3, 20)))
    with store.session_factory.begin() as session:
        row = session.get(FollowUp, added.id)
        assert (row.kind, row.owner_id, row.due_on, row.done) == (
            "action",
            officer.user_id,
            date(2025, 3, 20),
            False,
        )
        event = session.scalar(select(AuditEvent).where(AuditEvent.record_id == added.id))
        assert (event.action, event.details) == ("follow_up_added", {"kind": "action"})
        outbox = session.scalar(select(OutboxEntry).where(OutboxEntry.record_id == added.id))
        assert outbox.fields["description"] == "Send the slides to the head teacher"


def test_a_disclosure_records_its_referral_and_flag(store, officer, session_id):
    unflagged = _add(
        store,
        officer,
        session_id,
        FollowUpInput(
            "disclosure",
            "Pupil described racist abuse at a bus stop",
            category="hate_incident",
            referral="school_safeguarding_lead",
            owner_id=officer.user_id,
            due_on=date(2025, 3, 1),
        ),
    )
    flagged = _add(
        store,
        officer,
        session_id,
        FollowUpInput(
            "disclosure",
            "Parent described repeated homophobic abuse",
            category="hate_crime",
            referral="police",
            flagged=True,
            owner_id=officer.user_id,
            due_on=date(2025, 3, 11),
        ),
    )
    with store.session_factory.begin() as session:
        plain = session.get(FollowUp, unflagged.id)
        # Not flagged: nobody owns it and nothing is due.
        assert (plain.referral, plain.owner_id, plain.due_on) == (
            "school_safeguarding_lead",
            None,
            None,
        )
        event = session.scalar(select(AuditEvent).where(AuditEvent.record_id == flagged.id))
        assert (event.action, event.details) == (
            "disclosure_recorded",
            {"kind": "disclosure", "category": "hate_crime", "referral": "police", "flagged": True},
        )
        assert [r.id for r in list_follow_ups(session, officer, state="open", today=TODAY)] == [
            flagged.id
        ]
        assert count_follow_ups(session, officer, state="all", today=TODAY) == 2


def test_open_overdue_and_done_lists(store, officer, colleague, session_id):
    late = _add(store, officer, session_id, _action(officer, date(2025, 3, 11), "Late one"))
    due_today = _add(store, officer, session_id, _action(officer, TODAY, "Due today"))
    theirs = _add(store, officer, session_id, _action(colleague, date(2025, 3, 10), "Theirs"))
    with store.session_factory.begin() as session:
        assert [r.description for r in list_follow_ups(session, officer, today=TODAY)] == [
            "Theirs",
            "Late one",
            "Due today",
        ]
        overdue = overdue_follow_ups(session, officer, today=TODAY)
        assert [r.id for r in overdue] == [late.id]
        assert overdue[0].overdue(TODAY) and overdue[0].owner_name == "Priya Person"
        assert [r.id for r in list_follow_ups(session, officer, state="overdue", today=TODAY)] == [
            theirs.id,
            late.id,
        ]
    with store.session_factory.begin() as session:
        done = complete_follow_up(session, officer, late.id, "Slides sent by email.", today=TODAY)
        assert (done.done, done.done_on, done.done_by_id, done.outcome) == (
            True,
            TODAY,
            officer.user_id,
            "Slides sent by email.",
        )
    with store.session_factory.begin() as session:
        assert overdue_follow_ups(session, officer, today=TODAY) == []
        assert [r.id for r in list_follow_ups(session, officer, state="done", today=TODAY)] == [
            late.id
        ]
        assert count_follow_ups(session, officer, state="open", today=TODAY) == 2
        assert not list_follow_ups(
            session, officer, state="open", owner_id=officer.user_id, today=TODAY
        )[0].overdue(TODAY)
        assert due_today.id in {r.id for r in list_follow_ups(session, officer, today=TODAY)}


def test_completing_is_audited_and_needs_an_outcome(store, officer, session_id):
    added = _add(store, officer, session_id, _action(officer, date(2025, 3, 20)))
    with store.session_factory.begin() as session, pytest.raises(ValidationFailed) as failure:
        complete_follow_up(session, officer, added.id, "  ", today=TODAY)
    assert failure.value.field_errors == {"outcome": "Say what was done, in a sentence."}
    with store.session_factory.begin() as session:
        complete_follow_up(session, officer, added.id, "Done.", today=TODAY)
    with store.session_factory.begin() as session:
        with pytest.raises(ValidationFailed) as failure:
            complete_follow_up(session, officer, added.id, "Again", today=TODAY)
        assert failure.value.field_errors == {
            "outcome": "This follow-up was already done on 12 Mar 2025."
        }
        events = session.scalars(
            select(AuditEvent.action).where(AuditEvent.record_id == added.id)
        ).all()
        assert events == ["follow_up_added", "follow_up_completed"]
        update = session.scalar(
            select(OutboxEntry).where(
                OutboxEntry.record_id == added.id, OutboxEntry.operation == "update"
            )
        )
        assert update.fields["done"] is True and update.fields["done_on"] == "2025-03-12"


def test_an_unflagged_disclosure_is_not_completed(store, officer, session_id):
    added = _add(
        store,
        officer,
        session_id,
        FollowUpInput(
            "disclosure", "Hate incident on the bus", category="hate_incident", referral="none"
        ),
    )
    with store.session_factory.begin() as session, pytest.raises(ValidationFailed) as failure:
        complete_follow_up(session, officer, added.id, "Nothing to do", today=TODAY)
    assert failure.value.field_errors == {
        "outcome": "This disclosure was not flagged for follow-up."
    }


def test_the_owner_must_be_able_to_sign_in(store, officer, colleague, admin, session_id):
    with store.session_factory.begin() as session:
        accounts.set_active(session, admin, colleague.user_id, active=False)
    with pytest.raises(ValidationFailed) as failure:
        _add(store, officer, session_id, _action(colleague, date(2025, 3, 20)))
    assert failure.value.field_errors == {
        "owner": "The owner chosen cannot sign in any more: choose someone else."
    }


def test_who_may_add_complete_and_read_follow_ups(
    store, officer, supervisor, enforcer, admin, session_id
):
    added = _add(store, officer, session_id, _action(officer, date(2025, 3, 20)))
    for actor in (supervisor, enforcer, admin):
        with pytest.raises(PermissionDenied):
            _add(store, actor, session_id, _action(officer, date(2025, 3, 20)))
        with store.session_factory.begin() as session, pytest.raises(PermissionDenied):
            complete_follow_up(session, actor, added.id, "Done", today=TODAY)
    with store.session_factory.begin() as session:
        assert [r.id for r in list_follow_ups(session, supervisor, today=TODAY)] == [added.id]
        for actor in (enforcer, admin):
            with pytest.raises(PermissionDenied):
                list_follow_ups(session, actor, today=TODAY)


def test_follow_ups_of_a_missing_session_or_missing_follow_up(store, officer):
    with pytest.raises(NotFound):
        _add(store, officer, uuid.uuid4(), _action(officer, date(2025, 3, 20)))
    with store.session_factory.begin() as session, pytest.raises(NotFound):
        complete_follow_up(session, officer, uuid.uuid4(), "Done", today=TODAY)

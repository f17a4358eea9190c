"""Recording, changing, duplicating and reading sessions: rows, audit events and outbox
entries written together, the checks that need the store, and who may do what."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date

import pytest
from sqlalchemy import func, select

from hfhate.models import (
    AuditEvent,
    ConfidenceResult,
    EngagementSession,
    OutboxEntry,
    User,
)
from hfhate.services import accounts
from hfhate.services.actor import Actor
from hfhate.services.engagement import organisations
from hfhate.services.engagement import sessions as engagement
from hfhate.services.engagement.rules import Answers, ConfidenceInput, RegisterPerson
from hfhate.services.errors import NotFound, PermissionDenied, ValidationFailed

from .conftest import TODAY

PEOPLE = (
    RegisterPerson("Ann Lee", "Housing officer", "H&F Council"),
    RegisterPerson("Bo Chan", "Caretaker", "H&F Council"),
)


def _count(session, model, **where) -> int:  # type: ignore[no-untyped-def]
    query = select(func.count()).select_from(model)
    for key, value in where.items():
        query = query.where(getattr(model, key) == value)
    return session.scalar(query)


def _training(**changes):  # type: ignore[no-untyped-def]
    return {
        "session_type": "staff_training",
        "organisation_id": None,
        "year_groups": (),
        "audience": "staff",
        "breakdown": {},
        "attendees": 12,
    } | changes


def test_recording_writes_the_session_its_audit_event_and_outbox_entries(store, officer, record):
    saved = record(confidence=(ConfidenceInput("report", Answers(2.1, 28), Answers(4.3, 27)),))
    with store.session_factory.begin() as session:
        row = session.get(EngagementSession, saved.id)
        assert (row.session_type, row.attendees, row.ward) == ("school_programme", 30, "Lillie")
        assert row.attendee_breakdown == {"pupils": 28, "staff": 2}
        assert row.facilitator_ids == [str(officer.user_id)]
        assert row.created_by_id == officer.user_id and row.version == 1
        events = session.scalars(select(AuditEvent).where(AuditEvent.record_id == saved.id)).all()
        assert [(e.action, e.details) for e in events] == [
            ("session_recorded", {"type": "school_programme", "register": 0, "confidence": 1})
        ]
        outbox = session.scalars(
            select(OutboxEntry).where(
                OutboxEntry.record_type.in_(["engagement_sessions", "session_confidence"])
            )
        ).all()
        assert sorted((o.record_type, o.operation) for o in outbox) == [
            ("engagement_sessions", "create"),
            ("session_confidence", "create"),
        ]
        created = next(o for o in outbox if o.record_type == "engagement_sessions")
        assert (
            created.fields["session_date"],
            created.fields["start_time"],
            created.fields["end_time"],
        ) == ("2025-03-10", "09:15:00", "10:30:00")
        confidence = session.scalar(select(ConfidenceResult))
        assert (confidence.before_average, confidence.after_responses) == (2.1, 27)


def test_a_staff_training_register_is_kept_with_the_session(store, record):
    saved = record(**_training(register=PEOPLE))
    with store.session_factory.begin() as session:
        details = engagement.get_session(session, engagement_officer(session, saved), saved.id)
        assert [(r.name, r.role, r.name_key) for r in details.register] == [
            ("Ann Lee", "Housing officer", "ann lee"),
            ("Bo Chan", "Caretaker", "bo chan"),
        ]
        assert _count(session, OutboxEntry, record_type="session_register") == 2
        assert _count(session, AuditEvent, record_type="session_register") == 0


def engagement_officer(session, saved):  # type: ignore[no-untyped-def]
    """The actor who recorded ``saved``, read back from the store."""
    user = session.get(User, saved.created_by_id)
    return Actor.of(user, saved.created_on_device_id)


def test_an_authorised_officer_without_the_engagement_role_cannot_record(record, enforcer):
    with pytest.raises(PermissionDenied, match="engagement officer role"):
        record(actor=enforcer)


@pytest.mark.parametrize("who", ["supervisor", "admin", "enforcer"])
def test_only_engagement_officers_record_or_change_sessions(store, record, entry, who, request):
    actor = request.getfixturevalue(who)
    saved = record()
    with store.session_factory.begin() as session, pytest.raises(PermissionDenied):
        engagement.update_session(session, actor, saved.id, entry, today=TODAY)
    with store.session_factory.begin() as session, pytest.raises(PermissionDenied):
        engagement.template_from(session, actor, saved.id)


def test_supervisors_read_every_session_but_administrators_and_enforcers_cannot(
    store, record, supervisor, admin, enforcer, colleague
):
    saved = record(actor=colleague, facilitator_ids=(colleague.user_id,))
    with store.session_factory.begin() as session:
        details = engagement.get_session(session, supervisor, saved.id)
        assert details.facilitators[0].username == "jordan"
        assert [e.action for e in engagement.session_history(session, supervisor, saved.id)] == [
            "session_recorded"
        ]
        for actor in (admin, enforcer):
            with pytest.raises(PermissionDenied):
                engagement.get_session(session, actor, saved.id)


def test_the_organisation_must_be_a_school_teaching_the_year_groups(store, record, partner, school):
    with pytest.raises(ValidationFailed) as failure:
        record(organisation_id=partner.id)
    assert failure.value.field_errors == {
        "organisation": "Metropolitan Police, H&F is not a "
        "school. Choose the school, or add it as a school."
    }
    with pytest.raises(ValidationFailed) as failure:
        record(year_groups=("Year 9",))
    assert failure.value.field_errors == {
        "year_groups": "Lillie Road Primary School does not teach Year 9."
    }


def test_facilitators_and_partners_must_exist(record):
    with pytest.raises(ValidationFailed) as failure:
        record(facilitator_ids=(uuid.uuid4(),), partner_ids=(uuid.uuid4(),))
    assert failure.value.field_errors == {
        "facilitators": "A facilitator chosen is not a user of hfhate.",
        "partners": "A partner organisation chosen is no longer in the list.",
    }


def test_nothing_is_written_when_a_rule_fails(store, record):
    with pytest.raises(ValidationFailed):
        record(attendees=-1, breakdown={})
    with store.session_factory.begin() as session:
        assert _count(session, EngagementSession) == 0
        assert _count(session, AuditEvent, action="session_recorded") == 0


def test_changes_are_audited_field_by_field_with_their_outbox_entry(store, officer, record, entry):
    saved = record()
    changed = dataclasses.replace(
        entry, attendees=31, breakdown={"pupils": 29, "staff": 2}, venue="Library"
    )
    with store.session_factory.begin() as session:
        assert engagement.update_session(session, officer, saved.id, changed, today=TODAY)
    with store.session_factory.begin() as session:
        assert engagement.update_session(session, officer, saved.id, changed, today=TODAY) is False
        history = engagement.session_history(session, officer, saved.id)
        assert [(e.action, e.details) for e in history][1:] == [
            ("session_changed", {"fields": ["attendee_breakdown", "attendees", "venue"]})
        ]
        update = session.scalar(select(OutboxEntry).where(OutboxEntry.operation == "update"))
        assert (update.base_version, update.version) == (1, 2)
        assert update.fields["attendees"] == 31 and update.fields["venue"] == "Library"
        assert session.get(EngagementSession, saved.id).version == 2


def test_changing_the_register_and_answers_is_audited(store, officer, record, entry):
    saved = record(
        **_training(register=PEOPLE, confidence=(ConfidenceInput("report", Answers(2.0, 10)),))
    )
    with store.session_factory.begin() as session:
        details = engagement.get_session(session, officer, saved.id)
        current = engagement.as_input(details)
    ann, _bo = current.register
    new_register = (
        dataclasses.replace(ann, role="Senior housing officer"),
        RegisterPerson("Cy Dee", "Warden", "H&F Council"),
    )
    new_answers = (ConfidenceInput("intervene", after=Answers(counts=(0, 1, 2, 3, 4))),)
    with store.session_factory.begin() as session:
        assert engagement.update_session(
            session,
            officer,
            saved.id,
            dataclasses.replace(current, register=new_register, confidence=new_answers),
            today=TODAY,
        )
    with store.session_factory.begin() as session:
        details = engagement.get_session(session, officer, saved.id)
        assert [(r.name, r.role) for r in details.register] == [
            ("Ann Lee", "Senior housing officer"),
            ("Cy Dee", "Warden"),
        ]
        assert [(c.question, c.after_average, c.after_responses) for c in details.confidence] == [
            ("intervene", 4.0, 10)
        ]
        actions = [e.action for e in engagement.session_history(session, officer, saved.id)]
        assert sorted(actions) == sorted(
            [
                "session_recorded",
                "register_entry_removed",
                "register_entry_changed",
                "confidence_result_removed",
                "session_changed",
            ]
        )
        last = engagement.session_history(session, officer, saved.id)[-1]
        assert last.details == {
            "fields": [],
            "register_added": 1,
            "register_changed": 1,
            "register_removed": 1,
            "confidence_added": 1,
            "confidence_removed": 1,
        }


def test_a_past_session_starts_a_new_one_without_its_date_attendance_or_answers(
    store, officer, record, entry
):
    saved = record(confidence=(ConfidenceInput("report", Answers(2.0, 20), Answers(4.0, 20)),))
    with store.session_factory.begin() as session:
        template = engagement.template_from(session, officer, saved.id)
    assert (
        template.session_type,
        template.venue,
        template.organisation_id,
        template.year_groups,
        template.facilitator_ids,
        template.start_time,
    ) == (
        "school_programme",
        "School hall",
        entry.organisation_id,
        ("Year 6",),
        entry.facilitator_ids,
        entry.start_time,
    )
    assert (
        template.session_date,
        template.attendees,
        template.notes,
        template.feedback,
        template.register,
    ) == (None, None, "", "", ())
    assert template.confidence == (ConfidenceInput("report"),)
    copy = record(
        **{
            "session_date": date(2025, 3, 11),
            "attendees": 25,
            "breakdown": {},
            "title": template.title,
        }
    )
    assert copy.id != saved.id


def test_duplicate_records_where_it_came_from(store, officer, entry):
    with store.session_factory.begin() as session:
        first = engagement.record_session(session, officer, entry, today=TODAY)
        second = engagement.record_session(
            session, officer, entry, today=TODAY, duplicated_from=first.id
        )
        assert second.duplicated_from_id == first.id
        event = engagement.session_history(session, officer, second.id)[0]
        assert event.details["duplicated_from"] == str(first.id)


def test_a_missing_session_is_not_found(store, officer):
    with store.session_factory.begin() as session, pytest.raises(NotFound):
        engagement.get_session(session, officer, uuid.uuid4())


def test_facilitators_are_active_engagement_officers(store, officer, colleague, supervisor, admin):
    with store.session_factory.begin() as session:
        accounts.set_active(session, admin, colleague.user_id, active=False)
    with store.session_factory.begin() as session:
        assert [u.username for u in engagement.facilitator_choices(session, officer)] == ["priya"]
        assert [u.username for u in engagement.follow_up_owners(session, officer)] == [
            "grace",
            "priya",
        ]
        assert engagement.user_names(session, [str(officer.user_id)]) == {
            str(officer.user_id): "Priya Person"
        }


def test_organisations_are_described_for_lists(school, partner):
    assert organisations.describe(school) == (
        "Lillie Road Primary School (primary school, Reception to Year 6)"
    )
    assert organisations.describe(partner) == "Metropolitan Police, H&F (police)"

"""Who sees and changes victims' records: an officer their own, an engagement officer also the
people from disclosures at their sessions, a supervisor everyone's, an administrator nobody's;
and each viewing is a consultation in the audit trail."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import select

from hfhate.models import AuditEvent, FollowUp
from hfhate.services.engagement.follow_ups import add_follow_up
from hfhate.services.engagement.rules import FollowUpInput, SessionInput
from hfhate.services.engagement.sessions import record_session
from hfhate.services.errors import PermissionDenied
from hfhate.services.victims.incidents import (
    incident_view,
    incidents_list,
    update_incident,
)
from hfhate.services.victims.people import (
    find_people,
    link_person,
    people_list,
    person_history,
    update_person,
)

from .conftest import ZOE, incident_input


@pytest.fixture
def colleague(make_actor):  # type: ignore[no-untyped-def]
    from hfhate.models import Role

    return make_actor(Role.ENGAGEMENT_OFFICER, username="jordan")


def _disclosure(store, facilitator) -> FollowUp:  # type: ignore[no-untyped-def]
    with store.session_factory.begin() as session:
        parent = record_session(
            session,
            facilitator,
            SessionInput(
                session_type="bystander_training",
                title="Bystander training at the library",
                session_date=date(2026, 3, 2),
                start_time=time(18, 0),
                end_time=time(19, 30),
                venue="Fulham Library",
                ward="Fulham Town",
                audience="residents",
                attendees=14,
                facilitator_ids=(facilitator.user_id,),
                categories=("race",),
                topics=("bystander_intervention",),
            ),
            today=date(2026, 3, 3),
        )
        follow_up = add_follow_up(
            session,
            facilitator,
            parent.id,
            FollowUpInput(
                "disclosure",
                "A resident described racist abuse on the platform",
                category="hate_crime",
                referral="stop_hate_uk",
            ),
        )
        session.expunge(follow_up)
        return follow_up


def test_an_engagement_officer_sees_people_from_disclosures_at_their_sessions(  # type: ignore[no-untyped-def]
    store, officer, engagement_officer, colleague, add_person
):
    zoe = add_person()
    follow_up = _disclosure(store, engagement_officer)
    with store.session_factory.begin() as session:
        # Only the unnamed person the disclosure itself made (hers: she recorded it).
        derived = people_list(session, engagement_officer)
        assert [(p.name, p.created_by_id) for p in derived] == [("", engagement_officer.user_id)]
        assert "disclosure" in derived[0].known_as
        link_person(session, officer, zoe.id, "discloser", "session_follow_ups", follow_up.id)
    with store.session_factory.begin() as session:
        seen = {p.id for p in people_list(session, engagement_officer)}
        assert seen == {zoe.id, derived[0].id}
        assert find_people(session, engagement_officer, name="zoe okonkow")[0].person.id == zoe.id
        history = person_history(session, engagement_officer, zoe.id)
        assert history.links[0].title.startswith("Disclosure at a session, 2 Mar 2026")
        with pytest.raises(PermissionDenied):
            update_person(session, engagement_officer, zoe.id, ZOE)
        assert people_list(session, colleague) == []
        with pytest.raises(PermissionDenied):
            person_history(session, colleague, zoe.id)


def test_an_officer_sees_only_their_incidents(  # type: ignore[no-untyped-def]
    store, officer, other_officer, supervisor, admin, add_incident, add_person
):
    zoe = add_person()
    mine = add_incident(((zoe.id, "victim"),))
    theirs = add_incident(actor=other_officer, place="Shepherd's Bush Green")
    with store.session_factory.begin() as session:
        assert [r.id for r in incidents_list(session, officer)] == [mine.id]
        assert [r.people_count for r in incidents_list(session, officer)] == [1]
        assert {r.id for r in incidents_list(session, supervisor)} == {mine.id, theirs.id}
        with pytest.raises(PermissionDenied):
            incident_view(session, officer, theirs.id)
        with pytest.raises(PermissionDenied):
            update_incident(session, officer, theirs.id, incident_input(place="Elsewhere"))
        with pytest.raises(PermissionDenied):
            incidents_list(session, admin)
        view = incident_view(session, supervisor, mine.id)
        assert [(p.id, role) for p, role in view.people] == [(zoe.id, "victim")]
        update_incident(session, supervisor, mine.id, incident_input(place="Fulham Broadway"))


def test_an_incident_links_only_people_its_officer_may_change(  # type: ignore[no-untyped-def]
    add_incident, add_person, other_officer
):
    from hfhate.services.errors import ValidationFailed

    zoe = add_person()
    with pytest.raises(ValidationFailed) as refused:
        add_incident(((zoe.id, "victim"),), actor=other_officer)
    assert "people" in refused.value.field_errors


def test_each_viewing_is_a_consultation(store, officer, supervisor, add_incident, add_person):  # type: ignore[no-untyped-def]
    zoe = add_person()
    incident = add_incident(((zoe.id, "witness"),))
    with store.session_factory.begin() as session:
        incident_view(session, supervisor, incident.id)
        person_history(session, supervisor, zoe.id)
    with store.session_factory.begin() as session:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.action.in_(("incident_viewed", "person_viewed")))
        ).all()
        assert {(r.action, r.record_id, r.user_id, r.operation) for r in rows} == {
            ("incident_viewed", incident.id, supervisor.user_id, "consultation"),
            ("person_viewed", zoe.id, supervisor.user_id, "consultation"),
        }
        viewed = next(r for r in rows if r.action == "incident_viewed")
        assert str(zoe.id) in viewed.record_ids

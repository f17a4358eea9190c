"""``hfhate --demo`` holds sessions of every type across the wards and two school years, with
registers, answers, feedback and follow-ups (some overdue), all recorded through the services."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hfhate.config import Paths
from hfhate.models import (
    AuditEvent,
    ConfidenceResult,
    EngagementSession,
    FollowUp,
    OutboxEntry,
    RegisterEntry,
    User,
)
from hfhate.services.actor import Actor
from hfhate.services.audit import verify_chain
from hfhate.services.demo.engagement import STAFF
from hfhate.services.engagement.follow_ups import overdue_follow_ups
from hfhate.services.engagement.queries import not_trained_since
from hfhate.services.engagement.rules import engagement_reference, london_today
from hfhate.services.reference import reference
from hfhate.startup import prepare_store


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    ready = prepare_store(Paths(Path(tmp_path_factory.mktemp("demo")) / "data"), demo=True)
    yield ready
    ready.store.close()


def _school_year(day: date) -> int:
    return day.year if day.month >= 9 else day.year - 1


def test_sessions_of_every_type_across_the_wards_and_two_school_years(demo):
    with demo.store.session_factory() as session:
        sessions = session.scalars(select(EngagementSession)).all()
    assert {s.session_type for s in sessions} == set(engagement_reference().session_types)
    assert {s.ward for s in sessions} == set(reference().wards)
    today = london_today()
    assert {_school_year(s.session_date) for s in sessions} == {
        _school_year(today) - 1,
        _school_year(today),
    }
    assert all(s.session_date < today for s in sessions)
    assert sum(1 for s in sessions if s.feedback) > len(sessions) // 2
    schools = [s for s in sessions if s.session_type == "school_programme"]
    assert schools and all(s.organisation_id and s.year_groups for s in schools)


def test_the_demo_officers_facilitate_with_registers_and_answers(demo):
    with demo.store.session_factory() as session:
        facilitators = set()
        for ids in session.scalars(select(EngagementSession.facilitator_ids)):
            facilitators.update(ids)
        names = set(
            session.scalars(
                select(User.username).where(User.id.in_([uuid.UUID(i) for i in facilitators]))
            )
        )
        assert names == {"engagement", "jlee", "asaeed"}
        registered_types = set(
            session.scalars(
                select(EngagementSession.session_type).join(
                    RegisterEntry, RegisterEntry.session_id == EngagementSession.id
                )
            )
        )
        assert registered_types == set(engagement_reference().register_types)
        assert session.scalar(select(func.count()).select_from(ConfidenceResult)) > 20
        disclosures = session.scalars(
            select(FollowUp.referral).where(FollowUp.kind == "disclosure")
        ).all()
        assert disclosures and set(disclosures) <= set(engagement_reference().referral_routes)


def test_the_engagement_officer_has_overdue_follow_ups_and_staff_are_due_training(demo):
    with demo.store.session_factory() as session:
        user = session.scalar(select(User).where(User.username == "engagement"))
        actor = Actor.of(user, demo.device_id)
        overdue = overdue_follow_ups(session, actor)
        assert len(overdue) >= 2
        assert all(row.owner_id == user.id and row.due_on < london_today() for row in overdue)
        assert (
            session.scalar(
                select(func.count()).select_from(FollowUp).where(FollowUp.done.is_(True))
            )
            > 0
        )
        # Eight people were trained only before January of last school year.
        _cutoff, due = not_trained_since(session, actor, months=8)
        assert due and {p.name for p in due} <= {name for name, _role, _org in STAFF[-8:]}


def test_every_demo_record_was_audited_and_queued_for_sync(demo):
    with demo.store.session_factory() as session:
        sessions = session.scalar(select(func.count()).select_from(EngagementSession))
        recorded = session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "session_recorded")
        )
        queued = session.scalar(
            select(func.count())
            .select_from(OutboxEntry)
            .where(OutboxEntry.record_type == "engagement_sessions")
        )
        assert sessions == recorded == queued > 80
        assert verify_chain(session).intact

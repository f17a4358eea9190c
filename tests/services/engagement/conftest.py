"""Fixtures for the engagement services: officers of each kind, a school, a partner, and a
session that can be saved, to vary one field at a time.

Every test works on a fixed day (``TODAY``), so "in the future" and "overdue" are exact.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, time
from typing import Any

import pytest

from hfhate.models import EngagementSession, Organisation, Role
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.engagement import organisations
from hfhate.services.engagement import sessions as engagement
from hfhate.services.engagement.rules import SessionInput

TODAY = date(2025, 3, 12)

Record = Callable[..., EngagementSession]


@pytest.fixture
def officer(make_actor) -> Actor:  # type: ignore[no-untyped-def]
    return make_actor(Role.ENGAGEMENT_OFFICER, username="priya")


@pytest.fixture
def colleague(make_actor) -> Actor:  # type: ignore[no-untyped-def]
    return make_actor(Role.ENGAGEMENT_OFFICER, username="jordan")


@pytest.fixture
def supervisor(make_actor) -> Actor:  # type: ignore[no-untyped-def]
    return make_actor(Role.SUPERVISOR, username="grace")


@pytest.fixture
def enforcer(make_actor) -> Actor:  # type: ignore[no-untyped-def]
    """An authorised officer without the engagement role."""
    return make_actor(Role.AUTHORISED_OFFICER, username="tom")


@pytest.fixture
def school(store: Store, officer: Actor) -> Organisation:
    with store.session_factory.begin() as session:
        return organisations.add_organisation(
            session,
            officer,
            organisations.OrganisationInput(
                name="Lillie Road Primary School",
                kind="school",
                school_phase="primary",
                year_groups=(
                    "Year 5",
                    "Year 6",
                    "Reception",
                    "Year 1",
                    "Year 2",
                    "Year 3",
                    "Year 4",
                ),
                ward="Lillie",
            ),
        )


@pytest.fixture
def partner(store: Store, officer: Actor) -> Organisation:
    with store.session_factory.begin() as session:
        return organisations.add_organisation(
            session,
            officer,
            organisations.OrganisationInput(name="Metropolitan Police, H&F", kind="police"),
        )


@pytest.fixture
def entry(school: Organisation, officer: Actor, partner: Organisation) -> SessionInput:
    """A Year 6 assembly at the school that can be saved as it is."""
    return SessionInput(
        session_type="school_programme",
        title="Year 6 hate crime awareness",
        session_date=date(2025, 3, 10),
        start_time=time(9, 15),
        end_time=time(10, 30),
        venue="School hall",
        ward="Lillie",
        organisation_id=school.id,
        year_groups=("Year 6",),
        audience="pupils",
        attendees=30,
        breakdown={"pupils": 28, "staff": 2},
        facilitator_ids=(officer.user_id,),
        partner_ids=(partner.id,),
        categories=("race", "religion"),
        topics=("what_is_hate_crime", "reporting"),
        materials="Assembly slides v3",
        notes="Good questions from the class.",
        feedback="Pupils asked for a follow-up lesson.",
    )


@pytest.fixture
def vary(entry: SessionInput) -> Callable[..., SessionInput]:
    def make(**changes: Any) -> SessionInput:
        return dataclasses.replace(entry, **changes)

    return make


@pytest.fixture
def record(store: Store, officer: Actor, entry: SessionInput) -> Record:
    """Record ``entry`` with any field replaced, as ``officer`` unless ``actor`` is given."""

    def make(*, actor: Actor | None = None, **changes: Any) -> EngagementSession:
        with store.session_factory.begin() as session:
            return engagement.record_session(
                session, actor or officer, dataclasses.replace(entry, **changes), today=TODAY
            )

    return make

"""Fixtures for the engagement services: officers of each kind, a school, a partner, and a
session that can be saved, to vary one field at a time.

Every test works on a fixed day (``TODAY``), so "in the future" and "overdue" are exact.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from hfhate.models import EngagementSession, Organisation, Role
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.engagement import sessions as engagement
from hfhate.services.engagement.rules import SessionInput
from tests.fixtures.engagement import assembly, grace, jordan, lillie_road, met_police, priya  # noqa: F401

TODAY = date(2025, 3, 12)

Record = Callable[..., EngagementSession]


@pytest.fixture
def enforcer(make_actor) -> Actor:  # type: ignore[no-untyped-def]
    """An authorised officer without the engagement role."""
    return make_actor(Role.AUTHORISED_OFFICER, username="tom")


@pytest.fixture
def entry(school: Organisation, officer: Actor, partner: Organisation) -> SessionInput:
    """A Year 6 assembly at the school that can be saved as it is."""
    return assembly(
        school,
        officer,
        session_date=date(2025, 3, 10),
        breakdown={"pupils": 28, "staff": 2},
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

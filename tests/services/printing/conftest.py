"""Fixtures for printing through the services: a numbered laptop, officers, issued notices.

Every notice is issued at ``NOW`` (14:30 on Wednesday 12 March 2025, GMT), so its last dates
are exact: reduced amount until 22 March, full amount and no proceedings until 26 March.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from hfhate.models import FixedPenaltyNotice, Role
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.device import set_device_code
from hfhate.services.notices import issuing as notices
from hfhate.services.notices.rules import NoticeInput

NOW = datetime(2025, 3, 12, 14, 30, tzinfo=UTC)
CIRCUMSTANCES = (
    "At 14:00 I saw the recipient follow a woman along King Street for about fifty metres, "
    "shouting sexual comments at her while she asked him to stop and walked faster."
)


def build_entry(**overrides: Any) -> NoticeInput:
    entry = NoticeInput(
        offence_at=NOW - timedelta(minutes=30),
        place="King Street, outside Lyric Square",
        postcode="W6 9JU",
        ward="Ravenscourt",
        prohibition="sexualised_comments",
        hostilities=("misogyny",),
        circumstances=CIRCUMSTANCES,
        recipient_name="Zoë Łukasiewicz-O'Brien",
        recipient_date_of_birth=date(1990, 5, 17),
        recipient_address="12 Sample Road\nLondon",
        recipient_postcode="W12 8QQ",
        identity_method="document",
        identity_document="Driving licence",
    )
    return dataclasses.replace(entry, **overrides)


@pytest.fixture
def entry() -> Callable[..., NoticeInput]:
    return build_entry


@pytest.fixture
def officer(store: Store, admin: Actor, make_actor: Callable[..., Actor]) -> Actor:
    with store.session_factory.begin() as session:
        set_device_code(session, admin, 42)
    return make_actor(Role.AUTHORISED_OFFICER, username="olivia", number="LET-0042")


@pytest.fixture
def supervisor(make_actor: Callable[..., Actor]) -> Actor:
    return make_actor(Role.SUPERVISOR, username="sam")


@pytest.fixture
def issue(store: Store, officer: Actor) -> Callable[..., FixedPenaltyNotice]:
    """Issue a notice at NOW (or ``at``) by ``officer`` (or ``by``), with entry changes."""

    def issue_(by: Actor | None = None, at: datetime = NOW, **changes: Any) -> FixedPenaltyNotice:
        with store.session_factory.begin() as session:
            return notices.issue_notice(session, by or officer, build_entry(**changes), now=at)

    return issue_

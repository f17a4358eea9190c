"""Fixtures for printing through the services: a numbered laptop, officers, issued notices.

Every notice is issued at ``NOW`` (14:30 on Wednesday 12 March 2025, GMT), so its last dates
are exact: reduced amount until 22 March, full amount and no proceedings until 26 March.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from hfhate.models import FixedPenaltyNotice
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.notices import issuing as notices
from hfhate.services.notices.rules import NoticeInput
from tests.fixtures.notices import notice_entry
from tests.fixtures.printing import olivia, sam  # noqa: F401  (fixtures used by the tests here)

NOW = datetime(2025, 3, 12, 14, 30, tzinfo=UTC)


def build_entry(**overrides: Any) -> NoticeInput:
    """A notice issued at ``NOW`` to a name and an address that test the fonts and lines."""
    entry = notice_entry(
        NOW,
        recipient_name="Zoë Łukasiewicz-O'Brien",
        recipient_address="12 Sample Road\nLondon",
        body_worn_video="",
        people=(),
    )
    return dataclasses.replace(entry, **overrides)


@pytest.fixture
def entry() -> Callable[..., NoticeInput]:
    return build_entry


@pytest.fixture
def issue(store: Store, officer: Actor) -> Callable[..., FixedPenaltyNotice]:
    """Issue a notice at NOW (or ``at``) by ``officer`` (or ``by``), with entry changes."""

    def issue_(by: Actor | None = None, at: datetime = NOW, **changes: Any) -> FixedPenaltyNotice:
        with store.session_factory.begin() as session:
            return notices.issue_notice(session, by or officer, build_entry(**changes), now=at)

    return issue_

"""Fixtures for the notice services: a numbered device, officers, and a valid entry to vary.

Every test issues at a fixed moment (``NOW``), so amounts, last dates and ages are exact.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from hfhate.models import (
    AuditEvent,
    FixedPenaltyNotice,
    NoticeEvent,
    OutboxEntry,
    Role,
)
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.device import set_device_code
from hfhate.services.notices import issuing as notices
from hfhate.services.notices.rules import NoticeInput
from tests.fixtures.notices import notice_entry

# A Wednesday afternoon in March 2025 (GMT, so UTC and London agree).
NOW = datetime(2025, 3, 12, 14, 30, tzinfo=UTC)

EntryFactory = Callable[..., NoticeInput]
Issue = Callable[..., FixedPenaltyNotice]


def build_entry(**overrides: Any) -> NoticeInput:
    """A notice that can stand, issued at ``NOW``, with any field replaced."""
    return notice_entry(NOW, **overrides)


@pytest.fixture
def valid_entry() -> EntryFactory:
    return build_entry


@pytest.fixture
def device_code(store: Store, admin: Actor) -> int:
    """The administrator gives this laptop code 42, so notices can be numbered."""
    with store.session_factory.begin() as session:
        set_device_code(session, admin, 42)
    return 42


@pytest.fixture
def officer(make_actor: Callable[..., Actor], device_code: int) -> Actor:
    return make_actor(Role.AUTHORISED_OFFICER, username="officer1")


@pytest.fixture
def other_officer(make_actor: Callable[..., Actor], device_code: int) -> Actor:
    return make_actor(Role.AUTHORISED_OFFICER, username="officer2")


@pytest.fixture
def supervisor(make_actor: Callable[..., Actor]) -> Actor:
    return make_actor(Role.SUPERVISOR, username="super1")


@pytest.fixture
def issue(store: Store, officer: Actor) -> Issue:
    """Issue a notice (or, with ``warning=True``, record a warning) in its own transaction."""

    def run(
        actor: Actor | None = None, *, warning: bool = False, now: datetime = NOW, **overrides: Any
    ) -> FixedPenaltyNotice:
        entry = build_entry(**overrides)
        operation = notices.record_warning if warning else notices.issue_notice
        with store.session_factory.begin() as session:
            return operation(session, actor or officer, entry, now=now)

    return run


@pytest.fixture
def now() -> datetime:
    """The moment every test issues at, unless it says otherwise."""
    return NOW


@pytest.fixture
def count_rows(store: Store) -> Callable[..., dict[str, int]]:
    """How many notices, timeline entries, audit events and outbox entries the store holds;
    with ``since``, an earlier count, how many it has gained since."""
    tables = {
        "notices": FixedPenaltyNotice,
        "events": NoticeEvent,
        "audit": AuditEvent,
        "outbox": OutboxEntry,
    }

    def count(since: dict[str, int] | None = None) -> dict[str, int]:
        with store.session_factory() as session:
            counts = {
                name: session.scalar(select(func.count()).select_from(table)) or 0
                for name, table in tables.items()
            }
        return counts if since is None else {k: counts[k] - since[k] for k in counts}

    return count

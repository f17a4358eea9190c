"""Laptop and server agree: what the laptop's service refuses the server refuses, and back.

Hypothesis varies a notice (or warning) and a session field by field, from values that can
stand and values that cannot. The laptop issues it through its service, on a real store; the
server checks what that laptop would push (its outbox entry, or for a refused one the record
the laptop would have written) with the rules a push runs. With the shipped settings, and
again after an administrator changed them on both (a longer minimum description, an older
minimum age). Year groups are not varied: the laptop keeps them only for school programmes,
which need a school from its own store, so the server never sees the ones it refuses.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from hfhate.clock import london_date
from hfhate.config import Paths
from hfhate.models import FixedPenaltyNotice, NoticeKind, NoticeStatus, OutboxEntry, Role
from hfhate.models.store import Store
from hfhate.records.codec import columns_from, wire_value
from hfhate.services import accounts
from hfhate.services.actor import Actor
from hfhate.services.device import set_device_code, this_device
from hfhate.services.engagement.rules import SessionInput
from hfhate.services.engagement.sessions import record_session, session_columns
from hfhate.services.errors import ValidationFailed
from hfhate.services.notices.issuing import NORMALISED, issue_notice, record_warning
from hfhate.services.notices.moves import prosecution_deadline
from hfhate.services.notices.numbering import NoticeNumber
from hfhate.services.notices.rules import NoticeInput, Override, PersonInput, first_status
from hfhate.services.notices.settings import (
    NoticeSettings,
    change_settings,
    current_settings,
    default_settings,
)
from tests.fixtures.keys import open_test_store
from tests.fixtures.notices import CIRCUMSTANCES, notice_entry
from tests.records.conftest import CentralServer

NOW = datetime(2025, 3, 12, 14, 30, tzinfo=UTC)
CODE = 42
PASSWORD = "correct horse battery"
CHANGED = dataclasses.replace(default_settings(), circumstances_min_chars=100, minimum_age=16)
HYPOTHESIS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@dataclass
class Sides:
    """One laptop and the server it syncs with, holding the same people and settings."""

    store: Store
    central: CentralServer
    device_id: uuid.UUID  # the laptop's device on the server
    officer: Actor
    supervisor: Actor
    engagement: Actor
    made: int = 0

    def laptop_refuses(self, operation: Any, entry: Any, **keywords: Any) -> tuple[str, Any]:
        """The laptop service's refusal ("" if it saved) and the outbox fields it wrote."""
        with self.store.session_factory() as session, session.begin():
            before = session.scalar(select(OutboxEntry.seq).order_by(OutboxEntry.seq.desc()))
            try:
                record = operation(session, entry=entry, **keywords)
            except ValidationFailed as failed:
                return " ".join(failed.field_errors.values()), None
            created = session.scalars(
                select(OutboxEntry).where(
                    OutboxEntry.seq > (before or 0), OutboxEntry.record_id == record.id
                )
            ).one()
            return "", dict(created.fields)

    def server_refuses(self, actor: Actor, record_type: str, fields: dict[str, Any]) -> str:
        owner = actor.user_id
        return self.central.refusal(
            actor.user_id, self.device_id, record_type, "create", fields, set(fields), owner
        )


@pytest.fixture
def sides(tmp_path: Path, central: CentralServer) -> Iterator[Sides]:
    store = open_test_store(Paths(tmp_path / "laptop"))
    with store.session_factory.begin() as session:
        device = this_device(session).id
        admin_user = accounts.create_first_administrator(
            session,
            device,
            full_name="Ada Admin",
            username="ada",
            password=PASSWORD,
            confirm=PASSWORD,
        )
        admin = Actor.of(admin_user, device)
        set_device_code(session, admin, CODE)
        people = {}
        for name, role, number in (
            ("olly", Role.AUTHORISED_OFFICER, "LET-1"),
            ("sue", Role.SUPERVISOR, ""),
            ("erin", Role.ENGAGEMENT_OFFICER, ""),
        ):
            user = accounts.add_user(
                session,
                admin,
                accounts.NewUser(name.title(), name, frozenset({role}), number, PASSWORD, PASSWORD),
            )
            people[name] = Actor.of(user, device)
            central.add_user(user.id, name, [role.value])
    yield Sides(
        store,
        central,
        central.add_device(CODE),
        people["olly"],
        people["sue"],
        people["erin"],
    )
    store.close()


def change_both(sides: Sides, new: NoticeSettings) -> None:
    with sides.store.session_factory.begin() as session:
        admin = accounts.attempt_sign_in(session, sides.officer.device_id, "ada", PASSWORD)
        assert admin is not None
        # In force from before the notices' issue (the server's undated rows: from the start).
        change_settings(session, admin, new, in_force_from=london_date(NOW) - timedelta(days=1))
    sides.central.set_notice_settings(new)


# --- notices --------------------------------------------------------------------------------

PEOPLE = [
    (),
    (
        PersonInput(
            role="victim", name="Jane Witness", contact="07700 900123", consent_to_contact=True
        ),
    ),
    (PersonInput(role="bystander", name="Ann"),),
    (PersonInput(role="witness", name=""),),
    (PersonInput(role="witness", name="Bo", referral_accepted=True),),
]
NOTICE_FIELDS: dict[str, list[Any]] = {
    "offence_at": [
        NOW - timedelta(minutes=30),
        NOW + timedelta(hours=1),
        datetime(2024, 1, 1, 12, tzinfo=UTC),
        None,
    ],
    "place": ["King Street", "", "   ", "P" * 200, "P" * 201],
    "postcode": ["W6 9JU", "w69ju", "nowhere", ""],
    "ward": ["Ravenscourt", "Nowhere"],
    "prohibition": ["sexualised_comments", "bogus"],
    "hostilities": [("misogyny",), (), ("none_apparent", "misogyny"), ("bogus",)],
    "circumstances": [CIRCUMSTANCES, "Short.", "c" * 85, "d" * 120],
    "identity_method": ["document", "police_check", "refused", "bogus"],
    "identity_document": ["Driving licence", ""],
    "recipient_name": ["Kevin Example", "", "N" * 200, "N" * 201],
    "recipient_date_of_birth": [
        date(1990, 5, 17),
        None,
        date(2020, 1, 1),
        date(2010, 1, 1),
        date(1890, 1, 1),
        date(2030, 1, 1),
    ],
    "recipient_age_band": ["", "25-34", "14-17", "bogus"],
    "recipient_address": ["12 Sample Road, London", ""],
    "recipient_postcode": ["W12 8QQ", "", "nowhere"],
    "recipient_description": ["", "Tall man in a grey hooded jacket, about 30"],
    "appears_vulnerable": [False, True],
    "body_worn_video": ["BWV-1", "", "b" * 101],
    "people": PEOPLE,
    "latitude": [None, 51.5, 40.0],
    "longitude": [None, -0.22],
    "earlier_warning": [False, True],
}


@st.composite
def notice_entries(draw: st.DrawFn) -> tuple[NoticeKind, NoticeInput, str | None]:
    """A notice or warning: some fields drawn from values that can and cannot stand."""
    changed = draw(st.sets(st.sampled_from(sorted(NOTICE_FIELDS)), max_size=5))
    values = {name: draw(st.sampled_from(NOTICE_FIELDS[name])) for name in sorted(changed)}
    kind = draw(st.sampled_from([NoticeKind.NOTICE, NoticeKind.WARNING]))
    # A supervisor's approval (needed for under-18s and vulnerable recipients): none, with
    # a reason in a sentence, or with too short a reason.
    approval = draw(st.sampled_from([None, "Approved: over the line and said so.", "ok"]))
    return kind, notice_entry(NOW, **values), approval


def laptop_notice_fields(sides: Sides, kind: NoticeKind, entry: NoticeInput) -> dict[str, Any]:
    """The record the laptop would have written for ``entry``, as it would push it."""
    with sides.store.session_factory() as session:
        settings_now = current_settings(session)
    columns = columns_from(entry, FixedPenaltyNotice) | {
        name: normalise(entry) for name, normalise in NORMALISED.items()
    }
    status = first_status(kind, entry)
    sides.made += 1
    columns |= {
        "id": uuid.uuid4(),
        "kind": kind,
        "status": status,
        "issued_at": NOW,
        "officer_id": sides.officer.user_id,
        "officer_name": sides.officer.full_name,
        "officer_authorisation_number": "LET-1",
        "override_by_id": entry.override.supervisor_id if entry.override else None,
        "override_reason": entry.override.reason if entry.override else None,
        "version": 1,
    }
    if status is NoticeStatus.ISSUED:
        number = NoticeNumber(CODE, 900_000 + sides.made)
        issue_day = london_date(NOW)
        columns |= {
            "number": str(number),
            "device_code": CODE,
            "sequence": number.sequence,
            "amount_pence": settings_now.amount_pence,
            "reduced_amount_pence": settings_now.reduced_amount_pence,
            "reduced_until": issue_day + timedelta(days=settings_now.reduced_period_days),
            "pay_by": issue_day + timedelta(days=settings_now.no_proceedings_days),
            "no_proceedings_until": issue_day + timedelta(days=settings_now.no_proceedings_days),
            "prosecute_by": prosecution_deadline(
                entry.offence_at or NOW, settings_now.prosecution_months
            ),
        }
    return {name: wire_value(value) for name, value in columns.items()}


def notices_agree(sides: Sides, kind: NoticeKind, entry: NoticeInput, approval: str | None) -> None:
    if approval is not None:
        entry = dataclasses.replace(
            entry, override=Override(sides.supervisor.user_id, "Sue", approval)
        )
    operation = issue_notice if kind is NoticeKind.NOTICE else record_warning
    laptop, fields = sides.laptop_refuses(
        lambda session, entry: operation(session, sides.officer, entry, now=NOW), entry
    )
    if fields is None:
        fields = laptop_notice_fields(sides, kind, entry)
    server = sides.server_refuses(sides.officer, "notices", fields)
    assert bool(laptop) == bool(server), f"laptop: {laptop!r}\nserver: {server!r}\n{entry}"
    return laptop


@HYPOTHESIS
@given(case=notice_entries())
def test_notice_checks_agree_with_the_shipped_settings(
    sides: Sides, case: tuple[NoticeKind, NoticeInput, str | None]
) -> None:
    event("refused" if notices_agree(sides, *case) else "saved")


@HYPOTHESIS
@given(case=notice_entries())
def test_notice_checks_agree_with_changed_settings(
    sides: Sides, case: tuple[NoticeKind, NoticeInput, str | None]
) -> None:
    with sides.store.session_factory() as session:
        if current_settings(session) != CHANGED:
            session.close()
            change_both(sides, CHANGED)
    event("refused" if notices_agree(sides, *case) else "saved")


def test_changed_settings_decide_on_both_sides(sides: Sides) -> None:
    """The same notice stands under the shipped settings and not under the changed ones."""
    # 90 characters of real words: enough under the shipped 80, too few under the changed 100.
    circumstances = (
        "He followed a woman along King Street shouting sexual comments while she walked away fast."
    )
    entry = notice_entry(NOW, circumstances=circumstances)
    notices_agree(sides, NoticeKind.NOTICE, entry, None)
    laptop, _ = sides.laptop_refuses(
        lambda session, entry: issue_notice(session, sides.officer, entry, now=NOW), entry
    )
    assert laptop == ""
    change_both(sides, CHANGED)
    laptop, _ = sides.laptop_refuses(
        lambda session, entry: issue_notice(session, sides.officer, entry, now=NOW), entry
    )
    server = sides.server_refuses(
        sides.officer, "notices", laptop_notice_fields(sides, NoticeKind.NOTICE, entry)
    )
    assert "in at least 100 characters" in laptop and "in at least 100 characters" in server


# --- engagement sessions --------------------------------------------------------------------

TODAY = london_date(datetime.now(UTC))
SESSION_FIELDS: dict[str, list[Any]] = {
    "session_type": ["community_event", "school_programme", "specialised_training", "bogus"],
    "specialised_topic": ["", "online_hate", "bogus"],
    "session_date": [TODAY, TODAY - timedelta(days=30), TODAY + timedelta(days=3), None],
    "start_time": [time(10), time(14), None],
    "end_time": [time(12), time(9), None],
    "venue": ["North End Road market", "", "V" * 201],
    "ward": ["Ravenscourt", "Nowhere"],
    "audience": ["residents", "bogus"],
    "attendees": [40, 0, -1, None, 200_000],
    "breakdown": [{}, {"residents": 40}, {"residents": 3}, {"aliens": 40}],
    "categories": [(), ("race",), ("bogus",)],
    "topics": [(), ("reporting",), ("bogus",)],
    "title": ["Stall at the market", "", "T" * 201],
}


@st.composite
def session_entries(draw: st.DrawFn) -> SessionInput:
    changed = draw(st.sets(st.sampled_from(sorted(SESSION_FIELDS)), max_size=4))
    values = {name: draw(st.sampled_from(SESSION_FIELDS[name])) for name in sorted(changed)}
    base = SessionInput(
        session_type="community_event",
        title="Stall at the market",
        session_date=TODAY - timedelta(days=1),
        start_time=time(10),
        end_time=time(12),
        venue="North End Road market",
        ward="Ravenscourt",
        audience="residents",
        attendees=40,
    )
    return dataclasses.replace(base, **values)


def laptop_session_fields(sides: Sides, entry: SessionInput) -> dict[str, Any]:
    columns = session_columns(dataclasses.replace(entry, attendees=entry.attendees or 0))
    columns |= {
        "attendees": entry.attendees,
        "id": uuid.uuid4(),
        "version": 1,
        "created_by_id": sides.engagement.user_id,
    }
    return {name: wire_value(value) for name, value in columns.items()}


@HYPOTHESIS
@given(entry=session_entries())
def test_session_checks_agree(sides: Sides, entry: SessionInput) -> None:
    entry = dataclasses.replace(entry, facilitator_ids=(sides.engagement.user_id,))
    laptop, fields = sides.laptop_refuses(
        lambda session, entry: record_session(session, sides.engagement, entry, today=TODAY),
        entry,
    )
    if fields is None:
        fields = laptop_session_fields(sides, entry)
    server = sides.server_refuses(sides.engagement, "engagement_sessions", fields)
    event("refused" if laptop else "saved")
    assert bool(laptop) == bool(server), f"laptop: {laptop!r}\nserver: {server!r}\n{entry}"

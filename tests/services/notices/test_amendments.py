"""Amendments after issue: only some fields, with a reason, by the issuing officer or a supervisor.

The original values stay on the notice's timeline, and each amendment is audited and synced.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from hfhate.models import AuditEvent, FixedPenaltyNotice, NoticeEvent, OutboxEntry, Role
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.errors import PermissionDenied, ValidationFailed
from hfhate.services.notices import issuing as notices
from hfhate.services.postcodes import NOT_A_POSTCODE

Issue = Callable[..., FixedPenaltyNotice]
LATER = datetime(2025, 3, 12, 16, 0, tzinfo=UTC)
REASON = "Recipient corrected the house number at the scene"


def _amend(
    store: Store,
    actor: Actor,
    notice: FixedPenaltyNotice,
    changes: dict[str, Any],
    reason: str = REASON,
) -> FixedPenaltyNotice:
    with store.session_factory.begin() as session:
        return notices.amend_notice(session, actor, notice.id, changes, reason=reason, now=LATER)


def _timeline(store: Store, actor: Actor, notice: FixedPenaltyNotice) -> list[NoticeEvent]:
    with store.session_factory() as session:
        return notices.timeline(session, actor, notice.id)


def test_an_amendment_keeps_the_original_on_the_timeline(
    store: Store, issue: Issue, officer: Actor
) -> None:
    notice = issue()
    amended = _amend(
        store,
        officer,
        notice,
        {"recipient_address": "14 Sample Road, London", "recipient_postcode": "w12 8qq"},
    )
    assert (amended.recipient_address, amended.version) == ("14 Sample Road, London", 2)
    events = _timeline(store, officer, notice)
    assert [e.action for e in events] == ["notice_issued", "amended"]
    assert (events[1].reason, events[1].at, events[1].by_name) == (REASON, LATER, "Officer1 Person")
    # The postcode was typed differently but means the same: only the address changed.
    assert events[1].details == {
        "recipient_address": {"from": "12 Sample Road, London", "to": "14 Sample Road, London"}
    }
    with store.session_factory() as session:
        audit = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        outbox = session.scalars(select(OutboxEntry).where(OutboxEntry.operation == "update")).one()
    assert audit is not None
    assert (audit.action, audit.record_id, audit.details) == (
        "notice_amended",
        notice.id,
        {"fields": ["recipient_address"], "reason_length": len(REASON)},
    )
    assert (outbox.record_id, outbox.base_version, outbox.version) == (notice.id, 1, 2)
    assert outbox.fields["recipient_address"] == "14 Sample Road, London"


def test_two_amendments_are_two_entries(
    store: Store, issue: Issue, officer: Actor, supervisor: Actor
) -> None:
    notice = issue()
    _amend(store, officer, notice, {"circumstances": notice.circumstances + " He then left."})
    _amend(
        store,
        supervisor,
        notice,
        {"people": [{"role": "witness", "name": "Sam Passer"}]},
        reason="Witness came forward the next day",
    )
    events = _timeline(store, supervisor, notice)
    assert [(e.action, e.by_name) for e in events] == [
        ("notice_issued", "Officer1 Person"),
        ("amended", "Officer1 Person"),
        ("amended", "Super1 Person"),
    ]
    assert events[2].details["people"]["to"] == [
        {
            "role": "witness",
            "name": "Sam Passer",
            "contact": "",
            "consent_to_contact": False,
            "referral_offered": "none",
            "referral_accepted": False,
        }
    ]
    assert events[2].details["people"]["from"][0]["name"] == "Jane Witness"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("ward", "Grove"),
        ("offence_at", datetime(2025, 3, 11, 10, 0, tzinfo=UTC)),
        ("amount_pence", 1),
        ("number", "HF-042-000002-5"),
        ("status", "paid"),
        ("officer_id", None),
        ("issued_at", datetime(2025, 3, 1, tzinfo=UTC)),
    ],
)
def test_fields_fixed_at_issue_cannot_be_amended(
    store: Store, issue: Issue, supervisor: Actor, field: str, value: object
) -> None:
    notice = issue()
    with pytest.raises(ValidationFailed) as refused:
        _amend(store, supervisor, notice, {field: value, "recipient_address": "2 Road"})
    assert refused.value.field_errors == {field: "This cannot be amended after issue."}
    assert [e.action for e in _timeline(store, supervisor, notice)] == ["notice_issued"]


@pytest.mark.parametrize("reason", ["", "   ", "typo fix"])
def test_an_amendment_needs_a_reason(
    store: Store, issue: Issue, officer: Actor, reason: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        _amend(store, officer, issue(), {"recipient_address": "2 Road"}, reason=reason)
    assert refused.value.field_errors == {"reason": "Say why the notice is amended, in a sentence."}


def test_amended_values_follow_the_entry_rules(store: Store, issue: Issue, officer: Actor) -> None:
    notice = issue()
    with pytest.raises(ValidationFailed) as refused:
        _amend(store, officer, notice, {"recipient_postcode": "nowhere", "circumstances": "x"})
    assert refused.value.field_errors == {
        "recipient_postcode": NOT_A_POSTCODE,
        "circumstances": "Describe what you saw and heard in at least 80 characters, so it "
        "can stand as evidence (1 so far).",
    }
    with pytest.raises(ValidationFailed) as born:
        _amend(store, officer, notice, {"recipient_date_of_birth": date(2020, 1, 1)})
    assert born.value.field_errors == {
        "recipient_age": "Nobody under 10 can be given a warning or notice."
    }


def test_an_amendment_that_changes_nothing_is_refused(
    store: Store, issue: Issue, officer: Actor
) -> None:
    notice = issue()
    with pytest.raises(ValidationFailed) as refused:
        _amend(store, officer, notice, {"recipient_name": "  Kevin Example "})
    assert refused.value.field_errors == {"reason": "Nothing was changed."}


def test_only_the_issuing_officer_or_a_supervisor_amends(
    store: Store, issue: Issue, other_officer: Actor, make_actor: Callable[..., Actor]
) -> None:
    notice = issue()
    engagement = make_actor(Role.ENGAGEMENT_OFFICER)
    for outsider in (other_officer, engagement):
        with pytest.raises(PermissionDenied):
            _amend(store, outsider, notice, {"recipient_address": "2 Road"})
    with store.session_factory() as session:
        stored = session.get(FixedPenaltyNotice, notice.id)
        assert stored is not None
        assert (stored.recipient_address, stored.version) == ("12 Sample Road, London", 1)

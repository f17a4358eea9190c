"""Referrals: every (state, action) pair of the lifecycle, consent before drafting and sending,
withdrawal stopping what was not sent, and overdue acknowledgements."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from hfhate.clock import london_date
from hfhate.models import AuditEvent, OutboxEntry, Referral, utc_now
from hfhate.services.errors import PermissionDenied, ServiceError, ValidationFailed
from hfhate.services.settings.stored import change_setting
from hfhate.services.victims.referrals import (
    ACTIONS,
    NEXT,
    ReferralInput,
    acknowledge_referral,
    close_referral,
    draft_referral,
    overdue_referrals,
    record_outcome,
    referrals_list,
    send_referral,
    stop_referral,
)
from hfhate.services.victims.words import REFERRAL_STATES

REASON = "She asked for someone to talk to about what happened."
DATE_SET = {
    "send": "sent_at",
    "acknowledge": "acknowledged_at",
    "record_outcome": "outcome_at",
    "close": "closed_at",
    "stop": "stopped_at",
}
# How to reach each state from drafted.
PATH = {
    "drafted": (),
    "sent": ("send",),
    "acknowledged": ("send", "acknowledge"),
    "outcome": ("send", "acknowledge", "record_outcome"),
    "closed": ("send", "acknowledge", "record_outcome", "close"),
    "stopped": ("stop",),
}


def act(session, actor, referral_id, action: str) -> Referral:  # type: ignore[no-untyped-def]
    if action == "send":
        return send_referral(session, actor, referral_id, "secure_email")
    if action == "acknowledge":
        return acknowledge_referral(session, actor, referral_id, partner_reference="SH-2231")
    if action == "record_outcome":
        return record_outcome(session, actor, referral_id, "A caseworker called her twice.")
    if action == "close":
        return close_referral(session, actor, referral_id)
    return stop_referral(session, actor, referral_id, "She no longer wants it.")


@pytest.fixture
def zoe(add_person, consent):  # type: ignore[no-untyped-def]
    person = add_person()
    consent(person, "referral", "stop_hate_uk")
    return person


@pytest.fixture
def incident(add_incident, zoe):  # type: ignore[no-untyped-def]
    return add_incident(((zoe.id, "victim"),))


@pytest.fixture
def draft(store, officer, zoe, incident) -> Callable[..., Referral]:  # type: ignore[no-untyped-def]
    def make(partner: str = "stop_hate_uk", actor: Any = None, **changes: Any) -> Referral:
        with store.session_factory.begin() as session:
            referral = draft_referral(
                session,
                actor or officer,
                zoe.id,
                "incidents",
                incident.id,
                ReferralInput(partner=partner, reason=REASON, **changes),
            )
            session.expunge(referral)
            return referral

    return make


def _columns(referral: Referral) -> dict[str, Any]:
    return {c.key: getattr(referral, c.key) for c in Referral.__table__.columns}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("state", REFERRAL_STATES)
def test_every_state_and_action(store, officer, draft, state, action):  # type: ignore[no-untyped-def]
    referral = draft()
    for step in PATH[state]:
        with store.session_factory.begin() as session:
            act(session, officer, referral.id, step)
    with store.session_factory.begin() as session:
        before = _columns(session.get(Referral, referral.id))
        outbox = session.scalar(select(func.count()).select_from(OutboxEntry))
    assert before["status"] == state
    allowed = NEXT[state].get(action)
    with store.session_factory.begin() as session:
        if allowed is None:
            with pytest.raises(ServiceError) as refused:
                act(session, officer, referral.id, action)
            assert type(refused.value) is ServiceError
            said = str(refused.value)
            assert said[0].isupper() and said.endswith(".") and "_" not in said, said
        else:
            act(session, officer, referral.id, action)
    with store.session_factory.begin() as session:
        after = _columns(session.get(Referral, referral.id))
        outbox_after = session.scalar(select(func.count()).select_from(OutboxEntry))
    if allowed is None:
        assert after == before
        assert outbox_after == outbox
    else:
        assert after["status"] == allowed
        assert before[DATE_SET[action]] is None and after[DATE_SET[action]] is not None
        assert after["version"] == before["version"] + 1
        assert outbox_after == outbox + 1


def test_the_table_covers_every_state_and_leads_only_to_states() -> None:
    assert set(NEXT) == set(REFERRAL_STATES)
    assert all(set(moves) <= set(ACTIONS) for moves in NEXT.values())
    assert all(set(moves.values()) <= set(REFERRAL_STATES) for moves in NEXT.values())


def test_a_referral_without_consent_is_refused(store, officer, draft):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as refused:
        draft("victim_support")
    assert "No consent to a referral to Victim Support" in refused.value.field_errors["partner"]
    with store.session_factory.begin() as session:
        assert session.scalar(select(func.count()).select_from(Referral)) == 0


def test_a_police_partner_needs_consent_to_share_with_the_police(  # type: ignore[no-untyped-def]
    draft, zoe, consent
):
    consent(zoe, "referral", "met_police")
    with pytest.raises(ValidationFailed) as refused:
        draft("met_police")
    assert "sharing with the police" in refused.value.field_errors["partner"]
    consent(zoe, "police")
    assert draft("met_police").status == "drafted"


def test_withdrawal_stops_drafted_referrals_but_not_sent_ones(  # type: ignore[no-untyped-def]
    store, officer, draft, zoe, consent
):
    consent(zoe, "referral", "met_police")
    consent(zoe, "police")
    unsent, sent, police = draft(), draft(), draft("met_police")
    with store.session_factory.begin() as session:
        send_referral(session, officer, sent.id, "portal")
    withdrawal = consent(zoe, "referral", "stop_hate_uk", given=False)
    with store.session_factory.begin() as session:
        stopped = session.get(Referral, unsent.id)
        assert stopped.status == "stopped"
        day = london_date(withdrawal.recorded_at)
        assert stopped.stop_reason == f"Consent withdrawn on {day.day} {day:%B %Y}"
        assert session.get(Referral, sent.id).status == "sent"
        assert session.get(Referral, police.id).status == "drafted"
    with pytest.raises(ValidationFailed):
        draft()
    consent(zoe, "police", given=False)
    with store.session_factory.begin() as session:
        assert session.get(Referral, police.id).status == "stopped"


def test_the_risk_score_counts_the_answers_for_the_checklist_partner_only(  # type: ignore[no-untyped-def]
    draft, zoe, consent
):
    consent(zoe, "referral", "cmarac")
    marac = draft("cmarac", risk_answers=("repeat", "threats", "afraid"))
    assert (marac.risk_score, marac.risk_answers) == (3, ["repeat", "threats", "afraid"])
    other = draft(risk_answers=("repeat",))
    assert (other.risk_score, other.risk_answers) == (None, [])


def test_sending_is_a_disclosure_to_the_partner(store, officer, draft):  # type: ignore[no-untyped-def]
    referral = draft()
    with store.session_factory.begin() as session:
        send_referral(session, officer, referral.id, "secure_email")
    with store.session_factory.begin() as session:
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "referral_sent"))
        assert event.operation == "disclosure"
        assert event.recipients == ["Stop Hate UK"]


def test_dates_out_of_order_are_refused(store, officer, draft):  # type: ignore[no-untyped-def]
    referral = draft()
    with store.session_factory.begin() as session:
        send_referral(session, officer, referral.id, "secure_email")
    with store.session_factory.begin() as session, pytest.raises(ValidationFailed) as refused:
        acknowledge_referral(session, officer, referral.id, at=utc_now() - timedelta(days=3))
    assert "before the referral was sent" in refused.value.field_errors["at"]
    with store.session_factory.begin() as session, pytest.raises(ValidationFailed):
        send_referral(session, officer, draft().id, "pigeon")


def test_overdue_after_the_setting_days_without_acknowledgement(  # type: ignore[no-untyped-def]
    store, officer, supervisor, admin, draft
):
    now = utc_now()
    today = london_date(now)
    waiting = {}
    for days in (4, 10, 11, 30):
        referral = draft()
        with store.session_factory.begin() as session:
            send_referral(session, officer, referral.id, "portal", at=now - timedelta(days=days))
        waiting[days] = referral.id
    acknowledged = draft()
    with store.session_factory.begin() as session:
        send_referral(session, officer, acknowledged.id, "portal", at=now - timedelta(days=20))
        acknowledge_referral(session, officer, acknowledged.id)
    with store.session_factory.begin() as session:
        overdue = overdue_referrals(session, supervisor, today)
        assert [r.id for r in overdue] == [waiting[30], waiting[11]]
        assert [r.days_waiting for r in overdue] == [30, 11]
        assert all(r.overdue and r.partner_label == "Stop Hate UK" for r in overdue)
        listed = referrals_list(session, officer, overdue_only=True, today=today)
        assert {r.id for r in listed} == {waiting[30], waiting[11]}
    with store.session_factory.begin() as session:
        change_setting(session, admin, "referrals.acknowledge_days", 3, today, today=today)
    with store.session_factory.begin() as session:
        overdue = overdue_referrals(session, supervisor, today)
        assert {r.id for r in overdue} == {waiting[30], waiting[11], waiting[10], waiting[4]}


def test_only_the_persons_officer_or_a_supervisor_moves_a_referral(  # type: ignore[no-untyped-def]
    store, other_officer, supervisor, draft
):
    referral = draft()
    with store.session_factory.begin() as session, pytest.raises(PermissionDenied):
        send_referral(session, other_officer, referral.id, "portal")
    with store.session_factory.begin() as session:
        assert referrals_list(session, other_officer) == []
        send_referral(session, supervisor, referral.id, "portal")

"""Retention of victims' records: an incident falls due six years after it occurred, a victim's
or witness's record six years after their last contact (a linked record, a consent, a
referral's step), is held while a referral of theirs is open, and is erased with their
consents, referrals, links and feedback in one transaction, keeping the facts."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, update

from hfhate.models import (
    AuditEvent,
    Consent,
    Incident,
    OutboxEntry,
    OutboxStatus,
    Person,
    PersonLink,
    Referral,
    Role,
    VictimFeedback,
)
from hfhate.models.store import Store
from hfhate.services.actor import Actor
from hfhate.services.changes import ERASED_REFUSAL
from hfhate.services.errors import ServiceError
from hfhate.services.retention.erased_fields import BLANKS
from hfhate.services.retention.erasure import NotErasable, erase_due, erase_record
from hfhate.services.retention.review import (
    INCIDENT_ERASES,
    PERSON_ERASES,
    WAITING,
    ReviewItem,
    retention_review,
)
from hfhate.services.retention.schedule import (
    HOLDS,
    INCIDENT_REFERRAL_HOLD,
    PERSON_NOTICE_HOLD,
    PERSON_REFERRAL_HOLD,
    Rule,
    incident_due,
    last_contact,
    person_due,
)
from hfhate.services.victims.consent import record_consent
from hfhate.services.victims.feedback import FeedbackInput, record_feedback
from tests.fixtures.retention_victims import (
    NEEDLES,
    OCCURRED,
    SIX_YEARS,
    all_sent,
    at,
    clock_at,
    record_victim,
    victim_traces,
)


@pytest.fixture
def officer(make_actor) -> Actor:  # type: ignore[no-untyped-def]
    return make_actor(Role.AUTHORISED_OFFICER, username="olly")


@pytest.fixture
def supervisor(make_actor) -> Actor:  # type: ignore[no-untyped-def]
    return make_actor(Role.SUPERVISOR, username="sue")


def review(store: Store, supervisor: Actor, today: date) -> dict[uuid.UUID, ReviewItem]:
    with store.session_factory.begin() as session:
        return {i.record_id: i for i in retention_review(session, supervisor, today)}


# The rules themselves, as the laptop's review and the server's check both run them.


def test_an_incident_falls_due_six_years_after_the_london_date_it_occurred() -> None:
    late = datetime(2024, 9, 10, 23, 30, tzinfo=UTC)  # 00:30 BST on the 11th
    assert incident_due(late, [], SIX_YEARS).due_on == date(2030, 9, 11)
    due = incident_due(OCCURRED, ["closed", "stopped"], SIX_YEARS)
    assert (due.due_on, due.erasable(date(2030, 9, 9)), due.erasable(date(2030, 9, 10))) == (
        date(2030, 9, 10),
        False,
        True,
    )
    held = incident_due(OCCURRED, ["closed", "acknowledged"], SIX_YEARS)
    assert held.held == INCIDENT_REFERRAL_HOLD and not held.erasable(date(2040, 1, 1))


@pytest.mark.parametrize("status", ["drafted", "sent", "acknowledged", "outcome"])
def test_a_person_is_held_while_any_referral_of_theirs_is_open(status: str) -> None:
    due = person_due(date(2024, 10, 2), ["closed", status], [], SIX_YEARS)
    assert due.held == PERSON_REFERRAL_HOLD
    assert "not yet closed or stopped" in due.held
    assert not due.erasable(date(2040, 1, 1))
    assert person_due(date(2024, 10, 2), ["closed", "stopped"], [], SIX_YEARS).erasable(
        date(2030, 10, 2)
    )


def test_a_person_linked_to_a_notice_under_a_legal_hold_is_held() -> None:
    for status, reason in HOLDS.items():
        due = person_due(date(2024, 10, 2), [], [status], SIX_YEARS)
        assert due.held == PERSON_NOTICE_HOLD.format(reason=reason.removeprefix("Legal hold: "))
        assert due.held.startswith("Legal hold")


def test_last_contact_is_the_latest_of_the_record_its_links_consents_and_referral_steps() -> None:
    made = datetime(2024, 1, 5, 9, tzinfo=UTC)
    assert last_contact(made, [], [], []) == date(2024, 1, 5)
    assert last_contact(made, [date(2024, 3, 1)], [], []) == date(2024, 3, 1)
    consent = datetime(2025, 6, 30, 23, 15, tzinfo=UTC)  # 00:15 BST on 1 July
    assert last_contact(made, [date(2024, 3, 1)], [consent], []) == date(2025, 7, 1)
    step = datetime(2025, 8, 1, 10, tzinfo=UTC)
    assert last_contact(made, [date(2024, 3, 1)], [consent], [step]) == date(2025, 8, 1)


# The review and the erasure on a laptop.


def test_the_review_lists_them_by_facts_on_the_day_they_fall_due_not_the_day_before(
    store: Store, officer: Actor, supervisor: Actor
) -> None:
    victim = record_victim(store, officer)
    # The incident: 10 September 2030. Zoë: six years after the referral closed.
    assert victim.incident_id not in review(store, supervisor, date(2030, 9, 9))
    incident = review(store, supervisor, date(2030, 9, 10))[victim.incident_id]
    assert (incident.rule, incident.due_on, incident.erasable) == (
        Rule.INCIDENT_OCCURRED,
        date(2030, 9, 10),
        True,
    )
    assert incident.title == "Incident of 10 September 2024, Fulham Town"
    assert incident.erases == INCIDENT_ERASES
    assert incident.rule_words == "Incident: 6 years after it occurred"
    assert victim.person_id not in review(store, supervisor, date(2030, 10, 1))
    person = review(store, supervisor, date(2030, 10, 2))[victim.person_id]
    assert (person.rule, person.due_on, person.erasable) == (
        Rule.VICTIM_LAST_CONTACT,
        date(2030, 10, 2),
        True,
    )
    assert person.title == "Victim or witness record, last contact 2 October 2024"
    assert person.erases == PERSON_ERASES
    assert person.rule_words == "Victim or witness: 6 years after their last contact"
    for item in (incident, person):
        assert not any(needle in f"{item.title} {item.erases}" for needle in NEEDLES)


def test_an_open_referral_holds_the_person_and_its_incident_past_their_period(
    store: Store, officer: Actor, supervisor: Actor
) -> None:
    victim = record_victim(store, officer, closed=False)  # sent on 12 September 2024
    items = review(store, supervisor, date(2031, 6, 1))
    assert items[victim.person_id].held == PERSON_REFERRAL_HOLD
    assert items[victim.person_id].due_on == date(2030, 9, 12)
    assert items[victim.incident_id].held == INCIDENT_REFERRAL_HOLD
    with store.session_factory.begin() as session:
        for record_type, record_id in (
            ("people", victim.person_id),
            ("incidents", victim.incident_id),
        ):
            with pytest.raises(NotErasable, match="still open"):
                erase_record(session, supervisor, record_type, record_id, now=at(date(2031, 6, 1)))
    # Not listed at all before its period ends, held or not.
    assert victim.person_id not in review(store, supervisor, date(2030, 9, 11))


def test_a_recent_consent_keeps_a_person_while_their_old_incident_falls_due(
    store: Store, officer: Actor, supervisor: Actor
) -> None:
    victim = record_victim(store, officer)
    with store.session_factory.begin() as session, clock_at(at(date(2026, 1, 5))):
        record_consent(
            session, officer, victim.person_id, "contact", False, "phone", at=at(date(2026, 1, 5))
        )
    all_sent(store)
    items = review(store, supervisor, date(2031, 6, 1))
    assert items[victim.incident_id].erasable
    assert victim.person_id not in items
    assert victim.person_id not in review(store, supervisor, date(2032, 1, 4))
    person = review(store, supervisor, date(2032, 1, 5))[victim.person_id]
    assert person.erasable and person.title.endswith("last contact 5 January 2026")


def test_erasing_a_person_blanks_them_and_their_consents_referrals_links_and_feedback(
    store: Store, officer: Actor, supervisor: Actor
) -> None:
    victim = record_victim(store, officer)
    now = at(date(2031, 6, 1))
    items = [i for i in review(store, supervisor, now.date()).values() if i.erasable]
    assert {i.record_id for i in items} == {victim.person_id, victim.incident_id}
    done = erase_due(store.session_factory, supervisor, items, store.paths.evidence, now=now)
    assert {(d.record_type, d.rule) for d in done} == {
        ("people", Rule.VICTIM_LAST_CONTACT),
        ("incidents", Rule.INCIDENT_OCCURRED),
    }
    with store.session_factory() as session:
        person = session.get_one(Person, victim.person_id)
        assert person.erased_at == now
        for name, blank in BLANKS["people"].items():
            assert getattr(person, name) == blank, name
        incident = session.get_one(Incident, victim.incident_id)
        assert incident.erased_at == now
        assert (incident.account, incident.place, incident.postcode) == ("", "", "")
        assert incident.crime_reference == ""
        # Kept for statistics.
        assert (incident.kind, incident.how_known, incident.ward) == (
            "hate_crime",
            "disclosed",
            "Fulham Town",
        )
        assert incident.occurred_at == OCCURRED and incident.hostilities == ["race"]
        assert incident.reported_to_police is True
        consents = session.scalars(
            select(Consent).where(Consent.person_id == victim.person_id)
        ).all()
        assert len(consents) == 2
        for consent in consents:
            assert (consent.note, consent.recorded_by_name) == ("", "")
            assert consent.given and consent.method == "in_person"
            assert consent.recorded_at == OCCURRED
        assert {c.purpose for c in consents} == {"contact", "referral"}
        referral = session.get_one(Referral, victim.referral_id)
        assert (referral.reason, referral.outcome, referral.partner_reference) == ("", "", "")
        assert (referral.stop_reason, referral.risk_answers) == ("", [])
        assert (referral.partner, referral.status) == ("stop_hate_uk", "closed")
        assert referral.closed_at == at(date(2024, 10, 2))
        assert referral.sent_at == at(date(2024, 9, 12))
        feedback = session.get_one(VictimFeedback, victim.feedback_id)
        assert feedback.comments == ""
        assert (feedback.satisfaction, feedback.felt_listened_to) == (5, "yes")
        link = session.scalars(
            select(PersonLink).where(PersonLink.person_id == victim.person_id)
        ).one()
        assert (link.role, link.record_id) == ("victim", victim.incident_id)
        # Each part's version went up with its erasure (the server's does too).
        assert referral.version > 1 and feedback.version == 2 and link.version == 2
        # One erase change each for the person and the incident; every earlier change of
        # theirs and of their parts keeps its id but not its values.
        erase = session.scalars(select(OutboxEntry).where(OutboxEntry.operation == "erase")).all()
        assert {(e.record_type, e.record_id) for e in erase} == {
            ("people", victim.person_id),
            ("incidents", victim.incident_id),
        }
        assert all(set(e.fields) == {"erased_at", "updated_at"} for e in erase)
        parts = {victim.referral_id, victim.feedback_id, link.id, *(c.id for c in consents)}
        earlier = session.scalars(
            select(OutboxEntry).where(
                OutboxEntry.record_id.in_({*parts, victim.person_id, victim.incident_id}),
                OutboxEntry.operation != "erase",
            )
        ).all()
        assert len(earlier) >= 7 and all(e.fields == {} for e in earlier)
        rules = session.scalars(
            select(AuditEvent.details).where(AuditEvent.action == "record_erased")
        ).all()
        assert sorted(d["rule"] for d in rules) == ["incident_occurred", "victim_last_contact"]
    assert victim_traces(store) == []


def test_nothing_is_added_to_an_erased_person(
    store: Store, officer: Actor, supervisor: Actor
) -> None:
    victim = record_victim(store, officer)
    now = at(date(2031, 6, 1))
    with store.session_factory.begin() as session:
        erase_record(session, supervisor, "people", victim.person_id, now=now)
    with store.session_factory.begin() as session, pytest.raises(ServiceError) as refused:
        record_consent(session, officer, victim.person_id, "contact", True, "phone")
    assert str(refused.value) == ERASED_REFUSAL
    with store.session_factory.begin() as session, pytest.raises(ServiceError):
        record_feedback(
            session,
            officer,
            FeedbackInput(
                received_on=date(2031, 5, 1),
                satisfaction=4,
                felt_listened_to="yes",
                person_id=victim.person_id,
            ),
        )


def test_an_erasure_waits_while_a_change_to_the_persons_record_is_unsent(
    store: Store, officer: Actor, supervisor: Actor
) -> None:
    victim = record_victim(store, officer)
    with store.session_factory.begin() as session:
        consent = session.scalars(
            select(Consent.id).where(Consent.person_id == victim.person_id)
        ).first()
        session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.record_id == consent)
            .values(status=OutboxStatus.PENDING)
        )
    item = review(store, supervisor, date(2031, 6, 1))[victim.person_id]
    assert item.held == WAITING and item.due_on == date(2030, 10, 2)


def test_an_erased_person_is_shown_by_when_their_data_was_erased(
    store: Store, officer: Actor, supervisor: Actor
) -> None:
    from hfhate.services.victims.people import person_history, person_label
    from hfhate.ui.victims.person_view import details_of

    victim = record_victim(store, officer)
    with store.session_factory.begin() as session:
        erase_record(session, supervisor, "people", victim.person_id, now=at(date(2031, 6, 1)))
    erased = "Personal data erased on 01 June 2031 under the retention schedule"
    with store.session_factory.begin() as session:
        assert person_label(session.get_one(Person, victim.person_id)) == erased
        history = person_history(session, supervisor, victim.person_id)
        assert details_of(session, history).label == erased
